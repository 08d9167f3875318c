//! Sign-in through an OpenID provider: the success path and each failure, which must end on a
//! translated error page, with no session and a journal entry.

use crate::common;

use common::browser::{Browser, location};
use common::provider::{TestProvider, TokenPlan};
use common::{Backend, TestApp, spawn_with, with_provider};
use std::collections::HashMap;

async fn portal_and_provider(backend: Backend) -> (TestApp, TestProvider) {
    let provider = TestProvider::start().await;
    let app = spawn_with(backend, |s| with_provider(s, &provider)).await;
    (app, provider)
}

/// What the portal sent the browser to the provider with.
struct AuthorizeRequest {
    params: HashMap<String, String>,
}

impl AuthorizeRequest {
    fn get(&self, key: &str) -> &str {
        self.params.get(key).map_or("", String::as_str)
    }
}

/// Starts a sign-in and returns the provider's authorization request.
async fn start(browser: &mut Browser, return_to: &str) -> AuthorizeRequest {
    let response = browser.get(&format!("/auth/login?return_to={return_to}")).await;
    assert_eq!(response.status(), 303, "login redirects to the provider");
    let url = url::Url::parse(&location(&response)).expect("an absolute provider URL");
    AuthorizeRequest {
        params: url.query_pairs().into_owned().collect(),
    }
}

/// The provider's answer after the person signed in: back to the callback with a code.
async fn come_back(browser: &mut Browser, provider: &TestProvider, request: &AuthorizeRequest) -> reqwest::Response {
    let code = provider.issue_code(request.get("nonce"), request.get("code_challenge"));
    browser
        .get(&format!("/auth/callback?code={code}&state={}", request.get("state")))
        .await
}

async fn assert_failed(app: &TestApp, browser: &mut Browser, response: reqwest::Response, reason: &str) {
    assert_eq!(response.status(), 303);
    let target = location(&response);
    assert_eq!(target, format!("/fr/erreur-de-connexion?reason={reason}"));
    assert!(!browser.cookies.contains_key("vs_session"), "no session cookie");
    assert_eq!(app.open_sessions().await, 0, "no session stored");
    let failures = app.journal("auth.sign_in").await;
    assert!(
        failures.iter().any(|(actor, outcome, details)| actor == "anonymous"
            && outcome != "success"
            && details["reason"] == reason),
        "journaled as {reason}: {failures:?}"
    );
    // The error page explains in the person's language.
    let page = browser.get(&target).await;
    let status = page.status().as_u16();
    assert!((400..600).contains(&status), "error page status {status}");
    let html = page.text().await.unwrap();
    assert!(html.contains("La connexion n’a pas abouti") || html.contains("La connexion n'a pas abouti"));
    assert!(html.contains(reason), "the code for support is shown");
}

async fn signs_in_and_lands_on_the_requested_page(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr/profil").await;
    assert_eq!(request.get("response_type"), "code");
    assert_eq!(request.get("client_id"), common::provider::CLIENT_ID);
    assert_eq!(request.get("code_challenge_method"), "S256");
    assert_eq!(request.get("redirect_uri"), "http://127.0.0.1:3000/auth/callback");
    assert!(request.get("scope").split(' ').any(|s| s == "openid"));
    assert!(request.get("state").len() >= 16 && request.get("nonce").len() >= 16);
    assert!(
        browser.cookies.contains_key("vs_sign_in"),
        "the attempt is bound to this browser"
    );

    let response = come_back(&mut browser, &provider, &request).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/fr/profil");
    let session_cookie = browser
        .last_set_cookie
        .iter()
        .find(|line| line.starts_with("vs_session="))
        .expect("a session cookie")
        .clone();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(session_cookie.contains(flag), "{flag} in {session_cookie}");
    }
    assert!(!session_cookie.contains("Secure"), "plain http in tests");

    let page = browser.get("/fr/profil").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Marie Côté"), "the name from the ID token is shown");
    assert!(html.contains("1990-04-01"));

    // The provider's subject is kept only as a pseudonym.
    use sqlx::Row;
    let stored: String = sqlx::query("SELECT subject_hash FROM citizens")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .get("subject_hash");
    assert_ne!(stored, "citizen-0001");
    assert_eq!(stored.len(), 64);
    let sign_ins = app.journal("auth.sign_in").await;
    let (actor, outcome, details) = sign_ins.last().unwrap();
    assert_eq!(outcome, "success");
    assert!(!actor.contains("citizen-0001"));
    assert_eq!(details["method"], "oidc");
    assert!(details["user_agent"].as_str().unwrap().contains("Chrome"));
}

async fn a_state_from_another_browser_is_refused(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    let mut attacker = app.browser();
    let request = start(&mut attacker, "/fr").await;
    // The victim's browser never started this sign-in.
    let mut victim = app.browser();
    let response = come_back(&mut victim, &provider, &request).await;
    assert_failed(&app, &mut victim, response, "state_mismatch").await;
}

async fn an_unknown_state_is_refused(backend: Backend) {
    let (app, _provider) = portal_and_provider(backend).await;
    let mut browser = app.browser();
    let response = browser.get("/auth/callback?code=x&state=forged-state").await;
    assert_failed(&app, &mut browser, response, "state_mismatch").await;
}

async fn a_state_works_once(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr").await;
    let state_cookie = browser.cookies.get("vs_sign_in").cloned().unwrap();
    let first = come_back(&mut browser, &provider, &request).await;
    assert_eq!(location(&first), "/fr");
    // Replay the same callback from a browser holding the same binding cookie.
    let mut replayer = app.browser();
    replayer.cookies.insert("vs_sign_in".into(), state_cookie);
    let replay = come_back(&mut replayer, &provider, &request).await;
    assert_eq!(location(&replay), "/fr/erreur-de-connexion?reason=state_reused");
    assert!(!replayer.cookies.contains_key("vs_session"));
    assert_eq!(app.open_sessions().await, 1, "only the first callback opened a session");
}

async fn a_wrong_nonce_is_refused(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    provider.plan(TokenPlan {
        nonce: Some("a-nonce-from-another-sign-in".into()),
        ..TokenPlan::default()
    });
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr").await;
    let response = come_back(&mut browser, &provider, &request).await;
    assert_failed(&app, &mut browser, response, "nonce_mismatch").await;
}

async fn an_expired_id_token_is_refused(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    provider.plan(TokenPlan {
        expires_in: -60,
        ..TokenPlan::default()
    });
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr").await;
    let response = come_back(&mut browser, &provider, &request).await;
    assert_failed(&app, &mut browser, response, "token_expired").await;
}

async fn a_tampered_id_token_is_refused(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    provider.plan(TokenPlan {
        tamper: true,
        ..TokenPlan::default()
    });
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr").await;
    let response = come_back(&mut browser, &provider, &request).await;
    assert_failed(&app, &mut browser, response, "token_invalid").await;
}

async fn a_token_signed_by_an_unknown_key_is_refused_after_refreshing_the_keys(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    provider.plan(TokenPlan {
        key: "c",
        ..TokenPlan::default()
    });
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr").await;
    let response = come_back(&mut browser, &provider, &request).await;
    assert_failed(&app, &mut browser, response, "unknown_key").await;
    assert_eq!(
        provider.jwks_fetches(),
        2,
        "the keys were fetched again before refusing"
    );
}

async fn rotated_keys_are_picked_up_without_a_restart(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    let mut first = app.browser();
    let request = start(&mut first, "/fr").await;
    assert_eq!(location(&come_back(&mut first, &provider, &request).await), "/fr");
    // The provider rotates: only key b from now on.
    provider.publish(&["b"]);
    provider.plan(TokenPlan {
        key: "b",
        ..TokenPlan::default()
    });
    let mut second = app.browser();
    let request = start(&mut second, "/en").await;
    assert_eq!(location(&come_back(&mut second, &provider, &request).await), "/en");
    assert_eq!(app.open_sessions().await, 2);
}

async fn cancelling_at_the_provider_is_explained(backend: Backend) {
    let (app, _provider) = portal_and_provider(backend).await;
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr").await;
    let response = browser
        .get(&format!(
            "/auth/callback?error=access_denied&state={}",
            request.get("state")
        ))
        .await;
    assert_failed(&app, &mut browser, response, "cancelled").await;
}

async fn an_abandoned_sign_in_expires(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr").await;
    app.clock.advance(time::Duration::minutes(11));
    let response = come_back(&mut browser, &provider, &request).await;
    assert_eq!(location(&response), "/fr/erreur-de-connexion?reason=attempt_expired");
    assert_eq!(app.open_sessions().await, 0);
}

async fn a_provider_that_is_down_leaves_the_rest_of_the_site_working(backend: Backend) {
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://127.0.0.1:{}", closed.local_addr().unwrap().port());
    drop(closed);
    let app = spawn_with(backend, |mut s| {
        s.identity.oidc_issuer = Some(url::Url::parse(&issuer).unwrap());
        s.identity.oidc_client_id = Some("votre-sante".into());
        s.identity.oidc_client_secret = Some(server::config::Secret::new("x"));
        s
    })
    .await;
    let mut browser = app.browser();
    let response = browser.get("/auth/login?return_to=/en/help").await;
    assert_eq!(location(&response), "/en/sign-in-error?reason=unavailable");
    let page = browser.get("/en/sign-in-error?reason=unavailable").await;
    assert_eq!(page.status(), 503);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Sign-in is temporarily unavailable")
    );
    assert_eq!(
        browser.get("/en/help").await.status(),
        200,
        "the rest of the site works"
    );
    assert_eq!(browser.get("/fr").await.status(), 200);
    let journal = app.journal("auth.sign_in").await;
    assert_eq!(journal.last().unwrap().2["reason"], "unavailable");
}

async fn unsafe_return_addresses_fall_back_to_the_home_page(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    for hostile in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "/auth/logout",
    ] {
        let mut browser = app.browser();
        let request = start(&mut browser, &common::browser::encode(hostile)).await;
        let response = come_back(&mut browser, &provider, &request).await;
        assert_eq!(location(&response), "/fr", "{hostile}");
    }
}

async fn sign_in_attempts_are_rate_limited_per_address(backend: Backend) {
    let provider = TestProvider::start().await;
    let app = spawn_with(backend, |s| {
        let mut s = with_provider(s, &provider);
        s.identity.sign_in_attempts_per_minute = 3;
        s
    })
    .await;
    let mut browser = app.browser();
    for _ in 0..3 {
        start(&mut browser, "/fr").await;
    }
    let refused = browser.get("/auth/login?return_to=/fr").await;
    assert_eq!(location(&refused), "/fr/erreur-de-connexion?reason=rate_limited");
    assert_eq!(
        browser
            .get("/fr/erreur-de-connexion?reason=rate_limited")
            .await
            .status(),
        429
    );
    let journal = app.journal("auth.sign_in").await;
    assert_eq!(journal.last().unwrap().1, "denied");
}

async fn the_development_sign_in_does_not_exist_with_a_provider(backend: Backend) {
    let (app, _provider) = portal_and_provider(backend).await;
    let mut browser = app.browser();
    let response = browser.dev_sign_in("demo-admin", "/fr").await;
    assert_eq!(response.status(), 404);
    assert_eq!(app.open_sessions().await, 0);
    assert_eq!(browser.get("/fr/connexion-developpement").await.status(), 404);
}

/// To sign a document the portal asks the provider to authenticate the person anew
/// (`prompt=login`, `max_age=0`) and refuses a token that does not show it (no `auth_time`, or
/// one older than the attempt). An ordinary sign-in keeps no `auth_time`, so it never counts.
async fn a_fresh_authentication_is_asked_and_checked(backend: Backend) {
    let (app, provider) = portal_and_provider(backend).await;
    let sessions = |app: &TestApp| {
        let pool = app.db.pool().clone();
        async move {
            sqlx::query_scalar::<_, Option<String>>("SELECT auth_time FROM sessions")
                .fetch_all(&pool)
                .await
                .unwrap()
        }
    };

    // An ordinary sign-in: neither asked nor kept, even if the provider says when.
    provider.plan(TokenPlan {
        auth_time: Some(-3600),
        ..TokenPlan::default()
    });
    let mut browser = app.browser();
    let request = start(&mut browser, "/fr").await;
    assert_eq!(request.get("prompt"), "");
    assert_eq!(request.get("max_age"), "");
    assert_eq!(come_back(&mut browser, &provider, &request).await.status(), 303);
    assert_eq!(sessions(&app).await, vec![None]);

    // Asked anew: prompt=login and max_age=0 go to the provider.
    let fresh = |browser: &mut Browser| {
        let browser = std::mem::replace(browser, app.browser());
        async move {
            let mut browser = browser;
            let response = browser.get("/auth/login?fresh=1&return_to=/fr/signatures/x").await;
            assert_eq!(response.status(), 303);
            let url = url::Url::parse(&location(&response)).unwrap();
            (
                browser,
                AuthorizeRequest {
                    params: url.query_pairs().into_owned().collect(),
                },
            )
        }
    };
    let (mut browser, request) = fresh(&mut browser).await;
    assert_eq!(request.get("prompt"), "login");
    assert_eq!(request.get("max_age"), "0");
    // A token that does not say when the person authenticated: refused.
    provider.plan(TokenPlan::default());
    let response = come_back(&mut browser, &provider, &request).await;
    assert_eq!(
        location(&response),
        "/fr/erreur-de-connexion?reason=not_reauthenticated"
    );
    // One that says an hour ago (the provider reused an old session): refused.
    let (mut browser, request) = fresh(&mut browser).await;
    provider.plan(TokenPlan {
        auth_time: Some(-3600),
        ..TokenPlan::default()
    });
    let response = come_back(&mut browser, &provider, &request).await;
    assert_eq!(
        location(&response),
        "/fr/erreur-de-connexion?reason=not_reauthenticated"
    );
    let refused = app.journal("auth.sign_in").await;
    assert!(
        refused
            .iter()
            .filter(|(_, _, details)| details["reason"] == "not_reauthenticated")
            .count()
            == 2,
        "{refused:?}"
    );
    // Authenticated just now: the session keeps when, and the journal says it was fresh.
    let (mut browser, request) = fresh(&mut browser).await;
    provider.plan(TokenPlan {
        auth_time: Some(0),
        ..TokenPlan::default()
    });
    let response = come_back(&mut browser, &provider, &request).await;
    assert_eq!(location(&response), "/fr/signatures/x");
    assert!(sessions(&app).await.iter().any(Option::is_some));
    let journal = app.journal("auth.sign_in").await;
    assert!(
        journal
            .iter()
            .any(|(_, outcome, details)| outcome == "success" && details["fresh"] == true)
    );
}

both_backends!(
    a_fresh_authentication_is_asked_and_checked,
    signs_in_and_lands_on_the_requested_page,
    a_state_from_another_browser_is_refused,
    an_unknown_state_is_refused,
    a_state_works_once,
    a_wrong_nonce_is_refused,
    an_expired_id_token_is_refused,
    a_tampered_id_token_is_refused,
    a_token_signed_by_an_unknown_key_is_refused_after_refreshing_the_keys,
    rotated_keys_are_picked_up_without_a_restart,
    cancelling_at_the_provider_is_explained,
    an_abandoned_sign_in_expires,
    a_provider_that_is_down_leaves_the_rest_of_the_site_working,
    unsafe_return_addresses_fall_back_to_the_home_page,
    sign_in_attempts_are_rate_limited_per_address,
    the_development_sign_in_does_not_exist_with_a_provider,
);

/// A production portal without a provider never starts, even when built in code without the
/// configuration check: the development sign-in exists only when development is said.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_without_a_provider_never_offers_the_development_sign_in() {
    let database = common::TestDatabase::create(Backend::Sqlite).await;
    let settings = server::config::Settings {
        env: server::config::Environment::Production,
        ..common::settings(&database.url)
    };
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("portal")
        .site_addr("127.0.0.1:0".parse::<std::net::SocketAddr>().unwrap())
        .build();
    match server::startup::Application::build(&settings, options).await {
        Err(server::startup::StartupError::Identity(error)) => {
            assert!(error.contains("PORTAL_ENV=development"), "{error}")
        }
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(_) => panic!("a production portal without a provider started"),
    }
}
