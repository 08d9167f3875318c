//! The `/auth` routes: `login` (to the provider), `callback` (back from it), `dev-login`
//! (development only), `logout`, and `signed-out` (back from the provider's sign-out).
//! Every outcome of a sign-in is journaled; every failure ends on a translated error page with
//! no session opened.

use super::sessions::{
    SignedInPerson, close_session, cookie, open_session, read_cookie, removal, session_cookie_name, sign_in_cookie_name,
};
use super::{SharedIdentity, SignInMode};
use app::audit::Outcome;
use app::auth::db::{self as auth_db, Claimed, SignInAttempt};
use app::auth::model::{DemoAccount, ReturnTo, Role, SignInFailure, encode_path};
use app::auth::session::RequestMeta;
use app::db::Database;
use app::i18n::Locale;
use app::locale::{Page, locale_of_path, negotiate};
use axum::{
    Form, Router,
    extract::{Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
};
use leptos_i18n::Locale as _;
use serde::Deserialize;

/// How long a sign-in may take at the provider.
const ATTEMPT_LIFETIME: time::Duration = time::Duration::minutes(10);

type AuthState = (SharedIdentity, Database);

/// The `/auth` routes (the development sign-in only in development mode).
pub fn router<S: Clone + Send + Sync + 'static>(identity: SharedIdentity, db: Database) -> Router<S> {
    let mut router = Router::new()
        .route("/auth/login", get(login))
        .route("/auth/callback", get(callback))
        .route("/auth/logout", get(logout_page).post(logout))
        .route("/auth/signed-out", get(signed_out));
    if matches!(identity.mode, SignInMode::Development) {
        router = router.route("/auth/dev-login", post(dev_login));
    }
    router.with_state((identity, db))
}

#[derive(Deserialize)]
struct LoginQuery {
    return_to: Option<String>,
    /// `1`: authenticate again at the provider, even with a session there (to sign).
    fresh: Option<String>,
}

/// The return address (or the home page), and the language of the pages around the sign-in.
fn destination(raw: Option<&str>, headers: &HeaderMap) -> (ReturnTo, Locale) {
    let accept_language = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    match raw.and_then(ReturnTo::parse) {
        Some(target) => {
            let locale = locale_of_path(target.as_str()).unwrap_or_else(|| negotiate(accept_language));
            (target, locale)
        }
        None => {
            let locale = negotiate(accept_language);
            (ReturnTo::home(locale.as_str()), locale)
        }
    }
}

fn meta_of(headers: &HeaderMap, parts_meta: Option<axum::Extension<RequestMeta>>) -> RequestMeta {
    parts_meta
        .map(|axum::Extension(meta)| meta)
        .unwrap_or_else(|| super::sessions::request_meta(headers, None))
}

/// `GET /auth/login?return_to=/fr/…`: off to the provider (or the development sign-in page).
async fn login(
    State((identity, db)): State<AuthState>,
    meta: Option<axum::Extension<RequestMeta>>,
    headers: HeaderMap,
    Query(query): Query<LoginQuery>,
) -> Response {
    let meta = meta_of(&headers, meta);
    let (return_to, locale) = destination(query.return_to.as_deref(), &headers);
    if !allowed(&identity, &meta) {
        return fail(&identity, &db, &meta, SignInFailure::RateLimited, locale).await;
    }
    let provider = match &identity.mode {
        SignInMode::Provider(provider) => provider,
        SignInMode::Development => {
            let page = Page::DevSignIn.path(locale);
            let target = format!("{page}?return_to={}", encode_path(return_to.as_str()));
            return Redirect::to(&target).into_response();
        }
    };
    let fresh = query.fresh.is_some_and(|fresh| fresh == "1");
    let authorization = match provider.authorize(locale.as_str(), fresh).await {
        Ok(authorization) => authorization,
        Err(failure) => return fail(&identity, &db, &meta, failure, locale).await,
    };
    let now = identity.clock.now();
    let attempt = SignInAttempt {
        nonce: authorization.nonce,
        pkce_verifier: authorization.pkce_verifier,
        return_to: return_to.as_str().to_owned(),
        locale: locale.as_str().to_owned(),
        expires_at: now + ATTEMPT_LIFETIME,
        fresh,
        started_at: now,
    };
    let stored = async {
        let mut tx = db.begin().await?;
        auth_db::insert_attempt(&mut tx, &authorization.state, &attempt, now).await?;
        tx.commit().await
    }
    .await;
    if let Err(error) = stored {
        tracing::error!(%error, "cannot store the sign-in attempt");
        return server_error(locale);
    }
    let binding = cookie(&identity, sign_in_cookie_name(&identity), authorization.state);
    (
        [(header::SET_COOKIE, binding)],
        Redirect::to(authorization.url.as_str()),
    )
        .into_response()
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/callback?code=…&state=…`: checks the state (this browser's, first use, not
/// expired), exchanges the code, validates the ID token, opens the session.
async fn callback(
    State((identity, db)): State<AuthState>,
    meta: Option<axum::Extension<RequestMeta>>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let meta = meta_of(&headers, meta);
    let fallback_locale = negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    if !allowed(&identity, &meta) {
        return fail(&identity, &db, &meta, SignInFailure::RateLimited, fallback_locale).await;
    }
    let SignInMode::Provider(provider) = &identity.mode else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let browser_state = read_cookie(&headers, sign_in_cookie_name(&identity));
    let Some(state) = query.state.filter(|state| !state.is_empty() && state.len() <= 256) else {
        return fail(&identity, &db, &meta, SignInFailure::StateMismatch, fallback_locale).await;
    };
    let now = identity.clock.now();
    let claimed = async {
        let mut tx = db.begin().await?;
        let claimed = auth_db::claim_attempt(&mut tx, &state, now).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(claimed)
    }
    .await;
    let attempt = match claimed {
        Ok(Claimed::Fresh(attempt)) => attempt,
        Ok(Claimed::Reused) => return fail(&identity, &db, &meta, SignInFailure::StateReused, fallback_locale).await,
        Ok(Claimed::Unknown) => {
            return fail(&identity, &db, &meta, SignInFailure::StateMismatch, fallback_locale).await;
        }
        Err(error) => {
            tracing::error!(%error, "cannot read the sign-in attempt");
            return server_error(fallback_locale);
        }
    };
    let locale = locale_of_path(&format!("/{}", attempt.locale)).unwrap_or(fallback_locale);
    // The state must be the one this browser started with: a callback URL made by someone else
    // (login CSRF) carries a state this browser never saw.
    if browser_state.as_deref() != Some(state.as_str()) {
        return fail(&identity, &db, &meta, SignInFailure::StateMismatch, locale).await;
    }
    if attempt.expires_at <= now {
        return fail(&identity, &db, &meta, SignInFailure::AttemptExpired, locale).await;
    }
    if let Some(error) = query.error {
        let failure = if error == "access_denied" {
            SignInFailure::Cancelled
        } else {
            SignInFailure::ProviderError
        };
        return fail(&identity, &db, &meta, failure, locale).await;
    }
    let Some(code) = query.code.filter(|code| !code.is_empty() && code.len() <= 2048) else {
        return fail(&identity, &db, &meta, SignInFailure::ProviderError, locale).await;
    };
    let verified = match provider.complete(&code, &attempt).await {
        Ok(verified) => verified,
        Err(failure) => return fail(&identity, &db, &meta, failure, locale).await,
    };
    let role = if identity.admin_subjects.contains(&verified.subject) {
        Role::Admin
    } else {
        Role::Citizen
    };
    let person = SignedInPerson {
        issuer: &verified.issuer,
        subject: &verified.subject,
        claims: &verified.claims,
        role,
        method: "oidc",
        // Only an authentication the provider was asked to make anew counts for signing: an
        // ordinary sign-in may ride on a session the person opened at the provider long ago.
        auth_time: verified.auth_time.filter(|_| attempt.fresh),
        acr: verified.acr.as_deref(),
        fresh: attempt.fresh,
    };
    signed_in(&identity, &db, &headers, &person, &meta, &attempt.return_to, locale).await
}

#[derive(Deserialize)]
struct DevLoginForm {
    account: String,
    return_to: Option<String>,
}

/// `POST /auth/dev-login`: development mode only (the route does not exist otherwise).
async fn dev_login(
    State((identity, db)): State<AuthState>,
    meta: Option<axum::Extension<RequestMeta>>,
    headers: HeaderMap,
    Form(form): Form<DevLoginForm>,
) -> Response {
    let meta = meta_of(&headers, meta);
    let (return_to, locale) = destination(form.return_to.as_deref(), &headers);
    if !allowed(&identity, &meta) {
        return fail(&identity, &db, &meta, SignInFailure::RateLimited, locale).await;
    }
    let Some(account) = DemoAccount::find(&form.account) else {
        return fail(&identity, &db, &meta, SignInFailure::ProviderError, locale).await;
    };
    let claims = auth_db::Claims {
        display_name: Some(account.display_name.to_owned()),
        email: Some(account.email.to_owned()),
        // Nobody vouched for a demo account's address: the citizen verifies it with a code.
        email_verified: false,
        birth_date: Some(account.birth_date.to_owned()),
        locale: Some(locale.as_str().to_owned()),
    };
    let person = SignedInPerson {
        issuer: "development",
        subject: account.subject,
        claims: &claims,
        role: account.role,
        method: "development",
        // The development sign-in's form is an authentication, made now.
        auth_time: Some(identity.clock.now()),
        acr: None,
        fresh: false,
    };
    signed_in(&identity, &db, &headers, &person, &meta, return_to.as_str(), locale).await
}

/// Opens the session and sends the person where they were going.
async fn signed_in(
    identity: &SharedIdentity,
    db: &Database,
    headers: &HeaderMap,
    person: &SignedInPerson<'_>,
    meta: &RequestMeta,
    return_to: &str,
    locale: Locale,
) -> Response {
    let previous = read_cookie(headers, session_cookie_name(identity));
    match open_session(identity, db, person, previous.as_deref(), meta, locale).await {
        Ok(token) => {
            let mut response = Redirect::to(return_to).into_response();
            let cookies = response.headers_mut();
            cookies.append(
                header::SET_COOKIE,
                cookie(identity, session_cookie_name(identity), token),
            );
            cookies.append(header::SET_COOKIE, removal(identity, sign_in_cookie_name(identity)));
            response
        }
        Err(error) => {
            tracing::error!(%error, "cannot open the session");
            server_error(locale)
        }
    }
}

/// `GET /auth/logout`: the sign-out page (signing out itself is a POST).
async fn logout_page(headers: HeaderMap) -> Redirect {
    let locale = negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()));
    Redirect::to(&Page::SignOut.path(locale))
}

#[derive(Deserialize)]
struct LogoutForm {
    /// `everywhere` ends every session of the person.
    scope: Option<String>,
}

/// `POST /auth/logout`: ends the session (or all of the person's), then the provider's session
/// when it offers RP-initiated logout, and lands on the sign-out page.
async fn logout(
    State((identity, db)): State<AuthState>,
    meta: Option<axum::Extension<RequestMeta>>,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> Response {
    let meta = meta_of(&headers, meta);
    let locale = headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|referer| url::Url::parse(referer).ok())
        .and_then(|url| locale_of_path(url.path()))
        .unwrap_or_else(|| negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok())));
    let everywhere = form.scope.as_deref() == Some("everywhere");
    let mut had_session = false;
    if let Some(token) = read_cookie(&headers, session_cookie_name(&identity)) {
        match close_session(&identity, &db, &token, everywhere, &meta).await {
            Ok(closed) => had_session = closed,
            Err(error) => {
                tracing::error!(%error, "cannot end the session");
                return server_error(locale);
            }
        }
    }
    let end_session = match &identity.mode {
        SignInMode::Provider(provider) if had_session => provider.end_session_url(locale.as_str()).await,
        _ => None,
    };
    let target = end_session.map_or_else(|| Page::SignOut.path(locale), |url| url.to_string());
    (
        [(header::SET_COOKIE, removal(&identity, session_cookie_name(&identity)))],
        Redirect::to(&target),
    )
        .into_response()
}

#[derive(Deserialize)]
struct SignedOutQuery {
    state: Option<String>,
}

/// `GET /auth/signed-out?state=fr`: back from the provider's sign-out, to the sign-out page in
/// the language the person left in.
async fn signed_out(Query(query): Query<SignedOutQuery>) -> Redirect {
    let locale = query
        .state
        .as_deref()
        .and_then(|state| locale_of_path(&format!("/{state}")))
        .unwrap_or(Locale::fr);
    Redirect::to(&Page::SignOut.path(locale))
}

fn allowed(identity: &SharedIdentity, meta: &RequestMeta) -> bool {
    match meta.ip.as_deref().and_then(|ip| ip.parse().ok()) {
        Some(ip) => identity.rate_limit.allow(ip),
        None => true,
    }
}

/// Journals a failed sign-in and sends the person to the error page that explains it.
async fn fail(
    identity: &SharedIdentity,
    db: &Database,
    meta: &RequestMeta,
    failure: SignInFailure,
    locale: Locale,
) -> Response {
    let mut event = meta.event("anonymous", "auth.sign_in", outcome_of(failure));
    event.details.get_or_insert_with(|| serde_json::json!({}))["reason"] = failure.code().into();
    let recorded = async {
        let mut tx = db.begin().await?;
        app::audit::db::record(&mut tx, &event, identity.clock.now()).await?;
        tx.commit().await
    }
    .await;
    if let Err(error) = recorded {
        tracing::error!(%error, "cannot journal a failed sign-in");
    }
    tracing::info!(reason = failure.code(), "sign-in failed");
    let target = format!("{}?reason={}", Page::SignInError.path(locale), failure.code());
    let mut response = Redirect::to(&target).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, removal(identity, sign_in_cookie_name(identity)));
    response
}

fn outcome_of(failure: SignInFailure) -> Outcome {
    match failure {
        SignInFailure::RateLimited => Outcome::Denied,
        _ => Outcome::Failure,
    }
}

fn server_error(locale: Locale) -> Response {
    Redirect::to(&Page::ServerError.path(locale)).into_response()
}
