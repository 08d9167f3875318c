//! The service-team REST API under `/api/v1/`, with `Authorization: Bearer <service token>`:
//! publish, read and withdraw a service's manifest. Its OpenAPI document is served at
//! `/api/v1/openapi.json`; both are stable, service teams code against them.
//!
//! Errors are JSON: `{"error": code, "message": sentence, "problems": [{path, code, message}]}`,
//! in French or English by `Accept-Language` (French by default).

pub mod demo;
mod events;
mod files;

use crate::state::AppState;
use app::{
    audit::{AuditEvent, Outcome},
    catalogue::{
        db::{self as catalogue_db, Published},
        model::{ManifestProblem, ProblemCode, parse_manifest},
    },
    i18n::Locale,
    locale::negotiate,
};
use axum::{
    Json, Router,
    body::Bytes,
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
        .route("/api/v1/services/{id}", get(read).put(publish).delete(withdraw))
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
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 200);
        let refused = || {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                locale,
                "Jeton de service absent, inconnu ou révoqué (Authorization: Bearer …).",
                "Service token missing, unknown or revoked (Authorization: Bearer …).",
            )
        };
        let token = token.ok_or_else(refused)?;
        let mut conn = state
            .portal
            .db
            .pool()
            .acquire()
            .await
            .map_err(|e| ApiError::from((e, locale)))?;
        let service = app::auth::db::service_of_api_token(&mut conn, token)
            .await
            .map_err(|e| ApiError::from((e, locale)))?
            .ok_or_else(refused)?;
        Ok(Caller { service, locale })
    }
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

/// `PUT /api/v1/services/{id}`: publishes a manifest (201 the first time, 200 for a new
/// version; 409 when the version is not above the current one; 422 with every problem).
async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "catalogue.publish").await?;
    require_json(&headers, locale)?;
    let mut manifest = parse_manifest(&body);
    if let Ok(m) = &manifest
        && m.id != id
    {
        manifest = Err(vec![ManifestProblem {
            path: "id".to_owned(),
            code: ProblemCode::Mismatch,
        }]);
    }
    let manifest = manifest.map_err(|problems| ApiError {
        problems,
        ..ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_manifest",
            locale,
            "Le manifeste n’est pas publiable : voir les problèmes.",
            "The manifest cannot be published: see the problems.",
        )
    })?;
    let now = state.portal.auth.clock.now();
    let mut tx = state.portal.db.begin().await.map_err(|e| ApiError::from((e, locale)))?;
    let published = catalogue_db::publish(&mut tx, &manifest, now)
        .await
        .map_err(|e| ApiError::from((e, locale)))?;
    if let Published::StaleVersion { current } = published {
        let mut error = ApiError::new(
            StatusCode::CONFLICT,
            "stale_version",
            locale,
            "La version doit être supérieure à la version publiée.",
            "The version must be above the published version.",
        );
        error.message = format!("{} ({current})", error.message);
        return Err(error);
    }
    let event = AuditEvent {
        target: Some(id.clone()),
        details: Some(json!({ "version": manifest.version })),
        ..AuditEvent::new(format!("service:{id}"), "catalogue.publish", Outcome::Success)
    };
    app::audit::db::record(&mut tx, &event, now)
        .await
        .map_err(|e| ApiError::from((e, locale)))?;
    // The first publication gives the service the key it checks the portal's deliveries with;
    // it is shown this once.
    let secret = if published == Published::Created {
        let secret = hex::encode(rand::random::<[u8; 32]>());
        app::catalogue::db::set_signing_secret(&mut tx, &id, &secret, now)
            .await
            .map_err(|e| ApiError::from((e, locale)))?;
        Some(secret)
    } else {
        None
    };
    tx.commit().await.map_err(|e| ApiError::from((e, locale)))?;
    state.portal.tiles.invalidate();
    Ok(match secret {
        Some(secret) => (
            StatusCode::CREATED,
            [(header::LOCATION, format!("/api/v1/services/{id}"))],
            Json(json!({ "id": id, "version": manifest.version, "signing_secret": secret })),
        )
            .into_response(),
        None => (StatusCode::OK, Json(json!({ "id": id, "version": manifest.version }))).into_response(),
    })
}

/// `GET /api/v1/services/{id}`: the manifest on show.
async fn read(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "catalogue.read").await?;
    let mut conn = state
        .portal
        .db
        .pool()
        .acquire()
        .await
        .map_err(|e| ApiError::from((e, locale)))?;
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
