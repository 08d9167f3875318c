//! When notices go out: a burst of news about one request makes one message (folding), and
//! nothing is sent at night in Québec except "action required" (quiet hours). The portal's
//! clock is moved instead of sleeping; MailDev is the SMTP server.

use crate::common;

use common::browser::Browser;
use common::mail::{MailDev, sending_to};
use common::notices::{post, verify_email};
use common::requests::{
    KEY, Service, citizen_with_complete_draft, complaint_status, eventually, portal_with, report, scalar, submit,
};
use common::{Backend, TestApp};
use serde_json::{Value, json};

/// Camille, with a complaint delivered and a verified address, on `app`; her reference.
async fn camille_with_address(app: &TestApp, service: &Service, mail: &MailDev) -> (Browser, String) {
    let mut camille = citizen_with_complete_draft(app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    eventually(async || service.count() == 1).await;
    verify_email(&mut camille, mail, "camille@exemple.org").await;
    (camille, receipt["reference"].as_str().unwrap().to_owned())
}

async fn notices(mail: &MailDev) -> Vec<Value> {
    let all = mail.messages_to("camille@exemple.org").await;
    all.into_iter()
        .filter(|m| !m["subject"].as_str().unwrap_or_default().starts_with("Votre code"))
        .collect()
}

async fn five_events_in_one_window_make_one_email_and_five_inbox_entries(backend: Backend) {
    let mail = MailDev::start().await;
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| {
        let mut s = sending_to(s, &mail);
        s.notify.notify_fold_minutes = 15;
        s
    })
    .await;
    let (mut camille, reference) = camille_with_address(&app, &service, &mail).await;
    let token = server::service_api::demo::demo_token("plaintes");
    for (n, status) in ["recue", "en_examen", "en_examen", "en_examen", "en_examen"]
        .iter()
        .enumerate()
    {
        let event = json!({"event_id": format!("evt-{n}"), "status": status});
        assert_eq!(report(&app, "plaintes", &token, &reference, event).await.0, 201);
    }
    // Within the window: the inbox has all five at once, and no e-mail has gone.
    let inbox = post(&mut camille, "/api/notifications/inbox", "").await.1;
    assert_eq!(inbox["notifications"].as_array().unwrap().len(), 5);
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    assert!(notices(&mail).await.is_empty());
    // After it: one e-mail says there are five, and each entry says it was sent.
    app.clock.advance(time::Duration::minutes(16));
    // The burst has one job: the first news's, which the other four joined.
    let jobs = "SELECT COUNT(*) FROM jobs WHERE kind = 'notify'";
    assert_eq!(scalar(&app, jobs).await, 1);
    eventually(async || {
        scalar(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state = 'done'",
        )
        .await
            == 1
    })
    .await;
    let sent = notices(&mail).await;
    assert_eq!(sent.len(), 1, "one e-mail for the burst");
    assert!(
        sent[0]["text"].as_str().unwrap().contains("Il y a 5 nouveautés"),
        "{}",
        sent[0]["text"]
    );
    let mut camille = app.browser();
    assert_eq!(camille.dev_sign_in("demo-citizen-1", "/fr").await.status(), 303);
    let inbox = post(&mut camille, "/api/notifications/inbox", "").await.1;
    for entry in inbox["notifications"].as_array().unwrap() {
        assert_eq!(entry["deliveries"][0]["state"], "sent", "{entry}");
    }
}

async fn news_that_joined_a_notice_whose_own_news_went_earlier_still_goes(backend: Backend) {
    let mail = MailDev::start().await;
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| {
        let mut s = sending_to(s, &mail);
        s.notify.notify_fold_minutes = 15;
        s
    })
    .await;
    let (_camille, reference) = camille_with_address(&app, &service, &mail).await;
    assert_eq!(complaint_status(&app, &reference, "evt-1", "recue").await, 201);
    assert_eq!(complaint_status(&app, &reference, "evt-2", "en_examen").await, 201);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM jobs WHERE kind = 'notify'").await,
        1,
        "the second joined the first's"
    );
    // The first news went with another notice meanwhile (a worker's race the benchmark met).
    sqlx::query(
        "INSERT INTO notification_deliveries (notification_id, channel, state, updated_at) \
         SELECT id, 'email', 'sent', created_at FROM notifications WHERE source = 'evt-1'",
    )
    .execute(app.db.pool())
    .await
    .unwrap();
    app.clock.advance(time::Duration::minutes(16));
    eventually(async || notices(&mail).await.len() == 1).await;
    let mut camille_again = app.browser();
    assert_eq!(camille_again.dev_sign_in("demo-citizen-1", "/fr").await.status(), 303);
    let inbox = post(&mut camille_again, "/api/notifications/inbox", "").await.1;
    assert_eq!(inbox["notifications"][0]["deliveries"][0]["state"], "sent", "{inbox}");
}

/// How far the portal's clock must move for Québec's local time to be `hour`:00 next.
fn until_local_hour(app: &TestApp, hour: u32) -> time::Duration {
    use chrono::{TimeZone, Timelike};
    let now = app.clock.now();
    let zone = app::notifications::timing::ZONE;
    let local = zone.timestamp_opt(now.unix_timestamp(), 0).unwrap();
    let mut target = local
        .with_minute(0)
        .unwrap()
        .with_second(0)
        .unwrap()
        .with_hour(hour)
        .unwrap();
    if target <= local {
        target += chrono::Duration::days(1);
    }
    time::Duration::seconds(target.timestamp() - now.unix_timestamp())
}

async fn at_night_only_an_action_required_goes_and_the_rest_waits_for_the_morning(backend: Backend) {
    let mail = MailDev::start().await;
    let (service, address) = Service::start().await;
    service.answer(200);
    let app = portal_with(backend, &address, |s| {
        let mut s = sending_to(s, &mail);
        s.notify.quiet_hours = "21-8".to_owned();
        s
    })
    .await;
    // 22:00 in Québec.
    app.clock.advance(until_local_hour(&app, 22));
    let (mut camille, reference) = camille_with_address(&app, &service, &mail).await;
    let token = server::service_api::demo::demo_token("plaintes");
    assert_eq!(complaint_status(&app, &reference, "evt-1", "en_examen").await, 201);
    eventually(async || !app.journal("notification.postponed").await.is_empty()).await;
    assert!(notices(&mail).await.is_empty(), "nothing at night");
    // The service needs something: that goes at once, with the earlier news in it.
    let action = json!({"event_id": "evt-2", "status": "information_requise"});
    assert_eq!(report(&app, "plaintes", &token, &reference, action).await.0, 201);
    eventually(async || notices(&mail).await.len() == 1).await;
    let sent = notices(&mail).await;
    assert!(
        sent[0]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Une action est requise")
    );
    let inbox = post(&mut camille, "/api/notifications/inbox", "").await.1;
    for entry in inbox["notifications"].as_array().unwrap() {
        assert_eq!(entry["deliveries"][0]["state"], "sent", "{entry}");
    }
    // More news that night waits for 8:00, then goes once.
    assert_eq!(complaint_status(&app, &reference, "evt-3", "en_examen").await, 201);
    eventually(async || app.journal("notification.postponed").await.len() >= 2).await;
    assert_eq!(notices(&mail).await.len(), 1);
    app.clock
        .advance(until_local_hour(&app, 8) + time::Duration::minutes(1));
    eventually(async || notices(&mail).await.len() == 2).await;
    eventually(async || {
        scalar(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state = 'pending'",
        )
        .await
            == 0
    })
    .await;
    let morning = notices(&mail).await;
    assert!(
        morning[1]["subject"]
            .as_str()
            .unwrap()
            .starts_with("Du nouveau concernant votre demande")
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        notices(&mail).await.len(),
        2,
        "the night's first news went with the action, not again"
    );
}

both_backends!(
    five_events_in_one_window_make_one_email_and_five_inbox_entries,
    news_that_joined_a_notice_whose_own_news_went_earlier_still_goes,
    at_night_only_an_action_required_goes_and_the_rest_waits_for_the_morning,
);
