//! Server functions of the inbox: read it, mark a notification (or all) as read. Every call is
//! the signed-in person's own inbox (or the person they act for): another's notification is
//! "not found", the same as an id that does not exist.

use super::model::Inbox;
use crate::error::AppError;
use leptos::prelude::*;

/// The citizen's inbox, newest first.
#[server(endpoint = "notifications/inbox")]
pub async fn my_inbox() -> Result<Inbox, AppError> {
    crate::api::answer(
        async {
            let acting = crate::auth::session::require_acting()?;
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            Ok(super::db::inbox(&mut conn, &acting.subject, super::model::INBOX_PAGE).await?)
        }
        .await,
    )
}

/// What the inbox says after a plain post marked notifications as read.
pub const MARKED_READ: &str = "read";

/// Marks one notification as read (`id`), or every one (`all`). A plain form post of the inbox
/// page, which comes back to it.
#[server(endpoint = "notifications/read")]
pub async fn mark_read(id: String) -> Result<u64, AppError> {
    let marked = mark(id).await;
    match &marked {
        Ok(_) => crate::api::return_with_done(MARKED_READ),
        Err(error) => crate::api::return_with_error(<MarkRead as leptos::server_fn::ServerFn>::PATH, error),
    }
    crate::api::answer(marked)
}

#[cfg(feature = "ssr")]
async fn mark(id: String) -> Result<u64, AppError> {
    use crate::ids::NotificationId;
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let mut conn = portal.db.pool().acquire().await?;
    let one = (id != "all").then(|| NotificationId::new(id));
    if let Some(one) = &one
        && !super::db::exists(&mut conn, &acting.subject, one).await?
    {
        return Err(AppError::NotFound);
    }
    Ok(super::db::mark_read(&mut conn, &acting.subject, one.as_ref(), now).await?)
}
