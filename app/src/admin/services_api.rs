//! Server functions of the console's services: every service ever published with its state and
//! versions; withdrawing or showing again a tile (the same operation as the service team's
//! `DELETE /api/v1/services/{id}`); its place on the home page and its "new" badge.
//! Administrators only; every change journaled.

use crate::catalogue::model::ServiceRecord;
use crate::error::AppError;
use crate::ids::ServiceId;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// What the services page says after a plain post withdrew or showed a tile again.
pub const WITHDRAWN: &str = "withdrawn";
pub const RESTORED: &str = "restored";
pub const MOVED: &str = "moved";
pub const BADGE_SET: &str = "badge_set";
/// Which way a tile moves.
pub const UP: &str = "up";
pub const DOWN: &str = "down";

/// Every service, on show or withdrawn, in the home page's order.
#[server(endpoint = "admin/services")]
pub async fn service_records() -> Result<Vec<ServiceRecord>, AppError> {
    crate::api::answer(
        async {
            crate::auth::session::require_admin("admin.services").await?;
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            Ok(crate::catalogue::db::records(&mut conn).await?)
        }
        .await,
    )
}

/// Withdraws the tile of `id` (`shown` false) or shows it again (`shown` true); 409 when it
/// already is so, 404 for a service never published. Journaled with the administrator.
#[server(endpoint = "admin/services/show")]
pub async fn show_service(id: ServiceId, shown: bool) -> Result<(), AppError> {
    let set = async {
        let session = crate::auth::session::require_admin("admin.services").await?;
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let mut tx = portal.db.begin().await?;
        if !crate::catalogue::db::exists(&mut tx, &id).await? {
            return Err(AppError::NotFound);
        }
        let action = if shown {
            "catalogue.restore"
        } else {
            "catalogue.withdraw"
        };
        let event = session.acting().event(action, crate::audit::Outcome::Success);
        if !crate::catalogue::showing::set_shown(&mut tx, &id, shown, event, now).await? {
            return Err(AppError::Conflict);
        }
        tx.commit().await?;
        portal.tiles.invalidate();
        Ok(())
    }
    .await;
    server::back(
        set,
        if shown { RESTORED } else { WITHDRAWN },
        <ShowService as ServerFn>::PATH,
    )
}

/// Moves the tile of `id` one place `toward` the top (`up`) or the bottom (`down`) of the home
/// page; 409 when it is already there, 404 for a service never published.
#[server(endpoint = "admin/services/move")]
pub async fn reorder_service(id: ServiceId, toward: String) -> Result<(), AppError> {
    let moved = async {
        let session = crate::auth::session::require_admin("admin.services").await?;
        let up = match toward.as_str() {
            UP => true,
            DOWN => false,
            _ => {
                return Err(AppError::InvalidInput {
                    fields: vec![("toward".to_owned(), "invalid".to_owned())],
                });
            }
        };
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let mut tx = portal.db.begin().await?;
        if !crate::catalogue::db::exists(&mut tx, &id).await? {
            return Err(AppError::NotFound);
        }
        if !crate::catalogue::db::move_service(&mut tx, &id, up).await? {
            return Err(AppError::Conflict);
        }
        let details = serde_json::json!({ "toward": toward });
        server::journal(&mut tx, &session, &id, "catalogue.reorder", details, now).await?;
        tx.commit().await?;
        portal.tiles.invalidate();
        Ok(())
    }
    .await;
    server::back(moved, MOVED, <ReorderService as ServerFn>::PATH)
}

/// Sets the "new" badge of the tile of `id`: `auto` (its first days), `shown` or `hidden`.
#[server(endpoint = "admin/services/badge")]
pub async fn set_new_badge(id: ServiceId, badge: String) -> Result<(), AppError> {
    let set = async {
        let session = crate::auth::session::require_admin("admin.services").await?;
        let Some(chosen) = crate::catalogue::model::NewBadge::parse(&badge) else {
            return Err(AppError::InvalidInput {
                fields: vec![("badge".to_owned(), "invalid".to_owned())],
            });
        };
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let mut tx = portal.db.begin().await?;
        if !crate::catalogue::db::exists(&mut tx, &id).await? {
            return Err(AppError::NotFound);
        }
        if crate::catalogue::db::set_new_badge(&mut tx, &id, chosen).await? {
            let details = serde_json::json!({ "badge": chosen.as_str() });
            server::journal(&mut tx, &session, &id, "catalogue.badge", details, now).await?;
        }
        tx.commit().await?;
        portal.tiles.invalidate();
        Ok(())
    }
    .await;
    server::back(set, BADGE_SET, <SetNewBadge as ServerFn>::PATH)
}

#[cfg(feature = "ssr")]
mod server {
    use crate::auth::session::CurrentSession;
    use crate::error::AppError;
    use crate::ids::ServiceId;

    /// Journals a change of a service by an administrator.
    pub async fn journal(
        tx: &mut sqlx::AnyConnection,
        session: &CurrentSession,
        id: &ServiceId,
        action: &str,
        details: serde_json::Value,
        now: time::OffsetDateTime,
    ) -> Result<(), sqlx::Error> {
        let event = crate::audit::AuditEvent {
            target: Some(id.to_string()),
            details: Some(details),
            ..session.acting().event(action, crate::audit::Outcome::Success)
        }
        .about_service(id.as_str());
        crate::audit::db::record(tx, &event, now).await.map(|_| ())
    }

    /// After a change: a plain form post goes back to the page with what it did (or why not);
    /// a script gets the answer.
    pub fn back(result: Result<(), AppError>, done: &str, function: &str) -> Result<(), AppError> {
        match &result {
            Ok(()) => crate::api::return_with_done(done),
            Err(error) => crate::api::return_with_error(function, error),
        }
        crate::api::answer(result)
    }
}
