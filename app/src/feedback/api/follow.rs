//! The sender's side: their own problem reports and ideas, and asking once to reopen one
//! marked fixed. Another citizen's is "not found", like one that does not exist.

use crate::audit::{AuditEvent, Outcome};
use crate::error::AppError;
use crate::feedback::db;
use crate::feedback::model::FeedbackItem;
use crate::ids::FeedbackId;

pub async fn mine() -> Result<Vec<FeedbackItem>, AppError> {
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let mut conn = portal.db.pool().acquire().await?;
    Ok(db::of_citizen(&mut conn, &acting.subject).await?)
}

pub async fn reopen(id: FeedbackId) -> Result<(), AppError> {
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let mut tx = portal.db.begin().await?;
    let Some((found, sender)) = db::find(&mut tx, &id).await? else {
        return Err(AppError::NotFound);
    };
    if sender.as_ref() != Some(&acting.subject) {
        return Err(AppError::NotFound);
    }
    if !found.item.reopenable || !db::reopen(&mut tx, &acting.subject, &id, now).await? {
        return Err(AppError::Conflict);
    }
    let event = AuditEvent {
        target: Some(id.to_string()),
        ..acting.event("feedback.reopened", Outcome::Success)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(())
}
