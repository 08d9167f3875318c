//! `POST /api/v1/services/{id}/requests/{reference}/events`: a service reports a status of one
//! of its requests (the checks its messages share are here too). This route reads and checks the body; the requests domain applies it
//! (`app::requests::status`). An event id already recorded is answered as done (200) and
//! changes nothing, so a service may safely send again.

use super::{ApiError, Caller, Fault, require_json};
use crate::state::AppState;
use app::ids::ServiceId;
use app::requests::status::{self, Applied, Refused, StatusReport};
use app::{catalogue::check::ProblemCode, i18n::Locale, locale::Bilingual};
use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

/// The longest message to the citizen, per language.
const MESSAGE_MAX: usize = 2000;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusEvent {
    /// The service's own id of the event: the same id twice is recorded once.
    event_id: String,
    status: String,
    #[serde(default)]
    message: Option<Bilingual>,
    /// YYYY-MM-DD: when the service expects to decide.
    #[serde(default)]
    expected_date: Option<String>,
    /// Whether the citizen has something to do; by default, what the status says (or yes,
    /// when a deadline is given).
    #[serde(default)]
    action_required: Option<bool>,
    /// YYYY-MM-DD: the citizen's action is due by then.
    #[serde(default)]
    deadline: Option<String>,
}

/// Every rule a status event must follow beyond its JSON shape, each refusal naming its field.
fn check(event: &StatusEvent, locale: Locale) -> Result<(), ApiError> {
    check_id(&event.event_id, "event_id", locale)?;
    if let Some(message) = &event.message {
        check_message(message, locale)?;
    }
    if let Some(date) = &event.expected_date
        && app::moment::parse_day(date).is_none()
    {
        return Err(ApiError::new(Fault::InvalidExpectedDate, locale).at("expected_date", ProblemCode::InvalidDate));
    }
    check_deadline(event.deadline.as_deref(), event.action_required, locale)
}

/// A service's own id of an event or a message: 1 to 100 letters, digits or `- _ . :`.
pub(super) fn check_id(id: &str, path: &str, locale: Locale) -> Result<(), ApiError> {
    let fits = (1..=100).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    match fits {
        true => Ok(()),
        false => Err(ApiError::new(Fault::InvalidEventId, locale).at(path, ProblemCode::InvalidId)),
    }
}

/// Words to the citizen: in both languages, neither blank nor longer than the portal keeps.
pub(super) fn check_message(message: &Bilingual, locale: Locale) -> Result<(), ApiError> {
    check_words(message, "message", locale)
}

/// Words to the citizen under `field` (`title`, `message`…), checked like a message.
pub(super) fn check_words(message: &Bilingual, field: &str, locale: Locale) -> Result<(), ApiError> {
    for (side, text) in [("fr", &message.fr), ("en", &message.en)] {
        let path = format!("{field}.{side}");
        let size = text.trim().chars().count();
        if size == 0 {
            return Err(ApiError::new(Fault::InvalidMessage, locale).at(&path, ProblemCode::Missing));
        }
        if size > MESSAGE_MAX {
            return Err(ApiError::new(Fault::MessageTooLong, locale).at(&path, ProblemCode::TooLong));
        }
    }
    Ok(())
}

/// The day an action is due by: a date, and never beside `action_required: false`.
pub(super) fn check_deadline(
    deadline: Option<&str>,
    action_required: Option<bool>,
    locale: Locale,
) -> Result<(), ApiError> {
    let Some(day) = deadline else { return Ok(()) };
    let refuse = |code| Err(ApiError::new(Fault::InvalidDeadline, locale).at("deadline", code));
    if app::moment::parse_day(day).is_none() {
        return refuse(ProblemCode::InvalidDate);
    }
    if action_required == Some(false) {
        return refuse(ProblemCode::NeedsAction);
    }
    Ok(())
}

/// Reads a JSON body into `T`, a refusal naming the path of what does not fit.
pub(super) fn read_body<T: serde::de::DeserializeOwned>(body: &[u8], locale: Locale) -> Result<T, ApiError> {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { "" } else { &path };
        ApiError::new(Fault::Malformed, locale).at(path, ProblemCode::Malformed)
    })
}

pub(super) async fn append(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, reference)): Path<(ServiceId, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "request.status").await?;
    require_json(&headers, locale)?;
    let event: StatusEvent = read_body(&body, locale)?;
    check(&event, locale)?;
    let now = state.portal.auth.clock.now();
    let report = StatusReport {
        event_id: &event.event_id,
        status: &event.status,
        message: event.message.as_ref(),
        expected_date: event.expected_date.as_deref(),
        action_required: event.action_required,
        deadline: event.deadline.as_deref(),
    };
    let mut tx = state.portal.db.begin().await.map_err(ApiError::database(locale))?;
    let policy = &state.portal.deliveries;
    let notify = state.portal.notify_schedule();
    let applied = status::apply(&mut tx, &state.portal.manifests, &id, &reference, &report, notify, now)
        .await
        .map_err(|refused| refusal(refused, locale))?;
    tx.commit().await.map_err(ApiError::database(locale))?;
    policy.wake.notify_one();
    let (code, replayed) = match applied {
        Applied::Recorded => (StatusCode::CREATED, false),
        Applied::AlreadyRecorded => (StatusCode::OK, true),
    };
    let answer =
        json!({ "reference": reference, "event_id": event.event_id, "status": event.status, "replayed": replayed });
    Ok((code, Json(answer)).into_response())
}

/// What the service reads when its status or message was not applied.
pub(super) fn refusal(refused: Refused, locale: Locale) -> ApiError {
    let fault = match refused {
        Refused::NotFound => Fault::NoSuchRequest,
        Refused::UnknownStatus(known) => {
            return ApiError::new(Fault::UnknownStatus { known }, locale).at("status", ProblemCode::UnknownStatus);
        }
        Refused::Closed { terminal } => Fault::Closed { terminal },
        Refused::Database(e) => return ApiError::database(locale)(e),
    };
    ApiError::new(fault, locale)
}
