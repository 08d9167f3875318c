//! The inbox's table: a notification written once per source, read by its citizen only.

use super::model::{Inbox, Notification, NotificationKind};
use crate::ids::{CitizenId, NotificationId, RequestId};
use crate::locale::Bilingual;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// A notification to write.
pub struct NewNotification<'a> {
    pub citizen_id: &'a CitizenId,
    pub kind: NotificationKind,
    pub request: Option<(&'a RequestId, &'a str)>,
    pub title: &'a Bilingual,
    pub status: Option<&'a Bilingual>,
    pub message: Option<&'a Bilingual>,
    pub expected_date: Option<&'a str>,
    /// What produced it (a service's event id): the same source twice writes it once.
    pub source: &'a str,
}

/// Writes a notification; false (nothing written) when its source already made one.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn add(
    conn: &mut AnyConnection,
    new: &NewNotification<'_>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let sides = |text: Option<&Bilingual>| text.map_or((None, None), |t| (Some(t.fr.clone()), Some(t.en.clone())));
    let (status_fr, status_en) = sides(new.status);
    let (message_fr, message_en) = sides(new.message);
    let done = sqlx::query(
        "INSERT INTO notifications (id, citizen_id, kind, request_id, reference, title_fr, title_en, status_fr, \
         status_en, message_fr, message_en, expected_date, source, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (citizen_id, request_id, source) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(new.citizen_id)
    .bind(new.kind.as_str())
    .bind(new.request.map(|(id, _)| id))
    .bind(new.request.map(|(_, reference)| reference))
    .bind(&new.title.fr)
    .bind(&new.title.en)
    .bind(status_fr)
    .bind(status_en)
    .bind(message_fr)
    .bind(message_en)
    .bind(new.expected_date)
    .bind(new.source)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The citizen's inbox: the newest `limit` notifications and the count of unread ones.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn inbox(conn: &mut AnyConnection, citizen_id: &CitizenId, limit: u32) -> Result<Inbox, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, request_id, reference, title_fr, title_en, status_fr, status_en, message_fr, message_en, \
         expected_date, created_at, read_at FROM notifications WHERE citizen_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(citizen_id)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?;
    let notifications = rows.iter().map(notification).collect::<Result<_, _>>()?;
    Ok(Inbox {
        notifications,
        unread: unread(conn, citizen_id).await?,
    })
}

/// How many of the citizen's notifications are unread.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn unread(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<u32, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE citizen_id = $1 AND read_at IS NULL")
        .bind(citizen_id)
        .fetch_one(conn)
        .await?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

/// Marks one of the citizen's notifications as read, or all of them (`None`); the number
/// marked. Another citizen's notification is never touched.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn mark_read(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    id: Option<&NotificationId>,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let done = match id {
        Some(id) => {
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE citizen_id = $2 AND id = $3 AND read_at IS NULL")
                .bind(Moment::at(now))
                .bind(citizen_id)
                .bind(id)
                .execute(conn)
                .await?
        }
        None => {
            sqlx::query("UPDATE notifications SET read_at = $1 WHERE citizen_id = $2 AND read_at IS NULL")
                .bind(Moment::at(now))
                .bind(citizen_id)
                .execute(conn)
                .await?
        }
    };
    Ok(done.rows_affected())
}

/// Whether the citizen has a notification with this id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn exists(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    id: &NotificationId,
) -> Result<bool, sqlx::Error> {
    let found: Option<String> = sqlx::query_scalar("SELECT id FROM notifications WHERE citizen_id = $1 AND id = $2")
        .bind(citizen_id)
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

fn notification(row: &AnyRow) -> Result<Notification, sqlx::Error> {
    let both = |fr: &str, en: &str| -> Result<Option<Bilingual>, sqlx::Error> {
        let (fr, en): (Option<String>, Option<String>) = (row.try_get(fr)?, row.try_get(en)?);
        Ok(fr.zip(en).map(|(fr, en)| Bilingual { fr, en }))
    };
    let kind: String = row.try_get("kind")?;
    let request_id: Option<RequestId> = row.try_get("request_id")?;
    let reference: Option<String> = row.try_get("reference")?;
    Ok(Notification {
        id: row.try_get("id")?,
        kind: NotificationKind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("kind {kind}").into()))?,
        request: request_id.zip(reference),
        title: both("title_fr", "title_en")?.unwrap_or_default(),
        status: both("status_fr", "status_en")?,
        message: both("message_fr", "message_en")?,
        expected_date: row.try_get("expected_date")?,
        created_at: row.try_get("created_at")?,
        read: row.try_get::<Option<String>, _>("read_at")?.is_some(),
    })
}
