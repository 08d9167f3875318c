//! A service's status for one of its requests, applied in one transaction: checked against the
//! vocabulary of the manifest version the request was filed on, refused once the request is
//! closed, recorded once per event id (a service may safely send again), told to the citizen's
//! inbox, and journaled.

use super::db as requests;
use super::model::{EventKind, RequestEvent};
use crate::audit::{AuditEvent, Outcome};
use crate::catalogue::db::ManifestCache;
use crate::ids::ServiceId;
use crate::locale::Bilingual;
use crate::moment::Moment;
use crate::notifications::db::NewNotification;
use crate::notifications::model::NotificationKind;
use serde_json::json;
use sqlx::AnyConnection;
use time::OffsetDateTime;

/// What a service reports, its form already checked.
pub struct StatusReport<'a> {
    /// The service's own id of the event: the same id twice is recorded once.
    pub event_id: &'a str,
    pub status: &'a str,
    pub message: Option<&'a Bilingual>,
    /// YYYY-MM-DD.
    pub expected_date: Option<&'a str>,
    /// Whether the citizen has something to do; by default, what the status says (or yes,
    /// when a deadline is given).
    pub action_required: Option<bool>,
    /// YYYY-MM-DD: the citizen's action is due by then.
    pub deadline: Option<&'a str>,
}

/// A status applied.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    Recorded,
    /// This event id was recorded before: nothing changed.
    AlreadyRecorded,
}

/// Why a status was not applied (nothing was written).
#[derive(Debug)]
pub enum Refused {
    /// No request of this service has this reference.
    NotFound,
    /// Not in the vocabulary of the request's form version, which lists these.
    UnknownStatus(Vec<String>),
    /// Closed: by a final status (`terminal`) or a withdrawal.
    Closed {
        terminal: bool,
    },
    Database(sqlx::Error),
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Self {
        Refused::Database(error)
    }
}

/// Applies a service's status to its request with this reference, inside the caller's
/// transaction; the caller commits only on `Ok`.
pub async fn apply(
    conn: &mut AnyConnection,
    manifests: &ManifestCache,
    service_id: &ServiceId,
    reference: &str,
    report: &StatusReport<'_>,
    notify: crate::notifications::delivery::Schedule,
    now: OffsetDateTime,
) -> Result<Applied, Refused> {
    let Some(request) = not_yet_recorded(conn, service_id, reference, report.event_id).await? else {
        return Ok(Applied::AlreadyRecorded);
    };
    let manifest = manifests
        .version(conn, service_id, request.service_version)
        .await?
        .ok_or_else(|| Refused::Database(sqlx::Error::RowNotFound))?;
    let Some(definition) = manifest.statuses.iter().find(|s| s.id == report.status) else {
        return Err(Refused::UnknownStatus(
            manifest.statuses.iter().map(|s| s.id.clone()).collect(),
        ));
    };
    if !request.standing.is_open() {
        return Err(Refused::Closed {
            terminal: request.standing.closed,
        });
    }
    let line = RequestEvent {
        kind: EventKind::Status,
        status: Some(definition.id.clone()),
        message: report.message.cloned(),
        expected_date: report.expected_date.map(str::to_owned),
        action_required: report
            .action_required
            .unwrap_or(definition.action_required || report.deadline.is_some()),
        deadline: report.deadline.map(str::to_owned),
        at: Moment::at(now),
    };
    if !requests::add_event(conn, &request.id, &line, Some(report.event_id)).await? {
        return Ok(Applied::AlreadyRecorded);
    }
    // Withdrawn or closed between the read above and now: the caller drops the transaction.
    if !requests::apply_status(conn, &request.id, &line, definition.terminal, now).await? {
        return Err(Refused::Closed { terminal: false });
    }
    let told = Told {
        request: &request,
        title: &manifest.title,
        status: Some(&definition.label),
        line: &line,
        source: report.event_id,
    };
    tell(conn, &told, notify, now).await?;
    let journal = AuditEvent {
        target: Some(reference.to_owned()),
        details: Some(json!({ "status": definition.id, "event_id": report.event_id })),
        ..AuditEvent::new(format!("service:{service_id}"), "request.status", Outcome::Success)
    }
    .about_request(service_id.as_str(), reference)
    .concerning(request.citizen_id.as_str());
    crate::audit::db::record(conn, &journal, now).await?;
    let waited = request.submitted_at.utc().map_or(0, |at| (now - at).whole_seconds());
    crate::usage::marks::count_answer(
        conn,
        service_id.as_str(),
        !request.answered,
        definition.terminal,
        waited,
        now,
    )
    .await?;
    Ok(Applied::Recorded)
}

/// The service's request with this reference, unless the service's event (or message) `source`
/// is already recorded on it (none: a replay, nothing to do).
pub(super) async fn not_yet_recorded(
    conn: &mut AnyConnection,
    service_id: &ServiceId,
    reference: &str,
    source: &str,
) -> Result<Option<requests::ForService>, Refused> {
    let request = requests::for_service(conn, service_id, reference)
        .await?
        .ok_or(Refused::NotFound)?;
    match requests::has_service_event(conn, &request.id, source).await? {
        true => Ok(None),
        false => Ok(Some(request)),
    }
}

/// A line a service added to a request's timeline, as the citizen's inbox hears of it.
pub(super) struct Told<'a> {
    pub request: &'a requests::ForService,
    /// The service's title.
    pub title: &'a Bilingual,
    /// The status's words, for a status.
    pub status: Option<&'a Bilingual>,
    pub line: &'a RequestEvent,
    /// The service's own id of the event or message: told once.
    pub source: &'a str,
}

/// Tells the citizen's inbox in the caller's transaction (one line, one notification), and the
/// channels beyond it through a durable job written with it.
pub(super) async fn tell(
    conn: &mut AnyConnection,
    told: &Told<'_>,
    notify: crate::notifications::delivery::Schedule,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let line = told.line;
    let kind = match (line.action_required, line.kind) {
        (true, _) => NotificationKind::ActionRequired,
        (false, EventKind::Message) => NotificationKind::ServiceMessage,
        (false, _) => NotificationKind::StatusChanged,
    };
    let notification = NewNotification {
        citizen_id: &told.request.citizen_id,
        kind,
        request: Some((&told.request.id, &told.request.reference)),
        title: told.title,
        status: told.status,
        message: line.message.as_ref(),
        expected_date: line.expected_date.as_deref(),
        deadline: line.deadline.as_deref(),
        source: told.source,
    };
    if let Some(id) = crate::notifications::db::add(conn, &notification, now).await? {
        crate::notifications::delivery::enqueue(conn, id, notify, now).await?;
    }
    Ok(())
}
