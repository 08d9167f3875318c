//! A service's message about one of its requests, without a change of status ("we received your
//! documents", "send us your invoice by the 15th"): a line of the request's timeline and a
//! notification, in one transaction, recorded once per message id, and journaled. A message that
//! asks something of the citizen marks the request "action required", so only an open request
//! takes one; any other message is taken even once the request is closed or withdrawn.

use super::db as requests;
use super::model::{EventKind, RequestEvent};
use super::status::{Applied, Refused, Told, not_yet_recorded, tell};
use crate::audit::{AuditEvent, Outcome};
use crate::catalogue::db::ManifestCache;
use crate::ids::ServiceId;
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde_json::json;
use sqlx::AnyConnection;
use time::OffsetDateTime;

/// What a service writes, its form already checked.
pub struct MessageReport<'a> {
    /// The service's own id of the message, in the same space as its events' ids: the same id
    /// twice is recorded once.
    pub message_id: &'a str,
    pub message: &'a Bilingual,
    /// Whether the citizen has something to do; yes when a deadline is given.
    pub action_required: bool,
    /// YYYY-MM-DD: the citizen's action is due by then.
    pub deadline: Option<&'a str>,
}

/// Adds a service's message to its request with this reference, inside the caller's
/// transaction; the caller commits only on `Ok`.
pub async fn add(
    conn: &mut AnyConnection,
    manifests: &ManifestCache,
    service_id: &ServiceId,
    reference: &str,
    report: &MessageReport<'_>,
    notify: crate::notifications::delivery::Schedule,
    now: OffsetDateTime,
) -> Result<Applied, Refused> {
    let Some(request) = not_yet_recorded(conn, service_id, reference, report.message_id).await? else {
        return Ok(Applied::AlreadyRecorded);
    };
    let closed = Refused::Closed {
        terminal: request.standing.closed,
    };
    if report.action_required && !request.standing.is_open() {
        return Err(closed);
    }
    let manifest = manifests
        .version(conn, service_id, request.service_version)
        .await?
        .ok_or_else(|| Refused::Database(sqlx::Error::RowNotFound))?;
    let line = RequestEvent {
        message: Some(report.message.clone()),
        action_required: report.action_required,
        deadline: report.deadline.map(str::to_owned),
        ..RequestEvent::step(EventKind::Message, Moment::at(now))
    };
    if !requests::add_event(conn, &request.id, &line, Some(report.message_id)).await? {
        return Ok(Applied::AlreadyRecorded);
    }
    // Closed between the read above and now: the caller drops the transaction.
    if !requests::note_message(conn, &request.id, report.action_required, now).await? {
        return Err(closed);
    }
    let told = Told {
        request: &request,
        title: &manifest.title,
        status: None,
        line: &line,
        source: report.message_id,
    };
    tell(conn, &told, notify, now).await?;
    let journal = AuditEvent {
        target: Some(reference.to_owned()),
        details: Some(json!({ "message_id": report.message_id, "action_required": report.action_required })),
        ..AuditEvent::new(format!("service:{service_id}"), "request.message", Outcome::Success)
    }
    .about_request(service_id.as_str(), reference)
    .concerning(request.citizen_id.as_str());
    crate::audit::db::record(conn, &journal, now).await?;
    Ok(Applied::Recorded)
}
