//! Notifications beyond the inbox, through a real SMTP server (MailDev): an e-mail address is
//! used only once verified with a code, within rate limits; a status change then sends one
//! e-mail in the citizen's language with no health detail; an SMTP server that is down gets the
//! message later, once.

use crate::common;

use common::browser::Browser;
use common::mail::{MailDev, sending_to};
use common::notices::{deliveries, post, verify_email};
use common::requests::{KEY, Service, citizen_with_complete_draft, eventually, portal_with, report, submit};
use common::{Backend, TestApp};
use serde_json::{Value, json};

async fn settings(browser: &mut Browser) -> Value {
    let response = browser.post("/api/notifications/settings", "").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn verify(browser: &mut Browser, contact: &str, code: &str) -> (u16, Value) {
    let body = format!("contact={contact}&code={}", common::browser::encode(code));
    post(browser, "/api/notifications/contacts/verify", &body).await
}

async fn resend(browser: &mut Browser, contact: &str) -> (u16, Value) {
    post(
        browser,
        "/api/notifications/contacts/resend",
        &format!("contact={contact}"),
    )
    .await
}

/// The reason a contact form was refused (`InvalidInput`'s first field).
fn reason(answer: &Value) -> String {
    answer["InvalidInput"]["fields"][0][1]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// Camille's complaint, delivered to its service, on a portal that sends e-mail to `mail`.
async fn delivered(backend: Backend, mail: &MailDev) -> (TestApp, Service, Browser, String) {
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| sending_to(s, mail)).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    eventually(async || service.count() == 1).await;
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    (app, service, camille, reference)
}

async fn an_address_is_verified_by_its_code_then_carries_news_without_detail(backend: Backend) {
    let mail = MailDev::start().await;
    let (app, _service, mut camille, reference) = delivered(backend, &mail).await;
    let shown = settings(&mut camille).await;
    assert_eq!(shown["contacts"], json!([]));
    assert_eq!(shown["email_available"], true);
    assert_eq!(
        shown["preferences"]["chosen"],
        json!([
            ["request_updates", ["push", "email"]],
            ["action_required", ["push", "email"]],
            ["announcements", []]
        ])
    );

    // Not an address: refused, said, nothing kept, nothing sent.
    let (status, answer) = post(
        &mut camille,
        "/api/notifications/contacts/add",
        "channel=email&address=camille%40",
    )
    .await;
    assert_eq!((status, reason(&answer)), (422, "invalid_email".to_owned()), "{answer}");
    assert_eq!(settings(&mut camille).await["contacts"], json!([]));
    assert!(mail.messages().await.is_empty());

    // An address: trimmed, its domain in lower case, sent a code in the citizen's language.
    let (status, answer) = post(
        &mut camille,
        "/api/notifications/contacts/add",
        "channel=email&address=+Camille%40Exemple.ORG+",
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let contacts = settings(&mut camille).await["contacts"].clone();
    assert_eq!(contacts[0]["address"], "Camille@exemple.org");
    assert_eq!(contacts[0]["verified"], false);
    let contact = contacts[0]["id"].as_str().unwrap().to_owned();
    let sent = mail.messages_to("Camille@exemple.org").await;
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Votre code de vérification")
    );
    let code = mail.last_code("Camille@exemple.org").await;
    // Never in the journal.
    let journal = app.journal("contact.code_sent").await;
    assert_eq!(journal.len(), 1);
    assert!(!format!("{journal:?}").contains(&code));
    assert!(!format!("{journal:?}").contains("exemple.org"));

    // A wrong code says how many tries are left; the right one verifies, once.
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, answer) = verify(&mut camille, &contact, wrong).await;
    assert_eq!((status, reason(&answer)), (422, "wrong_code:4".to_owned()), "{answer}");
    assert_eq!(settings(&mut camille).await["contacts"][0]["verified"], false);
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let (status, answer) = verify(&mut camille, &contact, &spaced).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(settings(&mut camille).await["contacts"][0]["verified"], true);
    let (status, answer) = verify(&mut camille, &contact, &code).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, "spent_code".to_owned()),
        "a code works once"
    );

    // Someone else cannot verify, resend to or remove Camille's address.
    let mut jordan = app.browser();
    assert_eq!(jordan.dev_sign_in("demo-citizen-2", "/fr").await.status(), 303);
    for path in [
        "/api/notifications/contacts/resend",
        "/api/notifications/contacts/remove",
    ] {
        assert_eq!(
            post(&mut jordan, path, &format!("contact={contact}")).await.0,
            404,
            "{path}"
        );
    }
    let (status, _) = verify(&mut jordan, &contact, &code).await;
    assert_eq!(status, 404);
    assert_eq!(settings(&mut jordan).await["contacts"], json!([]));

    // A status change: one e-mail, in French, saying only that there is news, with a link.
    let token = server::service_api::demo::demo_token("plaintes");
    let event = json!({
        "event_id": "evt-1", "status": "information_requise",
        "message": {"fr": "Envoyez-nous la facture de la clinique.", "en": "Send us the clinic's invoice."},
    });
    assert_eq!(report(&app, "plaintes", &token, &reference, event.clone()).await.0, 201);
    assert_eq!(report(&app, "plaintes", &token, &reference, event).await.0, 200);
    eventually(async || mail.messages_to("Camille@exemple.org").await.len() == 2).await;
    eventually(async || deliveries(&mut camille).await[0]["state"] == "sent").await;
    let news = mail.messages_to("Camille@exemple.org").await.pop().unwrap();
    assert!(
        news["subject"]
            .as_str()
            .unwrap()
            .starts_with("Une action est requise pour votre demande")
    );
    let (text, html) = (news["text"].as_str().unwrap(), news["html"].as_str().unwrap());
    assert!(text.contains("« Porter plainte et suivre sa plainte »"), "{text}");
    assert!(
        text.contains("http://127.0.0.1:3000/fr/messages"),
        "a link to the inbox, at the portal's public address"
    );
    assert!(html.contains("lang=\"fr\""));
    for detail in ["facture", "Information requise", reference.as_str(), "Camille Tremblay"] {
        assert!(
            !text.contains(detail) && !html.contains(detail),
            "{detail} is in the e-mail"
        );
    }
    assert_eq!(deliveries(&mut camille).await[0]["channel"], "email");
    let page = camille.get("/fr/messages").await.text().await.unwrap();
    assert!(
        page.contains("Avis envoyé par courriel le"),
        "the inbox says where it went"
    );

    // The same event again sent nothing more.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mail.messages_to("Camille@exemple.org").await.len(), 2);

    // Request updates no longer by e-mail: the next status reaches the inbox only.
    let (status, _) = post(
        &mut camille,
        "/api/notifications/preferences",
        "action_required_email=on",
    )
    .await;
    assert_eq!(status, 200);
    let review = json!({"event_id": "evt-2", "status": "en_examen"});
    assert_eq!(report(&app, "plaintes", &token, &reference, review).await.0, 201);
    eventually(async || {
        common::requests::scalar(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state = 'done'",
        )
        .await
            == 2
    })
    .await;
    assert_eq!(mail.messages_to("Camille@exemple.org").await.len(), 2);
    assert_eq!(deliveries(&mut camille).await, json!([]));
}

async fn an_smtp_server_that_is_down_gets_the_news_later_once(backend: Backend) {
    let mut mail = MailDev::start().await;
    let (app, _service, mut camille, reference) = delivered(backend, &mail).await;
    verify_email(&mut camille, &mail, "camille@exemple.org").await;
    mail.stop();
    let token = server::service_api::demo::demo_token("plaintes");
    let event = json!({"event_id": "evt-1", "status": "en_examen"});
    assert_eq!(report(&app, "plaintes", &token, &reference, event).await.0, 201);
    eventually(async || deliveries(&mut camille).await[0]["state"] == "temporary_failure").await;
    assert_eq!(
        common::requests::scalar(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state = 'pending'"
        )
        .await,
        1
    );
    mail.resume().await;
    // The next attempt is due after its backoff: move the portal's clock past it.
    app.clock.advance(time::Duration::minutes(10));
    eventually(async || deliveries(&mut camille).await[0]["state"] == "sent").await;
    let news = mail.messages_to("camille@exemple.org").await;
    assert_eq!(news.len(), 1, "delivered once");
    assert!(
        news[0]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Du nouveau concernant votre demande")
    );
}

async fn codes_are_limited_per_address_and_per_try(backend: Backend) {
    let mail = MailDev::start().await;
    let (app, _service, mut camille, _reference) = delivered(backend, &mail).await;
    let (status, _) = post(
        &mut camille,
        "/api/notifications/contacts/add",
        "channel=email&address=camille%40exemple.org",
    )
    .await;
    assert_eq!(status, 200);
    let contact = settings(&mut camille).await["contacts"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for _ in 0..2 {
        assert_eq!(resend(&mut camille, &contact).await.0, 200);
    }
    // Three codes to one address in an hour: the fourth is refused, and not sent.
    let (status, answer) = resend(&mut camille, &contact).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, "too_many_codes".to_owned()),
        "{answer}"
    );
    assert_eq!(mail.messages_to("camille@exemple.org").await.len(), 3);
    // Only the last code works, and five wrong tries spend it.
    let code = mail.last_code("camille@exemple.org").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..5).rev() {
        let (_, answer) = verify(&mut camille, &contact, wrong).await;
        assert_eq!(reason(&answer), format!("wrong_code:{left}"));
    }
    let (_, answer) = verify(&mut camille, &contact, wrong).await;
    assert_eq!(reason(&answer), "spent_code");
    let (_, answer) = verify(&mut camille, &contact, &code).await;
    assert_eq!(reason(&answer), "spent_code", "the right code, too late");
    assert_eq!(settings(&mut camille).await["contacts"][0]["verified"], false);
    // An hour later, a new code can be asked for, and it is not the old one's hash.
    app.clock.advance(time::Duration::minutes(61));
    let mut camille = app.browser();
    assert_eq!(
        camille.dev_sign_in("demo-citizen-1", "/fr").await.status(),
        303,
        "idle for an hour: signed in again"
    );
    assert_eq!(resend(&mut camille, &contact).await.0, 200);
    let fresh = mail.last_code("camille@exemple.org").await;
    let (status, _) = verify(&mut camille, &contact, &fresh).await;
    assert_eq!(status, 200);
    // Removed, the address is gone, and its messages stop.
    assert_eq!(
        post(
            &mut camille,
            "/api/notifications/contacts/remove",
            &format!("contact={contact}")
        )
        .await
        .0,
        200
    );
    assert_eq!(settings(&mut camille).await["contacts"], json!([]));
}

both_backends!(
    an_address_is_verified_by_its_code_then_carries_news_without_detail,
    an_smtp_server_that_is_down_gets_the_news_later_once,
    codes_are_limited_per_address_and_per_try,
);
