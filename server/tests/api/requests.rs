//! Submitting a draft and delivering it to the service: one request per idempotency key, the
//! draft gone, the answers frozen; delivered signed, with its key, to a real HTTP service the
//! test runs; retried with backoff on failure, dead-lettered when refused or given up, each
//! attempt journaled; the timeline says "received" then "delivered".

use crate::common;

use common::Backend;
use common::requests::{KEY, Service, citizen_with_complete_draft, eventually, portal, report, scalar, submit};
use serde_json::{Value, json};

async fn a_submission_is_filed_once_and_delivered_signed(backend: Backend) {
    let (service, address) = Service::start().await;
    let app = portal(backend, &address).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    let year = app.clock.now().year();
    assert_eq!(reference, format!("VS-{year}-000001"));
    assert_eq!(receipt["title"]["fr"], "Porter plainte et suivre sa plainte");
    // The same key again (a double click, a retry): the same request, nothing more.
    let (status, again) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200);
    assert_eq!(again["reference"], reference.as_str());
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM requests").await, 1);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM drafts").await,
        0,
        "the draft is gone"
    );
    assert_eq!(app.journal("request.submit").await.len(), 1);
    // An autosave still on its way when the request was filed does not bring the draft back.
    let late = json!({
        "service": "plaintes", "service_version": 2, "base_revision": 2,
        "answers": {"full_name": "Camille Tremblay"}, "step": 3, "edited_at": "2026-11-24T10:00:00Z",
    });
    assert_eq!(camille.post_json("/api/drafts/save", &late).await.status(), 409);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM drafts").await, 0, "still gone");

    eventually(async || service.count() >= 1).await;
    eventually(async || !app.journal("delivery.acknowledged").await.is_empty()).await;
    assert_eq!(service.count(), 1, "delivered once");
    let (headers, body) = service.received.lock().unwrap()[0].clone();
    let sent: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sent["kind"], "submission");
    assert_eq!(sent["request"]["reference"], reference.as_str());
    assert_eq!(
        sent["answers"]["institution"],
        json!({"kind": "text", "value": "CISSS de Laval"})
    );
    let job: String = sqlx::query_scalar("SELECT id FROM jobs")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(headers["idempotency-key"], job.as_str());
    let signature = headers["x-portal-signature"].to_str().unwrap();
    let at: i64 = signature
        .split(',')
        .next()
        .unwrap()
        .trim_start_matches("t=")
        .parse()
        .unwrap();
    assert_eq!(
        signature,
        server::workers::delivery::signature(&server::service_api::demo::demo_secret("plaintes"), at, &job, &body)
    );
    assert_ne!(
        signature,
        server::workers::delivery::signature("another secret", at, &job, &body),
        "the secret matters"
    );
    assert_ne!(
        signature,
        server::workers::delivery::signature(&server::service_api::demo::demo_secret("plaintes"), at, "other", &body),
        "the signature covers the Idempotency-Key"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM request_events WHERE kind = 'delivered'").await,
        1
    );
    let stage: String = sqlx::query_scalar("SELECT stage FROM requests")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(stage, "delivered");
}

async fn failures_are_retried_refusals_and_old_jobs_dead_lettered(backend: Backend) {
    let (service, address) = Service::start().await;
    service.answer(503);
    let app = portal(backend, &address).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    assert_eq!(submit(&mut camille, KEY).await.0, 200);
    eventually(async || !app.journal("delivery.failed").await.is_empty()).await;
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM jobs WHERE state = 'pending'").await,
        1
    );
    // Back up: once the backoff has passed, the job goes.
    service.answer(200);
    app.clock.advance(time::Duration::seconds(6));
    eventually(async || !app.journal("delivery.acknowledged").await.is_empty()).await;
    assert_eq!(service.count(), 2, "one failed attempt, one delivery");
    let journal = app.journal("delivery.failed").await;
    assert_eq!(journal[0].2["outcome"], "HTTP 503");

    // A service that says the payload is wrong is not asked again.
    service.answer(422);
    let mut jordan = app.browser();
    jordan.dev_sign_in("demo-citizen-2", "/fr").await;
    common::start_draft(&mut jordan, "plaintes").await;
    let answers = json!({
        "full_name": "Jordan Smith", "email": "jordan@example.org", "filing_for": "self",
        "institution": "CIUSSS", "event_date": "2026-10-02", "description": "Refus.", "consent": true,
    });
    let save = json!({"service": "plaintes", "service_version": 2, "base_revision": 1, "answers": answers,
        "step": 3, "edited_at": "2026-11-24T10:00:00Z"});
    assert_eq!(jordan.post_json("/api/drafts/save", &save).await.status(), 200);
    let response = jordan
        .post(
            "/api/requests/submit",
            "service=plaintes&idempotency_key=0a1b2c3d-0000-4000-8000-00000000abcd",
        )
        .await;
    assert_eq!(response.status(), 200);
    eventually(async || !app.journal("delivery.refused").await.is_empty()).await;
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM jobs WHERE state = 'dead'").await, 1);
    let before = service.count();
    app.clock.advance(time::Duration::hours(2));
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert_eq!(service.count(), before, "a refused job is not tried again");
}

async fn bad_submissions_are_refused_and_file_nothing(backend: Backend) {
    let (_service, address) = Service::start().await;
    let app = portal(backend, &address).await;
    let mut camille = app.browser();
    camille.dev_sign_in("demo-citizen-1", "/fr").await;
    // No draft for the service.
    assert_eq!(submit(&mut camille, KEY).await.0, 404);
    common::start_draft(&mut camille, "plaintes").await;
    // An incomplete draft: every missing answer named.
    let (status, answer) = submit(&mut camille, KEY).await;
    assert_eq!(status, 422, "{answer}");
    let fields: Vec<&str> = answer["InvalidAnswers"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(
        fields.contains(&"institution") && fields.contains(&"consent"),
        "{fields:?}"
    );
    // A key the browser could not have made.
    assert_eq!(submit(&mut camille, "x").await.0, 422);
    assert_eq!(submit(&mut camille, "a b c d e f g h i j k l").await.0, 422);
    // A guest.
    let mut guest = app.browser();
    assert_eq!(submit(&mut guest, KEY).await.0, 401);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM requests").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM jobs").await, 0);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM drafts").await,
        1,
        "the draft is kept"
    );
}

async fn a_service_reports_statuses_once_in_its_own_vocabulary(backend: Backend) {
    let (_service, address) = Service::start().await;
    let app = portal(backend, &address).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let (_, receipt) = submit(&mut camille, KEY).await;
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    let token = server::service_api::demo::demo_token("plaintes");
    let review = json!({
        "event_id": "evt-1", "status": "information_requise",
        "message": {"fr": "Envoyez-nous la facture.", "en": "Send us the invoice."},
        "expected_date": "2026-12-15",
    });
    let (status, answer) = report(&app, "plaintes", &token, &reference, review.clone()).await;
    assert_eq!(status, 201, "{answer}");
    // Sent again (a retry): done already, nothing added.
    let (status, answer) = report(&app, "plaintes", &token, &reference, review).await;
    assert_eq!((status, &answer["replayed"]), (200, &json!(true)));
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM request_events WHERE kind = 'status'").await,
        1
    );
    let list: Value = camille.post("/api/requests/list", "").await.json().await.unwrap();
    assert_eq!(list[0]["status"]["fr"], "Information requise");
    assert_eq!(
        list[0]["action_required"], true,
        "the status asks the citizen for something"
    );

    // Refused, each with a clear 4xx, nothing recorded.
    let other = server::service_api::demo::demo_token("orientation-soins");
    for (service, token, event, expected, code) in [
        (
            "plaintes",
            token.as_str(),
            json!({"event_id": "e2", "status": "approuvee"}),
            422,
            "unknown_status",
        ),
        (
            "plaintes",
            &token,
            json!({"event_id": "e2", "status": "en_examen", "expected_date": "bientôt"}),
            422,
            "invalid_expected_date",
        ),
        (
            "plaintes",
            &token,
            json!({"event_id": "e2", "status": "en_examen", "message": {"fr": "Oui", "en": ""}}),
            422,
            "invalid_message",
        ),
        (
            "plaintes",
            &token,
            json!({"event_id": "e2", "status": "en_examen", "message": {"fr": "x".repeat(2001), "en": "x"}}),
            422,
            "message_too_long",
        ),
        (
            "plaintes",
            &token,
            json!({"event_id": "e 2", "status": "en_examen"}),
            422,
            "invalid_event_id",
        ),
        (
            "plaintes",
            &token,
            json!({"event_id": "e2", "status": "en_examen", "admin": true}),
            422,
            "malformed",
        ),
        (
            "plaintes",
            &other,
            json!({"event_id": "e2", "status": "en_examen"}),
            403,
            "forbidden",
        ),
        (
            "orientation-soins",
            &other,
            json!({"event_id": "e2", "status": "en_evaluation"}),
            404,
            "not_found",
        ),
        (
            "plaintes",
            "not-a-token",
            json!({"event_id": "e2", "status": "en_examen"}),
            401,
            "unauthorized",
        ),
    ] {
        let (status, answer) = report(&app, service, token, &reference, event).await;
        assert_eq!((status, answer["error"].as_str()), (expected, Some(code)), "{answer}");
    }
    // A refusal names the field at fault in the shape a manifest's problems use, in the
    // caller's language (French by default), with no English from the JSON parser in it.
    let too_long = json!({"event_id": "e2", "status": "en_examen", "message": {"fr": "Oui", "en": "x".repeat(2001)}});
    let (_, answer) = report(&app, "plaintes", &token, &reference, too_long).await;
    assert_eq!(
        answer["problems"],
        json!([{"path": "message.en", "code": "too_long", "message": "message.en est trop long"}])
    );
    let wrong_type = json!({"event_id": "e2", "status": ["en_examen"]});
    let (_, answer) = report(&app, "plaintes", &token, &reference, wrong_type).await;
    assert_eq!(answer["message"], "Le corps JSON est mal formé : voir les problèmes.");
    assert_eq!(
        answer["problems"],
        json!([{"path": "status", "code": "malformed", "message": "status est mal formé"}])
    );
    let unknown = json!({"event_id": "e2", "status": "approuvee"});
    let (_, answer) = report(&app, "plaintes", &token, &reference, unknown).await;
    assert_eq!(
        (&answer["problems"][0]["path"], &answer["problems"][0]["code"]),
        (&json!("status"), &json!("unknown_status"))
    );
    assert!(answer["message"].as_str().unwrap().contains("en_examen"), "{answer}");
    let response = app
        .client
        .post(app.url(&format!("/api/v1/services/plaintes/requests/{reference}/events")))
        .bearer_auth(&token)
        .body("event_id=e2")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 415);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM request_events WHERE kind = 'status'").await,
        1
    );

    // A final status closes the request: nothing may follow it.
    let (status, _) = report(
        &app,
        "plaintes",
        &token,
        &reference,
        json!({"event_id": "evt-2", "status": "fermee"}),
    )
    .await;
    assert_eq!(status, 201);
    let (status, answer) = report(
        &app,
        "plaintes",
        &token,
        &reference,
        json!({"event_id": "evt-3", "status": "en_examen"}),
    )
    .await;
    assert_eq!((status, answer["error"].as_str()), (409, Some("terminal")));
    let journal = app.journal("request.status").await;
    let outcomes: Vec<&str> = journal.iter().map(|(_, outcome, _)| outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        ["success", "denied", "success"],
        "each status, and the other service's try"
    );
}

/// Two submissions of one draft at the same moment (two tabs, a retry racing the first try):
/// one request, whatever the keys.
async fn concurrent_submissions_of_one_draft_file_one_request(backend: Backend) {
    let (_service, address) = Service::start().await;
    let app = portal(backend, &address).await;
    let camille = citizen_with_complete_draft(&app).await;
    let (mut first, mut second) = (camille.clone(), camille);
    let (a, b) = tokio::join!(submit(&mut first, KEY), submit(&mut second, KEY));
    assert_eq!((a.0, b.0), (200, 200), "{a:?} {b:?}");
    assert_eq!(a.1["reference"], b.1["reference"], "the same request");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM requests").await, 1);

    let camille = citizen_with_complete_draft(&app).await;
    let (mut first, mut second) = (camille.clone(), camille);
    let other_key = "3f2e1d0c-0000-4000-8000-00000000beef";
    let other_tab = "3f2e1d0c-0000-4000-8000-00000000cafe";
    let (a, b) = tokio::join!(submit(&mut first, other_key), submit(&mut second, other_tab));
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 404], "the second tab finds the draft sent: {a:?} {b:?}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM requests").await, 2);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM jobs").await, 2, "one delivery each");
}

both_backends!(
    concurrent_submissions_of_one_draft_file_one_request,
    a_service_reports_statuses_once_in_its_own_vocabulary,
    a_submission_is_filed_once_and_delivered_signed,
    failures_are_retried_refusals_and_old_jobs_dead_lettered,
    bad_submissions_are_refused_and_file_nothing,
);
