//! News of new services: a service's first publication and an administrator's novelty, shown
//! on the home page to everyone, told to the citizens who follow their category (inbox always;
//! e-mail when chosen, each one or in the Monday digest), with a one-click unsubscription
//! (RFC 8058) that needs no session.

use crate::common;

use common::browser::Browser;
use common::mail::{MailDev, sending_to};
use common::notices::{post, verify_email};
use common::requests::eventually;
use common::services::{demo, put, token_for};
use common::{Backend, TestApp, spawn_with};
use serde_json::{Value, json};

async fn citizen(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    browser
}

async fn inbox(browser: &mut Browser) -> Vec<Value> {
    let answer = post(browser, "/api/notifications/inbox", "").await.1;
    answer["notifications"].as_array().cloned().unwrap_or_default()
}

/// A service never published here, in `category`.
async fn publish_new_service(app: &TestApp, id: &str, category: &str) -> u16 {
    let mut manifest = demo("depistage-cancer");
    manifest["id"] = json!(id);
    manifest["category"] = json!(category);
    manifest["title"] = json!({"fr": format!("Service {id}"), "en": format!("Service {id} (en)")});
    manifest["summary"] = json!({"fr": "Prenez rendez-vous en ligne.", "en": "Book online."});
    let token = token_for(app, id).await;
    put(app, id, &token, &manifest).await.0
}

async fn a_new_service_is_news_on_the_home_page_and_for_its_followers_who_can_unsubscribe_in_one_click(
    backend: Backend,
) {
    let mail = MailDev::start().await;
    let app = spawn_with(backend, |s| sending_to(s, &mail)).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    verify_email(&mut camille, &mail, "camille@exemple.org").await;
    let chosen = "request_updates_email=on&announcements_email=on";
    assert_eq!(
        post(&mut camille, "/api/notifications/preferences", chosen).await.0,
        200
    );
    let (status, _) = post(
        &mut camille,
        "/api/notifications/following",
        "prevention=on&frequency=each",
    )
    .await;
    assert_eq!(status, 200);
    // An unknown frequency is refused and changes nothing.
    let (status, _) = post(
        &mut camille,
        "/api/notifications/following",
        "family=on&frequency=daily",
    )
    .await;
    assert_eq!(status, 422);
    let following = post(&mut camille, "/api/notifications/settings", "").await.1["following"].clone();
    assert_eq!(following, json!({"categories": ["prevention"], "frequency": "each"}));
    let mut jordan = citizen(&app, "demo-citizen-2").await;
    verify_email(&mut jordan, &mail, "jordan@exemple.org").await;
    post(&mut jordan, "/api/notifications/preferences", chosen).await;
    post(&mut jordan, "/api/notifications/following", "family=on&frequency=each").await;

    assert_eq!(publish_new_service(&app, "vaccination", "prevention").await, 201);
    // Everyone sees it on the home page, in their language.
    let home = app.get("/fr").await.text().await.unwrap();
    assert!(
        home.contains("Nouveautés") && home.contains("Service vaccination"),
        "on the home page"
    );
    assert!(home.contains("Prenez rendez-vous en ligne."));
    let home = app.get("/en").await.text().await.unwrap();
    assert!(home.contains("What&#x27;s new") || home.contains("What's new"));
    assert!(home.contains("Service vaccination (en)"));

    // Camille follows prevention: her inbox and one e-mail; Jordan follows family: nothing.
    eventually(async || mail.messages_to("camille@exemple.org").await.len() == 2).await;
    let entries = inbox(&mut camille).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["kind"], "announcement");
    assert_eq!(entries[0]["title"]["fr"], "Service vaccination");
    let email = mail.messages_to("camille@exemple.org").await.pop().unwrap();
    assert!(
        email["subject"].as_str().unwrap().contains("Service vaccination"),
        "{}",
        email["subject"]
    );
    let source = mail.source(&email).await;
    let header = |name: &str| {
        source
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{name} missing: {source}"))
            .to_owned()
    };
    let unsubscribe = header("List-Unsubscribe");
    assert_eq!(header("List-Unsubscribe-Post"), "List-Unsubscribe=One-Click");
    assert!(inbox(&mut jordan).await.is_empty());
    assert_eq!(mail.messages_to("jordan@exemple.org").await.len(), 1, "the code only");

    // The mail program's one click, with no session: e-mail stops for announcements only.
    let url = unsubscribe.trim_start_matches('<').trim_end_matches('>');
    assert!(
        url.starts_with("http://127.0.0.1:3000/api/v1/unsubscribe/"),
        "the public address: {url}"
    );
    // The test's portal listens elsewhere than its public address.
    let url = app.url(&url["http://127.0.0.1:3000".len()..]);
    let opened = app.client.get(&url).send().await.unwrap();
    assert_eq!(opened.status(), 303, "a GET changes nothing");
    let clicked = app
        .client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(clicked.status(), 200);
    let chosen = post(&mut camille, "/api/notifications/settings", "").await.1["preferences"]["chosen"].clone();
    assert_eq!(chosen[2], json!(["announcements", []]));
    assert_eq!(
        chosen[0],
        json!(["request_updates", ["email"]]),
        "request updates still by e-mail"
    );
    assert_eq!(app.journal("notification.unsubscribed").await.len(), 1);
    let forged = format!("{}/api/v1/unsubscribe/{}", app.url(""), "0".repeat(64));
    assert_eq!(app.client.post(forged).send().await.unwrap().status(), 404);

    // The next new service reaches her inbox, not her mailbox.
    assert_eq!(publish_new_service(&app, "audition", "prevention").await, 201);
    eventually(async || inbox(&mut camille).await.len() == 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mail.messages_to("camille@exemple.org").await.len(), 2);
}

async fn an_administrators_novelty_reaches_every_follower_and_weekly_ones_in_the_monday_digest(backend: Backend) {
    let mail = MailDev::start().await;
    let app = spawn_with(backend, |s| sending_to(s, &mail)).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    verify_email(&mut camille, &mail, "camille@exemple.org").await;
    post(&mut camille, "/api/notifications/preferences", "announcements_email=on").await;
    post(&mut camille, "/api/notifications/following", "care=on&frequency=weekly").await;

    // Only administrators publish; a refused field says which, and nothing is published.
    let novelty = "title_fr=Heures+prolong%C3%A9es&title_en=Longer+hours&text_fr=Les+CLSC+ouvrent+le+soir.\
                   &text_en=CLSCs+open+in+the+evening.&category=";
    let (status, _) = post(&mut camille, "/api/admin/novelty", novelty).await;
    assert_eq!(status, 403);
    let mut admin = citizen(&app, "demo-admin").await;
    let (status, answer) = post(
        &mut admin,
        "/api/admin/novelty",
        "title_fr=+&title_en=Hours&text_fr=x&text_en=y&category=weather",
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        answer["InvalidInput"]["fields"],
        json!([["title_fr", "required"], ["category", "unknown"]])
    );
    assert!(!app.get("/fr").await.text().await.unwrap().contains("Heures prolongées"));
    assert_eq!(post(&mut admin, "/api/admin/novelty", novelty).await.0, 200);
    assert_eq!(app.journal("announcement.published").await.len(), 1);
    let second = novelty
        .replace("Heures+prolong%C3%A9es", "Vaccins")
        .replace("Longer+hours", "Vaccines");
    assert_eq!(post(&mut admin, "/api/admin/novelty", &second).await.0, 200);
    assert!(app.get("/fr").await.text().await.unwrap().contains("Heures prolongées"));

    // For all categories, so Camille has both in her inbox at once; her e-mail waits for Monday.
    eventually(async || inbox(&mut camille).await.len() == 2).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mail.messages_to("camille@exemple.org").await.len(), 1, "the code only");
    let monday = app::notifications::timing::next_digest(app.clock.now());
    app.clock.advance(monday - app.clock.now());
    eventually(async || mail.messages_to("camille@exemple.org").await.len() == 2).await;
    let digest = mail.messages_to("camille@exemple.org").await.pop().unwrap();
    assert_eq!(digest["subject"], "Les nouveautés de la semaine — Votre santé");
    let text = digest["text"].as_str().unwrap();
    assert!(text.contains("Heures prolongées") && text.contains("Vaccins"), "{text}");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mail.messages_to("camille@exemple.org").await.len(), 2, "one digest");
}

both_backends!(
    a_new_service_is_news_on_the_home_page_and_for_its_followers_who_can_unsubscribe_in_one_click,
    an_administrators_novelty_reaches_every_follower_and_weekly_ones_in_the_monday_digest,
);
