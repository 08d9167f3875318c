//! The administrators' side, for the console's board: read them, set where one stands and
//! answer in both languages. Each change is journaled and told to a signed-in sender's inbox.

use super::refused;
use crate::audit::{AuditEvent, Outcome};
use crate::error::AppError;
use crate::feedback::db;
use crate::feedback::model::{ANSWER_MAX, BoardItem, FeedbackItem, FeedbackKind, FeedbackStatus, status_label};
use crate::ids::FeedbackId;
use crate::locale::Bilingual;
use crate::notifications::db::NewNotification;
use crate::notifications::model::NotificationKind;

/// The most the board reads at once.
const BOARD_MAX: i64 = 200;

/// The board's filter as typed (each part empty when not used): checked, or refused by name.
pub fn board_filter(
    kind: &str,
    status: &str,
    language: &str,
    from: &str,
    until: &str,
) -> Result<db::BoardFilter, AppError> {
    use crate::moment::{Moment, parse_day};
    use crate::ui::when::start_of_quebec_day;
    let kind = match kind.trim() {
        "" => None,
        other => Some(FeedbackKind::parse(other).ok_or_else(|| refused("kind", "unknown"))?),
    };
    let status = match status.trim() {
        "" => None,
        other => Some(FeedbackStatus::parse(other).ok_or_else(|| refused("status", "unknown"))?),
    };
    let language = match language.trim() {
        "" => None,
        "fr" | "en" => Some(language.trim().to_owned()),
        _ => return Err(refused("language", "unknown")),
    };
    let day = |part: &str, text: &str| match text.trim() {
        "" => Ok(None),
        text => parse_day(text).map(Some).ok_or_else(|| refused(part, "invalid_day")),
    };
    let (from, until) = (day("from", from)?, day("until", until)?);
    if let (Some(from), Some(until)) = (from, until)
        && until < from
    {
        return Err(refused("until", "range"));
    }
    Ok(db::BoardFilter {
        kind,
        status,
        language,
        from: from.map(|d| Moment::at(start_of_quebec_day(d))),
        until: until
            .and_then(|d| d.next_day())
            .map(|d| Moment::at(start_of_quebec_day(d))),
    })
}

pub async fn board(filter: Result<db::BoardFilter, AppError>) -> Result<Vec<BoardItem>, AppError> {
    crate::auth::session::require_admin("admin.feedback").await?;
    let filter = filter?;
    let portal = crate::api::portal()?;
    let mut conn = portal.db.pool().acquire().await?;
    Ok(db::board(&mut conn, &filter, BOARD_MAX).await?)
}

/// Tells a signed-in sender (a guest left no way to reach them) in their messages, and on the
/// channels they chose for request updates through a durable job.
async fn tell(
    tx: &mut sqlx::AnyConnection,
    sender: Option<&crate::ids::CitizenId>,
    item: &FeedbackItem,
    status: FeedbackStatus,
    message: Option<&Bilingual>,
    now: time::OffsetDateTime,
) -> Result<(), AppError> {
    let Some(citizen_id) = sender else {
        return Ok(());
    };
    let portal = crate::api::portal()?;
    let source = format!("feedback:{}", uuid::Uuid::new_v4());
    let title = Bilingual {
        fr: item.title.clone(),
        en: item.title.clone(),
    };
    let notification = NewNotification {
        citizen_id,
        kind: NotificationKind::FeedbackUpdate,
        request: None,
        title: &title,
        status: Some(&status_label(status, item.kind)),
        message,
        expected_date: None,
        deadline: None,
        source: &source,
    };
    if let Some(id) = crate::notifications::db::add(tx, &notification, now).await? {
        crate::notifications::delivery::enqueue(tx, id, portal.notify_schedule(), now).await?;
    }
    Ok(())
}

pub async fn set_status(
    id: FeedbackId,
    status: String,
    answer_fr: Option<String>,
    answer_en: Option<String>,
) -> Result<(), AppError> {
    let session = crate::auth::session::require_admin("admin.feedback").await?;
    let status = FeedbackStatus::parse(&status).ok_or_else(|| refused("status", "unknown"))?;
    let text = |answer: Option<String>| answer.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty());
    let answer = match (text(answer_fr), text(answer_en)) {
        (None, None) => None,
        (Some(_), None) => return Err(refused("answer_en", "required")),
        (None, Some(_)) => return Err(refused("answer_fr", "required")),
        (Some(fr), Some(en)) => Some(Bilingual { fr, en }),
    };
    if let Some(answer) = &answer {
        for (name, value) in [("answer_fr", &answer.fr), ("answer_en", &answer.en)] {
            if value.chars().count() > ANSWER_MAX {
                return Err(refused(name, "too_long"));
            }
        }
    }
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let acting = session.acting();
    let mut tx = portal.db.begin().await?;
    let (found, sender) = db::find(&mut tx, &id).await?.ok_or(AppError::NotFound)?;
    if found.item.status == status && answer.is_none() {
        return Err(refused("status", "unchanged"));
    }
    db::set_status(&mut tx, &id, status, answer.as_ref(), acting.actor.as_str(), now).await?;
    tell(&mut tx, sender.as_ref(), &found.item, status, answer.as_ref(), now).await?;
    // The duplicates merged into it follow it, and their senders hear of it too (once each).
    let mut told = vec![sender];
    for (duplicate, its_sender) in db::duplicates_of(&mut tx, &id).await? {
        db::set_status(&mut tx, &duplicate, status, answer.as_ref(), acting.actor.as_str(), now).await?;
        if !told.contains(&its_sender)
            && let Some((its, _)) = db::find(&mut tx, &duplicate).await?
        {
            tell(&mut tx, its_sender.as_ref(), &its.item, status, answer.as_ref(), now).await?;
        }
        told.push(its_sender);
    }
    let event = AuditEvent {
        target: Some(id.to_string()),
        details: Some(serde_json::json!({ "status": status.as_str(), "answered": answer.is_some() })),
        ..acting.event("feedback.status", Outcome::Success)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    portal.deliveries.wake.notify_one();
    Ok(())
}

/// Merges the report or idea `id` into `into`, as its duplicate: it leaves the board, counts as
/// a vote for `into`, takes its status and answer and follows it from then on; its sender hears
/// that it joined the other. Refused: the same one, another kind, one already merged, or into
/// one that is itself merged.
pub async fn merge(id: FeedbackId, into: FeedbackId) -> Result<(), AppError> {
    let session = crate::auth::session::require_admin("admin.feedback").await?;
    if id == into {
        return Err(refused("into", "same"));
    }
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let acting = session.acting();
    let mut tx = portal.db.begin().await?;
    let (duplicate, sender) = db::find(&mut tx, &id).await?.ok_or(AppError::NotFound)?;
    let (target, _) = db::find(&mut tx, &into)
        .await?
        .ok_or_else(|| refused("into", "unknown"))?;
    if duplicate.merged_into.is_some() {
        return Err(refused("id", "merged"));
    }
    if target.merged_into.is_some() {
        return Err(refused("into", "merged"));
    }
    if target.item.kind != duplicate.item.kind {
        return Err(refused("into", "other_kind"));
    }
    db::merge(&mut tx, &id, &target.item, acting.actor.as_str(), now).await?;
    let say = |locale: crate::i18n::Locale| {
        crate::i18n::td_string!(locale, feedback.board.merged_message, title = target.item.title.clone()).to_string()
    };
    let joined = Bilingual {
        fr: say(crate::i18n::Locale::fr),
        en: say(crate::i18n::Locale::en),
    };
    tell(
        &mut tx,
        sender.as_ref(),
        &duplicate.item,
        target.item.status,
        Some(&joined),
        now,
    )
    .await?;
    let event = AuditEvent {
        target: Some(id.to_string()),
        details: Some(serde_json::json!({ "into": into.to_string(), "status": target.item.status.as_str() })),
        ..acting.event("feedback.merged", Outcome::Success)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    portal.deliveries.wake.notify_one();
    Ok(())
}
