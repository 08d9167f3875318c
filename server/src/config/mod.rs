//! Configuration, in layers: built-in defaults, then an optional TOML file (`--config` or
//! `PORTAL_CONFIG`), then `PORTAL_…` environment variables. `LEPTOS_SITE_ADDR`,
//! `LEPTOS_SITE_ROOT` and `LEPTOS_RELOAD_PORT` are read as cargo-leptos sets them.
//!
//! The settings come in sections, one file each; the names an operator writes stay flat
//! (`PORTAL_DATABASE_URL`, `database_url = …` in the file). Secrets are [`Secret`] or
//! [`SecretUrl`] values, which mask themselves in `Debug` output and in `check-config`.

mod database;
mod delivery;
mod email;
mod http;
mod identity;
mod jobs;
mod leptos;
mod notify;
mod push;
mod seal;
mod secret;
mod sms;

pub use self::leptos::{OUTPUT_NAME, leptos_options};
pub use database::DatabaseSettings;
pub use delivery::DeliverySettings;
pub use email::{EmailSettings, SmtpTls};
pub use http::HttpSettings;
pub use identity::IdentitySettings;
pub use jobs::JobSettings;
pub use notify::NotifySettings;
pub use push::PushSettings;
pub use seal::SealSettings;
pub use secret::{MASK, Secret, SecretUrl};
pub use sms::SmsSettings;

use figment::{
    Figment, Provider,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where the portal runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Production,
}

/// Everything an operator can set. The names an operator writes are the variables without
/// `PORTAL_`, whatever section holds them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// `PORTAL_ENV`: `production` (the default: JSON logs, an identity provider required) or
    /// `development` (readable logs; without a provider, the development sign-in), which must
    /// be said explicitly: a forgotten setting never opens the development sign-in.
    pub env: Environment,
    /// `PORTAL_LOG`: a tracing filter such as `info` or `server=debug,info`.
    pub log: String,
    /// `PORTAL_DEMO_CATALOGUE`: load the four demo services and their demo tokens at start.
    /// Development only; refused in production.
    pub demo_catalogue: bool,
    #[serde(flatten)]
    pub http: HttpSettings,
    #[serde(flatten)]
    pub database: DatabaseSettings,
    #[serde(flatten)]
    pub identity: IdentitySettings,
    #[serde(flatten)]
    pub delivery: DeliverySettings,
    #[serde(flatten)]
    pub jobs: JobSettings,
    #[serde(flatten)]
    pub email: EmailSettings,
    #[serde(flatten)]
    pub sms: SmsSettings,
    #[serde(flatten)]
    pub push: PushSettings,
    #[serde(flatten)]
    pub notify: NotifySettings,
    #[serde(flatten)]
    pub seal: SealSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            env: Environment::Production,
            log: "info".to_owned(),
            demo_catalogue: false,
            http: HttpSettings::default(),
            database: DatabaseSettings::default(),
            identity: IdentitySettings::default(),
            delivery: DeliverySettings::default(),
            jobs: JobSettings::default(),
            email: EmailSettings::default(),
            sms: SmsSettings::default(),
            push: PushSettings::default(),
            notify: NotifySettings::default(),
            seal: SealSettings::default(),
        }
    }
}

/// A configuration that cannot be used, said in one line.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration file {0} does not exist")]
    MissingFile(PathBuf),
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

impl ConfigError {
    fn invalid(message: &str) -> ConfigError {
        ConfigError::Invalid(message.to_owned())
    }
}

impl Settings {
    /// Reads the layers: defaults, then `file` if given, then the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let keys = setting_names();
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError::MissingFile(file.to_owned()));
            }
            let toml = Toml::file_exact(file);
            refuse_unknown_keys(&toml, &keys)?;
            figment = figment.merge(toml);
        }
        // Only the variables that name a setting: other PORTAL_… variables (tests, tooling) are
        // not configuration. The names come from the struct itself, so they cannot drift.
        let only: Vec<&str> = keys.iter().map(String::as_str).collect();
        figment = figment.merge(Env::prefixed("PORTAL_").only(&only));
        let settings: Settings = figment.extract().map_err(|e| ConfigError::Invalid(one_line(&e)))?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), ConfigError> {
        self.http.check()?;
        self.database.check()?;
        self.identity.check(self.env)?;
        self.delivery.check()?;
        self.jobs.check()?;
        self.email.check(self.env)?;
        self.sms.check(self.env)?;
        self.push.check()?;
        self.notify.check()?;
        self.seal.check()?;
        if self.demo_catalogue && self.env == Environment::Production {
            return Err(ConfigError::invalid(
                "PORTAL_DEMO_CATALOGUE cannot be set when PORTAL_ENV=production: its tokens are public",
            ));
        }
        tracing_subscriber::EnvFilter::try_new(&self.log)
            .map_err(|e| ConfigError::Invalid(format!("PORTAL_LOG is not a valid filter: {e}")))?;
        Ok(())
    }

    /// Whether the development sign-in is offered: development mode without a provider.
    pub fn dev_sign_in(&self) -> bool {
        self.env == Environment::Development && self.identity.oidc_issuer.is_none()
    }

    /// The settings as TOML, secrets masked (they mask themselves): what `check-config` prints.
    pub fn to_redacted_toml(&self) -> String {
        // Figment's TOML provider reads only; write the flat scalar settings by hand.
        let value = serde_json::to_value(self).unwrap_or_default();
        let mut out = String::new();
        if let Some(map) = value.as_object() {
            for (key, value) in map {
                if !value.is_null() {
                    out.push_str(&format!("{key} = {value}\n"));
                }
            }
        }
        out
    }
}

/// The names an operator can set, as serde sees them (flat across the sections).
fn setting_names() -> Vec<String> {
    match serde_json::to_value(Settings::default()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// A file's key that names no setting (a typo) is refused rather than ignored. Serde cannot
/// say so itself across flattened sections, so the file's top-level keys are compared with the
/// settings' names.
fn refuse_unknown_keys(file: &figment::providers::Data<Toml>, keys: &[String]) -> Result<(), ConfigError> {
    let data = file.data().map_err(|e| ConfigError::Invalid(one_line(&e)))?;
    for dict in data.values() {
        if let Some(unknown) = dict.keys().find(|key| !keys.contains(key)) {
            return Err(ConfigError::Invalid(format!(
                "unknown setting `{unknown}` in the configuration file"
            )));
        }
    }
    Ok(())
}

fn one_line(error: &figment::Error) -> String {
    error.to_string().lines().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_masked_wherever_the_settings_show() {
        let (vapid, _) = crate::channels::push::generate_keys();
        let (seal_key, seal_certificates) = app::signatures::seal::Seal::generate("Essai", 1).unwrap();
        let settings = Settings {
            database: DatabaseSettings {
                url: SecretUrl::new("postgres://u:topsecret@h/d"),
                ..DatabaseSettings::default()
            },
            identity: IdentitySettings {
                oidc_issuer: Some(url::Url::parse("https://idp.example").unwrap()),
                oidc_client_id: Some("portal".into()),
                oidc_client_secret: Some(Secret::new("client-s3cret")),
                ..IdentitySettings::default()
            },
            email: EmailSettings {
                smtp_host: Some("smtp.example".into()),
                smtp_username: Some("portal".into()),
                smtp_password: Some(Secret::new("smtp-s3cret")),
                ..EmailSettings::default()
            },
            sms: SmsSettings {
                sms_gateway_url: Some(url::Url::parse("https://sms.example/messages").unwrap()),
                sms_gateway_token: Some(Secret::new("sms-t0ken")),
                sms_receipt_secret: Some(Secret::new("receipt-k3y")),
            },
            push: PushSettings {
                vapid_private_key: Some(Secret::new(&vapid)),
                vapid_subject: Some("mailto:exploitation@votresante.example".into()),
            },
            seal: SealSettings {
                seal_key: Some(Secret::new(&seal_key)),
                seal_certificates: Some(seal_certificates),
                seal_tsa_url: Some(url::Url::parse("https://tsa.example/rfc3161").unwrap()),
            },
            ..Settings::default()
        };
        assert!(settings.check().is_ok());
        for shown in [format!("{settings:?}"), settings.to_redacted_toml()] {
            assert!(
                !shown.contains("topsecret")
                    && !shown.contains("client-s3cret")
                    && !shown.contains("smtp-s3cret")
                    && !shown.contains("sms-t0ken")
                    && !shown.contains("receipt-k3y")
                    && !shown.contains(&vapid)
                    && !shown.contains("BEGIN PRIVATE KEY"),
                "{shown}"
            );
            assert!(shown.contains("postgres://u:********@h/d"), "{shown}");
        }
        // check-config shows every setting by the name an operator writes.
        let toml = settings.to_redacted_toml();
        for name in setting_names() {
            assert!(
                toml.contains(&format!("{name} = ")),
                "{name} is missing from check-config"
            );
        }
        // Every setting is explained in --help.
        for name in setting_names() {
            let variable = format!("PORTAL_{}", name.to_uppercase());
            assert!(
                crate::cli::ENVIRONMENT_HELP.contains(&variable),
                "{variable} is missing from --help"
            );
        }
    }

    #[test]
    fn production_refuses_the_development_sign_in() {
        let production = Settings {
            env: Environment::Production,
            ..Settings::default()
        };
        let error = production.check().unwrap_err().to_string();
        assert!(
            error.contains("PORTAL_OIDC_ISSUER") && error.contains("development sign-in"),
            "{error}"
        );
        assert!(development().dev_sign_in());
        let incomplete = Settings {
            identity: IdentitySettings {
                oidc_issuer: Some(url::Url::parse("https://idp.example").unwrap()),
                ..IdentitySettings::default()
            },
            ..development()
        };
        assert!(
            incomplete
                .check()
                .unwrap_err()
                .to_string()
                .contains("PORTAL_OIDC_CLIENT_ID")
        );
        assert!(!incomplete.dev_sign_in());
    }

    #[test]
    fn admin_subjects_are_a_trimmed_comma_separated_list() {
        let identity = IdentitySettings {
            admin_subjects: " alice, bob ,,".into(),
            ..IdentitySettings::default()
        };
        assert_eq!(identity.admin_subjects(), ["alice", "bob"]);
        assert!(IdentitySettings::default().admin_subjects().is_empty());
    }

    #[test]
    fn every_setting_can_come_from_the_environment() {
        let names = setting_names();
        assert_eq!(names.len(), 45);
        for name in [
            "env",
            "database_url",
            "database_max_connections",
            "public_url",
            "oidc_client_secret",
            "shutdown_grace_seconds",
            "request_timeout_seconds",
            "header_read_timeout_seconds",
            "max_concurrent_uploads",
            "demo_catalogue",
            "draft_retention_days",
            "delivery_retry_hours",
            "delivery_timeout_seconds",
            "delivery_allowed_hosts",
            "delivery_workers",
            "job_poll_milliseconds",
            "purge_interval_seconds",
            "usage_fold_seconds",
            "run_workers",
            "smtp_host",
            "smtp_port",
            "smtp_tls",
            "smtp_username",
            "smtp_password",
            "email_from",
            "sms_gateway_url",
            "sms_gateway_token",
            "sms_receipt_secret",
            "vapid_private_key",
            "vapid_subject",
            "notify_fold_minutes",
            "quiet_hours",
            "quiet_hours_spare_action_required",
            "seal_key",
            "seal_certificates",
            "seal_tsa_url",
        ] {
            assert!(names.iter().any(|n| n == name), "{name}");
        }
    }

    /// Development is said, never assumed: the defaults are production's, which refuse to start
    /// without an identity provider; development mode is valid with the defaults otherwise.
    fn development() -> Settings {
        Settings {
            env: Environment::Development,
            ..Settings::default()
        }
    }

    #[test]
    fn the_defaults_are_production_and_development_is_explicit() {
        assert_eq!(Settings::default().env, Environment::Production);
        assert!(!Settings::default().dev_sign_in());
        let error = Settings::default().check().unwrap_err().to_string();
        assert!(error.contains("PORTAL_ENV=development"), "{error}");
        assert!(development().check().is_ok());
        assert!(development().dev_sign_in());
        assert!(!development().http.served_over_https());
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        let bad_db = Settings {
            database: DatabaseSettings {
                url: SecretUrl::new("mysql://x"),
                ..DatabaseSettings::default()
            },
            ..development()
        };
        assert!(bad_db.check().unwrap_err().to_string().contains("PORTAL_DATABASE_URL"));
        let bad_log = Settings {
            log: "not a filter[".into(),
            ..development()
        };
        assert!(bad_log.check().unwrap_err().to_string().contains("PORTAL_LOG"));
        let no_time = Settings {
            http: HttpSettings {
                request_timeout_seconds: 0,
                ..HttpSettings::default()
            },
            ..development()
        };
        assert!(
            no_time
                .check()
                .unwrap_err()
                .to_string()
                .contains("PORTAL_REQUEST_TIMEOUT_SECONDS")
        );
    }
}
