//! Who may sign in and how: the identity provider, administrators and sessions.

use super::{ConfigError, Environment, Secret};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IdentitySettings {
    /// `PORTAL_OIDC_ISSUER`: the identity provider's issuer URL (discovery is read below it).
    /// Required in production; without it, development mode offers the development sign-in.
    pub oidc_issuer: Option<url::Url>,
    /// `PORTAL_OIDC_CLIENT_ID`: the portal's client id at the provider.
    pub oidc_client_id: Option<String>,
    /// `PORTAL_OIDC_CLIENT_SECRET`: the portal's client secret (masked wherever shown).
    pub oidc_client_secret: Option<Secret>,
    /// `PORTAL_OIDC_SCOPES`: space-separated scopes (`openid` is always asked).
    pub oidc_scopes: String,
    /// `PORTAL_ADMIN_SUBJECTS`: comma-separated provider subjects who are administrators.
    pub admin_subjects: String,
    /// `PORTAL_SESSION_IDLE_MINUTES`: a session ends after this long without activity.
    pub session_idle_minutes: u32,
    /// `PORTAL_SESSION_ABSOLUTE_HOURS`: a session ends this long after sign-in, whatever happens.
    pub session_absolute_hours: u32,
    /// `PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE`: sign-in requests allowed per client address.
    pub sign_in_attempts_per_minute: u32,
}

impl Default for IdentitySettings {
    fn default() -> Self {
        IdentitySettings {
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_scopes: "openid profile email".to_owned(),
            admin_subjects: String::new(),
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            sign_in_attempts_per_minute: 30,
        }
    }
}

impl IdentitySettings {
    /// The provider subjects who are administrators.
    pub fn admin_subjects(&self) -> Vec<String> {
        self.admin_subjects
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub(super) fn check(&self, env: Environment) -> Result<(), ConfigError> {
        match (&self.oidc_issuer, env) {
            (None, Environment::Production) => {
                return Err(ConfigError::invalid(
                    "PORTAL_OIDC_ISSUER is required when PORTAL_ENV=production (the default): the development \
                     sign-in cannot be enabled in production; set PORTAL_ENV=development to try the portal locally",
                ));
            }
            (Some(issuer), _) => {
                if !matches!(issuer.scheme(), "http" | "https") {
                    return Err(ConfigError::invalid("PORTAL_OIDC_ISSUER must be an http or https URL"));
                }
                if self.oidc_client_id.as_deref().is_none_or(str::is_empty)
                    || self.oidc_client_secret.as_ref().is_none_or(|s| s.expose().is_empty())
                {
                    return Err(ConfigError::invalid(
                        "PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET are required with PORTAL_OIDC_ISSUER",
                    ));
                }
            }
            (None, Environment::Development) => {}
        }
        if self.session_idle_minutes == 0 || self.session_absolute_hours == 0 {
            return Err(ConfigError::invalid(
                "PORTAL_SESSION_IDLE_MINUTES and PORTAL_SESSION_ABSOLUTE_HOURS must be at least 1",
            ));
        }
        if self.sign_in_attempts_per_minute == 0 {
            return Err(ConfigError::invalid(
                "PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE must be at least 1",
            ));
        }
        Ok(())
    }
}
