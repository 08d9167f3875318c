//! Folds the usage marks into the daily counts the statistics pages read (`app::usage`), so a
//! page never counts the marks themselves. Any number of processes may fold at once: a mark is
//! taken by deleting it, so it is counted once.

use app::db::Database;
use std::time::Duration;

/// Folds every `interval` until the process stops.
pub async fn every(db: Database, interval: Duration) {
    let mut ticks = tokio::time::interval(interval);
    loop {
        ticks.tick().await;
        match app::usage::db::fold_all(&db).await {
            Ok(0) => {}
            Ok(folded) => tracing::debug!(folded, "usage marks folded"),
            Err(error) => tracing::warn!(%error, "cannot fold the usage marks"),
        }
    }
}
