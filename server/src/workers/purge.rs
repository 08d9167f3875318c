//! The purges: expired sessions (journaled), old sign-in attempts, expired drafts (journaled)
//! with their files, and files left without a draft for a day.

use crate::identity::{self, SharedIdentity};
use app::audit::{AuditEvent, Outcome};
use app::db::Database;
use std::time::Duration;

/// Purges every `interval` until the process stops.
pub async fn every(identity: SharedIdentity, db: Database, interval: Duration) {
    let mut ticks = tokio::time::interval(interval);
    loop {
        ticks.tick().await;
        if let Err(error) = identity::sessions::purge(&identity, &db).await {
            tracing::warn!(%error, "cannot purge expired sessions");
        }
        if let Err(error) = expired_drafts(&db, identity.clock.now()).await {
            tracing::warn!(%error, "cannot purge expired drafts");
        }
    }
}

/// Deletes the drafts whose retention is over, each journaled as expired, with their attached
/// files; and files left without a draft for a day.
pub async fn expired_drafts(db: &Database, now: time::OffsetDateTime) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    let purged = app::drafts::db::purge_expired(&mut tx, now).await?;
    app::attachments::db::purge_orphans(&mut tx, now - time::Duration::days(1)).await?;
    for (citizen, service) in &purged {
        app::attachments::db::delete_of_draft(&mut tx, citizen, service).await?;
        let event = AuditEvent {
            target: Some(service.to_string()),
            ..AuditEvent::new("system", "draft.expire", Outcome::Success)
        }
        .about_service(service.as_str())
        .concerning(citizen.as_str());
        app::audit::db::record(&mut tx, &event, now).await?;
    }
    tx.commit().await?;
    Ok(purged.len())
}
