//! Deleting a draft, with its files, journaled.

use crate::audit::{AuditEvent, Outcome};
use crate::auth::session::{request_meta, require_citizen};
use crate::drafts::db;
use crate::error::AppError;

/// See [`super::delete_draft`].
pub(super) async fn delete(service: String) -> Result<(), AppError> {
    let session = require_citizen()?;
    let cx = crate::api::portal()?;
    let now = cx.auth.clock.now();
    let mut tx = cx.db.begin().await?;
    if !db::delete(&mut tx, &session.citizen_id, &service).await? {
        return Err(AppError::NotFound);
    }
    crate::attachments::db::delete_of_draft(&mut tx, &session.citizen_id, &service).await?;
    let event = AuditEvent {
        target: Some(service.clone()),
        ..request_meta().event(&session.citizen_id, "draft.delete", Outcome::Success)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(())
}
