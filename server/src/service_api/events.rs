//! `POST /api/v1/services/{id}/requests/{reference}/events`: a service reports a status of one
//! of its requests. This route reads and checks the body; the requests domain applies it
//! (`app::requests::status`). An event id already recorded is answered as done (200) and
//! changes nothing, so a service may safely send again.

use super::{ApiError, Caller, require_json};
use crate::state::AppState;
use app::locale::Bilingual;
use app::requests::status::{self, Applied, Refused, StatusReport};
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
    /// Whether the citizen has something to do; by default, what the status says.
    #[serde(default)]
    action_required: Option<bool>,
}

fn unprocessable(locale: app::i18n::Locale, code: &'static str, fr: &str, en: &str) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, code, locale, fr, en)
}

fn check(event: &StatusEvent, locale: app::i18n::Locale) -> Result<(), ApiError> {
    let id_fits = (1..=100).contains(&event.event_id.len())
        && event
            .event_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    if !id_fits {
        return Err(unprocessable(
            locale,
            "invalid_event_id",
            "event_id : de 1 à 100 lettres, chiffres ou - _ . :",
            "event_id: 1 to 100 letters, digits or - _ . :",
        ));
    }
    if let Some(message) = &event.message {
        let sizes = [message.fr.trim().chars().count(), message.en.trim().chars().count()];
        if sizes.contains(&0) {
            return Err(unprocessable(
                locale,
                "invalid_message",
                "Le message doit être donné en français et en anglais.",
                "The message must be given in French and in English.",
            ));
        }
        if sizes.iter().any(|&n| n > MESSAGE_MAX) {
            return Err(unprocessable(
                locale,
                "message_too_long",
                "Le message dépasse 2000 caractères dans une langue.",
                "The message is longer than 2000 characters in a language.",
            ));
        }
    }
    if let Some(date) = &event.expected_date
        && app::forms::model::parse_iso_date(date).is_none()
    {
        return Err(unprocessable(
            locale,
            "invalid_expected_date",
            "expected_date doit être une date AAAA-MM-JJ.",
            "expected_date must be a date YYYY-MM-DD.",
        ));
    }
    Ok(())
}

/// 409: the request takes no more statuses.
fn closed(locale: app::i18n::Locale, terminal: bool) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        if terminal { "terminal" } else { "withdrawn" },
        locale,
        "Cette demande est close (statut final ou retrait) : aucun statut ne peut suivre.",
        "This request is closed (final status or withdrawal): no status may follow.",
    )
}

pub(super) async fn append(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, reference)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "request.status").await?;
    require_json(&headers, locale)?;
    let event: StatusEvent = serde_json::from_slice(&body).map_err(|e| {
        let mut error = unprocessable(
            locale,
            "malformed",
            "Le corps JSON est mal formé.",
            "The JSON body is malformed.",
        );
        error.message = format!("{} ({e})", error.message);
        error
    })?;
    check(&event, locale)?;
    let now = state.portal.auth.clock.now();
    let report = StatusReport {
        event_id: &event.event_id,
        status: &event.status,
        message: event.message.as_ref(),
        expected_date: event.expected_date.as_deref(),
        action_required: event.action_required,
    };
    let mut tx = state.portal.db.begin().await.map_err(|e| ApiError::from((e, locale)))?;
    let applied = status::apply(&mut tx, &state.portal.manifests, &id, &reference, &report, now)
        .await
        .map_err(|refused| refusal(refused, locale))?;
    tx.commit().await.map_err(|e| ApiError::from((e, locale)))?;
    let (code, replayed) = match applied {
        Applied::Recorded => (StatusCode::CREATED, false),
        Applied::AlreadyRecorded => (StatusCode::OK, true),
    };
    let answer =
        json!({ "reference": reference, "event_id": event.event_id, "status": event.status, "replayed": replayed });
    Ok((code, Json(answer)).into_response())
}

/// What the service reads when its status was not applied.
fn refusal(refused: Refused, locale: app::i18n::Locale) -> ApiError {
    match refused {
        Refused::NotFound => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            locale,
            "Aucune demande de ce service ne porte cette référence.",
            "No request of this service has this reference.",
        ),
        Refused::UnknownStatus(known) => {
            let mut error = unprocessable(
                locale,
                "unknown_status",
                "Ce statut n’est pas dans le vocabulaire du service",
                "This status is not in the service's vocabulary",
            );
            error.message = format!("{} : {}", error.message, known.join(", "));
            error
        }
        Refused::Closed { terminal } => closed(locale, terminal),
        Refused::Database(e) => ApiError::from((e, locale)),
    }
}
