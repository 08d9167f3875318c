//! A service's message about a request, without a change of status: a timeline line and an
//! inbox entry in one transaction, told once per message id, an e-mail that says only there is
//! news; one that asks something (with a deadline) marks the request "action required" until the
//! next status. Every refusal names its field and changes nothing.

use crate::common;

use common::Backend;
use common::browser::Browser;
use common::mail::{MailDev, sending_to};
use common::notices::{post, verify_email};
use common::requests::{
    KEY, Service, citizen_with_complete_draft, complaint_status, eventually, portal_with, submit, write,
};
use serde_json::{Value, json};

async fn inbox(browser: &mut Browser) -> Value {
    post(browser, "/api/notifications/inbox", "").await.1
}

async fn detail(browser: &mut Browser, id: &str) -> Value {
    let (status, shown) = post(browser, "/api/requests/show", &format!("id={id}")).await;
    assert_eq!(status, 200, "{shown}");
    shown
}

/// Camille's complaint, sent and delivered to `service`; her browser, its id and reference.
async fn sent(app: &common::TestApp, service: &Service, mail: Option<&MailDev>) -> (Browser, String, String) {
    let mut camille = citizen_with_complete_draft(app).await;
    if let Some(mail) = mail {
        verify_email(&mut camille, mail, "camille@exemple.org").await;
    }
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    eventually(async || service.count() == 1).await;
    let id = receipt["id"].as_str().unwrap().to_owned();
    (camille, id, receipt["reference"].as_str().unwrap().to_owned())
}

async fn a_service_writes_to_the_citizen_without_changing_the_status(backend: Backend) {
    let mail = MailDev::start().await;
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| sending_to(s, &mail)).await;
    let (mut camille, id, reference) = sent(&app, &service, Some(&mail)).await;
    let token = server::service_api::demo::demo_token("plaintes");
    assert_eq!(complaint_status(&app, &reference, "e-1", "en_examen").await, 201);
    // Its e-mail is gone before the message comes (otherwise one e-mail would carry both).
    eventually(async || mail.messages_to("camille@exemple.org").await.len() == 2).await;
    let before = detail(&mut camille, &id).await;

    // A plain message: 201, recorded once, the status unchanged, nothing asked.
    let message = json!({
        "message_id": "m-1",
        "message": {"fr": "Nous avons reçu vos documents.", "en": "We received your documents."},
    });
    let (status, answer) = write(&app, "plaintes", &token, &reference, message.clone()).await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(
        answer,
        json!({"reference": reference, "message_id": "m-1", "action_required": false, "replayed": false})
    );
    let (status, answer) = write(&app, "plaintes", &token, &reference, message).await;
    assert_eq!(
        (status, answer["replayed"].clone()),
        (200, json!(true)),
        "sent again: told once"
    );
    let shown = inbox(&mut camille).await;
    let kinds: Vec<Value> = shown["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].clone())
        .collect();
    assert_eq!(kinds, [json!("service_message"), json!("status_changed")], "{shown}");
    let newest = &shown["notifications"][0];
    assert_eq!(newest["message"]["fr"], "Nous avons reçu vos documents.");
    assert_eq!(newest["status"], Value::Null);
    assert_eq!(newest["request"], json!([id, reference]));
    let after = detail(&mut camille, &id).await;
    assert_eq!(after["status"], before["status"], "a message changes no status");
    assert_eq!(after["action_required"], false);
    let line = after["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(line["kind"], "message");
    assert_eq!(line["message"]["en"], "We received your documents.");

    // Its e-mail says there is news, never the words.
    eventually(async || mail.messages_to("camille@exemple.org").await.len() == 3).await;
    let news = mail.messages_to("camille@exemple.org").await.pop().unwrap();
    let (text, html) = (news["text"].as_str().unwrap(), news["html"].as_str().unwrap());
    assert!(text.contains("« Porter plainte et suivre sa plainte »"), "{text}");
    for detail in ["documents", reference.as_str()] {
        assert!(
            !text.contains(detail) && !html.contains(detail),
            "{detail} is in the e-mail"
        );
    }

    // A message with a deadline asks something: the request says so, and by when.
    let asked = json!({
        "message_id": "m-2",
        "message": {"fr": "Envoyez-nous la facture.", "en": "Send us the invoice."},
        "deadline": "2026-12-20",
    });
    let (status, answer) = write(&app, "plaintes", &token, &reference, asked).await;
    assert_eq!(
        (status, answer["action_required"].clone()),
        (201, json!(true)),
        "{answer}"
    );
    let shown = inbox(&mut camille).await;
    assert_eq!(shown["notifications"][0]["kind"], "action_required");
    assert_eq!(shown["notifications"][0]["deadline"], "2026-12-20");
    let after = detail(&mut camille, &id).await;
    assert_eq!(
        (after["action_required"].clone(), after["deadline"].clone()),
        (json!(true), json!("2026-12-20"))
    );
    for (path, words) in [
        (
            format!("/fr/mes-demarches/{id}"),
            [
                "Message du service",
                "Envoyez-nous la facture.",
                "À faire au plus tard",
                "20 décembre 2026",
            ],
        ),
        (
            format!("/en/my-requests/{id}"),
            [
                "Message from the service",
                "Send us the invoice.",
                "Due by",
                "December 20, 2026",
            ],
        ),
    ] {
        let html = camille.get(&path).await.text().await.unwrap();
        for text in words {
            assert!(html.contains(text), "{text} missing from {path}");
        }
    }
    let html = camille.get("/fr/messages").await.text().await.unwrap();
    for text in [
        "Le service vous a écrit au sujet de votre demande",
        "À faire au plus tard le",
        "20 décembre 2026",
    ] {
        assert!(html.contains(text), "{text} missing from the inbox");
    }
    let html = camille.get("/en/messages").await.text().await.unwrap();
    assert!(
        html.contains("Due by") && html.contains("December 20, 2026"),
        "the English inbox says the deadline"
    );

    // The next status that asks nothing clears it.
    assert_eq!(complaint_status(&app, &reference, "e-2", "en_examen").await, 201);
    let after = detail(&mut camille, &id).await;
    assert_eq!(
        (after["action_required"].clone(), after["deadline"].clone()),
        (json!(false), Value::Null)
    );

    // Journaled by message id, never by its words.
    let journal = app.journal("request.message").await;
    assert_eq!(journal.len(), 2, "{journal:?}");
    assert!(!format!("{journal:?}").contains("facture"));
}

async fn a_message_that_does_not_fit_is_refused_by_name_and_changes_nothing(backend: Backend) {
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| s).await;
    let (mut camille, id, reference) = sent(&app, &service, None).await;
    let token = server::service_api::demo::demo_token("plaintes");
    let words = json!({"fr": "Bonjour", "en": "Hello"});
    let refused = [
        (
            json!({"message_id": "m 1", "message": words}),
            422,
            "invalid_event_id",
            "message_id",
            "invalid_id",
        ),
        (json!({"message_id": "m-1"}), 422, "malformed", "", "malformed"),
        (
            json!({"message_id": "m-1", "message": {"fr": "Bonjour", "en": " "}}),
            422,
            "invalid_message",
            "message.en",
            "missing",
        ),
        (
            json!({"message_id": "m-1", "message": {"fr": "é".repeat(2001), "en": "Hi"}}),
            422,
            "message_too_long",
            "message.fr",
            "too_long",
        ),
        (
            json!({"message_id": "m-1", "message": words, "deadline": "20 décembre"}),
            422,
            "invalid_deadline",
            "deadline",
            "invalid_date",
        ),
        (
            json!({"message_id": "m-1", "message": words, "deadline": "2026-12-20", "action_required": false}),
            422,
            "invalid_deadline",
            "deadline",
            "needs_action",
        ),
        (
            json!({"message_id": "m-1", "message": words, "status": "en_examen"}),
            422,
            "malformed",
            "status",
            "malformed",
        ),
    ];
    for (body, code, error, path, problem) in refused {
        let (status, answer) = write(&app, "plaintes", &token, &reference, body.clone()).await;
        assert_eq!(
            (status, answer["error"].as_str().unwrap_or_default()),
            (code, error),
            "{body}: {answer}"
        );
        assert_eq!(answer["problems"][0]["path"], path, "{answer}");
        assert_eq!(answer["problems"][0]["code"], problem, "{answer}");
        assert!(!answer["message"].as_str().unwrap().is_empty());
    }
    // In English when asked.
    let response = app
        .client
        .post(app.url(&format!("/api/v1/services/plaintes/requests/{reference}/messages")))
        .bearer_auth(&token)
        .header("accept-language", "en")
        .json(&json!({"message_id": "m-1", "message": words, "deadline": "demain"}))
        .send()
        .await
        .unwrap();
    let answer: Value = response.json().await.unwrap();
    assert_eq!(answer["problems"][0]["message"], "deadline must be a date YYYY-MM-DD");
    // Another service's token, an unknown reference, no token.
    let other = server::service_api::demo::demo_token("depistage-cancer");
    let fine = json!({"message_id": "m-1", "message": words});
    assert_eq!(write(&app, "plaintes", &other, &reference, fine.clone()).await.0, 403);
    assert_eq!(
        write(&app, "plaintes", &token, "VS-2026-999999", fine.clone()).await.0,
        404
    );
    assert_eq!(write(&app, "plaintes", "nope", &reference, fine.clone()).await.0, 401);
    assert_eq!(
        inbox(&mut camille).await["notifications"],
        json!([]),
        "nothing refused was told"
    );

    // Withdrawn: a message asking an action is refused (409), a plain one still reaches the citizen.
    let (status, answer) = post(&mut camille, "/api/requests/withdraw", &format!("id={id}&reason=")).await;
    assert_eq!(status, 200, "{answer}");
    let asking = json!({"message_id": "m-2", "message": words, "action_required": true});
    let (status, answer) = write(&app, "plaintes", &token, &reference, asking).await;
    assert_eq!((status, answer["error"].clone()), (409, json!("withdrawn")), "{answer}");
    assert_eq!(write(&app, "plaintes", &token, &reference, fine).await.0, 201);
    let shown = inbox(&mut camille).await;
    assert_eq!(shown["notifications"].as_array().unwrap().len(), 1, "{shown}");
    assert_eq!(shown["notifications"][0]["kind"], "service_message");
    let after = detail(&mut camille, &id).await;
    assert_eq!(after["action_required"], false);
    assert_eq!(after["stage"], "withdrawn");
}

async fn a_citizen_who_chose_english_is_told_in_english(backend: Backend) {
    let mail = MailDev::start().await;
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| sending_to(s, &mail)).await;
    let (mut camille, _id, reference) = sent(&app, &service, Some(&mail)).await;
    let (status, _) = post(&mut camille, "/api/profile/language", "language=en").await;
    assert_eq!(status, 200);
    let token = server::service_api::demo::demo_token("plaintes");
    let message =
        json!({"message_id": "m-1", "message": {"fr": "Votre radiographie est prête.", "en": "Your X-ray is ready."}});
    assert_eq!(write(&app, "plaintes", &token, &reference, message).await.0, 201);
    eventually(async || mail.messages_to("camille@exemple.org").await.len() == 2).await;
    let news = mail.messages_to("camille@exemple.org").await.pop().unwrap();
    let subject = news["subject"].as_str().unwrap();
    assert!(subject.starts_with("News about your request"), "{subject}");
    let (text, html) = (news["text"].as_str().unwrap(), news["html"].as_str().unwrap());
    assert!(text.contains("File and follow a complaint"), "{text}");
    assert!(text.contains("/en/messages"), "{text}");
    assert!(html.contains("lang=\"en\""));
    assert!(
        !text.contains("X-ray") && !html.contains("X-ray"),
        "the words stay in the portal"
    );
}

both_backends!(
    a_citizen_who_chose_english_is_told_in_english,
    a_service_writes_to_the_citizen_without_changing_the_status,
    a_message_that_does_not_fit_is_refused_by_name_and_changes_nothing,
);
