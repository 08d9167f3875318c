//! The administrators' side, for the console's board: read them, set where one stands and
//! answer in both languages. Each change is journaled and told to a signed-in sender's inbox.

use super::refused;
use crate::audit::{AuditEvent, Outcome};
use crate::error::AppError;
use crate::feedback::db;
use crate::feedback::model::{ANSWER_MAX, BoardItem, FeedbackKind, FeedbackStatus, status_label};
use crate::ids::FeedbackId;
use crate::locale::Bilingual;
use crate::notifications::db::NewNotification;
use crate::notifications::model::NotificationKind;

/// The most the board reads at once.
const BOARD_MAX: i64 = 200;

pub async fn board(kind: String, status: String) -> Result<Vec<BoardItem>, AppError> {
    crate::auth::session::require_admin("admin.feedback").await?;
    let kind = match kind.as_str() {
        "" => None,
        other => Some(FeedbackKind::parse(other).ok_or_else(|| refused("kind", "unknown"))?),
    };
    let status = match status.as_str() {
        "" => None,
        other => Some(FeedbackStatus::parse(other).ok_or_else(|| refused("status", "unknown"))?),
    };
    let portal = crate::api::portal()?;
    let mut conn = portal.db.pool().acquire().await?;
    Ok(db::board(&mut conn, kind, status, BOARD_MAX).await?)
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
    // A signed-in sender hears of it in their messages (a guest left no way to reach them).
    if let Some(citizen_id) = &sender {
        let source = format!("feedback:{}", uuid::Uuid::new_v4());
        let title = Bilingual {
            fr: found.item.title.clone(),
            en: found.item.title.clone(),
        };
        let notification = NewNotification {
            citizen_id,
            kind: NotificationKind::FeedbackUpdate,
            request: None,
            title: &title,
            status: Some(&status_label(status, found.item.kind)),
            message: answer.as_ref(),
            expected_date: None,
            deadline: None,
            source: &source,
        };
        // And on the channels the citizen chose for request updates, through a durable job.
        if let Some(id) = crate::notifications::db::add(&mut tx, &notification, now).await? {
            crate::notifications::delivery::enqueue(&mut tx, id, portal.notify_schedule(), now).await?;
        }
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
