//! Deleting a draft, with its files, journaled.

use crate::audit::{AuditEvent, Outcome};
use crate::auth::session::require_acting;
use crate::drafts::db;
use crate::error::AppError;
use crate::ids::ServiceId;

/// See [`super::delete_draft`].
pub(super) async fn delete(service: ServiceId) -> Result<(), AppError> {
    let acting = require_acting()?;
    let cx = crate::api::portal()?;
    let now = cx.auth.clock.now();
    let mut tx = cx.db.begin().await?;
    if !db::delete(&mut tx, &acting.subject, &service).await? {
        return Err(AppError::NotFound);
    }
    crate::attachments::db::delete_of_draft(&mut tx, &acting.subject, &service).await?;
    let event = AuditEvent {
        target: Some(service.to_string()),
        ..acting.event("draft.delete", Outcome::Success)
    }
    .about_service(service.as_str());
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(())
}
