//! `PUT /api/v1/services/{id}`: a service team publishes a manifest, through the same operation
//! as the console's (`app::catalogue::publishing`: the manifest's checks, the destination
//! rules, a change of endpoints journaled with the old and new addresses).

use super::{ApiError, Caller, Fault, require_json};
use crate::state::AppState;
use app::audit::{AuditEvent, Outcome};
use app::catalogue::publishing::{self, Refusal};
use app::ids::ServiceId;
use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// `PUT /api/v1/services/{id}`: publishes a manifest (201 the first time, 200 for a new
/// version; 409 when the version is not above the current one; 422 with every problem).
pub(super) async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ServiceId>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "catalogue.publish").await?;
    require_json(&headers, locale)?;
    let now = state.portal.auth.clock.now();
    let by = AuditEvent::new(format!("service:{id}"), "catalogue.publish", Outcome::Success);
    let publication =
        publishing::publish(&state.portal, &id, &body, by, now)
            .await
            .map_err(|refusal| match refusal {
                Refusal::Problems(problems) => ApiError::new(Fault::InvalidManifest, locale).with_problems(problems),
                Refusal::StaleVersion { current } => ApiError::new(Fault::StaleVersion { current }, locale),
                Refusal::Database(error) => ApiError::database(locale)(error),
            })?;
    let version = publication.version;
    Ok(match publication.signing_secret {
        Some(secret) => (
            StatusCode::CREATED,
            [(header::LOCATION, format!("/api/v1/services/{id}"))],
            Json(json!({ "id": id, "version": version, "signing_secret": secret })),
        )
            .into_response(),
        None => (StatusCode::OK, Json(json!({ "id": id, "version": version }))).into_response(),
    })
}
