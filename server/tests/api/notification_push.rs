//! Web push against a real push service (npm web-push-testing): a device kept only with a
//! public https endpoint and real keys, news pushed with its VAPID signature and aes128gcm
//! encryption saying nothing but the service and the inbox, a subscription gone (410)
//! removing the device and handing over to e-mail, and devices that are their citizen's own.

use crate::common;

use common::browser::Browser;
use common::mail::{MailDev, sending_to};
use common::notices::{deliveries, post, verify_email};
use common::push::{PushService, pushing};
use common::requests::{KEY, Service, citizen_with_complete_draft, complaint_status, eventually, portal_with, submit};
use common::{Backend, TestApp};
use serde_json::{Value, json};

async fn settings_of(browser: &mut Browser) -> Value {
    post(browser, "/api/notifications/settings", "").await.1
}

fn state_of(deliveries: &Value, channel: &str) -> Value {
    deliveries
        .as_array()
        .and_then(|all| all.iter().find(|d| d["channel"] == channel))
        .map_or(Value::Null, |d| d["state"].clone())
}

/// Camille's complaint, delivered, on a portal that pushes and mails through `mail`.
async fn delivered(backend: Backend, mail: &MailDev) -> (TestApp, Browser, String) {
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| pushing(sending_to(s, mail))).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    eventually(async || service.count() == 1).await;
    (app, camille, receipt["reference"].as_str().unwrap().to_owned())
}

async fn a_device_gets_news_with_no_detail_until_its_subscription_goes_and_email_takes_over(backend: Backend) {
    let push = PushService::start().await;
    let mail = MailDev::start().await;
    let (app, mut camille, reference) = delivered(backend, &mail).await;
    let key = settings_of(&mut camille).await["push_key"]
        .as_str()
        .expect("the portal's key")
        .to_owned();

    // Subscriptions the portal must never push to: refused, said, nothing kept.
    let device = push.subscribe(&key).await;
    for (endpoint, p256dh) in [
        ("http://169.254.169.254/latest/meta-data", device.p256dh.as_str()),
        ("http://10.0.0.7/push", device.p256dh.as_str()),
        ("ftp://push.example/x", device.p256dh.as_str()),
        (device.endpoint.as_str(), "bm90LWEta2V5"),
    ] {
        let bad = common::push::Subscribed {
            endpoint: endpoint.to_owned(),
            p256dh: p256dh.to_owned(),
            ..device.clone()
        };
        let (status, answer) = post(&mut camille, "/api/notifications/devices/add", &bad.form()).await;
        assert_eq!(
            (status, answer["InvalidInput"]["fields"][0].clone()),
            (422, json!(["device", "unusable_device"])),
            "{endpoint}"
        );
    }
    assert_eq!(settings_of(&mut camille).await["devices"], json!([]));

    // This browser allows it: the device is kept, named after the browser.
    let (status, answer) = post(&mut camille, "/api/notifications/devices/add", &device.form()).await;
    assert_eq!(status, 200, "{answer}");
    let devices = settings_of(&mut camille).await["devices"].clone();
    assert_eq!(devices.as_array().unwrap().len(), 1);
    assert_eq!(devices[0]["name"], "Chrome · Linux");
    assert_eq!(app.journal("push_device.added").await.len(), 1);
    verify_email(&mut camille, &mail, "camille@exemple.org").await;

    // By default a device comes first: pushed, decrypted by the push service, and no e-mail.
    assert_eq!(complaint_status(&app, &reference, "evt-1", "en_examen").await, 201);
    eventually(async || state_of(&deliveries(&mut camille).await, "push") == "sent").await;
    let received = push.received(&device).await;
    assert_eq!(received.len(), 1, "{received:?}");
    let title = received[0]["title"].as_str().unwrap();
    assert!(title.contains("\"Porter plainte et suivre sa plainte\""), "{title}");
    assert_eq!(received[0]["url"], "/fr/messages");
    assert_eq!(
        received[0].as_object().unwrap().len(),
        2,
        "a title and a link, nothing else"
    );
    for detail in ["examen", reference.as_str(), "Camille"] {
        assert!(!received[0].to_string().contains(detail), "{detail} was pushed");
    }
    assert_eq!(mail.messages_to("camille@exemple.org").await.len(), 1, "the code only");
    let page = camille.get("/fr/messages").await.text().await.unwrap();
    assert!(
        page.contains("Avis envoyé sur vos appareils le"),
        "the inbox says where it went"
    );

    // The browser dropped the subscription: the next push gets 410, the device goes and the
    // e-mail carries the news, once.
    push.expire(&device).await;
    assert_eq!(
        complaint_status(&app, &reference, "evt-2", "conclusions_transmises").await,
        201
    );
    eventually(async || state_of(&deliveries(&mut camille).await, "email") == "sent").await;
    assert_eq!(state_of(&deliveries(&mut camille).await, "push"), "permanent_failure");
    assert_eq!(settings_of(&mut camille).await["devices"], json!([]));
    assert_eq!(mail.messages_to("camille@exemple.org").await.len(), 2);
    assert_eq!(push.received(&device).await.len(), 1);
}

async fn a_device_is_its_citizens_own(backend: Backend) {
    let push = PushService::start().await;
    let mail = MailDev::start().await;
    let (app, mut camille, _) = delivered(backend, &mail).await;
    let key = settings_of(&mut camille).await["push_key"].as_str().unwrap().to_owned();
    let device = push.subscribe(&key).await;
    assert_eq!(
        post(&mut camille, "/api/notifications/devices/add", &device.form())
            .await
            .0,
        200
    );
    let id = settings_of(&mut camille).await["devices"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    // A guest cannot keep a device; another citizen cannot remove Camille's.
    let mut guest = app.browser();
    let (status, _) = post(&mut guest, "/api/notifications/devices/add", &device.form()).await;
    assert_eq!(status, 401);
    let mut other = app.browser();
    assert_eq!(other.dev_sign_in("demo-citizen-2", "/fr").await.status(), 303);
    let (status, _) = post(&mut other, "/api/notifications/devices/remove", &format!("device={id}")).await;
    assert_eq!(status, 404);
    assert_eq!(settings_of(&mut camille).await["devices"].as_array().unwrap().len(), 1);

    // The same browser subscribed by someone else (a shared computer) is theirs from then on.
    assert_eq!(
        post(&mut other, "/api/notifications/devices/add", &device.form())
            .await
            .0,
        200
    );
    assert_eq!(settings_of(&mut camille).await["devices"], json!([]));
    assert_eq!(settings_of(&mut other).await["devices"].as_array().unwrap().len(), 1);

    // Removed by its owner, journaled; the settings page lists it until then, translated.
    let page = other.get("/en/message-settings").await.text().await.unwrap();
    assert!(page.contains("Stop sending notices to Chrome · Linux"), "{page}");
    let id = settings_of(&mut other).await["devices"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        post(&mut other, "/api/notifications/devices/remove", &format!("device={id}"))
            .await
            .0,
        200
    );
    assert_eq!(settings_of(&mut other).await["devices"], json!([]));
    assert_eq!(app.journal("push_device.removed").await.len(), 1);
}

both_backends!(
    a_device_gets_news_with_no_detail_until_its_subscription_goes_and_email_takes_over,
    a_device_is_its_citizens_own,
);
