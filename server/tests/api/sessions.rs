//! Sessions: expiry on a clock the test moves, id rotation, cookie flags, CSRF refusal, roles,
//! and one citizen's data out of another's reach. People sign in through the development
//! sign-in, which opens sessions exactly as the provider's callback does.

use crate::common;

use common::browser::{Browser, location};
use common::{Backend, TestApp, spawn, spawn_with};
use time::Duration;

async fn signed_in(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    let response = browser.dev_sign_in(account, "/fr/profil").await;
    assert_eq!(response.status(), 303, "{:?}", response.text().await);
    assert_eq!(location(&response), "/fr/profil");
    assert!(browser.cookies.contains_key("vs_session"));
    browser
}

/// Calls a server function as the browser's page would; returns (status, JSON body).
async fn call(browser: &mut Browser, endpoint: &str, body: &str) -> (u16, serde_json::Value) {
    let response = browser.post(&format!("/api/{endpoint}"), body).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
    )
}

async fn a_guest_is_sent_to_sign_in_and_server_functions_answer_401(backend: Backend) {
    let app = spawn(backend).await;
    let mut guest = app.browser();
    for (page, back) in [
        ("/fr/profil", "/fr/profil"),
        ("/en/my-requests", "/en/my-requests"),
        ("/fr/administration", "/fr/administration"),
        ("/en/sign-in-history", "/en/sign-in-history"),
    ] {
        let response = guest.get(page).await;
        assert_eq!(response.status(), 303, "{page}");
        assert_eq!(location(&response), format!("/auth/login?return_to={back}"));
    }
    assert_eq!(call(&mut guest, "profile", "").await.0, 401);
    assert_eq!(call(&mut guest, "profile/sign_ins", "").await.0, 401);
    assert_eq!(call(&mut guest, "admin/journal", "").await.0, 401);
    // The development sign-in is where /auth/login leads without a provider.
    let login = guest.get("/auth/login?return_to=/fr/profil").await;
    assert_eq!(location(&login), "/fr/connexion-developpement?return_to=/fr/profil");
    let page = guest.get("/fr/connexion-developpement?return_to=/fr/profil").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Ceci n'est pas une vraie connexion")
    );
}

async fn the_session_ends_after_30_idle_minutes(backend: Backend) {
    let app = spawn(backend).await;
    let mut browser = signed_in(&app, "demo-citizen-1").await;
    app.clock.advance(Duration::minutes(20));
    assert_eq!(
        call(&mut browser, "profile", "").await.0,
        200,
        "activity extends the session"
    );
    app.clock.advance(Duration::minutes(20));
    assert_eq!(
        call(&mut browser, "profile", "").await.0,
        200,
        "20 minutes after the last activity"
    );
    app.clock.advance(Duration::minutes(31));
    let (status, _) = call(&mut browser, "profile", "").await;
    assert_eq!(status, 401);
    assert!(!browser.cookies.contains_key("vs_session"), "the cookie is removed");
    assert_eq!(app.open_sessions().await, 0);
    let expired = app.journal("auth.session_expired").await;
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].2["reason"], "idle");
}

async fn asking_the_time_left_is_not_activity(backend: Backend) {
    let app = spawn(backend).await;
    let mut browser = signed_in(&app, "demo-citizen-1").await;
    app.clock.advance(Duration::minutes(25));
    let (status, left) = call(&mut browser, "session/time_left", "").await;
    assert_eq!(status, 200);
    let seconds = left["seconds_left"].as_i64().unwrap();
    assert!((290..=300).contains(&seconds), "{seconds}");
    assert_eq!(left["extendable"], true);
    app.clock.advance(Duration::minutes(4));
    let (_, left) = call(&mut browser, "session/time_left", "").await;
    assert!(left["seconds_left"].as_i64().unwrap() <= 60, "still counting down");
    // "Stay signed in" is activity.
    let (status, left) = call(&mut browser, "session/stay", "").await;
    assert_eq!(status, 200);
    assert!(left["seconds_left"].as_i64().unwrap() >= 29 * 60);
}

async fn the_session_ends_after_12_hours_whatever_the_activity(backend: Backend) {
    let app = spawn(backend).await;
    let mut browser = signed_in(&app, "demo-citizen-2").await;
    for _ in 0..28 {
        app.clock.advance(Duration::minutes(25));
        assert_eq!(call(&mut browser, "profile", "").await.0, 200);
    }
    // 11 h 40 min in: the end is the absolute one, and staying active cannot push it back.
    let (_, left) = call(&mut browser, "session/time_left", "").await;
    assert_eq!(left["extendable"], false);
    app.clock.advance(Duration::minutes(25));
    assert_eq!(call(&mut browser, "profile", "").await.0, 401);
    let expired = app.journal("auth.session_expired").await;
    assert_eq!(expired.last().unwrap().2["reason"], "absolute");
}

async fn expired_sessions_are_purged_and_journaled(backend: Backend) {
    let app = spawn(backend).await;
    signed_in(&app, "demo-citizen-1").await;
    signed_in(&app, "demo-citizen-2").await;
    assert_eq!(app.open_sessions().await, 2);
    app.clock.advance(Duration::minutes(31));
    let purged = server::identity::sessions::purge(&app.identity, &app.db).await.unwrap();
    assert_eq!(purged, 2);
    assert_eq!(app.open_sessions().await, 0);
    assert_eq!(app.journal("auth.session_expired").await.len(), 2);
}

async fn signing_in_again_rotates_the_session_id(backend: Backend) {
    let app = spawn(backend).await;
    let mut browser = signed_in(&app, "demo-citizen-1").await;
    let first = browser.cookies["vs_session"].clone();
    let response = browser.dev_sign_in("demo-citizen-1", "/fr").await;
    assert_eq!(response.status(), 303);
    let second = browser.cookies["vs_session"].clone();
    assert_ne!(first, second);
    assert_eq!(app.open_sessions().await, 1, "the previous session was ended");
    let mut old = app.browser();
    old.cookies.insert("vs_session".into(), first);
    assert_eq!(call(&mut old, "profile", "").await.0, 401);
}

async fn cookies_are_secure_and_host_prefixed_behind_https(backend: Backend) {
    let app = spawn_with(backend, |mut s| {
        s.http.public_url = url::Url::parse("https://votresante.example").unwrap();
        s
    })
    .await;
    let mut browser = app.browser();
    browser.origin = "https://votresante.example".into();
    // The browser talks to the test address but says it is on the public origin.
    let response = browser
        .post(&app.url("/auth/dev-login"), "account=demo-citizen-1&return_to=/fr")
        .await;
    assert_eq!(response.status(), 303);
    let cookie = browser
        .last_set_cookie
        .iter()
        .find(|line| line.starts_with("__Host-vs_session="))
        .expect("a __Host- cookie")
        .clone();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/", "Secure"] {
        assert!(cookie.contains(flag), "{flag} in {cookie}");
    }
    assert!(!cookie.contains("Domain"));
}

async fn cross_site_requests_are_refused_and_change_nothing(backend: Backend) {
    let app = spawn(backend).await;
    let mut browser = signed_in(&app, "demo-citizen-1").await;
    for origin in [Some("https://evil.example"), None] {
        let response = browser.post_from("/api/profile/language", "language=en", origin).await;
        assert_eq!(response.status(), 403, "{origin:?}");
        let text = response.text().await.unwrap();
        assert!(text.contains("ne provient pas du portail"), "{text}");
        let response = browser.post_from("/auth/logout", "", origin).await;
        assert_eq!(response.status(), 403);
    }
    let (_, profile) = call(&mut browser, "profile", "").await;
    assert_eq!(profile["preferred_language"], "fr", "nothing changed");
    assert_eq!(app.open_sessions().await, 1, "still signed in");
    // The same request from the portal's own page goes through.
    assert_eq!(call(&mut browser, "profile/language", "language=en").await.0, 200);
    let (_, profile) = call(&mut browser, "profile", "").await;
    assert_eq!(profile["preferred_language"], "en");
}

async fn a_bad_language_is_refused_and_nothing_changes(backend: Backend) {
    let app = spawn(backend).await;
    let mut browser = signed_in(&app, "demo-citizen-1").await;
    for bad in ["language=de", "language=", "", "language=fr%00"] {
        assert_eq!(call(&mut browser, "profile/language", bad).await.0, 422, "{bad}");
    }
    let (_, profile) = call(&mut browser, "profile", "").await;
    assert_eq!(profile["preferred_language"], "fr");
}

async fn administration_is_refused_to_citizens_and_journaled(backend: Backend) {
    let app = spawn(backend).await;
    let mut citizen = signed_in(&app, "demo-citizen-1").await;
    assert_eq!(call(&mut citizen, "admin/journal", "").await.0, 403);
    let page = citizen.get("/fr/administration").await;
    assert_eq!(page.status(), 403);
    assert!(page.text().await.unwrap().contains("Accès refusé"));
    let refused = app.journal("admin.access").await;
    assert_eq!(refused.len(), 2);
    assert!(refused.iter().all(|(_, outcome, _)| outcome == "denied"));

    let mut admin = signed_in(&app, "demo-admin").await;
    let (status, entries) = call(&mut admin, "admin/journal", "").await;
    assert_eq!(status, 200);
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "admin.access")
    );
    let page = admin.get("/en/administration").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("auth.sign_in"));
}

async fn one_citizen_never_sees_another_citizens_data(backend: Backend) {
    let app = spawn(backend).await;
    let mut camille = signed_in(&app, "demo-citizen-1").await;
    let mut jordan = signed_in(&app, "demo-citizen-2").await;
    let (_, camille_profile) = call(&mut camille, "profile", "").await;
    let (_, jordan_profile) = call(&mut jordan, "profile", "").await;
    assert_eq!(camille_profile["display_name"], "Camille Tremblay");
    assert_eq!(jordan_profile["display_name"], "Jordan Smith");
    let (_, history) = call(&mut jordan, "profile/sign_ins", "").await;
    assert_eq!(history.as_array().unwrap().len(), 1, "only Jordan's own sign-in");
    // Arguments naming someone else are not part of the API: they are ignored or refused.
    let (status, profile) = call(&mut jordan, "profile", "citizen_id=anything").await;
    assert!(status == 200 && profile["display_name"] == "Jordan Smith" || status >= 400);
    let page = jordan.get("/fr/profil").await.text().await.unwrap();
    assert!(page.contains("Jordan Smith") && !page.contains("Camille Tremblay"));
}

async fn sign_out_ends_the_session_and_sign_out_everywhere_ends_them_all(backend: Backend) {
    let app = spawn(backend).await;
    let mut phone = signed_in(&app, "demo-citizen-1").await;
    let mut laptop = signed_in(&app, "demo-citizen-1").await;
    let mut other = signed_in(&app, "demo-citizen-2").await;
    assert_eq!(app.open_sessions().await, 3);
    let response = laptop.post("/auth/logout", "").await;
    assert_eq!(location(&response), "/fr/deconnexion");
    assert!(!laptop.cookies.contains_key("vs_session"));
    assert_eq!(
        call(&mut phone, "profile", "").await.0,
        200,
        "the other device stays signed in"
    );
    let everywhere = signed_in(&app, "demo-citizen-1").await;
    drop(everywhere);
    assert_eq!(phone.post("/auth/logout", "scope=everywhere").await.status(), 303);
    assert_eq!(app.open_sessions().await, 1, "only the other citizen's session remains");
    assert_eq!(call(&mut other, "profile", "").await.0, 200);
    let sign_outs = app.journal("auth.sign_out").await;
    assert_eq!(sign_outs.len(), 2);
    assert_eq!(sign_outs[1].2["scope"], "everywhere");
    assert_eq!(sign_outs[1].2["other_sessions_ended"], 1);
    let page = phone.get("/fr/deconnexion").await.text().await.unwrap();
    assert!(page.contains("Vous êtes déconnecté"));
}

async fn the_history_shows_each_sign_in_with_its_device(backend: Backend) {
    let app = spawn(backend).await;
    let mut browser = signed_in(&app, "demo-citizen-3").await;
    browser.dev_sign_in("demo-citizen-3", "/fr").await;
    let (_, history) = call(&mut browser, "profile/sign_ins", "").await;
    let records = history.as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["device"], "Chrome · Linux");
    assert_eq!(records[0]["ip"], "127.0.0.1");
    let page = browser.get("/en/sign-in-history").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Chrome · Linux"));
}

/// A signed-in person's pages and every API answer are never stored (a shared phone must not
/// show one person's page to another); a guest's pages are only revalidated.
async fn a_signed_in_persons_pages_and_api_answers_are_never_stored(backend: Backend) {
    let app = spawn(backend).await;
    assert_eq!(app.get("/fr").await.headers()["cache-control"], "no-cache");
    let mut browser = signed_in(&app, "demo-citizen-1").await;
    for path in ["/fr", "/fr/mes-demarches", "/fr/profil"] {
        let page = browser.get(path).await;
        assert_eq!(page.status(), 200, "{path}");
        assert_eq!(page.headers()["cache-control"], "no-store, private", "{path}");
    }
    let answer = browser.post("/api/viewer", "").await;
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["cache-control"], "no-store, private");
}

both_backends!(
    a_signed_in_persons_pages_and_api_answers_are_never_stored,
    a_guest_is_sent_to_sign_in_and_server_functions_answer_401,
    the_session_ends_after_30_idle_minutes,
    asking_the_time_left_is_not_activity,
    the_session_ends_after_12_hours_whatever_the_activity,
    expired_sessions_are_purged_and_journaled,
    signing_in_again_rotates_the_session_id,
    cookies_are_secure_and_host_prefixed_behind_https,
    cross_site_requests_are_refused_and_change_nothing,
    a_bad_language_is_refused_and_nothing_changes,
    administration_is_refused_to_citizens_and_journaled,
    one_citizen_never_sees_another_citizens_data,
    sign_out_ends_the_session_and_sign_out_everywhere_ends_them_all,
    the_history_shows_each_sign_in_with_its_device,
);
