//! Identity, the server's part: the OpenID Connect relying party (`/auth/…` routes), the
//! development sign-in, session cookies and the middleware that resolves them, CSRF refusal and
//! the sign-in rate limit. The rules shared with pages (roles, sessions, guards) are in
//! `app::auth`.

pub mod csrf;
pub mod provider;
pub mod rate_limit;
pub mod routes;
pub mod sessions;

use crate::config::Settings;
use app::auth::session::{AuthContext, SessionPolicy};
use app::clock::Clock;
use provider::{OidcProvider, ProviderSettings};
use rate_limit::AddressRateLimit;
use std::sync::Arc;

/// How many refused service tokens one address may have journaled per minute; the rest are
/// logged only.
const REFUSED_TOKENS_JOURNALED_PER_MINUTE: u32 = 20;

/// How people sign in on this portal.
pub enum SignInMode {
    /// Through the configured OpenID Connect provider.
    Provider(Box<OidcProvider>),
    /// Development mode without a provider: fictitious people (`app::auth::model::DEMO_ACCOUNTS`).
    Development,
}

/// Everything the sign-in routes and the session middleware share.
pub struct Identity {
    pub mode: SignInMode,
    pub policy: SessionPolicy,
    pub admin_subjects: Vec<String>,
    /// Cookies get `Secure` and the `__Host-` prefix when the portal is served over HTTPS.
    pub secure_cookies: bool,
    /// `scheme://host[:port]` of `PORTAL_PUBLIC_URL`.
    pub public_origin: String,
    pub clock: Clock,
    pub rate_limit: AddressRateLimit,
    /// Refused service tokens journaled per address and minute.
    pub refused_tokens: AddressRateLimit,
}

impl Identity {
    /// Builds the identity side from the settings (no network: the provider is discovered at the
    /// first sign-in, so a provider that is down does not stop the portal).
    pub fn from_settings(settings: &Settings, clock: Clock) -> Result<Identity, String> {
        let public = settings.http.public_url.as_str().trim_end_matches('/').to_owned();
        let mode = match &settings.identity.oidc_issuer {
            Some(issuer) => {
                let parse = |path: &str| {
                    url::Url::parse(&format!("{public}{path}")).map_err(|e| format!("PORTAL_PUBLIC_URL: {e}"))
                };
                let provider = OidcProvider::new(
                    ProviderSettings {
                        issuer: issuer.clone(),
                        client_id: settings.identity.oidc_client_id.clone().unwrap_or_default(),
                        client_secret: settings
                            .identity
                            .oidc_client_secret
                            .clone()
                            .unwrap_or(crate::config::Secret::new("")),
                        scopes: settings
                            .identity
                            .oidc_scopes
                            .split_whitespace()
                            .map(str::to_owned)
                            .collect(),
                        redirect_url: parse("/auth/callback")?,
                        post_logout_redirect_url: parse("/auth/signed-out")?,
                    },
                    clock.clone(),
                )?;
                SignInMode::Provider(Box::new(provider))
            }
            None if settings.env == crate::config::Environment::Development => SignInMode::Development,
            // Never by default: a production portal without a provider does not start.
            None => return Err("PORTAL_OIDC_ISSUER is required unless PORTAL_ENV=development".to_owned()),
        };
        Ok(Identity {
            mode,
            policy: SessionPolicy {
                idle: time::Duration::minutes(i64::from(settings.identity.session_idle_minutes)),
                absolute: time::Duration::hours(i64::from(settings.identity.session_absolute_hours)),
            },
            admin_subjects: settings.identity.admin_subjects(),
            secure_cookies: settings.http.served_over_https(),
            public_origin: settings.http.public_url.origin().ascii_serialization(),
            clock,
            rate_limit: AddressRateLimit::per_minute(settings.identity.sign_in_attempts_per_minute),
            refused_tokens: AddressRateLimit::per_minute(REFUSED_TOKENS_JOURNALED_PER_MINUTE),
        })
    }

    /// What pages and server functions are given.
    pub fn context(&self, settings: &Settings) -> AuthContext {
        AuthContext {
            policy: self.policy,
            dev_sign_in: matches!(self.mode, SignInMode::Development),
            clock: self.clock.clone(),
            provider_origin: settings
                .identity
                .oidc_issuer
                .as_ref()
                .map(|issuer| issuer.origin().ascii_serialization()),
            secure_cookies: self.secure_cookies,
        }
    }
}

/// Shared by the router's handlers.
pub type SharedIdentity = Arc<Identity>;
