//! Carrying a notification beyond the inbox: a durable job per notification (written with it),
//! which tries the channels the citizen chose for its topic, most immediate first (push, SMS,
//! e-mail), each with the verified contact it needs. The first channel that takes the message
//! ends the job; a channel that fails for good (now, or later by a gateway's receipt) marks its
//! contact and hands over to the next one; a temporary failure is tried again with the job's
//! backoff. Each channel is delivered at most once per notification, even when the job is
//! carried twice.

use super::channels::{Channels, SendFailure, Sms, news_email};
use super::model::{Channel, DeliveryState, NotificationKind};
use super::{contacts, db, preferences, sms};
use crate::db::Database;
use crate::i18n::Locale;
use crate::ids::NotificationId;
use crate::jobs::db::{self as jobs, NewJob};
use crate::jobs::{About, JobKind};
use sqlx::AnyConnection;
use time::OffsetDateTime;

/// The order channels are tried in.
pub const TRIED_IN_ORDER: [Channel; 3] = [Channel::Push, Channel::Sms, Channel::Email];

/// What carrying a notification came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Carried {
    /// Delivered on a channel, or nothing more to do (no channel chosen, no verified contact,
    /// every chosen channel failed for good: the inbox has it).
    Done,
    /// A channel failed for now ("SMTP 451", "HTTP 503"): try again later.
    Retry(String),
}

/// Whether this portal can send on a channel at all.
pub fn offered(channels: &Channels, channel: Channel) -> bool {
    match channel {
        Channel::Email => channels.email.is_some(),
        Channel::Sms => channels.sms.is_some(),
        Channel::Push => false,
    }
}

/// Writes the job that carries a notification beyond the inbox, inside the caller's transaction.
pub async fn enqueue(
    conn: &mut AnyConnection,
    id: NotificationId,
    now: OffsetDateTime,
    retry_for: time::Duration,
) -> Result<String, sqlx::Error> {
    let about = About::Notification(id);
    let job = NewJob {
        kind: JobKind::Notify,
        about: &about,
        destination: "",
        body: "",
        waits_for: None,
    };
    jobs::enqueue(conn, &job, now, retry_for).await
}

/// Carries one notification.
pub async fn carry(
    db: &Database,
    channels: &Channels,
    id: &NotificationId,
    now: OffsetDateTime,
) -> Result<Carried, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let Some(notification) = db::to_deliver(&mut conn, id).await? else {
        return Ok(Carried::Done);
    };
    let chosen = preferences::of(&mut conn, &notification.citizen_id).await?;
    let topic = notification.kind.topic();
    let locale = if notification.language == "en" {
        Locale::en
    } else {
        Locale::fr
    };
    let action_required = notification.kind == NotificationKind::ActionRequired;
    for channel in TRIED_IN_ORDER
        .into_iter()
        .filter(|c| chosen.wants(topic, *c) && offered(channels, *c))
    {
        match db::delivery_state(&mut conn, id, channel).await? {
            Some(DeliveryState::Sent | DeliveryState::Delivered) => return Ok(Carried::Done),
            Some(DeliveryState::PermanentFailure) => continue,
            _ => {}
        }
        let Some((contact, address)) = contacts::usable(&mut conn, &notification.citizen_id, channel).await? else {
            continue;
        };
        db::set_delivery(&mut conn, id, channel, DeliveryState::Sending, now).await?;
        db::set_delivery_to(&mut conn, id, channel, &contact, None).await?;
        let sent = match (channel, &channels.email, &channels.sms) {
            (Channel::Email, Some(sender), _) => {
                let email = news_email(channels, &address, locale, &notification.title, action_required);
                sender.send(&email).await.map(|()| None)
            }
            (Channel::Sms, _, Some(sender)) => {
                let text = sms::news_sms(&channels.public_url, locale, &notification.title, action_required);
                let message = Sms {
                    to: address,
                    text,
                    idempotency_key: format!("{id}:sms"),
                };
                sender.send(&message).await.map(Some)
            }
            _ => continue,
        };
        match sent {
            Ok(provider_id) => {
                db::set_delivery(&mut conn, id, channel, DeliveryState::Sent, now).await?;
                db::set_delivery_to(&mut conn, id, channel, &contact, provider_id.as_deref()).await?;
                return Ok(Carried::Done);
            }
            Err(SendFailure::Temporary(said)) => {
                db::set_delivery(&mut conn, id, channel, DeliveryState::TemporaryFailure, now).await?;
                return Ok(Carried::Retry(said));
            }
            Err(SendFailure::Permanent(said)) => {
                tracing::warn!(notification = %id, channel = channel.as_str(), %said, "contact refused for good");
                db::set_delivery(&mut conn, id, channel, DeliveryState::PermanentFailure, now).await?;
                contacts::mark_failed(&mut conn, &contact, now).await?;
            }
        }
    }
    Ok(Carried::Done)
}

/// A job carried for too long without a channel taking it: its delivery says so.
pub async fn given_up(conn: &mut AnyConnection, id: &NotificationId, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    for channel in TRIED_IN_ORDER {
        if db::delivery_state(conn, id, channel).await? == Some(DeliveryState::TemporaryFailure) {
            db::set_delivery(conn, id, channel, DeliveryState::TechnicalFailure, now).await?;
        }
    }
    Ok(())
}

/// What a gateway's delivery receipt says of a message it accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receipt {
    /// It reached the phone.
    Delivered,
    /// It never will (a number that does not exist, a phone that refuses): another channel
    /// takes over.
    Failed,
}

/// Applies a receipt, inside the caller's transaction; false if no delivery has this id.
/// A failure marks the number and writes a new job for the notification, which goes on to the
/// next channel the citizen chose. A receipt received twice changes nothing more.
pub async fn receipt(
    conn: &mut AnyConnection,
    channel: Channel,
    provider_id: &str,
    said: Receipt,
    retry_for: time::Duration,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let Some(found) = db::by_provider_id(conn, channel, provider_id).await? else {
        return Ok(false);
    };
    if matches!(
        found.state,
        Some(DeliveryState::Delivered | DeliveryState::PermanentFailure)
    ) {
        return Ok(true);
    }
    match said {
        Receipt::Delivered => {
            db::set_delivery(conn, &found.notification_id, channel, DeliveryState::Delivered, now).await?;
        }
        Receipt::Failed => {
            db::set_delivery(
                conn,
                &found.notification_id,
                channel,
                DeliveryState::PermanentFailure,
                now,
            )
            .await?;
            if let Some(contact) = &found.contact_id {
                contacts::mark_failed(conn, contact, now).await?;
            }
            enqueue(conn, found.notification_id, now, retry_for).await?;
        }
    }
    Ok(true)
}
