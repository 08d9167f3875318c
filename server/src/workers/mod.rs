//! The portal's background work, started from one place: the job workers (deliveries to
//! services, notifications; signatures and announcements next), the purges and the folding of
//! usage marks into daily counts. `server`
//! runs them beside the web server (unless `PORTAL_RUN_WORKERS=false`); `server work` runs them
//! alone, so that a deployment scales pages and workers apart. Any number of processes share
//! one queue: each job is claimed by one worker at a time (`app::jobs::db::claim`).

pub mod delivery;
pub mod jobs;
pub mod purge;
pub mod usage;

use crate::{config::Settings, destinations::Destinations, identity::SharedIdentity};
use app::db::Database;
use std::{sync::Arc, time::Duration};
use tokio::{sync::Notify, task::JoinSet};

/// How the workers behave; from the settings.
#[derive(Clone, Debug)]
pub struct WorkerSettings {
    /// How long one attempt may take before it counts as failed.
    pub timeout: Duration,
    /// How long a worker holds a job it claimed; after that another may take it over. Longer
    /// than an attempt, so that a job is never carried by two workers at once.
    pub lease: Duration,
    /// How often an idle worker looks for due jobs (retries, other processes' jobs).
    pub poll: Duration,
    /// How many jobs this process carries at the same time.
    pub workers: u32,
    /// How often expired sessions and drafts are purged.
    pub purge_every: Duration,
    /// How often usage marks are folded into daily counts.
    pub fold_every: Duration,
    /// Where deliveries may go.
    pub destinations: Destinations,
    /// Rung when this process writes a job, so that it goes out at once.
    pub wake: Arc<Notify>,
    /// The channels that carry notifications.
    pub channels: app::notifications::channels::Channels,
    /// How long a job is tried before it is given up.
    pub retry_for: time::Duration,
}

impl WorkerSettings {
    pub fn from_settings(settings: &Settings) -> WorkerSettings {
        let timeout = Duration::from_secs(settings.delivery.timeout_seconds);
        WorkerSettings {
            timeout,
            lease: timeout * 3 + Duration::from_secs(5),
            poll: Duration::from_millis(settings.jobs.job_poll_milliseconds),
            workers: settings.delivery.workers,
            purge_every: Duration::from_secs(settings.jobs.purge_interval_seconds),
            fold_every: Duration::from_secs(settings.jobs.usage_fold_seconds),
            destinations: crate::destinations::from_settings(settings),
            wake: Arc::new(Notify::new()),
            channels: crate::channels::from_settings(settings),
            retry_for: time::Duration::hours(i64::from(settings.delivery.retry_hours)),
        }
    }
}

/// Starts every worker of this process; they stop when the returned set is dropped or aborted.
pub fn spawn(db: Database, identity: SharedIdentity, settings: WorkerSettings) -> JoinSet<()> {
    let mut set = JoinSet::new();
    set.spawn(purge::every(identity.clone(), db.clone(), settings.purge_every));
    set.spawn(usage::every(db.clone(), settings.fold_every));
    match delivery::client(settings.timeout, &settings.destinations) {
        Ok(client) => {
            let carriers = Arc::new(jobs::Carriers {
                delivery: client,
                destinations: settings.destinations.clone(),
                channels: settings.channels.clone(),
                retry_for: settings.retry_for,
            });
            for _ in 0..settings.workers.max(1) {
                set.spawn(jobs::work(
                    db.clone(),
                    identity.clock.clone(),
                    carriers.clone(),
                    settings.clone(),
                    jobs::worker_name(),
                ));
            }
        }
        Err(error) => tracing::error!(%error, "cannot build the delivery client: no job will be carried"),
    }
    set
}
