//! Journal queries: append an entry inside the caller's transaction, and verify the chain.

use super::model::{AuditEntry, AuditEvent, ChainBreak, ChainVerifier};
use crate::db::Database;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// Appends `event` to the journal at time `now`, inside the caller's transaction, and returns its
/// sequence number. Appends are serialized by the update of the head row, which each one locks
/// until its transaction ends (a row lock on PostgreSQL, the write lock on SQLite).
#[tracing::instrument(skip_all, fields(action = %event.action))]
pub async fn record(conn: &mut AnyConnection, event: &AuditEvent, now: OffsetDateTime) -> Result<i64, sqlx::Error> {
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut *conn)
        .await?;
    let mut entry = AuditEntry {
        seq: head.try_get("seq")?,
        occurred_at: Moment::at(now),
        actor: event.actor.clone(),
        subject: event.subject.clone(),
        action: event.action.clone(),
        target: event.target.clone(),
        outcome: event.outcome.as_str().to_owned(),
        request_id: event.request_id.clone(),
        ip: event.ip.clone(),
        details: event.details.as_ref().map(serde_json::Value::to_string),
        prev_hash: head.try_get("hash")?,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    sqlx::query(
        "INSERT INTO audit_events \
         (seq, occurred_at, actor, subject, action, target, outcome, request_id, ip, details, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
    )
    .bind(entry.seq)
    .bind(&entry.occurred_at)
    .bind(&entry.actor)
    .bind(&entry.subject)
    .bind(&entry.action)
    .bind(&entry.target)
    .bind(&entry.outcome)
    .bind(&entry.request_id)
    .bind(&entry.ip)
    .bind(&entry.details)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&entry.hash)
        .execute(&mut *conn)
        .await?;
    Ok(entry.seq)
}

/// Up to `limit` entries after `after_seq`, in order.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn entries_after(
    conn: &mut AnyConnection,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query(
        "SELECT seq, occurred_at, actor, subject, action, target, outcome, request_id, ip, details, prev_hash, hash \
         FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2",
    )
    .bind(after_seq)
    .bind(limit)
    .fetch_all(conn)
    .await?
    .iter()
    .map(entry_of_row)
    .collect()
}

/// The `limit` most recent entries, newest first.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn latest(conn: &mut AnyConnection, limit: i64) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query(
        "SELECT seq, occurred_at, actor, subject, action, target, outcome, request_id, ip, details, prev_hash, hash \
         FROM audit_events ORDER BY seq DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await?
    .iter()
    .map(entry_of_row)
    .collect()
}

/// What a verification found.
#[derive(Debug)]
pub enum Verification {
    /// Every entry checks out; this many entries.
    Intact {
        entries: i64,
    },
    Broken(ChainBreak),
}

/// Verifies the whole journal against its head, page by page, in one read transaction so that
/// appends made meanwhile are not half-seen.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn verify(db: &Database) -> Result<Verification, sqlx::Error> {
    const PAGE: i64 = 1_000;
    let mut tx = db.begin().await?;
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&mut *tx)
        .await?;
    let (head_seq, head_hash): (i64, String) = (head.try_get("seq")?, head.try_get("hash")?);
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = entries_after(&mut tx, after, PAGE).await?;
        for entry in &page {
            if let Err(broken) = verifier.check(entry) {
                return Ok(Verification::Broken(broken));
            }
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => after = last.seq,
            _ => break,
        }
    }
    tx.rollback().await?;
    Ok(match verifier.finish(head_seq, &head_hash) {
        Ok(entries) => Verification::Intact { entries },
        Err(broken) => Verification::Broken(broken),
    })
}

fn entry_of_row(row: &AnyRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        occurred_at: row.try_get("occurred_at")?,
        actor: row.try_get("actor")?,
        subject: row.try_get("subject")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        outcome: row.try_get("outcome")?,
        request_id: row.try_get("request_id")?,
        ip: row.try_get("ip")?,
        details: row.try_get("details")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}
