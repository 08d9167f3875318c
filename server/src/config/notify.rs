//! When notices go out beyond the inbox: folding and quiet hours.

use super::ConfigError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotifySettings {
    /// `PORTAL_NOTIFY_FOLD_MINUTES`: a notice waits this long after the news, so that what
    /// else comes about the same request goes in the same message (at most one message per
    /// request in that time); 0 sends at once.
    pub notify_fold_minutes: u32,
    /// `PORTAL_QUIET_HOURS`: Québec hours during which no notice is sent (`21-8`), or `off`.
    pub quiet_hours: String,
    /// `PORTAL_QUIET_HOURS_SPARE_ACTION_REQUIRED`: whether "action required" goes out anyway.
    pub quiet_hours_spare_action_required: bool,
}

impl Default for NotifySettings {
    fn default() -> Self {
        NotifySettings {
            notify_fold_minutes: 15,
            quiet_hours: "21-8".to_owned(),
            quiet_hours_spare_action_required: true,
        }
    }
}

impl NotifySettings {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if self.notify_fold_minutes > 24 * 60 {
            return Err(ConfigError::invalid(
                "PORTAL_NOTIFY_FOLD_MINUTES must be at most 1440 (a day)",
            ));
        }
        self.timing().map(|_| ())
    }

    /// The timing rules these settings say.
    pub fn timing(&self) -> Result<app::notifications::timing::Timing, ConfigError> {
        use app::notifications::timing::{QuietHours, Timing};
        let quiet = QuietHours::parse(&self.quiet_hours, self.quiet_hours_spare_action_required)
            .map_err(|e| ConfigError::Invalid(format!("PORTAL_QUIET_HOURS: {e}")))?;
        Ok(Timing {
            fold: time::Duration::minutes(i64::from(self.notify_fold_minutes)),
            quiet,
        })
    }
}
