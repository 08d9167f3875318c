//! Session cookies and the middleware that turns them into `CurrentSession` for the rest of
//! the request: it extends an active session, ends an expired one (journaled), and sends a
//! guest who asks for a personal page to sign in.

use super::{Identity, SharedIdentity};
use app::audit::{AuditEvent, Outcome};
use app::auth::db::{self as auth_db, Expiry, NewSession};
use app::auth::model::{Role, sign_in_href};
use app::auth::session::{CurrentSession, RequestMeta};
use app::db::Database;
use app::locale::Page;
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use cookie::{Cookie, SameSite};
use std::net::SocketAddr;

/// The session cookie's names: `__Host-` prefixed (no `Domain`, `Path=/`, `Secure`) over HTTPS.
pub const SESSION_COOKIE: &str = "vs_session";
pub const SECURE_SESSION_COOKIE: &str = "__Host-vs_session";

/// The session cookie's name under these settings.
pub fn session_cookie_name(identity: &Identity) -> &'static str {
    if identity.secure_cookies {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The cookie that binds a sign-in in flight to the browser that started it.
pub fn sign_in_cookie_name(identity: &Identity) -> &'static str {
    if identity.secure_cookies {
        "__Host-vs_sign_in"
    } else {
        "vs_sign_in"
    }
}

/// A cookie with the portal's flags: `HttpOnly`, `SameSite=Lax`, `Path=/`, `Secure` over HTTPS.
/// No expiry: it ends with the browser, and the server ends the session on its own clock.
pub fn cookie(identity: &Identity, name: &'static str, value: String) -> HeaderValue {
    let cookie = Cookie::build((name, value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(identity.secure_cookies)
        .path("/")
        .build();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that removes a cookie.
pub fn removal(identity: &Identity, name: &'static str) -> HeaderValue {
    let mut cookie = Cookie::build((name, ""))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(identity.secure_cookies)
        .path("/")
        .build();
    cookie.make_removal();
    HeaderValue::from_str(&cookie.to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The value of a cookie in the request, if present.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|cookie| cookie.name() == name)
        .map(|cookie| cookie.value().to_owned())
}

/// Where the request comes from, for the journal: peer address, user agent (truncated), id.
pub fn request_meta(headers: &HeaderMap, peer: Option<SocketAddr>) -> RequestMeta {
    let text = |name: &str, max: usize| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(max).collect::<String>())
    };
    RequestMeta {
        ip: peer.map(|addr| addr.ip().to_string()),
        user_agent: text("user-agent", 256),
        request_id: text("x-request-id", 64),
    }
}

/// The server-function endpoint that reports the time left; asking it is not activity.
const TIME_LEFT_PATH: &str = "/api/session/time_left";

/// Resolves the session cookie of every page, server-function, `/auth` request and document
/// to sign (`/signatures/…`).
pub async fn resolve_session(
    State((identity, db)): State<(SharedIdentity, Database)>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| *addr);
    let meta = request_meta(request.headers(), peer);
    request.extensions_mut().insert(meta.clone());
    let path = request.uri().path().to_owned();
    let concerns_people = path == "/"
        || ["/fr", "/en", "/api/", "/auth/", "/signatures/"]
            .iter()
            .any(|prefix| path.starts_with(prefix));
    if !concerns_people {
        return next.run(request).await;
    }
    let mut clear_cookie = false;
    if let Some(token) = read_cookie(request.headers(), session_cookie_name(&identity)) {
        match load(&identity, &db, &token, &meta, path != TIME_LEFT_PATH).await {
            Ok(Some(session)) => {
                request.extensions_mut().insert(session);
            }
            Ok(None) => clear_cookie = true,
            Err(error) => tracing::error!(%error, "cannot read the session"),
        }
    }
    let guest = request.extensions().get::<CurrentSession>().is_none();
    // Personal pages, every request form (filling one keeps a draft in the person's file) and
    // every request's own page.
    let (request_form, request_page) = app::locale::locale_of_path(&path).map_or((false, false), |locale| {
        (
            app::locale::service_of_path(&path, locale).is_some_and(|(_, form)| form),
            app::locale::request_of_path(&path, locale).is_some(),
        )
    });
    let personal_page =
        request_form || request_page || Page::from_path(&path).is_some_and(|(page, _)| page.requires_session());
    let mut response = if guest && personal_page && *request.method() == Method::GET {
        let wanted = request
            .uri()
            .path_and_query()
            .map_or(path.clone(), |pq| pq.as_str().to_owned());
        Redirect::to(&sign_in_href(&wanted)).into_response()
    } else {
        next.run(request).await
    };
    // An expired session's cookie is cleared, unless this answer opens a new session (signing
    // in again with the old cookie still in the browser): clearing after it would undo it.
    let name = session_cookie_name(&identity);
    let opens_session = response.headers().get_all(header::SET_COOKIE).iter().any(|cookie| {
        cookie
            .to_str()
            .is_ok_and(|cookie| cookie.starts_with(&format!("{name}=")))
    });
    if clear_cookie && !opens_session {
        response
            .headers_mut()
            .append(header::SET_COOKIE, removal(&identity, session_cookie_name(&identity)));
    }
    response
}

/// The live session a token opens, extended by this request when `activity`; an expired one
/// is ended and journaled, an unknown one is ignored (both give `None`).
async fn load(
    identity: &Identity,
    db: &Database,
    token: &str,
    meta: &RequestMeta,
    activity: bool,
) -> Result<Option<CurrentSession>, sqlx::Error> {
    let now = identity.clock.now();
    let mut conn = db.pool().acquire().await?;
    let Some(mut session) = auth_db::find_session(&mut conn, token).await? else {
        return Ok(None);
    };
    drop(conn);
    if let Some(why) = Expiry::of(&session, now) {
        let mut tx = db.begin().await?;
        // Only the request that removes it journals it (two tabs may race here).
        if auth_db::delete_session(&mut tx, &session.id_hash).await?.is_some() {
            let event = AuditEvent {
                details: Some(serde_json::json!({ "reason": why.as_str() })),
                ..meta.event(&session.citizen_id, "auth.session_expired", Outcome::Success)
            }
            .concerning(&session.citizen_id);
            app::audit::db::record(&mut tx, &event, now).await?;
        }
        tx.commit().await?;
        return Ok(None);
    }
    if activity {
        let extended = (now + identity.policy.idle).min(session.absolute_expires_at);
        // One write a minute at most, however many requests a page makes.
        if extended - session.idle_expires_at >= time::Duration::minutes(1) {
            let mut conn = db.pool().acquire().await?;
            auth_db::touch_session(&mut conn, &session.id_hash, extended).await?;
            session.idle_expires_at = extended;
        }
    }
    Ok(Some(session))
}

/// A person the provider (or the development sign-in) vouched for.
pub struct SignedInPerson<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    pub claims: &'a auth_db::Claims,
    pub role: Role,
    /// `oidc` or `development`, for the journal.
    pub method: &'static str,
    /// When and how they authenticated (the ID token's `auth_time` and `acr`).
    pub auth_time: Option<time::OffsetDateTime>,
    pub acr: Option<&'a str>,
    /// Whether this sign-in was a fresh authentication asked for (to sign a document).
    pub fresh: bool,
}

/// Opens a session for a person in one transaction with its journal entry, ending the session
/// the browser had before (the session id changes at every sign-in). Returns the new token.
pub async fn open_session(
    identity: &Identity,
    db: &Database,
    person: &SignedInPerson<'_>,
    previous_token: Option<&str>,
    meta: &RequestMeta,
    locale: app::i18n::Locale,
) -> Result<String, sqlx::Error> {
    let now = identity.clock.now();
    let token = new_token();
    let mut tx = db.begin().await?;
    let subject_hash = app::auth::session::subject_hash(person.issuer, person.subject);
    let citizen_id = auth_db::upsert_citizen(&mut tx, &subject_hash, person.claims, now).await?;
    if let Some(previous) = previous_token {
        auth_db::delete_session(&mut tx, &app::auth::session::token_hash(previous)).await?;
    }
    let absolute_expires_at = now + identity.policy.absolute;
    auth_db::create_session(
        &mut tx,
        &NewSession {
            token: &token,
            citizen_id: &citizen_id,
            role: person.role,
            now,
            idle_expires_at: (now + identity.policy.idle).min(absolute_expires_at),
            absolute_expires_at,
            ip: meta.ip.as_deref(),
            user_agent: meta.user_agent.as_deref(),
            auth_time: person.auth_time,
            acr: person.acr,
        },
    )
    .await?;
    let mut event = meta
        .event(&citizen_id, "auth.sign_in", Outcome::Success)
        .concerning(&citizen_id);
    let details = event.details.get_or_insert_with(|| serde_json::json!({}));
    details["method"] = person.method.into();
    details["role"] = person.role.as_str().into();
    if person.fresh {
        details["fresh"] = true.into();
    }
    app::audit::db::record(&mut tx, &event, now).await?;
    if let Some(visit) = app::usage::marks::visit(Some(locale), meta.user_agent.as_deref()) {
        let mark = app::usage::model::Mark::new(app::usage::model::Measure::SignedIn, None, visit);
        app::usage::db::record(&mut tx, &mark, now).await?;
    }
    tx.commit().await?;
    Ok(token)
}

/// Ends the sessions of whoever holds `token`: this one, or all of theirs when `everywhere`.
/// Returns whether there was a session.
pub async fn close_session(
    identity: &Identity,
    db: &Database,
    token: &str,
    everywhere: bool,
    meta: &RequestMeta,
) -> Result<bool, sqlx::Error> {
    let now = identity.clock.now();
    let mut tx = db.begin().await?;
    let Some(citizen_id) = auth_db::delete_session(&mut tx, &app::auth::session::token_hash(token)).await? else {
        return Ok(false);
    };
    let others = if everywhere {
        auth_db::delete_citizen_sessions(&mut tx, &citizen_id).await?
    } else {
        0
    };
    let mut event = meta
        .event(&citizen_id, "auth.sign_out", Outcome::Success)
        .concerning(&citizen_id);
    let details = event.details.get_or_insert_with(|| serde_json::json!({}));
    details["scope"] = if everywhere { "everywhere" } else { "this_session" }.into();
    details["other_sessions_ended"] = others.into();
    app::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(true)
}

/// Removes expired sessions (each journaled) and forgotten sign-in attempts. Run every minute
/// by the server, and by tests after moving the clock.
pub async fn purge(identity: &Identity, db: &Database) -> Result<usize, sqlx::Error> {
    let now = identity.clock.now();
    let mut tx = db.begin().await?;
    let ended = auth_db::purge_expired_sessions(&mut tx, now).await?;
    for (citizen_id, why) in &ended {
        let event = AuditEvent {
            details: Some(serde_json::json!({ "reason": why.as_str() })),
            ..AuditEvent::new(citizen_id.as_str(), "auth.session_expired", Outcome::Success)
        }
        .concerning(citizen_id.as_str());
        app::audit::db::record(&mut tx, &event, now).await?;
    }
    auth_db::purge_attempts(&mut tx, now - time::Duration::hours(1)).await?;
    tx.commit().await?;
    identity.rate_limit.forget_idle();
    identity.refused_tokens.forget_idle();
    Ok(ended.len())
}

/// 256 random bits, URL-safe: a session token.
pub fn new_token() -> String {
    app::auth::session::new_secret_token()
}
