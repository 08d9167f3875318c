//! Text messages through the portal's SMS gateway contract, against the test harness's
//! gateway (magic numbers for each outcome): a number verified by a texted code, news in one
//! GSM-7 segment with no detail, signed receipts, a temporary failure tried again, and a
//! number that fails for good handing over to e-mail.

use crate::common;

use common::browser::Browser;
use common::mail::{MailDev, sending_to};
use common::notices::{contacts, deliveries, post, verify_email};
use common::requests::{
    KEY, Service, citizen_with_complete_draft, complaint_status, eventually, portal_with, report, submit,
};
use common::sms::{DELIVERED, FLAKY, Gateway, RECEIPT_SECRET, REFUSED, receipt, texting_to};
use common::{Backend, TestApp};
use serde_json::{Value, json};

/// Adds `raw` as a mobile number and verifies it with the code the gateway received.
async fn verify_mobile(browser: &mut Browser, gateway: &Gateway, raw: &str, number: &str) {
    let body = format!("channel=sms&address={}", common::browser::encode(raw));
    let (status, answer) = post(browser, "/api/notifications/contacts/add", &body).await;
    assert_eq!(status, 200, "{answer}");
    let all = contacts(browser).await;
    let contact = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == number)
        .expect("the number")["id"]
        .clone();
    let code = gateway.last_code(number);
    let body = format!("contact={}&code={code}", contact.as_str().unwrap());
    assert_eq!(post(browser, "/api/notifications/contacts/verify", &body).await.0, 200);
}

fn state_of(deliveries: &Value, channel: &str) -> Value {
    deliveries
        .as_array()
        .and_then(|all| all.iter().find(|d| d["channel"] == channel))
        .map_or(Value::Null, |d| d["state"].clone())
}

/// Camille's complaint, delivered, on a portal that texts through `gateway` (and mails
/// through `mail`, if given).
async fn delivered(backend: Backend, gateway: &Gateway, mail: Option<&MailDev>) -> (TestApp, Browser, String) {
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| {
        let s = texting_to(s, gateway);
        match mail {
            Some(mail) => sending_to(s, mail),
            None => s,
        }
    })
    .await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    eventually(async || service.count() == 1).await;
    (app, camille, receipt["reference"].as_str().unwrap().to_owned())
}

async fn a_number_verified_by_text_gets_news_in_one_segment_and_its_receipts(backend: Backend) {
    let gateway = Gateway::start().await;
    let (app, mut camille, reference) = delivered(backend, &gateway, None).await;
    // Not a mobile number: refused, said, nothing kept or sent.
    let (status, answer) = post(
        &mut camille,
        "/api/notifications/contacts/add",
        "channel=sms&address=555-0100",
    )
    .await;
    assert_eq!(
        (status, answer["InvalidInput"]["fields"][0][1].clone()),
        (422, json!("invalid_mobile"))
    );
    assert_eq!(contacts(&mut camille).await, json!([]));
    assert!(gateway.accepted().is_empty());
    // Written the usual way, kept as E.164; the code goes by text, in one segment.
    verify_mobile(&mut camille, &gateway, "(514) 555-0100", DELIVERED).await;
    let code_message = &gateway.to(DELIVERED)[0].body;
    assert_eq!(
        (code_message["encoding"].clone(), code_message["segments"].clone()),
        (json!("gsm7"), json!(1))
    );
    assert!(
        code_message["receipt_url"]
            .as_str()
            .unwrap()
            .ends_with("/api/v1/sms/receipts")
    );
    assert_eq!(contacts(&mut camille).await[0]["verified"], true);
    // Request updates by text message (and no longer by e-mail).
    let (status, _) = post(&mut camille, "/api/notifications/preferences", "request_updates_sms=on").await;
    assert_eq!(status, 200);

    let token = server::service_api::demo::demo_token("plaintes");
    let event = json!({"event_id": "evt-1", "status": "en_examen", "message": {"fr": "Votre dossier de fracture est à l'étude.", "en": "Your fracture file is under review."}});
    assert_eq!(report(&app, "plaintes", &token, &reference, event).await.0, 201);
    eventually(async || state_of(&deliveries(&mut camille).await, "sms") == "sent").await;
    let news = gateway.to(DELIVERED).pop().unwrap();
    let text = news.body["text"].as_str().unwrap();
    assert!(text.contains("\"Porter plainte et suivre sa plainte\""), "{text}");
    assert!(text.contains("/fr/messages"), "{text}");
    for detail in ["fracture", "examen", reference.as_str()] {
        assert!(!text.contains(detail), "{detail} is in the text message");
    }
    assert_eq!(
        (news.body["encoding"].clone(), news.body["segments"].clone()),
        (json!("gsm7"), json!(1))
    );
    assert!(
        news.key.ends_with(":sms"),
        "the notification names the message: {}",
        news.key
    );

    // The gateway's receipts: signed, or refused; about a message it has, or not found.
    assert_eq!(receipt(&app, &news.id, "delivered", "not the key").await, 401);
    assert_eq!(state_of(&deliveries(&mut camille).await, "sms"), "sent");
    assert_eq!(receipt(&app, "gw-unknown", "delivered", RECEIPT_SECRET).await, 404);
    assert_eq!(receipt(&app, &news.id, "lost", RECEIPT_SECRET).await, 422);
    assert_eq!(receipt(&app, &news.id, "delivered", RECEIPT_SECRET).await, 200);
    assert_eq!(state_of(&deliveries(&mut camille).await, "sms"), "delivered");
    // Twice: applied once; a later "failed" does not undo a delivery.
    assert_eq!(receipt(&app, &news.id, "failed", RECEIPT_SECRET).await, 200);
    assert_eq!(state_of(&deliveries(&mut camille).await, "sms"), "delivered");
    assert_eq!(contacts(&mut camille).await[0]["failed"], false);
}

async fn a_gateway_that_is_busy_gets_the_message_later_once(backend: Backend) {
    let gateway = Gateway::start().await;
    let (app, mut camille, reference) = delivered(backend, &gateway, None).await;
    verify_mobile(&mut camille, &gateway, "514-555-0150", FLAKY).await;
    post(&mut camille, "/api/notifications/preferences", "request_updates_sms=on").await;
    // The gateway answers 503 to the notice: tried again after its backoff, then accepted once.
    let token = server::service_api::demo::demo_token("plaintes");
    let event = json!({"event_id": "evt-1", "status": "en_examen"});
    assert_eq!(report(&app, "plaintes", &token, &reference, event).await.0, 201);
    eventually(async || state_of(&deliveries(&mut camille).await, "sms") == "temporary_failure").await;
    assert_eq!(gateway.to(FLAKY).len(), 1, "the code only");
    app.clock.advance(time::Duration::minutes(10));
    eventually(async || state_of(&deliveries(&mut camille).await, "sms") == "sent").await;
    assert_eq!(gateway.to(FLAKY).len(), 2, "the code, then the notice, once");
}

async fn a_number_that_fails_for_good_hands_over_to_email(backend: Backend) {
    let gateway = Gateway::start().await;
    let mail = MailDev::start().await;
    let (app, mut camille, reference) = delivered(backend, &gateway, Some(&mail)).await;
    // A number the gateway refuses for good at once cannot be verified.
    let (status, answer) = post(
        &mut camille,
        "/api/notifications/contacts/add",
        "channel=sms&address=514-555-0199",
    )
    .await;
    assert_eq!(
        (status, answer["InvalidInput"]["fields"][0][1].clone()),
        (422, json!("invalid_mobile"))
    );
    assert_eq!(contacts(&mut camille).await, json!([]), "nothing kept");
    assert!(gateway.to(REFUSED).is_empty());

    verify_mobile(&mut camille, &gateway, "514 555-0100", DELIVERED).await;
    verify_email(&mut camille, &mail, "camille@exemple.org").await;
    let (status, _) = post(
        &mut camille,
        "/api/notifications/preferences",
        "request_updates_sms=on&request_updates_email=on",
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(complaint_status(&app, &reference, "evt-1", "en_examen").await, 201);
    // Text first; nothing by e-mail while it stands.
    eventually(async || state_of(&deliveries(&mut camille).await, "sms") == "sent").await;
    let news = gateway.to(DELIVERED).pop().unwrap();
    assert_eq!(mail.messages_to("camille@exemple.org").await.len(), 1, "the code only");
    // The phone never gets it: the number is marked, and e-mail takes over, once.
    assert_eq!(receipt(&app, &news.id, "failed", RECEIPT_SECRET).await, 200);
    eventually(async || state_of(&deliveries(&mut camille).await, "email") == "sent").await;
    let shown = deliveries(&mut camille).await;
    assert_eq!(state_of(&shown, "sms"), "permanent_failure");
    let all = contacts(&mut camille).await;
    let mobile = all
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == DELIVERED)
        .unwrap();
    assert_eq!(mobile["failed"], true);
    assert_eq!(mail.messages_to("camille@exemple.org").await.len(), 2);
    assert_eq!(receipt(&app, &news.id, "failed", RECEIPT_SECRET).await, 200);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        mail.messages_to("camille@exemple.org").await.len(),
        2,
        "a receipt twice hands over once"
    );
    let page = camille.get("/fr/parametres-des-messages").await.text().await.unwrap();
    assert!(page.contains("Ne reçoit plus nos messages"));
}

both_backends!(
    a_number_verified_by_text_gets_news_in_one_segment_and_its_receipts,
    a_gateway_that_is_busy_gets_the_message_later_once,
    a_number_that_fails_for_good_hands_over_to_email,
);
