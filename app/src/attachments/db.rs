//! Attachment queries, each inside the caller's transaction. Every query names the citizen
//! (and the service): an id alone never reaches a file.

use crate::forms::answers::FileRef;
use crate::ids::{CitizenId, RequestId, ServiceId};
use crate::moment::Moment;
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// A file to keep, already recognized and named.
pub struct NewAttachment<'a> {
    pub citizen_id: &'a CitizenId,
    pub service_id: &'a ServiceId,
    pub field_id: &'a str,
    pub name: &'a str,
    pub media_type: &'a str,
    pub content: &'a [u8],
}

fn read(row: &AnyRow) -> Result<FileRef, sqlx::Error> {
    Ok(FileRef {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        size: row.try_get::<i64, _>("size")? as u64,
        media_type: row.try_get("media_type")?,
    })
}

/// Keeps a file; returns the reference an answer holds.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn store(
    conn: &mut AnyConnection,
    file: &NewAttachment<'_>,
    now: OffsetDateTime,
) -> Result<FileRef, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO attachments (id, citizen_id, service_id, field_id, name, media_type, size, sha256, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(file.citizen_id)
    .bind(file.service_id)
    .bind(file.field_id)
    .bind(file.name)
    .bind(file.media_type)
    .bind(file.content.len() as i64)
    .bind(hex::encode(Sha256::digest(file.content)))
    .bind(file.content)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(FileRef {
        id,
        name: file.name.to_owned(),
        size: file.content.len() as u64,
        media_type: file.media_type.to_owned(),
    })
}

/// The citizen's file with this id, attached for this service and field.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn find(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
    field_id: &str,
    id: &str,
) -> Result<Option<FileRef>, sqlx::Error> {
    sqlx::query(
        "SELECT id, name, size, media_type FROM attachments \
         WHERE id = $1 AND citizen_id = $2 AND service_id = $3 AND field_id = $4 AND request_id IS NULL",
    )
    .bind(id)
    .bind(citizen_id)
    .bind(service_id)
    .bind(field_id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(read)
    .transpose()
}

/// A file's reference and content, for its owner.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn content(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    id: &str,
) -> Result<Option<(FileRef, Vec<u8>)>, sqlx::Error> {
    let Some(row) =
        sqlx::query("SELECT id, name, size, media_type, content FROM attachments WHERE id = $1 AND citizen_id = $2")
            .bind(id)
            .bind(citizen_id)
            .fetch_optional(conn)
            .await?
    else {
        return Ok(None);
    };
    Ok(Some((read(&row)?, row.try_get("content")?)))
}

/// A file of a service's request, by the request's reference, for the service to fetch: its
/// reference, SHA-256 and content. None for another service's request or a file of none.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn of_request(
    conn: &mut AnyConnection,
    service_id: &ServiceId,
    reference: &str,
    id: &str,
) -> Result<Option<(FileRef, String, Vec<u8>)>, sqlx::Error> {
    let Some(row) = sqlx::query(
        "SELECT a.id, a.name, a.size, a.media_type, a.sha256, a.content FROM attachments a \
         JOIN requests r ON r.id = a.request_id WHERE r.service_id = $1 AND r.reference = $2 AND a.id = $3",
    )
    .bind(service_id)
    .bind(reference)
    .bind(id)
    .fetch_optional(conn)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some((read(&row)?, row.try_get("sha256")?, row.try_get("content")?)))
}

/// Deletes the field's earlier files but those in `keep` (the new one, and the one the stored
/// draft still refers to, which another device may show until it syncs).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn drop_replaced(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
    field_id: &str,
    keep: [Option<&str>; 2],
) -> Result<u64, sqlx::Error> {
    let [first, second] = keep.map(|id| id.unwrap_or_default().to_owned());
    let done = sqlx::query(
        "DELETE FROM attachments WHERE citizen_id = $1 AND service_id = $2 AND field_id = $3 AND id <> $4 AND id <> $5 \
         AND request_id IS NULL",
    )
    .bind(citizen_id)
    .bind(service_id)
    .bind(field_id)
    .bind(first)
    .bind(second)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes every file of the citizen's draft for a service (not those of submitted requests).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn delete_of_draft(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM attachments WHERE citizen_id = $1 AND service_id = $2 AND request_id IS NULL")
        .bind(citizen_id)
        .bind(service_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Deletes files older than `before` that belong to no draft: their draft was deleted while a
/// device was still sending one, or the first save that would have created it never came.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn purge_orphans(conn: &mut AnyConnection, before: OffsetDateTime) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "DELETE FROM attachments WHERE created_at < $1 AND request_id IS NULL AND NOT EXISTS \
         (SELECT 1 FROM drafts WHERE drafts.citizen_id = attachments.citizen_id AND drafts.service_id = attachments.service_id)",
    )
    .bind(Moment::at(before))
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// At submission: the files the answers name go with the request (kept as long as it is), the
/// draft's others are deleted.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn hand_to_request(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
    request_id: &RequestId,
    answers: &crate::forms::ValidAnswers,
) -> Result<(), sqlx::Error> {
    for answer in answers.values() {
        if let crate::forms::Answer::File(file) = answer {
            sqlx::query(
                "UPDATE attachments SET request_id = $1 WHERE id = $2 AND citizen_id = $3 AND service_id = $4 \
                 AND request_id IS NULL",
            )
            .bind(request_id)
            .bind(&file.id)
            .bind(citizen_id)
            .bind(service_id)
            .execute(&mut *conn)
            .await?;
        }
    }
    sqlx::query("DELETE FROM attachments WHERE citizen_id = $1 AND service_id = $2 AND request_id IS NULL")
        .bind(citizen_id)
        .bind(service_id)
        .execute(conn)
        .await?;
    Ok(())
}
