//! Server functions of the console's services: every service ever published with its state and
//! versions, and withdrawing or showing again a tile (the same operation as the service team's
//! `DELETE /api/v1/services/{id}`). Administrators only.

use crate::catalogue::model::ServiceRecord;
use crate::error::AppError;
use crate::ids::ServiceId;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// What the services page says after a plain post withdrew or showed a tile again.
pub const WITHDRAWN: &str = "withdrawn";
pub const RESTORED: &str = "restored";

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
    match &set {
        Ok(()) => crate::api::return_with_done(if shown { RESTORED } else { WITHDRAWN }),
        Err(error) => crate::api::return_with_error(<ShowService as ServerFn>::PATH, error),
    }
    crate::api::answer(set)
}
