//! Carrying a notification beyond the inbox: a durable job per notification (written with it),
//! which tries the channels the citizen chose for its topic, most immediate first (push, SMS,
//! e-mail), each with the verified contact it needs. The first channel that takes the message
//! ends the job; a channel that fails for good marks its contact and hands over to the next
//! one; a temporary failure is tried again with the job's backoff. Each channel is delivered
//! at most once per notification, even when the job is carried twice.

use super::channels::{Channels, SendFailure, news_email};
use super::model::{Channel, DeliveryState, NotificationKind};
use super::{contacts, db, preferences};
use crate::db::Database;
use crate::i18n::Locale;
use crate::ids::NotificationId;
use time::OffsetDateTime;

/// The order channels are tried in.
pub const TRIED_IN_ORDER: [Channel; 3] = [Channel::Push, Channel::Sms, Channel::Email];

/// What carrying a notification came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Carried {
    /// Delivered on a channel, or nothing more to do (no channel chosen, no verified contact,
    /// every chosen channel failed for good: the inbox has it).
    Done,
    /// A channel failed for now ("SMTP 451"): try again later.
    Retry(String),
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
    for channel in TRIED_IN_ORDER.into_iter().filter(|c| chosen.wants(topic, *c)) {
        match db::delivery_state(&mut conn, id, channel).await? {
            Some(DeliveryState::Sent | DeliveryState::Delivered) => return Ok(Carried::Done),
            Some(DeliveryState::PermanentFailure) => continue,
            _ => {}
        }
        let (Channel::Email, Some(sender)) = (channel, &channels.email) else {
            continue; // SMS and push are not carried by this portal yet; no e-mail without SMTP
        };
        let Some(address) = contacts::usable(&mut conn, &notification.citizen_id, channel).await? else {
            continue;
        };
        let action_required = notification.kind == NotificationKind::ActionRequired;
        let email = news_email(channels, &address, locale, &notification.title, action_required);
        db::set_delivery(&mut conn, id, channel, DeliveryState::Sending, now).await?;
        match sender.send(&email).await {
            Ok(()) => {
                db::set_delivery(&mut conn, id, channel, DeliveryState::Sent, now).await?;
                return Ok(Carried::Done);
            }
            Err(SendFailure::Temporary(said)) => {
                db::set_delivery(&mut conn, id, channel, DeliveryState::TemporaryFailure, now).await?;
                return Ok(Carried::Retry(said));
            }
            Err(SendFailure::Permanent(said)) => {
                tracing::warn!(notification = %id, channel = channel.as_str(), %said, "contact refused for good");
                db::set_delivery(&mut conn, id, channel, DeliveryState::PermanentFailure, now).await?;
                contacts::mark_failed(&mut conn, &notification.citizen_id, channel, &address, now).await?;
            }
        }
    }
    Ok(Carried::Done)
}

/// A job carried for too long without a channel taking it: its delivery says so.
pub async fn given_up(
    conn: &mut sqlx::AnyConnection,
    id: &NotificationId,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    for channel in TRIED_IN_ORDER {
        if db::delivery_state(conn, id, channel).await? == Some(DeliveryState::TemporaryFailure) {
            db::set_delivery(conn, id, channel, DeliveryState::TechnicalFailure, now).await?;
        }
    }
    Ok(())
}
