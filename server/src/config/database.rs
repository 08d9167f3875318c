//! Where requests, drafts and the journal are kept.

use super::{ConfigError, SecretUrl};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatabaseSettings {
    /// `PORTAL_DATABASE_URL`: `sqlite://…` (created if missing) or `postgres://…`; its
    /// password is masked wherever the settings are shown.
    #[serde(rename = "database_url")]
    pub url: SecretUrl,
    /// `PORTAL_DATABASE_MAX_CONNECTIONS`.
    #[serde(rename = "database_max_connections")]
    pub max_connections: u32,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            url: SecretUrl::new("sqlite://data/votre-sante.db"),
            max_connections: 10,
        }
    }
}

impl DatabaseSettings {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if app::db::Backend::of_url(self.url.expose()).is_none() {
            return Err(ConfigError::invalid(
                "PORTAL_DATABASE_URL must start with sqlite: or postgres://",
            ));
        }
        if self.max_connections == 0 {
            return Err(ConfigError::invalid(
                "PORTAL_DATABASE_MAX_CONNECTIONS must be at least 1",
            ));
        }
        Ok(())
    }
}
