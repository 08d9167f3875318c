//! Request queries, each inside the caller's transaction.

use super::model::{EventKind, RequestEvent, Stage, Standing, reference};
use crate::forms::answers::ValidAnswers;
use crate::ids::{CitizenId, RequestId, ServiceId};
use crate::moment::Moment;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

/// `Standing::is_open` as a condition of a conditional update, so that a status and a withdrawal
/// arriving at the same instant cannot both land: the one rule, written for the database.
macro_rules! still_open {
    () => {
        "terminal = 0 AND stage <> 'withdrawn'"
    };
}

/// A request to keep.
pub struct NewRequest<'a> {
    pub citizen_id: &'a CitizenId,
    pub service_id: &'a ServiceId,
    pub service_version: u32,
    pub answers: &'a ValidAnswers,
    pub idempotency_key: &'a str,
}

/// A stored request's id and reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filed {
    pub id: RequestId,
    pub reference: String,
}

/// The next reference of the year; inside the submitting transaction, so two submissions never
/// share one and none is skipped unless a submission is rolled back.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn next_reference(conn: &mut AnyConnection, year: i32) -> Result<String, sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO request_counters (year, last) VALUES ($1, 1) \
         ON CONFLICT (year) DO UPDATE SET last = request_counters.last + 1 RETURNING last",
    )
    .bind(i64::from(year))
    .fetch_one(conn)
    .await?;
    Ok(reference(year, row.try_get("last")?))
}

/// The citizen's request made with this idempotency key, if one was: its id and reference,
/// form version and submission time.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn by_key(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    key: &str,
) -> Result<Option<(Filed, u32, Moment)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, reference, service_version, submitted_at FROM requests \
         WHERE citizen_id = $1 AND idempotency_key = $2",
    )
    .bind(citizen_id)
    .bind(key)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let filed = Filed {
            id: row.try_get("id")?,
            reference: row.try_get("reference")?,
        };
        Ok((
            filed,
            row.try_get::<i64, _>("service_version")? as u32,
            row.try_get("submitted_at")?,
        ))
    })
    .transpose()
}

/// Keeps a request, received by the portal, with the first line of its timeline.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn create(conn: &mut AnyConnection, new: &NewRequest<'_>, now: OffsetDateTime) -> Result<Filed, sqlx::Error> {
    let filed = Filed {
        id: RequestId::new(uuid::Uuid::new_v4().to_string()),
        reference: next_reference(conn, now.year()).await?,
    };
    let answers = serde_json::to_string(new.answers).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO requests (id, reference, citizen_id, service_id, service_version, answers, idempotency_key, \
         stage, submitted_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
    )
    .bind(&filed.id)
    .bind(&filed.reference)
    .bind(new.citizen_id)
    .bind(new.service_id)
    .bind(i64::from(new.service_version))
    .bind(answers)
    .bind(new.idempotency_key)
    .bind(Stage::Received.as_str())
    .bind(Moment::at(now))
    .execute(&mut *conn)
    .await?;
    let received = RequestEvent::step(EventKind::Received, Moment::at(now));
    add_event(conn, &filed.id, &received, None).await?;
    Ok(filed)
}

/// Adds a line to a request's timeline; false (nothing written) when the service already sent
/// an event with this id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn add_event(
    conn: &mut AnyConnection,
    request_id: &RequestId,
    event: &RequestEvent,
    service_event_id: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let (fr, en) = event
        .message
        .as_ref()
        .map_or((None, None), |m| (Some(m.fr.clone()), Some(m.en.clone())));
    let done = sqlx::query(
        "INSERT INTO request_events (id, request_id, kind, status, service_event_id, message_fr, message_en, \
         expected_date, action_required, deadline, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         ON CONFLICT (request_id, service_event_id) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(request_id)
    .bind(event.kind.as_str())
    .bind(event.status.as_deref())
    .bind(service_event_id)
    .bind(fr)
    .bind(en)
    .bind(event.expected_date.as_deref())
    .bind(i64::from(event.action_required))
    .bind(event.deadline.as_deref())
    .bind(&event.at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A submitted request the service acknowledged: "Transmise au service", from "received" only
/// (`Standing::can_transition_to`), so not once the citizen withdrew it.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn mark_delivered(conn: &mut AnyConnection, id: &RequestId, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE requests SET stage = $2, updated_at = $3 WHERE id = $1 AND stage = $4")
        .bind(id)
        .bind(Stage::Delivered.as_str())
        .bind(Moment::at(now))
        .bind(Stage::Received.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// A request as "Mes démarches" lists it, before the service's words are looked up.
pub struct Listed {
    pub id: RequestId,
    pub reference: String,
    pub service_id: ServiceId,
    pub service_version: u32,
    pub stage: Stage,
    pub status: Option<String>,
    pub action_required: bool,
    pub updated_at: Moment,
}

/// The citizen's requests, most recently changed first.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn of_citizen(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<Vec<Listed>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, reference, service_id, service_version, stage, status, action_required, updated_at \
         FROM requests WHERE citizen_id = $1 ORDER BY updated_at DESC, reference DESC",
    )
    .bind(citizen_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(listed).collect()
}

/// Whether the citizen filed a request to this service at `since` or later: the draft a device
/// was still saving became that request.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn filed_since(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
    since: &Moment,
) -> Result<bool, sqlx::Error> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM requests WHERE citizen_id = $1 AND service_id = $2 AND submitted_at >= $3",
    )
    .bind(citizen_id)
    .bind(service_id)
    .bind(since)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get::<i64, _>("n")? > 0)
}

/// A request's list columns read from a row.
fn listed(row: &sqlx::any::AnyRow) -> Result<Listed, sqlx::Error> {
    let stage: String = row.try_get("stage")?;
    Ok(Listed {
        id: row.try_get("id")?,
        reference: row.try_get("reference")?,
        service_id: row.try_get("service_id")?,
        service_version: row.try_get::<i64, _>("service_version")? as u32,
        stage: Stage::parse(&stage).ok_or_else(|| sqlx::Error::Decode(format!("stage {stage}").into()))?,
        status: row.try_get("status")?,
        action_required: row.try_get::<i64, _>("action_required")? != 0,
        updated_at: row.try_get("updated_at")?,
    })
}

/// A request as a service sees it when it reports a status.
pub struct ForService {
    pub id: RequestId,
    /// Whose request it is: their inbox hears of its statuses.
    pub citizen_id: CitizenId,
    pub reference: String,
    pub service_version: u32,
    pub standing: Standing,
    pub submitted_at: Moment,
    /// Whether a service gave it a status before.
    pub answered: bool,
}

/// The service's request with this reference (none for another service's).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn for_service(
    conn: &mut AnyConnection,
    service_id: &ServiceId,
    reference: &str,
) -> Result<Option<ForService>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, citizen_id, reference, service_version, stage, terminal, submitted_at, status FROM requests \
         WHERE service_id = $1 AND reference = $2",
    )
    .bind(service_id)
    .bind(reference)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let stage: String = row.try_get("stage")?;
        Ok(ForService {
            id: row.try_get("id")?,
            citizen_id: row.try_get("citizen_id")?,
            reference: row.try_get("reference")?,
            service_version: row.try_get::<i64, _>("service_version")? as u32,
            standing: Standing {
                stage: Stage::parse(&stage).ok_or_else(|| sqlx::Error::Decode(format!("stage {stage}").into()))?,
                closed: row.try_get::<i64, _>("terminal")? != 0,
            },
            submitted_at: row.try_get("submitted_at")?,
            answered: row.try_get::<Option<String>, _>("status")?.is_some(),
        })
    })
    .transpose()
}

/// Records the service's latest status on the request itself, for lists; false (nothing
/// written) when the request was closed meanwhile (a withdrawal, a final status).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn apply_status(
    conn: &mut AnyConnection,
    id: &RequestId,
    event: &RequestEvent,
    terminal: bool,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(concat!(
        "UPDATE requests SET status = $2, terminal = $3, action_required = $4, ",
        "expected_date = COALESCE($5, expected_date), updated_at = $6 WHERE id = $1 AND ",
        still_open!()
    ))
    .bind(id)
    .bind(event.status.as_deref())
    .bind(i64::from(terminal))
    .bind(i64::from(event.action_required))
    .bind(event.expected_date.as_deref())
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records a service's message on the request itself: it moves up in "Mes démarches", and one
/// that asks something of the citizen marks the request "action required" until the next
/// status says otherwise. False (nothing written) when action is asked on a closed request.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn note_message(
    conn: &mut AnyConnection,
    id: &RequestId,
    action_required: bool,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = match action_required {
        true => {
            sqlx::query(concat!(
                "UPDATE requests SET action_required = 1, updated_at = $2 WHERE id = $1 AND ",
                still_open!()
            ))
            .bind(id)
            .bind(Moment::at(now))
            .execute(conn)
            .await?
        }
        false => {
            sqlx::query("UPDATE requests SET updated_at = $2 WHERE id = $1")
                .bind(id)
                .bind(Moment::at(now))
                .execute(conn)
                .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// Whether the service already sent an event with this id for the request.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn has_service_event(
    conn: &mut AnyConnection,
    request_id: &RequestId,
    event_id: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM request_events WHERE request_id = $1 AND service_event_id = $2")
            .bind(request_id)
            .bind(event_id)
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// A request as its own page shows it, before the service's words are looked up.
pub struct Stored {
    pub listed: Listed,
    pub answers: crate::forms::ValidAnswers,
    pub terminal: bool,
    pub expected_date: Option<String>,
    pub submitted_at: Moment,
    pub withdrawal_reason: Option<String>,
}

impl Stored {
    pub fn standing(&self) -> Standing {
        Standing {
            stage: self.listed.stage,
            closed: self.terminal,
        }
    }
}

/// The citizen's request with this id; none for another citizen's or an unknown id, alike.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn find(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    id: &RequestId,
) -> Result<Option<Stored>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, reference, service_id, service_version, stage, status, action_required, updated_at, \
         answers, terminal, expected_date, submitted_at, withdrawal_reason \
         FROM requests WHERE citizen_id = $1 AND id = $2",
    )
    .bind(citizen_id)
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        let answers: String = row.try_get("answers")?;
        Ok(Stored {
            listed: listed(&row)?,
            answers: serde_json::from_str(&answers).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
            terminal: row.try_get::<i64, _>("terminal")? != 0,
            expected_date: row.try_get("expected_date")?,
            submitted_at: row.try_get("submitted_at")?,
            withdrawal_reason: row.try_get("withdrawal_reason")?,
        })
    })
    .transpose()
}

/// What the journal files work done on a request under: its reference, its service and whose
/// it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalNames {
    pub reference: String,
    pub service_id: String,
    pub citizen_id: String,
}

/// A request's [`JournalNames`], by its id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn journal_names(conn: &mut AnyConnection, id: &RequestId) -> Result<Option<JournalNames>, sqlx::Error> {
    sqlx::query("SELECT reference, service_id, citizen_id FROM requests WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|row| {
            Ok(JournalNames {
                reference: row.try_get("reference")?,
                service_id: row.try_get("service_id")?,
                citizen_id: row.try_get("citizen_id")?,
            })
        })
        .transpose()
}

/// The key that signs deliveries about a request: its service's, in one read.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn signing_secret_of(conn: &mut AnyConnection, id: &RequestId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT s.secret FROM requests r JOIN service_secrets s ON s.service_id = r.service_id WHERE r.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// A request's timeline, oldest first.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn events(conn: &mut AnyConnection, request_id: &RequestId) -> Result<Vec<RequestEvent>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT kind, status, message_fr, message_en, expected_date, action_required, deadline, at \
         FROM request_events WHERE request_id = $1 ORDER BY at, id",
    )
    .bind(request_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let fr: Option<String> = row.try_get("message_fr")?;
            let en: Option<String> = row.try_get("message_en")?;
            Ok(RequestEvent {
                kind: EventKind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("event {kind}").into()))?,
                status: row.try_get("status")?,
                message: fr.zip(en).map(|(fr, en)| crate::locale::Bilingual { fr, en }),
                expected_date: row.try_get("expected_date")?,
                action_required: row.try_get::<i64, _>("action_required")? != 0,
                deadline: row.try_get("deadline")?,
                at: row.try_get("at")?,
            })
        })
        .collect()
}

/// Withdraws the citizen's request if it is still open; false (nothing written) otherwise. One conditional update: a status arriving at the
/// same moment either lands before it or is refused after it.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn withdraw(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    id: &RequestId,
    reason: Option<&str>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(concat!(
        "UPDATE requests SET stage = $3, withdrawn_at = $4, withdrawal_reason = $5, action_required = 0, ",
        "updated_at = $4 WHERE citizen_id = $1 AND id = $2 AND ",
        still_open!()
    ))
    .bind(citizen_id)
    .bind(id)
    .bind(Stage::Withdrawn.as_str())
    .bind(Moment::at(now))
    .bind(reason)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    let line = RequestEvent::step(EventKind::Withdrawn, Moment::at(now));
    add_event(conn, id, &line, None).await?;
    Ok(true)
}
