//! Carrying a notification beyond the inbox: a durable job per notification (written with it),
//! which tries the channels the citizen chose for its topic, most immediate first (push, SMS,
//! e-mail), each with the verified contact it needs (push: every device the citizen allowed). The first channel that takes the message
//! ends the job; a channel that fails for good (now, or later by a gateway's receipt) marks its
//! contact and hands over to the next one; a temporary failure is tried again with the job's
//! backoff. Each channel is delivered at most once per notification, even when the job is
//! carried twice. The timing rules ([`super::timing`]) fold a burst of news about one request
//! into one message and hold notices during quiet hours.

use super::channels::{
    Channels, SendFailure, Sms, Told, announcement_email, announcement_push, announcement_sms, feedback_email,
    feedback_push, news_email, news_push,
};
use super::model::{Channel, DeliveryState, NotificationKind};
use super::{contacts, db, devices, preferences, sms};
use crate::db::Database;
use crate::i18n::Locale;
use crate::ids::{ContactId, NotificationId};
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
    /// Quiet hours: nothing goes out before then (not a failure).
    Later(OffsetDateTime),
}

/// Whether this portal can send on a channel at all.
pub fn offered(channels: &Channels, channel: Channel) -> bool {
    match channel {
        Channel::Email => channels.email.is_some(),
        Channel::Sms => channels.sms.is_some(),
        Channel::Push => channels.push.is_some(),
    }
}

/// When a notification's job is due and how long it is tried.
#[derive(Clone, Copy, Debug)]
pub struct Schedule {
    pub retry_for: time::Duration,
    /// How long a notice gathers the news of its request before it goes.
    pub fold: time::Duration,
}

/// Writes the job that carries a notification beyond the inbox, inside the caller's
/// transaction, due once the folding time has passed; returns the job that will carry it.
/// When a notice of the same request is already waiting to go (due by then, no worker on it),
/// that one will carry this news too: no job is written. When a worker is carrying it right
/// now, the new job waits for it, so that the notices of one request go one at a time (the
/// first gathers the news, the next find them sent).
pub async fn enqueue(
    conn: &mut AnyConnection,
    id: NotificationId,
    schedule: Schedule,
    now: OffsetDateTime,
) -> Result<String, sqlx::Error> {
    let due = now + schedule.fold;
    let previous = db::pending_notice_of_request(conn, &id, due, None).await?;
    if let Some(previous) = &previous
        && jobs::hold_unleased(conn, previous, now).await?
    {
        return Ok(previous.clone());
    }
    write_notice(conn, id, due, previous.as_deref(), schedule.retry_for, now).await
}

/// Writes the job that carries notification `id` beyond the inbox, due at `due` and tried for
/// `retry_for`, after the job `waits_for` if one is given; returns its id.
pub(super) async fn write_notice(
    conn: &mut AnyConnection,
    id: NotificationId,
    due: OffsetDateTime,
    waits_for: Option<&str>,
    retry_for: time::Duration,
    now: OffsetDateTime,
) -> Result<String, sqlx::Error> {
    let about = About::Notification(id);
    let job = NewJob {
        kind: JobKind::Notify,
        about: &about,
        destination: "",
        body: "",
        waits_for,
    };
    jobs::enqueue_due(conn, &job, due, now, retry_for).await
}

/// Holds a notification's claimed job until `at` (quiet hours), behind the job of its request's
/// earlier notice due by then, if any, so that the morning's notices go one at a time.
pub async fn postpone(
    conn: &mut AnyConnection,
    job: &str,
    worker: &str,
    id: &NotificationId,
    at: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let previous = db::pending_notice_of_request(conn, id, at, Some(job)).await?;
    jobs::postpone(conn, job, worker, at, previous.as_deref()).await
}

/// Records a state of the delivery on `channel` for every notification a notice carries, in
/// one transaction (one write, however many news a notice folds), and marks the contact that
/// failed for good, if any.
async fn mark(
    db: &Database,
    news: &[NotificationId],
    channel: Channel,
    state: DeliveryState,
    to: Option<(&ContactId, Option<&str>)>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for id in news {
        db::set_delivery(&mut tx, id, channel, state, now).await?;
        if let Some((contact, provider_id)) = to {
            db::set_delivery_to(&mut tx, id, channel, contact, provider_id).await?;
        }
    }
    if let (DeliveryState::PermanentFailure, Some((contact, _))) = (state, to) {
        contacts::mark_failed(&mut tx, contact, now).await?;
    }
    tx.commit().await
}

/// Carries one notification, with whatever else of its request is not sent yet (one message
/// for the lot); held during quiet hours unless one of them asks the citizen to act.
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
    // This news and the rest of its request's not sent yet; it may itself have gone with an
    // earlier notice, while later news joined this job (nothing already sent goes again).
    let folded = db::unsent_with(&mut conn, id, &notification, now).await?;
    if folded.is_empty() {
        return Ok(Carried::Done);
    }
    let action_required = folded.iter().any(|(_, kind)| *kind == NotificationKind::ActionRequired);
    if let Some(quiet) = channels.timing.quiet
        && !(action_required && quiet.spare_action_required)
        && let Some(end) = quiet.ends(now)
    {
        return Ok(Carried::Later(end));
    }
    let news: Vec<NotificationId> = folded.into_iter().map(|(n, _)| n).collect();
    let chosen = preferences::of(&mut conn, &notification.citizen_id).await?;
    // The most pressing topic of the lot decides the channels.
    let topic = match action_required {
        true => NotificationKind::ActionRequired.topic(),
        false => notification.kind.topic(),
    };
    let locale = if notification.language == "en" {
        Locale::en
    } else {
        Locale::fr
    };
    let count = news.len();
    // Announcements say what they are (news for everyone); a request's news says only that
    // there is some, and so does news of a problem report or an idea (never its words).
    let told = match notification.kind {
        NotificationKind::Announcement => Some(db::contents(&mut conn, &news).await?),
        _ => None,
    };
    let said = match (&told, notification.kind) {
        (Some(told), _) => Said::Announcements(told),
        (None, NotificationKind::FeedbackUpdate) => Said::Feedback,
        (None, _) => Said::Request,
    };
    for channel in TRIED_IN_ORDER
        .into_iter()
        .filter(|c| chosen.wants(topic, *c) && offered(channels, *c))
    {
        // The oldest news of the lot failed for good on this channel: the next one takes over.
        if db::delivery_state(&mut conn, &news[0], channel).await? == Some(DeliveryState::PermanentFailure) {
            continue;
        }
        let notice = Notice {
            locale,
            service: &notification.title,
            action_required,
            count,
            said,
        };
        if channel == Channel::Push {
            let Some(sender) = &channels.push else { continue };
            let devices = devices::subscriptions(&mut conn, &notification.citizen_id).await?;
            if devices.is_empty() {
                continue;
            }
            mark(db, &news, channel, DeliveryState::Sending, None, now).await?;
            let sent = push_to_devices(&mut conn, sender.as_ref(), devices, &notice, now).await?;
            match settle(db, &news, channel, None, sent, id, now).await? {
                Some(carried) => return Ok(carried),
                None => continue,
            }
        }
        let Some((contact, address)) = contacts::usable(&mut conn, &notification.citizen_id, channel).await? else {
            continue;
        };
        mark(db, &news, channel, DeliveryState::Sending, Some((&contact, None)), now).await?;
        let sent = match (channel, &channels.email, &channels.sms) {
            (Channel::Email, Some(sender), _) => {
                let email = match notice.said {
                    Said::Announcements(told) => {
                        let token = super::unsubscribe::issue(&mut conn, &notification.citizen_id, now).await?;
                        let unsubscribe = format!("{}/api/v1/unsubscribe/{token}", channels.public_url);
                        announcement_email(channels, &address, locale, told, &unsubscribe)
                    }
                    Said::Feedback => feedback_email(channels, &address, locale),
                    Said::Request => news_email(channels, &address, locale, notice.service, action_required, count),
                };
                sender.send(&email).await.map(|()| None)
            }
            (Channel::Sms, _, Some(sender)) => {
                let text = match notice.said {
                    Said::Announcements(told) => announcement_sms(&channels.public_url, locale, told),
                    Said::Feedback => sms::feedback_sms(&channels.public_url, locale),
                    Said::Request => {
                        sms::news_sms(&channels.public_url, locale, notice.service, action_required, count)
                    }
                };
                let message = Sms {
                    to: address,
                    text,
                    idempotency_key: format!("{id}:sms"),
                };
                sender.send(&message).await.map(Some)
            }
            _ => continue,
        };
        if let Some(carried) = settle(db, &news, channel, Some(&contact), sent, id, now).await? {
            return Ok(carried);
        }
    }
    Ok(Carried::Done)
}

/// What a notice says, whatever carries it.
struct Notice<'a> {
    locale: Locale,
    service: &'a crate::locale::Bilingual,
    action_required: bool,
    count: usize,
    said: Said<'a>,
}

/// What kind of news a notice tells.
#[derive(Clone, Copy)]
enum Said<'a> {
    /// News about a request, of the service `Notice::service`.
    Request,
    /// What the announcements of the lot say.
    Announcements(&'a [Told]),
    /// News of a problem report or an idea of the citizen's.
    Feedback,
}

/// Records how a channel's attempt went; what carrying comes to, or None when the next channel
/// takes over (this one failed for good).
async fn settle(
    db: &Database,
    news: &[NotificationId],
    channel: Channel,
    contact: Option<&ContactId>,
    sent: Result<Option<String>, SendFailure>,
    id: &NotificationId,
    now: OffsetDateTime,
) -> Result<Option<Carried>, sqlx::Error> {
    match sent {
        Ok(provider_id) => {
            let to = contact.map(|contact| (contact, provider_id.as_deref()));
            mark(db, news, channel, DeliveryState::Sent, to, now).await?;
            Ok(Some(Carried::Done))
        }
        Err(SendFailure::Temporary(said)) => {
            mark(db, news, channel, DeliveryState::TemporaryFailure, None, now).await?;
            Ok(Some(Carried::Retry(said)))
        }
        Err(SendFailure::Permanent(said)) => {
            tracing::warn!(notification = %id, channel = channel.as_str(), %said, "contact refused for good");
            let to = contact.map(|contact| (contact, None));
            mark(db, news, channel, DeliveryState::PermanentFailure, to, now).await?;
            Ok(None)
        }
    }
}

/// Pushes a notice to every device of the citizen: sent if one took it; a device whose
/// subscription is gone is removed; when every device is gone, the push failed for good.
async fn push_to_devices(
    conn: &mut AnyConnection,
    sender: &dyn super::channels::PushSender,
    devices: Vec<(crate::ids::DeviceId, super::channels::Subscription)>,
    notice: &Notice<'_>,
    now: OffsetDateTime,
) -> Result<Result<Option<String>, SendFailure>, sqlx::Error> {
    let mut taken = false;
    let mut temporary = None;
    for (device, subscription) in devices {
        let push = match notice.said {
            Said::Announcements(told) => announcement_push(subscription, notice.locale, told),
            Said::Feedback => feedback_push(subscription, notice.locale),
            Said::Request => news_push(
                subscription,
                notice.locale,
                notice.service,
                notice.action_required,
                notice.count,
            ),
        };
        match sender.send(&push).await {
            Ok(()) => {
                taken = true;
                devices::pushed(conn, &device, Some(now)).await?;
            }
            Err(SendFailure::Permanent(said)) => {
                tracing::info!(%device, %said, "push subscription gone: device removed");
                devices::pushed(conn, &device, None).await?;
            }
            Err(SendFailure::Temporary(said)) => temporary = Some(said),
        }
    }
    Ok(match (taken, temporary) {
        (true, _) => Ok(None),
        (false, Some(said)) => Err(SendFailure::Temporary(said)),
        (false, None) => Err(SendFailure::Permanent("every device's subscription is gone".to_owned())),
    })
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
    schedule: Schedule,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let found = db::by_provider_id(conn, channel, provider_id).await?;
    let Some(first) = found.first() else {
        return Ok(false);
    };
    if matches!(
        first.state,
        Some(DeliveryState::Delivered | DeliveryState::PermanentFailure)
    ) {
        return Ok(true);
    }
    let news: Vec<NotificationId> = found.iter().map(|f| f.notification_id.clone()).collect();
    match said {
        Receipt::Delivered => {
            for id in &news {
                db::set_delivery(conn, id, channel, DeliveryState::Delivered, now).await?;
            }
        }
        Receipt::Failed => {
            for id in &news {
                db::set_delivery(conn, id, channel, DeliveryState::PermanentFailure, now).await?;
            }
            if let Some(contact) = &first.contact_id {
                contacts::mark_failed(conn, contact, now).await?;
            }
            // At once: the citizen has waited for this news already.
            let at_once = Schedule {
                fold: time::Duration::ZERO,
                ..schedule
            };
            enqueue(conn, first.notification_id.clone(), at_once, now).await?;
        }
    }
    Ok(true)
}
