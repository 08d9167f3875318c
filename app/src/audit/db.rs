//! Journal queries: append an entry inside the caller's transaction, and verify the chain.

use super::head::Head;
use super::model::{AuditEntry, AuditEvent, BreakReason, ChainBreak, ChainVerifier};
use crate::db::Database;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// The columns of an entry, in the order [`entry_of_row`] reads them.
macro_rules! columns {
    () => {
        "seq, occurred_at, actor, subject, action, target, outcome, service_id, reference, request_id, ip, details, \
         prev_hash, hash"
    };
}
pub(crate) use columns;

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
        service_id: event.service_id.clone(),
        reference: event.reference.clone(),
        request_id: event.request_id.clone(),
        ip: event.ip.clone(),
        details: event.details.as_ref().map(serde_json::Value::to_string),
        prev_hash: head.try_get("hash")?,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    sqlx::query(
        "INSERT INTO audit_events \
         (seq, occurred_at, actor, subject, action, target, outcome, service_id, reference, request_id, ip, \
          details, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(entry.seq)
    .bind(&entry.occurred_at)
    .bind(&entry.actor)
    .bind(&entry.subject)
    .bind(&entry.action)
    .bind(&entry.target)
    .bind(&entry.outcome)
    .bind(&entry.service_id)
    .bind(&entry.reference)
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

/// Up to `limit` entries after `after_seq` and up to `upto_seq`, in order.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn entries_after(
    conn: &mut AnyConnection,
    after_seq: i64,
    upto_seq: i64,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3"
    ))
    .bind(after_seq)
    .bind(upto_seq)
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
    sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM audit_events ORDER BY seq DESC LIMIT $1"
    ))
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

/// The head as recorded now.
pub async fn head(conn: &mut AnyConnection) -> Result<Head, sqlx::Error> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(conn)
        .await?;
    Ok(Head {
        seq: row.try_get("seq")?,
        hash: row.try_get("hash")?,
    })
}

/// Verifies the whole journal against its head, page by page, and against `anchor` (a head
/// exported earlier) when given. Only entries up to the head read at the start are checked:
/// appends made meanwhile (committed with their head, so never half-seen) are left for the next
/// verification, and cause no false alarm on PostgreSQL, where each statement of a transaction
/// sees the latest commits.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn verify(db: &Database, anchor: Option<&Head>) -> Result<Verification, sqlx::Error> {
    const PAGE: i64 = 1_000;
    let mut conn = db.pool().acquire().await?;
    let head = head(&mut conn).await?;
    let mut verifier = ChainVerifier::default();
    let mut after = 0;
    loop {
        let page = entries_after(&mut conn, after, head.seq, PAGE).await?;
        for entry in &page {
            if let Err(broken) = verifier.check(entry) {
                return Ok(Verification::Broken(broken));
            }
            if let Some(anchor) = anchor
                && anchor.seq == entry.seq
                && anchor.hash != entry.hash
            {
                return Ok(Verification::Broken(ChainBreak {
                    seq: entry.seq,
                    reason: BreakReason::AnchorMismatch,
                }));
            }
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => after = last.seq,
            _ => break,
        }
    }
    if let Some(anchor) = anchor
        && anchor.seq > head.seq
    {
        return Ok(Verification::Broken(ChainBreak {
            seq: head.seq + 1,
            reason: BreakReason::Truncated,
        }));
    }
    Ok(match verifier.finish(head.seq, &head.hash) {
        Ok(entries) => Verification::Intact { entries },
        Err(broken) => Verification::Broken(broken),
    })
}

pub(crate) fn entry_of_row(row: &AnyRow) -> Result<AuditEntry, sqlx::Error> {
    Ok(AuditEntry {
        seq: row.try_get("seq")?,
        occurred_at: row.try_get("occurred_at")?,
        actor: row.try_get("actor")?,
        subject: row.try_get("subject")?,
        action: row.try_get("action")?,
        target: row.try_get("target")?,
        outcome: row.try_get("outcome")?,
        service_id: row.try_get("service_id")?,
        reference: row.try_get("reference")?,
        request_id: row.try_get("request_id")?,
        ip: row.try_get("ip")?,
        details: row.try_get("details")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}
