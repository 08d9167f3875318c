//! What the busiest pages read from the database, kept for a few seconds: the home page would
//! otherwise read the catalogue and the news on every visit. Whoever changes the value through
//! this portal forgets it at once; another instance sharing the database sees the change within
//! the time given.

use std::future::Future;
use std::sync::{Arc, RwLock};
use time::OffsetDateTime;

/// A value and when it was read, if it was.
type Kept<T> = Option<(OffsetDateTime, Arc<T>)>;

/// A value read from the database, kept a few seconds.
#[derive(Debug)]
pub struct Fresh<T>(Arc<RwLock<Kept<T>>>);

impl<T> Clone for Fresh<T> {
    fn clone(&self) -> Self {
        Fresh(self.0.clone())
    }
}

impl<T> Default for Fresh<T> {
    fn default() -> Self {
        Fresh(Arc::new(RwLock::new(None)))
    }
}

impl<T> Fresh<T> {
    /// The value read less than `ttl` ago, or read again by `read`.
    pub async fn get<F, Fut>(&self, ttl: time::Duration, now: OffsetDateTime, read: F) -> Result<Arc<T>, sqlx::Error>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, sqlx::Error>>,
    {
        if let Ok(kept) = self.0.read()
            && let Some((read_at, value)) = kept.as_ref()
            && now >= *read_at
            && now - *read_at < ttl
        {
            return Ok(value.clone());
        }
        let value = Arc::new(read().await?);
        if let Ok(mut kept) = self.0.write() {
            *kept = Some((now, value.clone()));
        }
        Ok(value)
    }

    /// Forgets the value (it changed).
    pub fn invalidate(&self) {
        if let Ok(mut kept) = self.0.write() {
            *kept = None;
        }
    }
}
