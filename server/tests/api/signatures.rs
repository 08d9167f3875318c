//! Documents to sign, end to end on both stores: a service asks through its API (refusals
//! named, replays harmless), the request shows "action required" and the inbox hears of it;
//! the citizen reads the document and its fingerprint, signs after a fresh authentication and
//! with consent, and the signed PDF (valid for pyHanko and pdfsig) reaches the citizen and the
//! service, which is told through a durable delivery. Declining, a deadline passed, another
//! citizen and a stale authentication are refused or recorded as the issue says.

use crate::common;

use base64::Engine;
use common::Backend;
use common::browser::Browser;
use common::notices::post;
use common::pki::TestPki;
use common::requests::{KEY, Service, citizen_with_complete_draft, eventually, portal_with, submit};
use common::tsa::TestTsa;
use serde_json::{Value, json};

const PDF: &[u8] = include_bytes!("fixtures/request-to-sign.pdf");

/// Settings sealing with the test authority's seal, time-stamped by `tsa`.
fn sealed_by(pki: &TestPki, tsa: &TestTsa) -> impl FnOnce(server::config::Settings) -> server::config::Settings {
    let key = pki.seal_key.clone();
    let certificates = pki.seal_certificate.clone();
    let tsa = url::Url::parse(&tsa.url).unwrap();
    move |mut settings| {
        settings.seal.seal_key = Some(server::config::Secret::new(key));
        settings.seal.seal_certificates = Some(certificates);
        settings.seal.seal_tsa_url = Some(tsa);
        settings
    }
}

fn asking(signature_id: &str, reference: &str, deadline: &str, content: &[u8]) -> Value {
    json!({
        "signature_id": signature_id,
        "request": reference,
        "title": {"fr": "Consentement au dépistage", "en": "Screening consent"},
        "explanation": {
            "fr": "Signez ce consentement pour que nous puissions planifier votre examen.",
            "en": "Sign this consent so that we can schedule your exam."
        },
        "deadline": deadline,
        "document": {"name": "consentement.pdf", "content_base64": base64::engine::general_purpose::STANDARD.encode(content)},
    })
}

async fn ask(app: &common::TestApp, service: &str, body: &Value) -> (u16, Value) {
    let token = server::service_api::demo::demo_token(service);
    let response = app
        .client
        .post(app.url(&format!("/api/v1/services/{service}/signatures")))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn service_get(app: &common::TestApp, path: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .bearer_auth(server::service_api::demo::demo_token("plaintes"))
        .send()
        .await
        .unwrap()
}

fn in_days(app: &common::TestApp, days: i64) -> String {
    (app.clock.now() + time::Duration::days(days)).date().to_string()
}

/// Camille's complaint, delivered; her browser and its reference.
async fn sent(app: &common::TestApp, service: &Service) -> (Browser, String, String) {
    let mut camille = citizen_with_complete_draft(app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    eventually(async || service.count() == 1).await;
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    (camille, receipt["id"].as_str().unwrap().to_owned(), reference)
}

/// The id of the portal's signature request for the service's id.
async fn portal_id(app: &common::TestApp, signature_id: &str) -> String {
    sqlx::query_scalar::<_, String>("SELECT id FROM signature_requests WHERE service_signature_id = $1")
        .bind(signature_id)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn show(browser: &mut Browser, id: &str) -> (u16, Value) {
    post(browser, "/api/signatures/show", &format!("id={id}")).await
}

async fn a_citizen_signs_a_document_a_service_asked_for(backend: Backend) {
    let pki = TestPki::new();
    let tsa = TestTsa::start(&pki).await;
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, sealed_by(&pki, &tsa)).await;
    let (mut camille, request_id, reference) = sent(&app, &service).await;

    // Refusals by name, none of which keeps anything.
    let deadline = in_days(&app, 7);
    for (body, status, code) in [
        (
            asking("s-1", &reference, &deadline, b"GIF89a not a pdf"),
            422,
            "invalid_document",
        ),
        (asking("s-1", &reference, "2020-01-01", PDF), 422, "invalid_deadline"),
        (asking("s-1", &reference, "demain", PDF), 422, "invalid_deadline"),
        (asking("s-1", "VS-1999-000001", &deadline, PDF), 404, "not_found"),
        (asking("s 1", &reference, &deadline, PDF), 422, "invalid_event_id"),
    ] {
        let (got, answer) = ask(&app, "plaintes", &body).await;
        assert_eq!((got, answer["error"].as_str()), (status, Some(code)), "{answer}");
    }
    let mut blank = asking("s-1", &reference, &deadline, PDF);
    blank["title"]["en"] = json!(" ");
    let (got, answer) = ask(&app, "plaintes", &blank).await;
    assert_eq!(got, 422, "{answer}");
    assert_eq!(answer["problems"][0]["path"], "title.en", "{answer}");
    let (got, _) = ask(&app, "depistage-cancer", &asking("s-1", &reference, &deadline, PDF)).await;
    assert_eq!(got, 404, "another service's request is not found");
    assert_eq!(
        common::requests::scalar(&app, "SELECT COUNT(*) FROM signature_requests").await,
        0
    );

    // Asked: 201, then a replay answers 200 with the first one.
    let (got, answer) = ask(&app, "plaintes", &asking("s-1", &reference, &deadline, PDF)).await;
    assert_eq!(got, 201, "{answer}");
    assert_eq!(answer["state"], "pending");
    let sha256 = answer["document_sha256"].as_str().unwrap().to_owned();
    let (got, replayed) = ask(&app, "plaintes", &asking("s-1", &reference, &deadline, PDF)).await;
    assert_eq!((got, replayed["replayed"].as_bool()), (200, Some(true)));
    let id = portal_id(&app, "s-1").await;

    // The request says "action required", with the document to sign; the inbox heard of it.
    let (_, detail) = post(&mut camille, "/api/requests/show", &format!("id={request_id}")).await;
    assert_eq!(detail["action_required"], true, "{detail}");
    assert_eq!(detail["signatures"][0]["state"], "pending", "{detail}");
    let (_, inbox) = post(&mut camille, "/api/notifications/inbox", "").await;
    let said = inbox.to_string();
    assert!(
        said.contains("Un document est à signer : Consentement au dépistage"),
        "{said}"
    );

    // Camille reads it: its fingerprint, its words; the PDF itself, as sent.
    let (status, shown) = show(&mut camille, &id).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["document_sha256"], sha256.as_str());
    assert_eq!(shown["state"], "pending");
    assert_eq!(shown["fresh"], true, "she signed in a moment ago");
    let document = camille.get(&format!("/signatures/{id}/document.pdf")).await;
    assert_eq!(document.status(), 200);
    assert_eq!(document.headers()["content-type"], "application/pdf");
    assert_eq!(document.headers()["cache-control"], "no-store");
    assert_eq!(document.bytes().await.unwrap().as_ref(), PDF);

    // Another citizen cannot see, fetch or sign it.
    let mut jordan = app.browser();
    jordan.dev_sign_in("demo-citizen-2", "/fr").await;
    assert_eq!(show(&mut jordan, &id).await.0, 404);
    assert_eq!(
        jordan.get(&format!("/signatures/{id}/document.pdf")).await.status(),
        404
    );
    let (status, _) = post(
        &mut jordan,
        "/api/signatures/sign",
        &format!("id={id}&consent=on&language=fr"),
    )
    .await;
    assert_eq!(status, 404);

    // Without the consent box: refused by name, nothing signed.
    let (status, refused) = post(&mut camille, "/api/signatures/sign", &format!("id={id}&language=fr")).await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused.to_string().contains("signatures.errors.consent"), "{refused}");
    // An authentication older than ten minutes: authenticate again first.
    app.clock.advance(time::Duration::minutes(11));
    let (status, refused) = post(
        &mut camille,
        "/api/signatures/sign",
        &format!("id={id}&consent=on&language=fr"),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused.to_string().contains("signatures.errors.stale"), "{refused}");
    assert_eq!(show(&mut camille, &id).await.1["fresh"], false);
    // Signed in again (the development sign-in is an authentication): she signs.
    camille.dev_sign_in("demo-citizen-1", "/fr").await;
    let (status, signed) = post(
        &mut camille,
        "/api/signatures/sign",
        &format!("id={id}&consent=on&language=fr"),
    )
    .await;
    assert_eq!(status, 200, "{signed}");
    let (_, shown) = show(&mut camille, &id).await;
    assert_eq!(shown["state"], "signed");
    // Nothing is asked of her any more: the request no longer says "action required".
    let (_, detail) = post(&mut camille, "/api/requests/show", &format!("id={request_id}")).await;
    assert_eq!(detail["action_required"], false, "{detail}");
    assert_eq!(detail["signatures"][0]["state"], "signed", "{detail}");
    // A second signature is refused.
    let (status, again) = post(
        &mut camille,
        "/api/signatures/sign",
        &format!("id={id}&consent=on&language=fr"),
    )
    .await;
    assert_eq!(status, 422);
    assert!(again.to_string().contains("signatures.errors.decided"), "{again}");

    // The signed PDF: the original bytes, then the seal; valid for independent verifiers.
    let downloaded = camille.get(&format!("/signatures/{id}/signed.pdf")).await;
    assert_eq!(downloaded.status(), 200);
    let signed_pdf = downloaded.bytes().await.unwrap().to_vec();
    assert_eq!(&signed_pdf[..PDF.len()], PDF);
    let file = pki.path("from-portal.pdf");
    std::fs::write(&file, &signed_pdf).unwrap();
    let (valid, said) = pki.pyhanko(&file);
    assert!(valid && said.contains("The signature is judged VALID."), "{said}");
    assert!(said.contains("The TSA certificate is trusted."), "time-stamped: {said}");
    assert_eq!(tsa.stamped(), 1);
    assert!(pki.pdfsig(&file).contains("Signature is Valid."));

    // The service reads the evidence and fetches the same signed PDF with its token.
    let standing: Value = service_get(&app, "/api/v1/services/plaintes/signatures/s-1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(standing["state"], "signed", "{standing}");
    let evidence = &standing["evidence"];
    assert_eq!(evidence["document_sha256"], sha256.as_str());
    assert_eq!(evidence["consent_version"], "consentement-2026-12-v1");
    assert_eq!(evidence["consent_language"], "fr");
    assert_eq!(evidence["signer_name"], "Camille Tremblay");
    assert!(evidence["auth_time"].is_string(), "{evidence}");
    let fetched = service_get(&app, "/api/v1/services/plaintes/signatures/s-1/signed.pdf").await;
    assert_eq!(fetched.status(), 200);
    assert_eq!(fetched.bytes().await.unwrap().to_vec(), signed_pdf);
    // And it was told through a delivery of kind `signature`.
    eventually(async || service.bodies().iter().any(|body| body["kind"] == "signature")).await;
    let told = service
        .bodies()
        .into_iter()
        .find(|body| body["kind"] == "signature")
        .unwrap();
    assert_eq!(told["signature"]["state"], "signed", "{told}");
    assert_eq!(told["signature"]["signature_id"], "s-1");

    // The journal holds the evidence.
    let journal = app.journal("signature.signed").await;
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].2["document_sha256"], sha256.as_str());

    // Declined, with a reason; and one left past its deadline expires.
    let (got, _) = ask(&app, "plaintes", &asking("s-2", &reference, &in_days(&app, 3), PDF)).await;
    assert_eq!(got, 201);
    let declined_id = portal_id(&app, "s-2").await;
    let long = "x".repeat(1001);
    let (status, _) = post(
        &mut camille,
        "/api/signatures/decline",
        &format!("id={declined_id}&reason={long}&language=fr"),
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = post(
        &mut camille,
        "/api/signatures/decline",
        &format!("id={declined_id}&reason=Pas+maintenant&language=fr"),
    )
    .await;
    assert_eq!(status, 200);
    let standing: Value = service_get(&app, "/api/v1/services/plaintes/signatures/s-2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(standing["state"], "declined");
    assert_eq!(standing["decline_reason"], "Pas maintenant");
    assert_eq!(
        service_get(&app, "/api/v1/services/plaintes/signatures/s-2/signed.pdf")
            .await
            .status(),
        404
    );

    let (got, _) = ask(&app, "plaintes", &asking("s-3", &reference, &in_days(&app, 1), PDF)).await;
    assert_eq!(got, 201);
    let late_id = portal_id(&app, "s-3").await;
    app.clock.advance(time::Duration::days(3));
    camille.dev_sign_in("demo-citizen-1", "/fr").await;
    let (status, refused) = post(
        &mut camille,
        "/api/signatures/sign",
        &format!("id={late_id}&consent=on&language=fr"),
    )
    .await;
    assert_eq!(status, 422);
    assert!(refused.to_string().contains("signatures.errors.expired"), "{refused}");
    assert_eq!(show(&mut camille, &late_id).await.1["state"], "expired");
    eventually(async || {
        service
            .bodies()
            .iter()
            .any(|body| body["kind"] == "signature" && body["signature"]["state"] == "expired")
    })
    .await;
}

both_backends!(a_citizen_signs_a_document_a_service_asked_for);
