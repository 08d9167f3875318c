//! Following a request after it is sent: its own page (timeline, answers read-only), withdrawal
//! (told to the service after the request itself, once), files fetched by the service, and
//! deliveries dead-lettered then replayed by an administrator. Each citizen reaches only their
//! own requests; each service only its own.

use crate::common;

use common::browser::Browser;
use common::requests::{KEY, Service, attach, citizen_with_complete_draft, eventually, portal, report, scalar, submit};
use common::{Backend, TestApp};
use serde_json::{Value, json};

/// A server-function call with a form body; returns (status, JSON answer or text).
async fn call(browser: &mut Browser, path: &str, body: &str) -> (u16, Value) {
    let response = browser.post(path, body).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn detail(browser: &mut Browser, id: &str) -> (u16, Value) {
    call(browser, "/api/requests/show", &format!("id={id}")).await
}

async fn withdraw(browser: &mut Browser, id: &str, reason: &str) -> (u16, Value) {
    let body = format!("id={id}&reason={}", common::browser::encode(reason));
    call(browser, "/api/requests/withdraw", &body).await
}

async fn signed_in(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    browser
}

/// A portal whose complaint service answers `answer`, and Camille's complaint sent to it.
struct Sent {
    service: Service,
    app: TestApp,
    camille: Browser,
    id: String,
    reference: String,
}

async fn sent(backend: Backend, answer: u16) -> Sent {
    let (service, address) = Service::start().await;
    service.answer(answer);
    let app = portal(backend, &address).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    let (id, reference) = (receipt["id"].as_str().unwrap(), receipt["reference"].as_str().unwrap());
    Sent {
        id: id.to_owned(),
        reference: reference.to_owned(),
        service,
        app,
        camille,
    }
}

fn kinds(detail: &Value) -> Vec<String> {
    detail["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| line["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_request_page_shows_its_timeline_and_answers_to_its_owner_only(backend: Backend) {
    let Sent {
        service,
        app,
        mut camille,
        id,
        reference,
    } = sent(backend, 200).await;
    let (id, reference) = (id.as_str(), reference.as_str());
    eventually(async || service.count() == 1).await;
    eventually(async || detail(&mut camille, id).await.1["stage"] == "delivered").await;
    let token = server::service_api::demo::demo_token("plaintes");
    let event = json!({
        "event_id": "evt-1", "status": "information_requise", "expected_date": "2026-12-15",
        "message": {"fr": "Envoyez-nous la facture.", "en": "Send us the invoice."},
    });
    assert_eq!(report(&app, "plaintes", &token, reference, event).await.0, 201);

    let (status, shown) = detail(&mut camille, id).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["reference"], reference);
    assert_eq!(kinds(&shown), ["received", "delivered", "status"]);
    let last = &shown["timeline"][2];
    assert_eq!(
        last["status"],
        json!({"fr": "Information requise", "en": "Information required"})
    );
    assert_eq!(last["message"]["en"], "Send us the invoice.");
    assert_eq!(last["expected_date"], "2026-12-15");
    assert_eq!(shown["expected_date"], "2026-12-15");
    assert_eq!(shown["action_required"], true);
    assert_eq!(shown["withdrawable"], true);
    // The answers as sent, with the form's own words, in both languages.
    let answers: Vec<&Value> = shown["answers"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|step| step["answers"].as_array().unwrap())
        .collect();
    let institution = answers
        .iter()
        .find(|a| a["answer"]["fr"] == "CISSS de Laval")
        .expect("the institution is shown");
    assert!(!institution["label"]["fr"].as_str().unwrap().is_empty());
    assert!(
        answers
            .iter()
            .any(|a| a["answer"] == json!({"fr": "Accepté", "en": "Accepted"})),
        "the consent reads in words: {answers:?}"
    );
    assert!(
        answers
            .iter()
            .any(|a| a["answer"] == json!({"fr": "1er octobre 2026", "en": "October 1, 2026"})),
        "dates read in words: {answers:?}"
    );

    // The page itself, server-rendered in each language.
    let page = camille.get(&format!("/fr/mes-demarches/{id}")).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for text in [
        "Information requise",
        "Envoyez-nous la facture.",
        "15 décembre 2026",
        "CISSS de Laval",
        "Retirer cette demande",
    ] {
        assert!(html.contains(text), "{text} missing from the French page");
    }
    let html = camille
        .get(&format!("/en/my-requests/{id}"))
        .await
        .text()
        .await
        .unwrap();
    for text in [
        "Information required",
        "Send us the invoice.",
        "December 15, 2026",
        "Withdraw this request",
    ] {
        assert!(html.contains(text), "{text} missing from the English page");
    }

    // Another citizen, a guest, an invented id: nothing shown, nothing told.
    let mut jordan = signed_in(&app, "demo-citizen-2").await;
    assert_eq!(detail(&mut jordan, id).await, (404, json!("NotFound")));
    assert_eq!(detail(&mut jordan, "00000000-0000-4000-8000-000000000000").await.0, 404);
    let page = jordan.get(&format!("/fr/mes-demarches/{id}")).await;
    assert_eq!(page.status(), 404);
    let html = page.text().await.unwrap();
    assert!(!html.contains("CISSS de Laval") && !html.contains(reference));
    assert!(html.contains("Ce que vous cherchez est introuvable."));
    let mut guest = app.browser();
    assert_eq!(detail(&mut guest, id).await.0, 401);
    let page = guest.get(&format!("/fr/mes-demarches/{id}")).await;
    assert_eq!(page.status(), 303, "a guest is sent to sign in");
}

async fn a_withdrawal_reaches_the_service_after_the_request_and_closes_it(backend: Backend) {
    // The service is down when the citizen sends, then withdraws: the withdrawal waits for the
    // request to go first.
    let Sent {
        service,
        app,
        mut camille,
        id,
        reference,
    } = sent(backend, 503).await;
    let (id, reference) = (id.as_str(), reference.as_str());
    eventually(async || !app.journal("delivery.failed").await.is_empty()).await;

    // Refused, changing nothing: another citizen's, a reason too long, a guest.
    let mut jordan = signed_in(&app, "demo-citizen-2").await;
    assert_eq!(withdraw(&mut jordan, id, "").await.0, 404);
    let (status, answer) = withdraw(&mut camille, id, &"x".repeat(1001)).await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["InvalidInput"]["fields"][0][0], "reason");
    assert_eq!(withdraw(&mut app.browser(), id, "").await.0, 401);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM requests WHERE stage = 'withdrawn'").await,
        0
    );

    let (status, done) = withdraw(&mut camille, id, "  J’ai obtenu un rendez-vous ailleurs.  ").await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["reference"], reference);
    let (_, shown) = detail(&mut camille, id).await;
    assert_eq!(shown["stage"], "withdrawn");
    assert_eq!(shown["withdrawable"], false);
    assert_eq!(shown["withdrawal_reason"], "J’ai obtenu un rendez-vous ailleurs.");
    assert_eq!(kinds(&shown), ["received", "withdrawn"]);
    let journal = app.journal("request.withdraw").await;
    assert_eq!(journal.len(), 1);
    assert!(
        !journal[0].2.to_string().contains("rendez-vous"),
        "the reason is not journaled"
    );

    let html = camille
        .get(&format!("/fr/mes-demarches/{id}/retrait"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Cette demande est retirée.") && !html.contains("Confirmer le retrait"));
    // Withdrawn once: not again, and no status may follow.
    assert_eq!(withdraw(&mut camille, id, "").await, (409, json!("Conflict")));
    let token = server::service_api::demo::demo_token("plaintes");
    let event = json!({"event_id": "late", "status": "en_examen"});
    let (status, answer) = report(&app, "plaintes", &token, reference, event).await;
    assert_eq!((status, answer["error"].as_str()), (409, Some("withdrawn")));

    // The service comes back: the request first, then the withdrawal, each once.
    service.answer(200);
    app.clock.advance(time::Duration::seconds(10));
    eventually(async || service.count() >= 3).await;
    eventually(async || kinds(&detail(&mut camille, id).await.1).contains(&"withdrawal_delivered".to_owned())).await;
    let bodies = service.bodies();
    let sent: Vec<&str> = bodies.iter().map(|b| b["kind"].as_str().unwrap()).collect();
    assert_eq!(
        sent,
        ["submission", "submission", "withdrawal"],
        "the failed try, the request, the withdrawal"
    );
    assert_eq!(bodies[2]["request"]["reference"], reference);
    assert_eq!(
        bodies[2]["withdrawal"]["reason"],
        "J’ai obtenu un rendez-vous ailleurs."
    );
    let (_, shown) = detail(&mut camille, id).await;
    assert_eq!(
        shown["stage"], "withdrawn",
        "the late acknowledgement of the request does not undo the withdrawal"
    );
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(service.count(), 3, "nothing delivered twice");
}

async fn a_closed_request_cannot_be_withdrawn(backend: Backend) {
    let Sent {
        app,
        mut camille,
        id,
        reference,
        ..
    } = sent(backend, 200).await;
    let (id, reference) = (id.as_str(), reference.as_str());
    let token = server::service_api::demo::demo_token("plaintes");
    let event = json!({"event_id": "end", "status": "conclusions_transmises"});
    assert_eq!(report(&app, "plaintes", &token, reference, event).await.0, 201);
    let (_, shown) = detail(&mut camille, id).await;
    assert_eq!(shown["withdrawable"], false);
    assert_eq!(withdraw(&mut camille, id, "").await.0, 409);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'deliver_withdrawal'").await,
        0
    );
    let html = camille
        .get(&format!("/fr/mes-demarches/{id}/retrait"))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Le service a terminé le traitement de cette demande"));
    assert!(!html.contains("Confirmer le retrait"));
}

async fn a_service_fetches_the_files_of_its_own_requests(backend: Backend) {
    let (_service, address) = Service::start().await;
    let app = portal(backend, &address).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let mut content = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    content.resize(4000, b' ');
    let (status, file) = attach(&mut camille, "supporting_document", "relevé d’août.pdf", &content).await;
    assert_eq!(status, 200, "{file}");
    let save = json!({
        "service": "plaintes", "service_version": 2, "base_revision": 2, "step": 3,
        "edited_at": "2026-11-24T10:01:00Z",
        "answers": {
            "full_name": "Camille Tremblay", "email": "camille@example.org", "filing_for": "self",
            "institution": "CISSS de Laval", "event_date": "2026-10-01",
            "description": "Attente de quatorze heures sans information.", "consent": true,
            "supporting_document": file,
        },
    });
    let response = camille.post_json("/api/drafts/save", &save).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    let reference = receipt["reference"].as_str().unwrap();
    let file_id = file["id"].as_str().unwrap();
    let path = format!("/api/v1/services/plaintes/requests/{reference}/files/{file_id}");
    let fetch = |token: Option<String>, path: String| {
        let request = app.client.get(app.url(&path));
        async move {
            match token {
                Some(token) => request.bearer_auth(token),
                None => request,
            }
            .send()
            .await
            .unwrap()
        }
    };
    let token = server::service_api::demo::demo_token("plaintes");
    let response = fetch(Some(token.clone()), path.clone()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename*=UTF-8''relev%C3%A9%20d%E2%80%99ao%C3%BBt.pdf"
    );
    assert_eq!(
        response.bytes().await.unwrap().as_ref(),
        content.as_slice(),
        "byte for byte"
    );
    assert_eq!(app.journal("request.file").await.len(), 1);

    // Another service's token, no token, a file or reference that is not this request's.
    let other = server::service_api::demo::demo_token("orientation-soins");
    assert_eq!(fetch(Some(other), path.clone()).await.status(), 403);
    assert_eq!(fetch(None, path.clone()).await.status(), 401);
    let wrong_file =
        format!("/api/v1/services/plaintes/requests/{reference}/files/00000000-0000-4000-8000-000000000000");
    let response = fetch(Some(token.clone()), wrong_file).await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.json::<Value>().await.unwrap()["error"], "not_found");
    let wrong_reference = format!("/api/v1/services/plaintes/requests/VS-1999-000001/files/{file_id}");
    assert_eq!(fetch(Some(token), wrong_reference).await.status(), 404);
}

async fn an_administrator_replays_a_dead_letter_once(backend: Backend) {
    let Sent {
        service,
        app,
        mut camille,
        reference,
        ..
    } = sent(backend, 422).await;
    let reference = reference.as_str();
    eventually(async || scalar(&app, "SELECT COUNT(*) FROM jobs WHERE state = 'dead'").await == 1).await;

    // Citizens neither see nor replay dead letters; the attempt is journaled.
    assert_eq!(call(&mut camille, "/api/admin/dead_letters", "").await.0, 403);
    let job: String = sqlx::query_scalar("SELECT id FROM jobs")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(
        call(&mut camille, "/api/admin/replay", &format!("id={job}")).await.0,
        403
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM jobs WHERE state = 'dead'").await, 1);

    let mut alex = signed_in(&app, "demo-admin").await;
    let (status, letters) = call(&mut alex, "/api/admin/dead_letters", "").await;
    assert_eq!(status, 200, "{letters}");
    assert_eq!(letters[0]["reference"], reference);
    assert_eq!(letters[0]["kind"], "deliver_submission");
    assert_eq!(letters[0]["last_error"], "HTTP 422");
    let html = alex.get("/fr/administration").await.text().await.unwrap();
    assert!(html.contains("Envois en échec") && html.contains(reference));

    // The service is fixed; the administrator sends again: delivered once, with the same key.
    service.answer(200);
    assert_eq!(call(&mut alex, "/api/admin/replay", &format!("id={job}")).await.0, 200);
    assert_eq!(
        call(&mut alex, "/api/admin/replay", &format!("id={job}")).await.0,
        409,
        "not dead any more"
    );
    eventually(async || !app.journal("delivery.acknowledged").await.is_empty()).await;
    assert_eq!(service.count(), 2, "the refused try and the replay");
    assert_eq!(service.keys(), [job.clone(), job]);
    assert_eq!(app.journal("delivery.replay").await.len(), 1);
    assert_eq!(call(&mut alex, "/api/admin/dead_letters", "").await.1, json!([]));
}

/// The pages that read several things render every time: two suspenses whose resources were
/// made inside another suspense's branch once left about one view of "Mes démarches" in twelve
/// waiting forever, and the administrators' page was built the same way.
async fn pages_that_read_several_lists_always_finish(backend: Backend) {
    let Sent { app, mut camille, .. } = sent(backend, 200).await;
    common::start_draft(&mut camille, "plaintes").await;
    let mut alex = signed_in(&app, "demo-admin").await;
    let finished = async |browser: &mut Browser, path: &str| {
        tokio::time::timeout(std::time::Duration::from_secs(5), browser.get(path))
            .await
            .map(|response| response.status().as_u16())
    };
    for _ in 0..40 {
        assert_eq!(
            finished(&mut camille, "/fr/mes-demarches").await,
            Ok(200),
            "Mes démarches never ended"
        );
        assert_eq!(
            finished(&mut alex, "/fr/administration").await,
            Ok(200),
            "the administration never ended"
        );
    }
    let page = camille.get("/fr/mes-demarches").await.text().await.unwrap();
    assert!(
        page.contains("Reprendre") && page.contains("VS-"),
        "both lists are on the page"
    );
}

/// A citizen's pages carry their own title in the HTML the server sends (not one set later by
/// the browser), in the page's language.
async fn a_citizens_pages_have_their_title_in_the_html(backend: Backend) {
    // The portal lives as long as `_app` (its database goes with it).
    let Sent {
        app: _app,
        mut camille,
        id,
        reference,
        ..
    } = sent(backend, 200).await;
    let suffix = "| Votre santé — Gouvernement du Québec</title>";
    let complaint = "Porter plainte et suivre sa plainte";
    for (path, title) in [
        ("/fr/mes-demarches".to_owned(), "Mes démarches".to_owned()),
        ("/fr/profil".to_owned(), "Mon profil".to_owned()),
        (
            "/fr/historique-de-connexion".to_owned(),
            "Mon historique de connexion".to_owned(),
        ),
        (
            format!("/fr/mes-demarches/{id}"),
            format!("Demande {reference} — {complaint}"),
        ),
        ("/fr/services/plaintes/demande".to_owned(), complaint.to_owned()),
    ] {
        let html = camille.get(&path).await.text().await.unwrap();
        assert!(
            html.contains(&format!("<title>{title} {suffix}")),
            "{path}: {title}\n{html}"
        );
    }
}

both_backends!(
    pages_that_read_several_lists_always_finish,
    a_citizens_pages_have_their_title_in_the_html,
    a_request_page_shows_its_timeline_and_answers_to_its_owner_only,
    a_withdrawal_reaches_the_service_after_the_request_and_closes_it,
    a_closed_request_cannot_be_withdrawn,
    a_service_fetches_the_files_of_its_own_requests,
    an_administrator_replays_a_dead_letter_once,
);
