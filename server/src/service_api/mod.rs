//! The service-team REST API under `/api/v1/`, with `Authorization: Bearer <service token>`:
//! publish, read and withdraw a service's manifest. Its OpenAPI document is served at
//! `/api/v1/openapi.json`; both are stable, service teams code against them.
//!
//! Errors are JSON: `{"error": code, "message": sentence, "problems": [{path, code, message}]}`,
//! in French or English by `Accept-Language` (French by default).

pub mod demo;
mod error;
mod events;
mod files;
mod messages;
mod publish;
pub mod signatures;
pub mod sms_receipts;
mod unsubscribe;

use crate::state::AppState;
use app::ids::ServiceId;
use app::{
    audit::{AuditEvent, Outcome},
    auth::{api_tokens, session::RequestMeta},
    i18n::Locale,
    locale::negotiate,
};
use axum::{
    Json, Router,
    extract::{FromRequestParts, Path, State},
    http::{HeaderMap, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::get,
};
use error::{ApiError, Fault};
pub use files::filename;
use serde_json::json;

/// The OpenAPI 3.1 document of this API.
pub const OPENAPI: &str = include_str!("openapi.json");

/// The routes of the service-team API.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route(
            "/api/v1/services/{id}",
            get(read).put(publish::publish).delete(withdraw),
        )
        .route(
            "/api/v1/services/{id}/requests/{reference}/events",
            axum::routing::post(events::append),
        )
        .route(
            "/api/v1/services/{id}/requests/{reference}/messages",
            axum::routing::post(messages::add),
        )
        .route(
            "/api/v1/services/{id}/requests/{reference}/files/{file}",
            get(files::fetch),
        )
        .route("/api/v1/services/{id}/signatures", axum::routing::post(signatures::ask))
        .route("/api/v1/services/{id}/signatures/{signature_id}", get(signatures::read))
        .route(
            "/api/v1/services/{id}/signatures/{signature_id}/signed.pdf",
            get(signatures::signed_pdf),
        )
        .route("/api/v1/sms/receipts", axum::routing::post(sms_receipts::receive))
        .route("/api/v1/sms/openapi.json", get(sms_openapi))
        .route(
            "/api/v1/unsubscribe/{token}",
            get(unsubscribe::open).post(unsubscribe::unsubscribe),
        )
}

/// The OpenAPI 3.1 document of the SMS gateway contract: what a gateway implements, and the
/// receipts it posts back.
pub const SMS_OPENAPI: &str = include_str!("sms-gateway.openapi.json");

async fn sms_openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], SMS_OPENAPI).into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

fn locale_of(headers: &HeaderMap) -> Locale {
    negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

/// The service a valid Bearer token acts for.
struct Caller {
    service: ServiceId,
    locale: Locale,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let locale = locale_of(&parts.headers);
        let refused = || ApiError::new(Fault::Unauthorized, locale);
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(refused)?;
        let found = if token.len() <= 200 {
            let mut conn = connection(state, locale).await?;
            api_tokens::find(&mut conn, token)
                .await
                .map_err(ApiError::database(locale))?
        } else {
            None
        };
        match api_tokens::check(found.as_ref(), state.portal.auth.clock.now()) {
            Ok(token) => Ok(Caller {
                service: token.service.clone(),
                locale,
            }),
            Err(refusal) => {
                let meta = parts.extensions.get::<RequestMeta>();
                journal_refusal(state, meta, found.as_ref(), refusal, locale).await?;
                Err(refused())
            }
        }
    }
}

/// Journals a refused service token, without the token: who it was for, if known, and why.
/// An address journals a bounded number per minute; beyond that, refusals are logged only.
async fn journal_refusal(
    state: &AppState,
    meta: Option<&RequestMeta>,
    found: Option<&api_tokens::ApiTokenRecord>,
    refusal: api_tokens::Refusal,
    locale: Locale,
) -> Result<(), ApiError> {
    let ip = meta.and_then(|meta| meta.ip.as_deref());
    let within_limit = ip
        .and_then(|ip| ip.parse().ok())
        .is_none_or(|ip| state.identity.refused_tokens.allow(ip));
    if !within_limit {
        tracing::warn!(
            reason = refusal.as_str(),
            "service token refused (journal limit reached for this address)"
        );
        return Ok(());
    }
    let actor = found.map_or_else(|| "anonymous".to_owned(), |token| format!("service:{}", token.service));
    let event = AuditEvent {
        ip: ip.map(str::to_owned),
        request_id: meta.and_then(|meta| meta.request_id.clone()),
        details: Some(json!({
            "reason": refusal.as_str(),
            "token_id": found.map(|token| token.id.as_str()),
        })),
        ..AuditEvent::new(actor, "api_token.refused", Outcome::Denied)
    };
    record(state, &event, locale).await
}

impl Caller {
    /// Refuses (and journals) a call about another service than the token's.
    async fn may_act_on(&self, id: &ServiceId, state: &AppState, action: &str) -> Result<(), ApiError> {
        if self.service == *id {
            return Ok(());
        }
        let event = AuditEvent {
            target: Some(id.to_string()),
            service_id: Some(self.service.to_string()),
            ..AuditEvent::new(format!("service:{}", self.service), action, Outcome::Denied)
        };
        record(state, &event, self.locale).await?;
        Err(ApiError::new(Fault::Forbidden, self.locale))
    }
}

/// Refuses a body that is not declared JSON (415).
fn require_json(headers: &HeaderMap, locale: Locale) -> Result<(), ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if is_json {
        return Ok(());
    }
    Err(ApiError::new(Fault::UnsupportedMediaType, locale))
}

async fn record(state: &AppState, event: &AuditEvent, locale: Locale) -> Result<(), ApiError> {
    let mut tx = state.portal.db.begin().await.map_err(ApiError::database(locale))?;
    app::audit::db::record(&mut tx, event, state.portal.auth.clock.now())
        .await
        .map_err(ApiError::database(locale))?;
    tx.commit().await.map_err(ApiError::database(locale))
}

/// A connection for a service's call; without one, the translated "try again later" answer.
async fn connection(state: &AppState, locale: Locale) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, ApiError> {
    state
        .portal
        .db
        .pool()
        .acquire()
        .await
        .map_err(ApiError::database(locale))
}

/// `GET /api/v1/services/{id}`: the manifest on show.
async fn read(State(state): State<AppState>, caller: Caller, Path(id): Path<ServiceId>) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "catalogue.read").await?;
    let mut conn = connection(&state, locale).await?;
    match state
        .portal
        .manifests
        .current(&mut conn, &id)
        .await
        .map_err(ApiError::database(locale))?
    {
        Some(manifest) => Ok(Json(&*manifest).into_response()),
        None => Err(not_published(locale)),
    }
}

/// `DELETE /api/v1/services/{id}`: hides the tile (drafts keep their version). Publishing a
/// new version shows it again.
async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ServiceId>,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "catalogue.withdraw").await?;
    let now = state.portal.auth.clock.now();
    let mut tx = state.portal.db.begin().await.map_err(ApiError::database(locale))?;
    let event = AuditEvent::new(format!("service:{id}"), "catalogue.withdraw", Outcome::Success);
    if !app::catalogue::showing::set_shown(&mut tx, &id, false, event, now)
        .await
        .map_err(ApiError::database(locale))?
    {
        return Err(not_published(locale));
    }
    tx.commit().await.map_err(ApiError::database(locale))?;
    state.portal.tiles.invalidate();
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn not_published(locale: Locale) -> ApiError {
    ApiError::new(Fault::NotPublished, locale)
}
