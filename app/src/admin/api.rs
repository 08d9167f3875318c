//! Server functions for administrators. Each one calls `require_admin`, which refuses citizens
//! with 403 and journals the refusal.

use crate::audit::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;

/// The most recent audit journal entries, newest first.
#[server(endpoint = "admin/journal")]
pub async fn recent_journal() -> Result<Vec<AuditEntry>, AppError> {
    use crate::db::Database;
    crate::api::answer(
        async {
            crate::auth::session::require_admin("admin.journal").await?;
            let db = crate::api::context::<Database>()?;
            let mut conn = db.pool().acquire().await?;
            Ok(crate::audit::db::latest(&mut conn, 50).await?)
        }
        .await,
    )
}
