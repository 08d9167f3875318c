//! Server functions for administrators. Each one calls `require_admin`, which refuses citizens
//! with 403 and journals the refusal.

use crate::audit::AuditEntry;
use crate::error::AppError;
use crate::jobs::DeadLetter;
use leptos::prelude::*;

/// The most recent audit journal entries, newest first.
#[server(endpoint = "admin/journal")]
pub async fn recent_journal() -> Result<Vec<AuditEntry>, AppError> {
    crate::api::answer(
        async {
            crate::auth::session::require_admin("admin.journal").await?;
            let portal = crate::api::portal()?;
            let db = &portal.db;
            let mut conn = db.pool().acquire().await?;
            Ok(crate::audit::db::latest(&mut conn, 50).await?)
        }
        .await,
    )
}

/// The deliveries that ended without the service's acknowledgement, most recent first.
#[server(endpoint = "admin/dead_letters")]
pub async fn dead_letters() -> Result<Vec<DeadLetter>, AppError> {
    crate::api::answer(
        async {
            crate::auth::session::require_admin("admin.dead_letters").await?;
            let portal = crate::api::portal()?;
            let db = &portal.db;
            let mut conn = db.pool().acquire().await?;
            Ok(crate::jobs::db::dead_letters(&mut conn, 100).await?)
        }
        .await,
    )
}

/// Sends a dead letter again, with a new retry period; journaled. 409 when it is no longer
/// dead (another administrator replayed it).
#[server(endpoint = "admin/replay")]
pub async fn replay_delivery(id: String) -> Result<(), AppError> {
    let replayed = replay::replay(id).await;
    if replayed.is_ok() {
        crate::api::return_with_done("replayed");
    }
    crate::api::answer(replayed)
}

#[cfg(feature = "ssr")]
mod replay {
    use crate::audit::{AuditEvent, Outcome};
    use crate::auth::session::require_admin;

    use crate::error::AppError;

    pub async fn replay(id: String) -> Result<(), AppError> {
        let session = require_admin("admin.replay").await?;
        let portal = crate::api::portal()?;
        let db = &portal.db;
        let auth = &portal.auth;
        let policy = &portal.deliveries;
        let now = auth.clock.now();
        let mut tx = db.begin().await?;
        let Some(about) = crate::jobs::db::replay(&mut tx, &id, now, policy.retry_for).await? else {
            return Err(AppError::Conflict);
        };
        let target = match &about {
            crate::jobs::About::Request(request) => crate::requests::db::reference_of(&mut tx, request).await?,
            crate::jobs::About::Notification(id) => Some(id.to_string()),
        };
        let event = AuditEvent {
            target,
            details: Some(serde_json::json!({ "job": id })),
            ..session.acting().event("delivery.replay", Outcome::Success)
        };
        crate::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await?;
        policy.wake.notify_one();
        Ok(())
    }
}
