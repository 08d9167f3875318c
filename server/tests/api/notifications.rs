//! The inbox: a service's status event tells the citizen once, in the same transaction as the
//! status; the header counts what is unread; each citizen reads and marks only their own.

use crate::common;

use common::browser::{Browser, location};
use common::requests::{KEY, Service, citizen_with_complete_draft, eventually, portal, report, submit};
use common::{Backend, TestApp};
use serde_json::{Value, json};

async fn inbox(browser: &mut Browser) -> (u16, Value) {
    let response = browser.post("/api/notifications/inbox", "").await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn mark_read(browser: &mut Browser, id: &str) -> u16 {
    browser
        .post("/api/notifications/read", &format!("id={id}"))
        .await
        .status()
        .as_u16()
}

async fn unread_in_header(browser: &mut Browser) -> Value {
    let response = browser.post("/api/notifications/unread", "").await;
    response.json().await.unwrap()
}

/// Camille's complaint, delivered to its service; the portal and the service's token.
async fn delivered(backend: Backend) -> (TestApp, Service, Browser, String, String) {
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal(backend, &address).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    let id = receipt["id"].as_str().unwrap().to_owned();
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    eventually(async || service.count() == 1).await;
    (app, service, camille, id, reference)
}

async fn one_event_tells_the_citizen_once_and_only_them(backend: Backend) {
    let (app, _service, mut camille, id, reference) = delivered(backend).await;
    let token = server::service_api::demo::demo_token("plaintes");
    assert_eq!(
        inbox(&mut camille).await,
        (200, json!({"notifications": [], "unread": 0}))
    );
    assert_eq!(unread_in_header(&mut camille).await, 0);

    let event = json!({
        "event_id": "evt-1", "status": "information_requise", "expected_date": "2026-12-15",
        "message": {"fr": "Envoyez-nous la facture.", "en": "Send us the invoice."},
    });
    assert_eq!(report(&app, "plaintes", &token, &reference, event.clone()).await.0, 201);
    // Sent again (a retry after a lost answer): recorded once, told once.
    assert_eq!(report(&app, "plaintes", &token, &reference, event).await.0, 200);

    let (status, shown) = inbox(&mut camille).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["unread"], 1);
    let notifications = shown["notifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 1, "{shown}");
    let first = &notifications[0];
    assert_eq!(first["kind"], "action_required");
    assert_eq!(first["request"], json!([id, reference]));
    assert_eq!(first["title"]["fr"], "Porter plainte et suivre sa plainte");
    assert_eq!(
        first["status"],
        json!({"fr": "Information requise", "en": "Information required"})
    );
    assert_eq!(first["message"]["en"], "Send us the invoice.");
    assert_eq!(first["expected_date"], "2026-12-15");
    assert_eq!(first["read"], false);
    assert_eq!(unread_in_header(&mut camille).await, 1);

    // The header says it, to screen readers too; the inbox page shows it in each language.
    let html = camille.get("/fr").await.text().await.unwrap();
    assert!(html.contains("1 à lire"), "the header counts the unread message");
    let html = camille.get("/fr/messages").await.text().await.unwrap();
    for text in [
        "Une action est requise de votre part",
        "Information requise",
        "Envoyez-nous la facture.",
        "15 décembre 2026",
    ] {
        assert!(html.contains(text), "{text} missing from the French inbox");
    }
    assert!(
        html.contains(&format!("/fr/mes-demarches/{id}")),
        "the message leads to the request"
    );
    let html = camille.get("/en/messages").await.text().await.unwrap();
    for text in [
        "Something is required from you",
        "Information required",
        "Send us the invoice.",
    ] {
        assert!(html.contains(text), "{text} missing from the English inbox");
    }

    // Another citizen sees nothing of it and cannot mark it; a guest is asked to sign in.
    let notification = first["id"].as_str().unwrap().to_owned();
    let mut jordan = app.browser();
    assert_eq!(jordan.dev_sign_in("demo-citizen-2", "/fr").await.status(), 303);
    assert_eq!(
        inbox(&mut jordan).await,
        (200, json!({"notifications": [], "unread": 0}))
    );
    assert_eq!(mark_read(&mut jordan, &notification).await, 404);
    assert_eq!(mark_read(&mut jordan, "all").await, 200);
    assert_eq!(
        inbox(&mut camille).await.1["unread"],
        1,
        "Jordan's call changed nothing of Camille's"
    );
    let mut guest = app.browser();
    assert_eq!(inbox(&mut guest).await.0, 401);
    assert_eq!(mark_read(&mut guest, "all").await, 401);
    let page = guest.get("/fr/messages").await;
    assert_eq!(page.status(), 303, "a guest is sent to sign in");

    // Marked as read by its owner; a second status is a second message, newest first.
    assert_eq!(mark_read(&mut camille, &notification).await, 200);
    assert_eq!(inbox(&mut camille).await.1["unread"], 0);
    let review = json!({"event_id": "evt-2", "status": "en_examen"});
    assert_eq!(report(&app, "plaintes", &token, &reference, review).await.0, 201);
    let shown = inbox(&mut camille).await.1;
    assert_eq!(shown["unread"], 1);
    let kinds: Vec<&Value> = shown["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| &n["kind"])
        .collect();
    assert_eq!(kinds, [&json!("status_changed"), &json!("action_required")]);
    assert_eq!(shown["notifications"][0]["message"], Value::Null);

    // "Tout marquer comme lu" as a plain form post comes back to the inbox, which says so.
    let response = camille
        .send_form(
            "/api/notifications/read",
            "application/x-www-form-urlencoded",
            b"id=all".to_vec(),
            "/fr/messages",
        )
        .await;
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(location(&response), "/fr/messages?done=read");
    assert_eq!(inbox(&mut camille).await.1["unread"], 0);
    let html = camille.get("/fr/messages?done=read").await.text().await.unwrap();
    assert!(html.contains("Les messages sont marqués comme lus."));
}

async fn a_notification_is_written_with_its_status_or_not_at_all(backend: Backend) {
    let (app, _service, mut camille, _id, reference) = delivered(backend).await;
    let token = server::service_api::demo::demo_token("plaintes");
    // An unknown status is refused: no status, no message.
    let unknown = json!({"event_id": "evt-x", "status": "inventé"});
    assert_eq!(report(&app, "plaintes", &token, &reference, unknown).await.0, 422);
    assert_eq!(inbox(&mut camille).await.1["notifications"], json!([]));
    // Closed by a final status, the request takes no other: the refused event tells nothing.
    let closed = json!({"event_id": "evt-3", "status": "fermee"});
    assert_eq!(report(&app, "plaintes", &token, &reference, closed).await.0, 201);
    let after = json!({"event_id": "evt-4", "status": "en_examen"});
    assert_eq!(report(&app, "plaintes", &token, &reference, after).await.0, 409);
    let statuses: Vec<Value> = inbox(&mut camille).await.1["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["status"]["fr"].clone())
        .collect();
    assert_eq!(statuses, [json!("Dossier fermé")]);
}

both_backends!(
    one_event_tells_the_citizen_once_and_only_them,
    a_notification_is_written_with_its_status_or_not_at_all,
);
