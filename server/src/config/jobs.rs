//! The background work: where it runs, how often it looks, and what the purges remove.

use super::ConfigError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobSettings {
    /// `PORTAL_JOB_POLL_MILLISECONDS`: how often an idle worker looks for due jobs (retries,
    /// jobs written by another process); a job written by this process goes out at once.
    pub job_poll_milliseconds: u64,
    /// `PORTAL_PURGE_INTERVAL_SECONDS`: how often expired sessions and drafts are purged.
    pub purge_interval_seconds: u64,
    /// `PORTAL_USAGE_FOLD_SECONDS`: how often the usage marks are folded into the daily counts
    /// the statistics pages read.
    pub usage_fold_seconds: u64,
    /// `PORTAL_DRAFT_RETENTION_DAYS`: a draft not saved for this long is deleted.
    pub draft_retention_days: u32,
    /// `PORTAL_RUN_WORKERS`: whether `server` carries jobs and purges beside serving pages;
    /// `false` leaves them to `server work` processes.
    pub run_workers: bool,
}

impl Default for JobSettings {
    fn default() -> Self {
        JobSettings {
            job_poll_milliseconds: 250,
            purge_interval_seconds: 60,
            usage_fold_seconds: 60,
            draft_retention_days: 90,
            run_workers: true,
        }
    }
}

impl JobSettings {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if self.job_poll_milliseconds == 0 || self.purge_interval_seconds == 0 || self.usage_fold_seconds == 0 {
            return Err(ConfigError::invalid(
                "PORTAL_JOB_POLL_MILLISECONDS, PORTAL_PURGE_INTERVAL_SECONDS and PORTAL_USAGE_FOLD_SECONDS must be at least 1",
            ));
        }
        if self.draft_retention_days == 0 {
            return Err(ConfigError::invalid("PORTAL_DRAFT_RETENTION_DAYS must be at least 1"));
        }
        Ok(())
    }
}
