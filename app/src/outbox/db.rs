//! Outbox queries. A job is claimed by one worker at a time with a lease: a conditional update
//! that only one of several portals (one PostgreSQL) can win; a worker that dies lets its lease
//! run out and another takes the job over.

use crate::audit::db::timestamp;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// What a job announces to the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JobKind {
    Submission,
    Withdrawal,
}

impl JobKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Submission => "submission",
            JobKind::Withdrawal => "withdrawal",
        }
    }

    fn parse(text: &str) -> JobKind {
        if text == "withdrawal" {
            JobKind::Withdrawal
        } else {
            JobKind::Submission
        }
    }
}

/// A delivery to write.
pub struct NewJob<'a> {
    pub request_id: &'a str,
    pub service_id: &'a str,
    pub kind: JobKind,
    pub url: &'a str,
    pub body: &'a str,
}

/// A claimed delivery.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: String,
    pub request_id: String,
    pub service_id: String,
    pub kind: JobKind,
    pub url: String,
    pub body: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
    pub give_up_at: String,
}

fn read(row: &AnyRow) -> Result<Job, sqlx::Error> {
    Ok(Job {
        id: row.try_get("id")?,
        request_id: row.try_get("request_id")?,
        service_id: row.try_get("service_id")?,
        kind: JobKind::parse(&row.try_get::<String, _>("kind")?),
        url: row.try_get("url")?,
        body: row.try_get("body")?,
        attempts: row.try_get::<i64, _>("attempts")? as u32,
        give_up_at: row.try_get("give_up_at")?,
    })
}

/// Writes a job, due now, given up after `retry_for`.
pub async fn enqueue(
    conn: &mut AnyConnection,
    job: &NewJob<'_>,
    now: OffsetDateTime,
    retry_for: time::Duration,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO outbox (id, request_id, service_id, kind, url, body, state, next_attempt_at, created_at, give_up_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7, $8)",
    )
    .bind(&id)
    .bind(job.request_id)
    .bind(job.service_id)
    .bind(job.kind.as_str())
    .bind(job.url)
    .bind(job.body)
    .bind(timestamp(now))
    .bind(timestamp(now + retry_for))
    .execute(conn)
    .await?;
    Ok(id)
}

/// Claims the job due the longest, for `worker`, until `now + lease`. A withdrawal waits while
/// its request's submission is still on its way, so that a service never hears of a withdrawal
/// before the request itself.
pub async fn claim(
    conn: &mut AnyConnection,
    worker: &str,
    now: OffsetDateTime,
    lease: time::Duration,
) -> Result<Option<Job>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE outbox SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
         WHERE id = (SELECT o.id FROM outbox o WHERE o.state = 'pending' AND o.next_attempt_at <= $3 \
                     AND (o.lease_until IS NULL OR o.lease_until < $3) \
                     AND NOT (o.kind = 'withdrawal' AND EXISTS (SELECT 1 FROM outbox s \
                         WHERE s.request_id = o.request_id AND s.kind = 'submission' AND s.state = 'pending')) \
                     ORDER BY o.next_attempt_at LIMIT 1) \
         AND state = 'pending' AND (lease_until IS NULL OR lease_until < $3) \
         RETURNING id, request_id, service_id, kind, url, body, attempts, give_up_at",
    )
    .bind(worker)
    .bind(timestamp(now + lease))
    .bind(timestamp(now))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(read).transpose()
}

/// Ends a job the service acknowledged; false when `worker` no longer holds it.
pub async fn delivered(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    finish(conn, id, worker, "delivered", None, now).await
}

/// Ends a job for good (refused by the service, or tried for too long), for administrators.
pub async fn dead(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    error: &str,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    finish(conn, id, worker, "dead", Some(error), now).await
}

async fn finish(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    state: &str,
    error: Option<&str>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET state = $3, last_error = COALESCE($4, last_error), finished_at = $5, \
         lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
    )
    .bind(id)
    .bind(worker)
    .bind(state)
    .bind(error)
    .bind(timestamp(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts a job back for a later attempt at `next`.
pub async fn retry_at(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    next: OffsetDateTime,
    error: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET next_attempt_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL \
         WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
    )
    .bind(id)
    .bind(worker)
    .bind(timestamp(next))
    .bind(error)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The dead letters, most recent first.
pub async fn dead_letters(conn: &mut AnyConnection, limit: i64) -> Result<Vec<super::DeadLetter>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT o.id, r.reference, o.service_id, o.kind, o.attempts, o.last_error, o.created_at, o.finished_at \
         FROM outbox o JOIN requests r ON r.id = o.request_id WHERE o.state = 'dead' \
         ORDER BY o.finished_at DESC, o.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(super::DeadLetter {
                id: row.try_get("id")?,
                reference: row.try_get("reference")?,
                service_id: row.try_get("service_id")?,
                kind: row.try_get("kind")?,
                attempts: row.try_get::<i64, _>("attempts")? as u32,
                last_error: row.try_get("last_error")?,
                created_at: row.try_get("created_at")?,
                finished_at: row.try_get("finished_at")?,
            })
        })
        .collect()
}

/// Puts a dead letter back in line, due now, with a new retry period and its backoff from the
/// start; it keeps its id, so the service recognizes a delivery it may have had after all.
/// Returns the request's reference; none when the job is not (or no longer) dead.
pub async fn replay(
    conn: &mut AnyConnection,
    id: &str,
    now: OffsetDateTime,
    retry_for: time::Duration,
) -> Result<Option<String>, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $2, give_up_at = $3, \
         finished_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND state = 'dead'",
    )
    .bind(id)
    .bind(timestamp(now))
    .bind(timestamp(now + retry_for))
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    sqlx::query_scalar("SELECT r.reference FROM outbox o JOIN requests r ON r.id = o.request_id WHERE o.id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await
}

/// The key the portal signs a service's deliveries with.
pub async fn signing_secret(conn: &mut AnyConnection, service_id: &str) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT secret FROM service_secrets WHERE service_id = $1")
        .bind(service_id)
        .fetch_optional(conn)
        .await
}

/// Sets (or replaces) a service's signing key.
pub async fn set_signing_secret(
    conn: &mut AnyConnection,
    service_id: &str,
    secret: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO service_secrets (service_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (service_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
    )
    .bind(service_id)
    .bind(secret)
    .bind(timestamp(now))
    .execute(conn)
    .await?;
    Ok(())
}
