//! Files attached to a draft, through the server function the file field calls: kept with the
//! type their content shows, refused (as an error on their field, nothing changed) when empty,
//! too large, of a kind the field does not take or sent by a hostile client; checked against
//! the portal's own records when answers refer to them; gone with their draft.

use crate::common;

use common::browser::Browser;
use common::requests::{UPLOAD, attach, multipart};
use common::{Backend, TestApp, field_errors, spawn_demo};
use serde_json::{Value, json};

const FIELD: &str = "supporting_document";
/// The demo complaint form takes PDF, JPEG and PNG up to 5 MiB.
const FIELD_MAX: usize = 5 * 1024 * 1024;

fn pdf(size: usize) -> Vec<u8> {
    let mut content = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    content.resize(size.max(content.len()), b' ');
    content
}

async fn citizen(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    common::start_draft(&mut browser, "plaintes").await;
    browser
}

/// The portal's answer to an upload that announces `length` bytes and sends none of them.
async fn refused_head(app: &TestApp, length: usize) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "POST {UPLOAD} HTTP/1.1\r\nHost: {address}\r\nOrigin: {}\r\n\
         Content-Type: multipart/form-data; boundary=x\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n",
        app.address
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    String::from_utf8_lossy(&answer).into_owned()
}

async fn save(browser: &mut Browser, base: i64, answers: Value) -> (u16, Value) {
    browser
        .call(
            "drafts/save",
            json!({
                "service": "plaintes", "service_version": 1, "base_revision": base,
                "answers": answers, "step": 1, "edited_at": "2026-11-24T10:00:00Z",
            }),
        )
        .await
}

async fn draft_answers(browser: &mut Browser) -> Value {
    let response = browser.post("/api/drafts/open", "service=plaintes").await;
    let session: Value = response.json().await.unwrap();
    session["draft"]["answers"].clone()
}

/// The citizens who started a draft, in order (their ids are the journal's actors).
async fn drafters(app: &TestApp) -> Vec<String> {
    app.journal("draft.create")
        .await
        .into_iter()
        .map(|(actor, _, _)| actor)
        .collect()
}

async fn files_kept(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM attachments")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn a_file_is_kept_by_its_content_and_answers_hold_the_portals_record(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    let content = pdf(2_000);
    // Named like a program, but a PDF by its content: the content decides.
    let (status, file) = attach(&mut camille, FIELD, "C:\\Documents\\lettre.exe", &content).await;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["name"], "lettre.exe");
    assert_eq!(file["size"], 2_000);
    assert_eq!(file["media_type"], "application/pdf");
    let id = file["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a random id");

    let camille_id = drafters(&app).await[0].clone();
    let mut conn = app.db.pool().acquire().await.unwrap();
    let (kept, bytes) = app::attachments::db::content(&mut conn, &camille_id.as_str().into(), &id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bytes, content, "kept byte for byte");
    assert_eq!(kept.media_type, "application/pdf");
    drop(conn);

    // Whatever the answers claim about the file, the draft keeps the portal's record of it.
    let claimed = json!({"id": id, "name": "autre.png", "size": 1, "media_type": "image/png"});
    let (status, outcome) = save(&mut camille, 1, json!({ FIELD: claimed })).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(draft_answers(&mut camille).await[FIELD], file);

    // The step's check accepts it.
    let answers = json!({
        "institution": "CISSS de Laval", "event_date": "2026-10-01",
        "description": "Attente de huit heures.", FIELD: file,
    });
    let (status, answer) = camille
        .call(
            "forms/check",
            json!({"service": "plaintes", "step": 1, "answers": answers}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
}

async fn refused_files_are_errors_on_their_field_and_change_nothing(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    let (_, first) = attach(&mut camille, FIELD, "lettre.pdf", &pdf(500)).await;
    let (status, _) = save(&mut camille, 1, json!({ FIELD: first })).await;
    assert_eq!(status, 200);
    let before = draft_answers(&mut camille).await;

    let program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".repeat(10);
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!".to_vec();
    for (name, content, problem) in [
        ("lettre.pdf", program, "file_type_not_allowed"),
        ("image.png", gif, "file_type_not_allowed"),
        (
            "notes.pdf",
            b"Bonjour, voici ma plainte.".to_vec(),
            "file_type_not_allowed",
        ),
        ("vide.pdf", Vec::new(), "invalid_file"),
        ("gros.pdf", pdf(FIELD_MAX + 1), "file_too_large"),
    ] {
        let (status, answer) = attach(&mut camille, FIELD, name, &content).await;
        assert_eq!(status, 422, "{name}: {answer}");
        assert_eq!(
            field_errors(&answer),
            vec![(FIELD.to_owned(), problem.to_owned())],
            "{name}"
        );
        if problem == "file_too_large" {
            assert_eq!(answer["InvalidAnswers"]["errors"][0]["limit"], FIELD_MAX.to_string());
        }
    }
    // Not a file field, or not a field; another service's field; a service that is not one.
    let (status, _) = attach(&mut camille, "description", "a.pdf", &pdf(100)).await;
    assert_eq!(status, 422);
    let (status, _) = attach(&mut camille, "nope", "a.pdf", &pdf(100)).await;
    assert_eq!(status, 422);
    let (content_type, body) = multipart("orientation-soins", FIELD, "a.pdf", &pdf(100));
    assert_eq!(camille.post_bytes(UPLOAD, &content_type, body).await.status(), 422);
    let (content_type, body) = multipart("inconnu", FIELD, "a.pdf", &pdf(100));
    assert_eq!(camille.post_bytes(UPLOAD, &content_type, body).await.status(), 404);

    // Hostile bodies: parts out of order, no boundary, a body larger than any file may be.
    let (content_type, body) = multipart("plaintes", FIELD, "a.pdf", &pdf(100));
    let reordered = String::from_utf8_lossy(&body).replacen("name=\"service\"", "name=\"other\"", 1);
    let response = camille.post_bytes(UPLOAD, &content_type, reordered.into_bytes()).await;
    assert_eq!(response.status(), 422);
    let response = camille.post_bytes(UPLOAD, "multipart/form-data", pdf(100)).await;
    assert_eq!(response.status(), 415);
    assert!(response.text().await.unwrap().contains("multipart/form-data"));
    let response = camille.post_bytes(UPLOAD, "application/pdf", pdf(100)).await;
    assert_eq!(response.status(), 415);
    // Announced larger than any file may be: refused before a byte of it is read.
    let head = refused_head(&app, 11 * 1024 * 1024).await;
    assert!(head.starts_with("HTTP/1.1 413"), "{head}");
    assert!(head.ends_with("La demande est trop volumineuse."), "{head}");

    // A guest, and a page on another site.
    let mut guest = app.browser();
    let (content_type, body) = multipart("plaintes", FIELD, "a.pdf", &pdf(100));
    assert_eq!(
        guest.post_bytes(UPLOAD, &content_type, body.clone()).await.status(),
        401
    );

    assert_eq!(draft_answers(&mut camille).await, before, "the draft is unchanged");
    assert_eq!(files_kept(&app).await, 1, "only the first file is kept");
}

async fn a_file_reaches_no_one_but_its_owner(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    let (_, file) = attach(&mut camille, FIELD, "lettre.pdf", &pdf(800)).await;
    let mut other = citizen(&app, "demo-citizen-2").await;
    let made_up = json!({"id": "00000000-0000-4000-8000-000000000000", "name": "x.pdf", "size": 1, "media_type": "application/pdf"});
    for reference in [file.clone(), made_up] {
        let answers = json!({
            "institution": "CISSS de Laval", "event_date": "2026-10-01",
            "description": "Attente.", FIELD: reference,
        });
        let (status, answer) = other
            .call(
                "forms/check",
                json!({"service": "plaintes", "step": 1, "answers": answers}),
            )
            .await;
        assert_eq!(status, 422, "{answer}");
        assert_eq!(
            field_errors(&answer),
            vec![(FIELD.to_owned(), "invalid_file".to_owned())]
        );
        let (status, answer) = other
            .call("forms/check", json!({"service": "plaintes", "answers": answers}))
            .await;
        assert_eq!(status, 422);
        assert!(field_errors(&answer).contains(&(FIELD.to_owned(), "invalid_file".to_owned())));
    }
    let other_id = drafters(&app).await[1].clone();
    let mut conn = app.db.pool().acquire().await.unwrap();
    let id = file["id"].as_str().unwrap();
    assert!(
        app::attachments::db::content(&mut conn, &other_id.as_str().into(), id)
            .await
            .unwrap()
            .is_none()
    );
}

async fn replaced_files_go_and_a_drafts_files_go_with_it(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    let (_, first) = attach(&mut camille, FIELD, "a.pdf", &pdf(100)).await;
    assert_eq!(save(&mut camille, 1, json!({ FIELD: first })).await.0, 200);
    // A second and a third choice: the draft's file stays (another device may still show it)
    // until a save names the new one; the second choice, never saved, goes.
    attach(&mut camille, FIELD, "b.pdf", &pdf(100)).await;
    let (_, third) = attach(&mut camille, FIELD, "c.pdf", &pdf(100)).await;
    assert_eq!(files_kept(&app).await, 2);
    assert_eq!(save(&mut camille, 2, json!({ FIELD: third })).await.0, 200);
    attach(&mut camille, FIELD, "d.pdf", &pdf(100)).await;
    assert_eq!(files_kept(&app).await, 2, "the third (saved) and the fourth");

    assert_eq!(
        camille.post("/api/drafts/delete", "service=plaintes").await.status(),
        200
    );
    assert_eq!(files_kept(&app).await, 0, "deleting the draft deletes its files");

    // Expiry takes the files too.
    let mut camille = citizen(&app, "demo-citizen-1").await;
    attach(&mut camille, FIELD, "e.pdf", &pdf(100)).await;
    assert_eq!(files_kept(&app).await, 1);
    app.clock.advance(time::Duration::days(91));
    server::workers::purge::expired_drafts(&app.db, app.clock.now())
        .await
        .unwrap();
    assert_eq!(files_kept(&app).await, 0);
}

/// While the portal receives as many files as it takes at once, one more is answered 503 with
/// `Retry-After` and a translated sentence, before its body is read, and nothing is kept of
/// it; once the first is in, the next one is received.
async fn uploads_beyond_the_cap_wait_their_turn(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = common::spawn_with(backend, |mut s| {
        s.demo_catalogue = true;
        s.http.max_concurrent_uploads = 1;
        s
    })
    .await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    let (content_type, body) = multipart("plaintes", FIELD, "lettre.pdf", &pdf(200_000));

    // A slow phone: the head and half the body, then the rest later.
    let address = app.address.trim_start_matches("http://");
    let mut slow = tokio::net::TcpStream::connect(address).await.unwrap();
    let cookies = camille
        .cookies
        .iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("; ");
    let head = format!(
        "POST {UPLOAD} HTTP/1.1\r\nHost: {address}\r\nOrigin: {}\r\nCookie: {cookies}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        app.address,
        body.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&body[..body.len() / 2]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;

    // Turned away before its body is read: a small one, which the client has sent whole by the
    // time the answer comes (a large one may still be on its way when the server closes).
    let (small_type, small) = multipart("plaintes", FIELD, "lettre.pdf", &pdf(1_000));
    for language in ["fr", "en"] {
        let response = app
            .client
            .post(app.url(UPLOAD))
            .header("origin", &app.address)
            .header("accept-language", language)
            .header("content-type", &small_type)
            .body(small.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], "5");
        let sentence = response.text().await.unwrap();
        let expected = if language == "fr" {
            "Réessayez dans quelques secondes"
        } else {
            "Try again in a few seconds"
        };
        assert!(sentence.contains(expected), "{sentence}");
    }
    assert_eq!(files_kept(&app).await, 0);

    slow.write_all(&body[body.len() / 2..]).await.unwrap();
    let mut answer = Vec::new();
    slow.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(files_kept(&app).await, 1);
    let (status, file) = attach(&mut camille, FIELD, "lettre.pdf", &pdf(2_000)).await;
    assert_eq!(status, 200, "the next one is received: {file}");
}

/// A file chosen before anything else is saved is kept for the draft that the first save
/// creates; a file that no save ever refers to is purged after a day.
async fn a_file_attached_before_the_first_save_belongs_to_the_draft_it_creates(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = app.browser();
    assert_eq!(camille.dev_sign_in("demo-citizen-1", "/fr").await.status(), 303);
    let (status, file) = attach(&mut camille, FIELD, "lettre.pdf", &pdf(1_000)).await;
    assert_eq!(status, 200, "{file}");
    assert!(drafters(&app).await.is_empty(), "attaching alone creates no draft");
    let (status, outcome) = save(&mut camille, 0, json!({ FIELD: file })).await;
    assert_eq!(
        (status, outcome["Saved"]["revision"].as_i64()),
        (200, Some(1)),
        "{outcome}"
    );
    assert_eq!(draft_answers(&mut camille).await[FIELD]["id"], file["id"]);

    let mut jordan = app.browser();
    assert_eq!(jordan.dev_sign_in("demo-citizen-2", "/fr").await.status(), 303);
    assert_eq!(attach(&mut jordan, FIELD, "oubli.pdf", &pdf(1_000)).await.0, 200);
    assert_eq!(files_kept(&app).await, 2);
    app.clock.advance(time::Duration::days(2));
    server::workers::purge::expired_drafts(&app.db, app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        files_kept(&app).await,
        1,
        "Jordan's, never saved, is gone; Camille's stays"
    );
}

both_backends!(
    a_file_attached_before_the_first_save_belongs_to_the_draft_it_creates,
    uploads_beyond_the_cap_wait_their_turn,
    a_file_is_kept_by_its_content_and_answers_hold_the_portals_record,
    refused_files_are_errors_on_their_field_and_change_nothing,
    a_file_reaches_no_one_but_its_owner,
    replaced_files_go_and_a_drafts_files_go_with_it,
);
