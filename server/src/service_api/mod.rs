//! The service-team REST API under `/api/v1/`, with `Authorization: Bearer <service token>`:
//! publish, read and withdraw a service's manifest. Its OpenAPI document is served at
//! `/api/v1/openapi.json`; both are stable, service teams code against them.
//!
//! Errors are JSON: `{"error": code, "message": sentence, "problems": [{path, code, message}]}`,
//! in French or English by `Accept-Language` (French by default).

pub mod demo;
mod events;
mod files;
mod publish;

use crate::state::AppState;
use app::{
    audit::{AuditEvent, Outcome},
    auth::{api_tokens, session::RequestMeta},
    catalogue::{db as catalogue_db, model::ManifestProblem},
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
            "/api/v1/services/{id}/requests/{reference}/files/{file}",
            get(files::fetch),
        )
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// An API error: status, code, sentence, and the manifest's problems if any.
struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    problems: Vec<ManifestProblem>,
    locale: Locale,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, locale: Locale, fr: &str, en: &str) -> ApiError {
        let message = match locale {
            Locale::fr => fr,
            Locale::en => en,
        };
        ApiError {
            status,
            code,
            message: message.to_owned(),
            problems: Vec::new(),
            locale,
        }
    }

    fn internal(locale: Locale) -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            locale,
            "Erreur interne : réessayez plus tard.",
            "Internal error: try again later.",
        )
    }
}

impl From<(sqlx::Error, Locale)> for ApiError {
    fn from((error, locale): (sqlx::Error, Locale)) -> ApiError {
        tracing::error!(%error, "service API: database error");
        ApiError::internal(locale)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problems: Vec<_> = self
            .problems
            .iter()
            .map(|p| json!({ "path": p.path, "code": p.code, "message": p.message(self.locale) }))
            .collect();
        let mut body = json!({ "error": self.code, "message": self.message });
        if !problems.is_empty() {
            body["problems"] = problems.into();
        }
        let mut response = (self.status, Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

fn locale_of(headers: &HeaderMap) -> Locale {
    negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

/// The service a valid Bearer token acts for.
struct Caller {
    service: String,
    locale: Locale,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let locale = locale_of(&parts.headers);
        let refused = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                locale,
                "Jeton de service absent, inconnu, expiré ou révoqué (Authorization: Bearer …).",
                "Service token missing, unknown, expired or revoked (Authorization: Bearer …).",
            )
        };
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
                .map_err(|e| ApiError::from((e, locale)))?
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
    async fn may_act_on(&self, id: &str, state: &AppState, action: &str) -> Result<(), ApiError> {
        if self.service == id {
            return Ok(());
        }
        let event = AuditEvent {
            target: Some(id.to_owned()),
            ..AuditEvent::new(format!("service:{}", self.service), action, Outcome::Denied)
        };
        record(state, &event, self.locale).await?;
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            self.locale,
            "Ce jeton appartient à un autre service.",
            "This token belongs to another service.",
        ))
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
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        locale,
        "Le corps doit être envoyé en JSON (Content-Type: application/json).",
        "The body must be sent as JSON (Content-Type: application/json).",
    ))
}

async fn record(state: &AppState, event: &AuditEvent, locale: Locale) -> Result<(), ApiError> {
    let mut tx = state.portal.db.begin().await.map_err(|e| ApiError::from((e, locale)))?;
    app::audit::db::record(&mut tx, event, state.portal.auth.clock.now())
        .await
        .map_err(|e| ApiError::from((e, locale)))?;
    tx.commit().await.map_err(|e| ApiError::from((e, locale)))
}

/// A connection for a service's call; without one, the translated "try again later" answer.
async fn connection(state: &AppState, locale: Locale) -> Result<sqlx::pool::PoolConnection<sqlx::Any>, ApiError> {
    state
        .portal
        .db
        .pool()
        .acquire()
        .await
        .map_err(|e| ApiError::from((e, locale)))
}

/// `GET /api/v1/services/{id}`: the manifest on show.
async fn read(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "catalogue.read").await?;
    let mut conn = connection(&state, locale).await?;
    match state
        .portal
        .manifests
        .current(&mut conn, &id)
        .await
        .map_err(|e| ApiError::from((e, locale)))?
    {
        Some(manifest) => Ok(Json(&*manifest).into_response()),
        None => Err(not_published(locale)),
    }
}

/// `DELETE /api/v1/services/{id}`: hides the tile (drafts keep their version). Publishing a
/// new version shows it again.
async fn withdraw(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "catalogue.withdraw").await?;
    let now = state.portal.auth.clock.now();
    let mut tx = state.portal.db.begin().await.map_err(|e| ApiError::from((e, locale)))?;
    if !catalogue_db::withdraw(&mut tx, &id, now)
        .await
        .map_err(|e| ApiError::from((e, locale)))?
    {
        return Err(not_published(locale));
    }
    let event = AuditEvent {
        target: Some(id.clone()),
        ..AuditEvent::new(format!("service:{id}"), "catalogue.withdraw", Outcome::Success)
    };
    app::audit::db::record(&mut tx, &event, now)
        .await
        .map_err(|e| ApiError::from((e, locale)))?;
    tx.commit().await.map_err(|e| ApiError::from((e, locale)))?;
    state.portal.tiles.invalidate();
    Ok(StatusCode::NO_CONTENT.into_response())
}

fn not_published(locale: Locale) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        locale,
        "Ce service n’est pas publié.",
        "This service is not published.",
    )
}
