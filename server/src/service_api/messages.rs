//! `POST /api/v1/services/{id}/requests/{reference}/messages`: a service writes to the citizen
//! about one of its requests without changing its status; one that asks for something (with a
//! deadline or not) marks the request "action required". The requests domain applies it
//! (`app::requests::messages`). A message id already recorded is answered as done (200).

use super::events::{check_deadline, check_id, check_message, read_body, refusal};
use super::{ApiError, Caller, require_json};
use crate::state::AppState;
use app::ids::ServiceId;
use app::locale::Bilingual;
use app::requests::messages::{self, MessageReport};
use app::requests::status::Applied;
use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceMessage {
    /// The service's own id of the message, in the same space as its events' ids.
    message_id: String,
    message: Bilingual,
    /// Whether the citizen has something to do; yes when a deadline is given, no otherwise.
    #[serde(default)]
    action_required: Option<bool>,
    /// YYYY-MM-DD: the citizen's action is due by then.
    #[serde(default)]
    deadline: Option<String>,
}

pub(super) async fn add(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, reference)): Path<(ServiceId, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "request.message").await?;
    require_json(&headers, locale)?;
    let sent: ServiceMessage = read_body(&body, locale)?;
    check_id(&sent.message_id, "message_id", locale)?;
    check_message(&sent.message, locale)?;
    check_deadline(sent.deadline.as_deref(), sent.action_required, locale)?;
    let report = MessageReport {
        message_id: &sent.message_id,
        message: &sent.message,
        action_required: sent.action_required.unwrap_or(sent.deadline.is_some()),
        deadline: sent.deadline.as_deref(),
    };
    let now = state.portal.auth.clock.now();
    let mut tx = state.portal.db.begin().await.map_err(ApiError::database(locale))?;
    let applied = messages::add(
        &mut tx,
        &state.portal.manifests,
        &id,
        &reference,
        &report,
        state.portal.notify_schedule(),
        now,
    )
    .await
    .map_err(|refused| refusal(refused, locale))?;
    tx.commit().await.map_err(ApiError::database(locale))?;
    state.portal.deliveries.wake.notify_one();
    let (code, replayed) = match applied {
        Applied::Recorded => (StatusCode::CREATED, false),
        Applied::AlreadyRecorded => (StatusCode::OK, true),
    };
    let answer = json!({
        "reference": reference,
        "message_id": sent.message_id,
        "action_required": report.action_required,
        "replayed": replayed,
    });
    Ok((code, Json(answer)).into_response())
}
