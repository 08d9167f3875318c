//! The wizard when no script runs (its chunk failed to load, an old phone, a blocked script):
//! each step is a plain form post that the server checks with the same validator and saves
//! with the same save as the script's; the browser comes back to the form page at the next
//! step, or at the same one with the error summary; the review sends the request. A broken or
//! hostile post is refused with a clear error and changes nothing.

use crate::common;

use common::browser::{Browser, location};
use common::requests::{Service, portal, scalar};
use common::{Backend, TestApp};
use serde_json::Value;

const FORM: &str = "/fr/services/plaintes/demande";

enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a [u8]),
}

/// A `multipart/form-data` body as a browser builds it from a form, parts in order.
fn form_data(parts: &[Part]) -> (String, Vec<u8>) {
    let boundary = "----WebKitFormBoundaryq8Kx2n0Lr7TtZ3yA";
    let mut body = Vec::new();
    for part in parts {
        match part {
            Part::Text(name, value) => body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            ),
            Part::File(name, file_name, content) => {
                body.extend_from_slice(
                    format!(
                        "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\n\
                         Content-Type: application/octet-stream\r\n\r\n"
                    )
                    .as_bytes(),
                );
                body.extend_from_slice(content);
                body.extend_from_slice(b"\r\n");
            }
        }
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n".to_vec()
}

async fn page(browser: &mut Browser, path: &str) -> String {
    let response = browser.get(path).await;
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.unwrap()
}

/// The value of the hidden input `name` of a page.
fn hidden(html: &str, name: &str) -> String {
    let pattern = format!(r#"name="{name}" value="([^"]*)""#);
    regex::Regex::new(&pattern)
        .unwrap()
        .captures(html)
        .unwrap_or_else(|| panic!("no {name} in the page"))[1]
        .to_owned()
}

/// Sends the form of the page the citizen is on, as the browser would: the hidden parts the
/// page holds, the answers, then the button pressed. Returns where the portal sends the
/// browser next.
async fn send(browser: &mut Browser, answers: &[Part<'_>], go: &str) -> String {
    let html = page(browser, FORM).await;
    let (step, revision) = (hidden(&html, "_step"), hidden(&html, "_revision"));
    let mut parts = vec![
        Part::Text("_service", "plaintes"),
        Part::Text("_step", &step),
        Part::Text("_revision", &revision),
    ];
    for answer in answers {
        parts.push(match answer {
            Part::Text(name, value) => Part::Text(name, value),
            Part::File(name, file_name, content) => Part::File(name, file_name, content),
        });
    }
    parts.push(Part::Text("_go", go));
    let (content_type, body) = form_data(&parts);
    let response = browser.send_form("/api/drafts/step", &content_type, body, FORM).await;
    assert_eq!(response.status(), 302, "a plain post comes back to a page");
    location(&response)
}

/// The first step's answers for a complaint on someone else's behalf; the represented person's
/// name is sent only once its question is on the page.
fn for_someone_else<'a>(full_name: &'a str, represented: Option<&'a str>) -> Vec<Part<'a>> {
    let mut parts = vec![
        Part::Text("full_name", full_name),
        Part::Text("email", "camille@example.org"),
        Part::Text("phone", ""),
        Part::Text("filing_for", "someone_else"),
    ];
    if let Some(name) = represented {
        parts.push(Part::Text("represented_name", name));
    }
    parts
}

/// A description as a browser sends a text area's line break.
const WITH_LINE_BREAK: &str = "Attente de quatorze heures\r\nsans information.";
/// The file part a browser sends when no file was chosen.
const NO_FILE: Part = Part::File("supporting_document", "", b"");

/// The second step's answers, with its file part.
fn the_complaint<'a>(description: &'a str, file: Part<'a>) -> Vec<Part<'a>> {
    vec![
        Part::Text("institution", "CISSS de Laval"),
        Part::Text("event_date", "2026-10-01"),
        Part::Text("description", description),
        Part::Text("desired_outcome", ""),
        file,
    ]
}

async fn draft(browser: &mut Browser) -> Value {
    let response = browser.post("/api/drafts/open", "service=plaintes").await;
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["draft"].clone()
}

async fn camille(app: &TestApp) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in("demo-citizen-1", "/fr").await.status(), 303);
    browser
}

async fn a_whole_request_goes_through_without_script(backend: Backend) {
    let (service, address) = Service::start().await;
    let app = portal(backend, &address).await;
    let mut camille = camille(&app).await;

    // The first step, rendered by the server with its form and the answers prefilled.
    let html = page(&mut camille, FORM).await;
    assert!(html.contains(r#"action="/api/drafts/step""#), "each step is a form");
    assert!(html.contains(r#"enctype="multipart/form-data""#));
    assert!(
        regex::Regex::new(r#"name="full_name"[^>]* value="[^"]+""#)
            .unwrap()
            .is_match(&html)
    );
    assert!(html.contains("Étape 1 de 3"));
    let full_name = regex::Regex::new(r#"name="full_name"[^>]* value="([^"]+)""#)
        .unwrap()
        .captures(&html)
        .unwrap()[1]
        .to_owned();

    // Someone else: the question about them appears; without script, only once sent.
    let back_to = send(&mut camille, &for_someone_else(&full_name, None), "next").await;
    assert_eq!(back_to, format!("{FORM}?done=revealed"));
    let html = page(&mut camille, &back_to).await;
    assert!(html.contains("Vos réponses ont ajouté des questions à cette étape"));
    assert!(html.contains(r#"name="represented_name""#));
    assert!(
        !html.contains("Il y a un problème"),
        "no error for a question not seen yet"
    );
    assert!(
        html.contains(r#"value="camille@example.org""#),
        "what was typed is kept"
    );

    // Sent without it: the error summary, the answers typed kept.
    let back_to = send(&mut camille, &for_someone_else(&full_name, Some("")), "next").await;
    assert!(back_to.starts_with(&format!("{FORM}?__path=")), "{back_to}");
    let html = page(&mut camille, &back_to).await;
    assert!(html.contains("Il y a un problème"));
    assert!(html.contains(r#"id="field-represented_name-error""#));
    assert!(html.contains("Répondez à cette question."));
    assert!(
        regex::Regex::new(r#"id="error-summary"[^>]* autofocus"#)
            .unwrap()
            .is_match(&html),
        "the summary takes the focus"
    );
    assert!(html.contains("Étape 1 de 3"));

    let back_to = send(
        &mut camille,
        &for_someone_else(&full_name, Some("Jean Tremblay")),
        "next",
    )
    .await;
    assert_eq!(back_to, format!("{FORM}?done=step"));
    let html = page(&mut camille, &back_to).await;
    assert!(html.contains("Étape 2 de 3"));
    assert!(!html.contains("Il y a un problème"));

    // The second step, with a file sent along with the answers.
    let content = pdf();
    let file = Part::File("supporting_document", "lettre.pdf", &content);
    let back_to = send(&mut camille, &the_complaint(WITH_LINE_BREAK, file), "next").await;
    assert_eq!(back_to, format!("{FORM}?done=step"));
    let saved = draft(&mut camille).await;
    assert_eq!(saved["step"], 2);
    assert_eq!(
        saved["answers"]["description"],
        "Attente de quatorze heures\nsans information."
    );
    assert_eq!(saved["answers"]["supporting_document"]["name"], "lettre.pdf");
    assert_eq!(saved["answers"]["supporting_document"]["media_type"], "application/pdf");
    let file_id = saved["answers"]["supporting_document"]["id"].clone();

    // Back: the step shows what was saved, the text area and the file included; sent again
    // with no new file chosen, the file stays.
    assert_eq!(send(&mut camille, &[], "back").await, format!("{FORM}?done=step"));
    let html = page(&mut camille, FORM).await;
    assert!(html.contains("Étape 2 de 3"));
    assert!(html.contains("Attente de quatorze heures\nsans information.</textarea>"));
    assert!(html.contains("lettre.pdf"));
    assert!(
        html.contains(r#"value="remove-supporting_document""#),
        "the file can be removed"
    );
    send(&mut camille, &the_complaint(WITH_LINE_BREAK, NO_FILE), "next").await;
    let saved = draft(&mut camille).await;
    assert_eq!(saved["step"], 2);
    assert_eq!(saved["answers"]["supporting_document"]["id"], file_id);

    // The last step, then the review with every answer and a way to change each step.
    assert_eq!(
        send(&mut camille, &[Part::Text("consent", "on")], "next").await,
        format!("{FORM}?done=step")
    );
    let html = page(&mut camille, FORM).await;
    assert!(html.contains("Vérifiez vos réponses"));
    assert!(html.contains("CISSS de Laval"));
    assert!(html.contains("Jean Tremblay"));
    assert!(!html.contains("Il y a un problème"));
    assert!(html.contains(r#"value="change-1""#));
    assert!(html.contains(r#"action="/api/requests/submit""#));
    assert_eq!(send(&mut camille, &[], "change-1").await, format!("{FORM}?done=step"));
    assert_eq!(draft(&mut camille).await["step"], 1);
    send(
        &mut camille,
        &the_complaint("Attente de quatorze heures sans information.", NO_FILE),
        "next",
    )
    .await;
    send(&mut camille, &[Part::Text("consent", "on")], "next").await;

    // Sent from the review: on to the request's own page, which says it is received.
    let html = page(&mut camille, FORM).await;
    let key = hidden(&html, "idempotency_key");
    assert!(key.len() >= 16, "the server made the submission's key");
    let body = format!("service=plaintes&idempotency_key={key}").into_bytes();
    let response = camille
        .send_form(
            "/api/requests/submit",
            "application/x-www-form-urlencoded",
            body.clone(),
            FORM,
        )
        .await;
    assert_eq!(response.status(), 302);
    let request_page = location(&response);
    assert!(
        request_page.starts_with("/fr/mes-demarches/") && request_page.ends_with("?done=filed"),
        "{request_page}"
    );
    let html = page(&mut camille, &request_page).await;
    assert!(html.contains("Votre demande a été reçue"));
    assert!(html.contains(&format!("VS-{}-000001", app.clock.now().year())));
    // The same page sent twice (a double click): one request.
    let again = camille
        .send_form("/api/requests/submit", "application/x-www-form-urlencoded", body, FORM)
        .await;
    assert_eq!(location(&again), request_page);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM requests").await, 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM drafts").await, 0);
    common::requests::eventually(async || service.count() == 1).await;
    let delivered = &service.bodies()[0]["answers"];
    assert_eq!(delivered["represented_name"]["value"], "Jean Tremblay");
    assert_eq!(
        delivered["description"]["value"],
        "Attente de quatorze heures sans information."
    );
    assert_eq!(delivered["supporting_document"]["value"]["name"], "lettre.pdf");
}

async fn a_broken_or_hostile_step_post_changes_nothing(backend: Backend) {
    let (_service, address) = Service::start().await;
    let app = portal(backend, &address).await;
    let mut camille = camille(&app).await;
    page(&mut camille, FORM).await;
    let before = draft(&mut camille).await;

    let refused = |back_to: &str| back_to.starts_with(&format!("{FORM}?__path=")) && back_to.contains("__err=");
    // An unknown button, a step out of range, the hidden parts missing or out of order.
    assert!(refused(
        &send(&mut camille, &[Part::Text("full_name", "X")], "destroy").await
    ));
    // The three hidden parts, in the order given.
    let hidden = |order: [(&'static str, &'static str); 3]| {
        order
            .into_iter()
            .map(|(name, value)| Part::Text(name, value))
            .collect::<Vec<_>>()
    };
    for parts in [
        hidden([("_service", "plaintes"), ("_step", "99"), ("_revision", "1")]),
        hidden([("_step", "0"), ("_service", "plaintes"), ("_revision", "1")]),
        hidden([("_service", "plaintes"), ("_step", "-1"), ("_revision", "1")]),
        hidden([("_service", "inconnu"), ("_step", "0"), ("_revision", "1")]),
    ] {
        let mut parts = parts;
        parts.push(Part::Text("full_name", "X"));
        parts.push(Part::Text("_go", "next"));
        let (content_type, body) = form_data(&parts);
        let response = camille.send_form("/api/drafts/step", &content_type, body, FORM).await;
        assert_eq!(response.status(), 302);
        assert!(refused(&location(&response)), "{}", location(&response));
    }
    // Too long for its field: the error on that field, in the page's language.
    let long = "a".repeat(121);
    let back_to = send(&mut camille, &[Part::Text("full_name", &long)], "next").await;
    assert!(refused(&back_to));
    let html = page(&mut camille, &back_to).await;
    assert!(html.contains(r#"id="field-full_name-error""#));
    assert!(html.contains("Votre réponse dépasse 120 caractères"));
    // Not a question of this step: ignored, the other step's answer untouched.
    send(&mut camille, &[Part::Text("institution", "Ailleurs")], "back").await;
    let after = draft(&mut camille).await;
    assert_eq!(after["answers"]["institution"], before["answers"]["institution"]);
    assert_eq!(
        after["answers"]["full_name"],
        Value::Null,
        "the step's own answers are what was sent"
    );

    // A file of a kind the field does not take, on the second step: the error on that field;
    // the step's other answers are saved.
    send(
        &mut camille,
        &[
            Part::Text("full_name", "Camille Tremblay"),
            Part::Text("email", "camille@example.org"),
            Part::Text("filing_for", "self"),
        ],
        "next",
    )
    .await;
    let back_to = send(
        &mut camille,
        &[
            Part::Text("institution", "CISSS de Laval"),
            Part::File("supporting_document", "script.exe", b"MZ\x90\x00\x03\x00\x00\x00"),
        ],
        "next",
    )
    .await;
    assert!(refused(&back_to));
    let html = page(&mut camille, &back_to).await;
    assert!(html.contains(r#"id="field-supporting_document-error""#));
    let saved = draft(&mut camille).await;
    assert_eq!(saved["step"], 1);
    assert_eq!(saved["answers"]["institution"], "CISSS de Laval");
    assert_eq!(saved["answers"]["supporting_document"], Value::Null);

    // A script's call (asking for JSON) gets the function's answer, never a redirect.
    let (content_type, body) = form_data(&[
        Part::Text("_service", "plaintes"),
        Part::Text("_step", "1"),
        Part::Text("_revision", "1"),
        Part::Text("_go", "sideways"),
    ]);
    let response = camille.post_bytes("/api/drafts/step", &content_type, body).await;
    assert_eq!(response.status(), 422);

    // Signed out: nothing is read.
    let mut stranger = app.browser();
    let (content_type, body) = form_data(&[
        Part::Text("_service", "plaintes"),
        Part::Text("_step", "0"),
        Part::Text("_revision", "1"),
        Part::Text("_go", "next"),
    ]);
    let response = stranger.post_bytes("/api/drafts/step", &content_type, body).await;
    assert_eq!(response.status(), 401);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM drafts").await, 1);
}

async fn a_draft_is_deleted_without_script_once_confirmed(backend: Backend) {
    let (_service, address) = Service::start().await;
    let app = portal(backend, &address).await;
    let mut camille = camille(&app).await;
    page(&mut camille, FORM).await;
    // Asking keeps what the step holds, and the page asks to confirm.
    let back_to = send(&mut camille, &[Part::Text("full_name", "Camille T.")], "delete").await;
    assert_eq!(back_to, format!("{FORM}?done=delete"));
    assert_eq!(draft(&mut camille).await["answers"]["full_name"], "Camille T.");
    let html = page(&mut camille, &back_to).await;
    assert!(html.contains("Voulez-vous vraiment supprimer ce brouillon?"));
    assert!(html.contains(r#"action="/api/drafts/delete""#));
    let response = camille
        .send_form(
            "/api/drafts/delete",
            "application/x-www-form-urlencoded",
            b"service=plaintes".to_vec(),
            &back_to,
        )
        .await;
    assert_eq!(response.status(), 302);
    assert_eq!(location(&response), "/fr/mes-demarches?done=deleted");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM drafts").await, 0);
    // Again (a second tab): not found, said on the page it came from.
    let response = camille
        .send_form(
            "/api/drafts/delete",
            "application/x-www-form-urlencoded",
            b"service=plaintes".to_vec(),
            &back_to,
        )
        .await;
    assert!(location(&response).starts_with(&format!("{FORM}?__path=")));
}

both_backends!(
    a_whole_request_goes_through_without_script,
    a_broken_or_hostile_step_post_changes_nothing,
    a_draft_is_deleted_without_script_once_confirmed
);
