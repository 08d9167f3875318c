//! The inbox's table: a notification written once per source, read by its citizen only.

use super::model::{Channel, Delivery, DeliveryState, Inbox, Notification, NotificationKind};
use crate::ids::{CitizenId, ContactId, NotificationId, RequestId};
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
    /// YYYY-MM-DD: the citizen's action is due by then.
    pub deadline: Option<&'a str>,
    /// What produced it (a service's event id): the same source twice writes it once.
    pub source: &'a str,
}

/// Writes a notification; its id, or none (nothing written) when its source already made one.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn add(
    conn: &mut AnyConnection,
    new: &NewNotification<'_>,
    now: OffsetDateTime,
) -> Result<Option<NotificationId>, sqlx::Error> {
    let id = NotificationId::new(uuid::Uuid::new_v4().to_string());
    let sides = |text: Option<&Bilingual>| text.map_or((None, None), |t| (Some(t.fr.clone()), Some(t.en.clone())));
    let (status_fr, status_en) = sides(new.status);
    let (message_fr, message_en) = sides(new.message);
    let done = sqlx::query(
        "INSERT INTO notifications (id, citizen_id, kind, request_id, reference, title_fr, title_en, status_fr, \
         status_en, message_fr, message_en, expected_date, deadline, source, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (citizen_id, request_id, source) DO NOTHING",
    )
    .bind(&id)
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
    .bind(new.deadline)
    .bind(new.source)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// Writes a notification that has no request (an announcement) unless its source already
/// made one for this citizen; its id, or none.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn add_once(
    conn: &mut AnyConnection,
    new: &NewNotification<'_>,
    now: OffsetDateTime,
) -> Result<Option<NotificationId>, sqlx::Error> {
    let made: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM notifications WHERE citizen_id = $1 AND kind = $2 AND source = $3 AND request_id IS NULL",
    )
    .bind(new.citizen_id)
    .bind(new.kind.as_str())
    .bind(new.source)
    .fetch_optional(&mut *conn)
    .await?;
    match made {
        Some(_) => Ok(None),
        None => add(conn, new, now).await,
    }
}

/// The citizen's inbox: the newest `limit` notifications and the count of unread ones.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn inbox(conn: &mut AnyConnection, citizen_id: &CitizenId, limit: u32) -> Result<Inbox, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, request_id, reference, title_fr, title_en, status_fr, status_en, message_fr, message_en, \
         expected_date, deadline, created_at, read_at FROM notifications WHERE citizen_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(citizen_id)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?;
    let mut notifications: Vec<Notification> = rows.iter().map(notification).collect::<Result<_, _>>()?;
    let deliveries = sqlx::query(
        "SELECT d.notification_id, d.channel, d.state, d.updated_at FROM notification_deliveries d \
         JOIN notifications n ON n.id = d.notification_id WHERE n.citizen_id = $1 ORDER BY d.channel",
    )
    .bind(citizen_id)
    .fetch_all(&mut *conn)
    .await?;
    for row in &deliveries {
        let id: NotificationId = row.try_get("notification_id")?;
        if let Some(notification) = notifications.iter_mut().find(|n| n.id == id)
            && let Some(delivery) = delivery(row)?
        {
            notification.deliveries.push(delivery);
        }
    }
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

/// A text kept in both languages, if it was.
fn both(row: &AnyRow, fr: &str, en: &str) -> Result<Option<Bilingual>, sqlx::Error> {
    let (fr, en): (Option<String>, Option<String>) = (row.try_get(fr)?, row.try_get(en)?);
    Ok(fr.zip(en).map(|(fr, en)| Bilingual { fr, en }))
}

fn notification(row: &AnyRow) -> Result<Notification, sqlx::Error> {
    let both = |fr: &str, en: &str| both(row, fr, en);
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
        deadline: row.try_get("deadline")?,
        created_at: row.try_get("created_at")?,
        read: row.try_get::<Option<String>, _>("read_at")?.is_some(),
        deliveries: Vec::new(),
    })
}

/// A delivery row; none for a channel or state this portal does not know.
fn delivery(row: &AnyRow) -> Result<Option<Delivery>, sqlx::Error> {
    let channel: String = row.try_get("channel")?;
    let state: String = row.try_get("state")?;
    Ok(Channel::parse(&channel)
        .zip(DeliveryState::parse(&state))
        .map(|(channel, state)| Delivery {
            channel,
            state,
            at: row.try_get("updated_at").unwrap_or_default(),
        }))
}

/// What a delivery job needs of a notification: whose it is, what it is about, in which
/// language its owner reads.
pub struct ToDeliver {
    pub citizen_id: CitizenId,
    pub kind: NotificationKind,
    pub title: Bilingual,
    pub language: String,
    pub request_id: Option<RequestId>,
}

/// A notification to deliver; none if it is gone.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn to_deliver(conn: &mut AnyConnection, id: &NotificationId) -> Result<Option<ToDeliver>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT n.citizen_id, n.kind, n.title_fr, n.title_en, n.request_id, c.preferred_language \
         FROM notifications n JOIN citizens c ON c.id = n.citizen_id WHERE n.id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let kind: String = row.try_get("kind")?;
    Ok(Some(ToDeliver {
        citizen_id: row.try_get("citizen_id")?,
        kind: NotificationKind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("kind {kind}").into()))?,
        title: Bilingual {
            fr: row.try_get("title_fr")?,
            en: row.try_get("title_en")?,
        },
        language: row.try_get("preferred_language")?,
        request_id: row.try_get("request_id")?,
    }))
}

/// Where a notification's delivery on a channel stands, if it was begun.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn delivery_state(
    conn: &mut AnyConnection,
    id: &NotificationId,
    channel: Channel,
) -> Result<Option<DeliveryState>, sqlx::Error> {
    let state: Option<String> =
        sqlx::query_scalar("SELECT state FROM notification_deliveries WHERE notification_id = $1 AND channel = $2")
            .bind(id)
            .bind(channel.as_str())
            .fetch_optional(conn)
            .await?;
    Ok(state.as_deref().and_then(DeliveryState::parse))
}

/// Records where a notification's delivery on a channel stands.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn set_delivery(
    conn: &mut AnyConnection,
    id: &NotificationId,
    channel: Channel,
    state: DeliveryState,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notification_deliveries (notification_id, channel, state, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (notification_id, channel) DO UPDATE SET state = $3, updated_at = $4",
    )
    .bind(id)
    .bind(channel.as_str())
    .bind(state.as_str())
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// Records the contact a delivery goes to, and the gateway's id of the message once it has one.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn set_delivery_to(
    conn: &mut AnyConnection,
    id: &NotificationId,
    channel: Channel,
    contact: &ContactId,
    provider_id: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE notification_deliveries SET contact_id = $1, provider_id = $2 WHERE notification_id = $3 AND channel = $4")
        .bind(contact)
        .bind(provider_id)
        .bind(id)
        .bind(channel.as_str())
        .execute(conn)
        .await?;
    Ok(())
}

/// The deliveries a gateway's receipt names (a folded message is several notifications'):
/// each notification, its state and its contact.
pub struct Receipted {
    pub notification_id: NotificationId,
    pub state: Option<DeliveryState>,
    pub contact_id: Option<ContactId>,
}

#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn by_provider_id(
    conn: &mut AnyConnection,
    channel: Channel,
    provider_id: &str,
) -> Result<Vec<Receipted>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT notification_id, state, contact_id FROM notification_deliveries WHERE channel = $1 AND provider_id = $2 \
         ORDER BY notification_id",
    )
    .bind(channel.as_str())
    .bind(provider_id)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let state: String = row.try_get("state")?;
            Ok(Receipted {
                notification_id: row.try_get("notification_id")?,
                state: DeliveryState::parse(&state),
                contact_id: row.try_get("contact_id")?,
            })
        })
        .collect()
}

/// The news that one notice carries: this notification and every other of its request not yet
/// sent on any channel (a burst folded into one message), oldest first, each with its kind.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn unsent_with(
    conn: &mut AnyConnection,
    id: &NotificationId,
    notification: &ToDeliver,
    now: OffsetDateTime,
) -> Result<Vec<(NotificationId, NotificationKind)>, sqlx::Error> {
    if notification.kind == NotificationKind::Announcement {
        return unsent_announcements(conn, &notification.citizen_id, now).await;
    }
    let Some(request_id) = &notification.request_id else {
        let sent = [Channel::Push, Channel::Sms, Channel::Email];
        for channel in sent {
            if matches!(
                delivery_state(conn, id, channel).await?,
                Some(DeliveryState::Sent | DeliveryState::Delivered)
            ) {
                return Ok(Vec::new());
            }
        }
        return Ok(vec![(id.clone(), notification.kind)]);
    };
    let rows = sqlx::query(
        "SELECT n.id, n.kind FROM notifications n WHERE n.citizen_id = $1 AND n.request_id = $2 AND n.created_at <= $3 \
         AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.notification_id = n.id \
                         AND d.state IN ('sent', 'delivered')) \
         ORDER BY n.created_at, n.id",
    )
    .bind(&notification.citizen_id)
    .bind(request_id)
    .bind(Moment::at(now))
    .fetch_all(conn)
    .await?;
    let mut news = Vec::with_capacity(rows.len());
    for row in rows {
        let kind: String = row.try_get("kind")?;
        if let Some(kind) = NotificationKind::parse(&kind) {
            news.push((row.try_get("id")?, kind));
        }
    }
    Ok(news)
}

/// A citizen's announcements not sent yet on any channel, oldest first: one message (the
/// digest) carries them all.
async fn unsent_announcements(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    now: OffsetDateTime,
) -> Result<Vec<(NotificationId, NotificationKind)>, sqlx::Error> {
    let ids: Vec<NotificationId> = sqlx::query_scalar(
        "SELECT n.id FROM notifications n WHERE n.citizen_id = $1 AND n.kind = 'announcement' AND n.created_at <= $2 \
         AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.notification_id = n.id \
                         AND d.state IN ('sent', 'delivered')) \
         ORDER BY n.created_at, n.id",
    )
    .bind(citizen_id)
    .bind(Moment::at(now))
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().map(|id| (id, NotificationKind::Announcement)).collect())
}

/// The pending notice job of one of the citizen's announcements due by `due_by`: a new
/// announcement joins it rather than making a message of its own.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn pending_announcement_notice(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    due_by: OffsetDateTime,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT j.id FROM notifications n JOIN jobs j ON j.about = 'notification' AND j.about_id = n.id \
         WHERE n.citizen_id = $1 AND n.kind = 'announcement' AND j.kind = 'notify' AND j.state = 'pending' \
         AND j.next_attempt_at <= $2 ORDER BY j.created_at DESC, j.id DESC LIMIT 1",
    )
    .bind(citizen_id)
    .bind(Moment::at(due_by))
    .fetch_optional(conn)
    .await
}

/// The titles and texts of notifications, in the order given (a digest's list).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn contents(
    conn: &mut AnyConnection,
    ids: &[NotificationId],
) -> Result<Vec<(Bilingual, Option<Bilingual>)>, sqlx::Error> {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        let row = sqlx::query("SELECT title_fr, title_en, message_fr, message_en FROM notifications WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        if let Some(row) = row {
            found.push((
                Bilingual {
                    fr: row.try_get("title_fr")?,
                    en: row.try_get("title_en")?,
                },
                both(&row, "message_fr", "message_en")?,
            ));
        }
    }
    Ok(found)
}

/// The latest pending notice job of another notification of the same request and citizen,
/// due by `due_by` (a job held until the morning by quiet hours is not waited for by a notice
/// that may go now), and written before `own_job` when given (so waiting never goes round).
/// Read from the request's notifications (their index), then each one's job.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn pending_notice_of_request(
    conn: &mut AnyConnection,
    id: &NotificationId,
    due_by: OffsetDateTime,
    own_job: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT j.id FROM notifications me CROSS JOIN notifications n CROSS JOIN jobs j \
         WHERE me.id = $1 AND n.request_id = me.request_id AND n.citizen_id = me.citizen_id AND n.id <> me.id \
         AND j.about = 'notification' AND j.about_id = n.id AND j.kind = 'notify' AND j.state = 'pending' \
         AND j.next_attempt_at <= $2 \
         AND ($3 IS NULL OR (j.id <> $3 AND j.created_at < (SELECT o.created_at FROM jobs o WHERE o.id = $3))) \
         ORDER BY j.created_at DESC, j.id DESC LIMIT 1",
    )
    .bind(id)
    .bind(Moment::at(due_by))
    .bind(own_job)
    .fetch_optional(conn)
    .await
}
