//! Job queries. A job is claimed by one worker at a time with a lease: a conditional update
//! that only one of several processes (one PostgreSQL) can win; a worker that dies lets its
//! lease run out and another takes the job over.

use super::{About, DeadLetter, JobKind};
use crate::moment::Moment;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// A job to write.
pub struct NewJob<'a> {
    pub kind: JobKind,
    pub about: &'a About,
    /// Where it goes (a service's endpoint).
    pub destination: &'a str,
    pub body: &'a str,
    /// A job that must be done (or dead) before this one is carried.
    pub waits_for: Option<&'a str>,
}

/// A claimed job.
#[derive(Clone, Debug)]
pub struct Job {
    pub id: String,
    pub kind: JobKind,
    pub about: About,
    pub destination: String,
    pub body: String,
    /// Attempts so far, this one included.
    pub attempts: u32,
    pub give_up_at: Moment,
}

/// A stored job; none (logged) when its kind or what it concerns is unknown to this portal.
fn read(row: &AnyRow) -> Result<Option<Job>, sqlx::Error> {
    let id: String = row.try_get("id")?;
    let kind: String = row.try_get("kind")?;
    let about: String = row.try_get("about")?;
    let (Some(kind), Some(about)) = (
        JobKind::parse(&kind),
        About::from_parts(&about, row.try_get("about_id")?),
    ) else {
        tracing::error!(job = %id, %kind, %about, "a job this portal does not know");
        return Ok(None);
    };
    Ok(Some(Job {
        id,
        kind,
        about,
        destination: row.try_get("destination")?,
        body: row.try_get("body")?,
        attempts: row.try_get::<i64, _>("attempts")? as u32,
        give_up_at: row.try_get("give_up_at")?,
    }))
}

/// Writes a job, due now, given up after `retry_for`; returns its id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn enqueue(
    conn: &mut AnyConnection,
    job: &NewJob<'_>,
    now: OffsetDateTime,
    retry_for: time::Duration,
) -> Result<String, sqlx::Error> {
    enqueue_due(conn, job, now, now, retry_for).await
}

/// Writes a job due at `due` (a notice gathering its request's news), given up `retry_for`
/// after `due`; returns its id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn enqueue_due(
    conn: &mut AnyConnection,
    job: &NewJob<'_>,
    due: OffsetDateTime,
    now: OffsetDateTime,
    retry_for: time::Duration,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    let (about, about_id) = job.about.parts();
    sqlx::query(
        "INSERT INTO jobs (id, kind, about, about_id, destination, body, waits_for, state, next_attempt_at, \
         created_at, give_up_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $10, $9)",
    )
    .bind(&id)
    .bind(job.kind.as_str())
    .bind(about)
    .bind(about_id)
    .bind(job.destination)
    .bind(job.body)
    .bind(job.waits_for)
    .bind(Moment::at(due))
    .bind(Moment::at(due + retry_for))
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(id)
}

/// The job of `kind` about a thing, if one was written (the submission a withdrawal waits for).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn find(conn: &mut AnyConnection, kind: JobKind, about: &About) -> Result<Option<String>, sqlx::Error> {
    let (what, id) = about.parts();
    sqlx::query_scalar(
        "SELECT id FROM jobs WHERE about = $1 AND about_id = $2 AND kind = $3 ORDER BY created_at LIMIT 1",
    )
    .bind(what)
    .bind(id)
    .bind(kind.as_str())
    .fetch_optional(conn)
    .await
}

/// Claims the job due the longest among `kinds`, for `worker`, until `now + lease`. A job
/// waits while the job it waits for is still pending (a service never hears of a withdrawal
/// before the request itself).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn claim(
    conn: &mut AnyConnection,
    worker: &str,
    kinds: &[JobKind],
    now: OffsetDateTime,
    lease: time::Duration,
) -> Result<Option<Job>, sqlx::Error> {
    if kinds.is_empty() {
        return Ok(None);
    }
    let placeholders: Vec<String> = (0..kinds.len()).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "UPDATE jobs SET lease_owner = $1, lease_until = $2, attempts = attempts + 1 \
         WHERE id = (SELECT j.id FROM jobs j WHERE j.state = 'pending' AND j.next_attempt_at <= $3 \
                     AND (j.lease_until IS NULL OR j.lease_until < $3) AND j.kind IN ({}) \
                     AND NOT EXISTS (SELECT 1 FROM jobs w WHERE w.id = j.waits_for AND w.state = 'pending') \
                     ORDER BY j.next_attempt_at LIMIT 1) \
         AND state = 'pending' AND (lease_until IS NULL OR lease_until < $3) \
         RETURNING id, kind, about, about_id, destination, body, attempts, give_up_at",
        placeholders.join(", ")
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(worker)
        .bind(Moment::at(now + lease))
        .bind(Moment::at(now));
    for kind in kinds {
        query = query.bind(kind.as_str());
    }
    let Some(row) = query.fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    match read(&row)? {
        Some(job) => Ok(Some(job)),
        None => {
            // Claimed by its stored kind, yet unreadable: set aside for administrators rather
            // than claimed again and again.
            let id: String = row.try_get("id")?;
            dead(conn, &id, worker, "unreadable job", now).await?;
            Ok(None)
        }
    }
}

/// Ends a job its destination acknowledged; false when `worker` no longer holds it.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn done(conn: &mut AnyConnection, id: &str, worker: &str, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    finish(conn, id, worker, "done", None, now).await
}

/// Ends a job for good (refused, or tried for too long), for administrators.
#[tracing::instrument(level = "debug", skip_all, err)]
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
        "UPDATE jobs SET state = $3, last_error = COALESCE($4, last_error), finished_at = $5, \
         lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
    )
    .bind(id)
    .bind(worker)
    .bind(state)
    .bind(error)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts a job back for a later attempt at `next`.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn retry_at(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    next: OffsetDateTime,
    error: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET next_attempt_at = $3, last_error = $4, lease_owner = NULL, lease_until = NULL \
         WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
    )
    .bind(id)
    .bind(worker)
    .bind(Moment::at(next))
    .bind(error)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Keeps a pending job that no worker holds from being claimed until the caller's transaction
/// ends (a row lock on PostgreSQL; SQLite has one writer at a time); false if a worker holds it
/// now, or it is done.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn hold_unleased(conn: &mut AnyConnection, id: &str, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET next_attempt_at = next_attempt_at WHERE id = $1 AND state = 'pending' \
         AND (lease_until IS NULL OR lease_until < $2)",
    )
    .bind(id)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Puts a claimed job back in line until `at`, as if this attempt had not been made (quiet
/// hours are not a failure), behind `waits_for` if given; false if the lease was lost meanwhile.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn postpone(
    conn: &mut AnyConnection,
    id: &str,
    worker: &str,
    at: OffsetDateTime,
    waits_for: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE jobs SET next_attempt_at = $3, attempts = attempts - 1, lease_owner = NULL, lease_until = NULL, \
         waits_for = COALESCE($4, waits_for), give_up_at = CASE WHEN give_up_at < $3 THEN $3 ELSE give_up_at END \
         WHERE id = $1 AND lease_owner = $2 AND state = 'pending'",
    )
    .bind(id)
    .bind(worker)
    .bind(Moment::at(at))
    .bind(waits_for)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The dead letters, most recent first, with the reference and service of the request each
/// concerns.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn dead_letters(conn: &mut AnyConnection, limit: i64) -> Result<Vec<DeadLetter>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT j.id, j.kind, r.reference, r.service_id, j.attempts, j.last_error, j.created_at, j.finished_at \
         FROM jobs j LEFT JOIN requests r ON j.about = 'request' AND r.id = j.about_id WHERE j.state = 'dead' \
         ORDER BY j.finished_at DESC, j.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?;
    let mut letters = Vec::with_capacity(rows.len());
    for row in rows {
        let Some(kind) = JobKind::parse(&row.try_get::<String, _>("kind")?) else {
            continue;
        };
        letters.push(DeadLetter {
            id: row.try_get("id")?,
            kind,
            reference: row.try_get("reference")?,
            service_id: row.try_get("service_id")?,
            attempts: row.try_get::<i64, _>("attempts")? as u32,
            last_error: row.try_get("last_error")?,
            created_at: row.try_get("created_at")?,
            finished_at: row.try_get("finished_at")?,
        });
    }
    Ok(letters)
}

/// Puts a dead letter back in line, due now, with a new retry period and its backoff from the
/// start; it keeps its id, so the destination recognizes a job it may have had after all.
/// Returns what the job concerns; none when the job is not (or no longer) dead.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn replay(
    conn: &mut AnyConnection,
    id: &str,
    now: OffsetDateTime,
    retry_for: time::Duration,
) -> Result<Option<About>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE jobs SET state = 'pending', attempts = 0, next_attempt_at = $2, give_up_at = $3, \
         finished_at = NULL, lease_owner = NULL, lease_until = NULL WHERE id = $1 AND state = 'dead' \
         RETURNING about, about_id",
    )
    .bind(id)
    .bind(Moment::at(now))
    .bind(Moment::at(now + retry_for))
    .fetch_optional(conn)
    .await?;
    row.map(|row| {
        Ok(About::from_parts(
            &row.try_get::<String, _>("about")?,
            row.try_get("about_id")?,
        ))
    })
    .transpose()
    .map(Option::flatten)
}
