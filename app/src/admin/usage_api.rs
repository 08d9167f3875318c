//! The console's usage statistics: the daily counts of one service or of all, grouped by day,
//! week or month. Administrators only; the counts are anonymous (no citizen is named in them),
//! so reading them is not journaled, an export is.

use crate::error::AppError;
use crate::usage::model::UsageReport;
use crate::usage::query::UsageQuery;
use leptos::prelude::*;

/// The statistics a query asks for.
#[server(endpoint = "admin/usage")]
pub async fn usage_figures(#[server(default)] query: UsageQuery) -> Result<UsageReport, AppError> {
    crate::api::answer(server::report(&query).await)
}

#[cfg(feature = "ssr")]
pub mod server {
    use crate::error::AppError;
    use crate::usage::model::UsageReport;
    use crate::usage::query::UsageQuery;

    /// The figures of a query, for an administrator (a citizen gets 403,
    /// journaled; a bad query 422 naming its parts).
    pub async fn report(query: &UsageQuery) -> Result<UsageReport, AppError> {
        crate::auth::session::require_admin("usage.read").await?;
        let portal = crate::api::portal()?;
        let today = crate::ui::when::quebec_day(portal.auth.clock.now());
        let filter = query.check(today)?;
        let mut conn = portal.db.pool().acquire().await?;
        Ok(crate::usage::db::report(&mut conn, &filter).await?)
    }
}
