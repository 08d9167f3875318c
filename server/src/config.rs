//! Configuration, in layers: built-in defaults, then an optional TOML file (`--config` or
//! `PORTAL_CONFIG`), then `PORTAL_…` environment variables. `LEPTOS_SITE_ADDR`,
//! `LEPTOS_SITE_ROOT` and `LEPTOS_RELOAD_PORT` are read as cargo-leptos sets them.
//!
//! Secrets (the database password) never appear in `Debug` output or in `check-config`.

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use leptos::prelude::LeptosOptions;
use serde::{Deserialize, Serialize};
use std::{
    fmt,
    net::SocketAddr,
    path::{Path, PathBuf},
};

/// The name cargo-leptos gives the browser bundle (`output-name` in `Cargo.toml`).
pub const OUTPUT_NAME: &str = "portal";

/// Where the portal runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Environment {
    Development,
    Production,
}

/// Everything an operator can set. Field names are the variables without `PORTAL_`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// `PORTAL_ENV`: `production` (the default: JSON logs, an identity provider required) or
    /// `development` (readable logs; without a provider, the development sign-in), which must
    /// be said explicitly: a forgotten setting never opens the development sign-in.
    pub env: Environment,
    /// `PORTAL_DATABASE_URL`: `sqlite://…` (created if missing) or `postgres://…`.
    pub database_url: String,
    /// `PORTAL_DATABASE_MAX_CONNECTIONS`.
    pub database_max_connections: u32,
    /// `PORTAL_PUBLIC_URL`: the address citizens use; `https://…` turns on HSTS.
    pub public_url: url::Url,
    /// `PORTAL_LOG`: a tracing filter such as `info` or `server=debug,info`.
    pub log: String,
    /// `PORTAL_MAX_BODY_BYTES`: larger request bodies get 413.
    pub max_body_bytes: usize,
    /// `PORTAL_SHUTDOWN_GRACE_SECONDS`: how long in-flight requests may finish after SIGTERM.
    pub shutdown_grace_seconds: u64,
    /// `PORTAL_REQUEST_TIMEOUT_SECONDS`: the longest a request may take, its body included,
    /// before it is answered 408 (a slow or stalled client cannot hold a connection). Long
    /// enough for the largest file over a slow phone connection.
    pub request_timeout_seconds: u64,
    /// `PORTAL_HEADER_READ_TIMEOUT_SECONDS`: how long a client may take to send a request's
    /// headers before its connection is closed (a client that trickles them cannot hold it).
    pub header_read_timeout_seconds: u64,
    /// `PORTAL_MAX_CONCURRENT_UPLOADS`: files being received at the same time by one instance;
    /// one more is answered 503 with `Retry-After`, so uploads cannot take every connection.
    pub max_concurrent_uploads: u32,
    /// `PORTAL_OIDC_ISSUER`: the identity provider's issuer URL (discovery is read below it).
    /// Required in production; without it, development mode offers the development sign-in.
    pub oidc_issuer: Option<url::Url>,
    /// `PORTAL_OIDC_CLIENT_ID`: the portal's client id at the provider.
    pub oidc_client_id: Option<String>,
    /// `PORTAL_OIDC_CLIENT_SECRET`: the portal's client secret (never printed).
    pub oidc_client_secret: Option<String>,
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
    /// `PORTAL_DEMO_CATALOGUE`: load the four demo services and their demo tokens at start.
    /// Development only; refused in production.
    pub demo_catalogue: bool,
    /// `PORTAL_DRAFT_RETENTION_DAYS`: a draft not saved for this long is deleted.
    pub draft_retention_days: u32,
    /// `PORTAL_DELIVERY_RETRY_HOURS`: how long a delivery to a service is tried before it is
    /// dead-lettered for administrators.
    pub delivery_retry_hours: u32,
    /// `PORTAL_DELIVERY_TIMEOUT_SECONDS`: how long one delivery attempt may take.
    pub delivery_timeout_seconds: u64,
    /// `PORTAL_DELIVERY_ALLOWED_HOSTS`: comma-separated hosts (names or addresses) a service's
    /// endpoint may name although they are inside the network (loopback, private, link-local);
    /// no other endpoint may reach such an address.
    pub delivery_allowed_hosts: String,
    /// `PORTAL_DELIVERY_WORKERS`: deliveries one instance carries at the same time, so that a
    /// slow service does not hold up the others' (1 to 64).
    pub delivery_workers: u32,
    /// `PORTAL_JOB_POLL_MILLISECONDS`: how often an idle worker looks for due jobs (retries,
    /// jobs written by another process); a job written by this process goes out at once.
    pub job_poll_milliseconds: u64,
    /// `PORTAL_PURGE_INTERVAL_SECONDS`: how often expired sessions and drafts are purged.
    pub purge_interval_seconds: u64,
    /// `PORTAL_RUN_WORKERS`: whether `server` carries jobs and purges beside serving pages;
    /// `false` leaves them to `server work` processes.
    pub run_workers: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            env: Environment::Production,
            database_url: "sqlite://data/votre-sante.db".to_owned(),
            database_max_connections: 10,
            public_url: url::Url::parse("http://127.0.0.1:3000").expect("a valid literal URL"),
            log: "info".to_owned(),
            max_body_bytes: 2 * 1024 * 1024,
            shutdown_grace_seconds: 20,
            request_timeout_seconds: 120,
            header_read_timeout_seconds: 10,
            max_concurrent_uploads: 16,
            oidc_issuer: None,
            oidc_client_id: None,
            oidc_client_secret: None,
            oidc_scopes: "openid profile email".to_owned(),
            admin_subjects: String::new(),
            session_idle_minutes: 30,
            session_absolute_hours: 12,
            sign_in_attempts_per_minute: 30,
            demo_catalogue: false,
            draft_retention_days: 90,
            delivery_retry_hours: 24,
            delivery_timeout_seconds: 10,
            delivery_allowed_hosts: String::new(),
            delivery_workers: 4,
            job_poll_milliseconds: 250,
            purge_interval_seconds: 60,
            run_workers: true,
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

impl Settings {
    /// Reads the layers: defaults, then `file` if given, then the environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let mut figment = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            if !file.is_file() {
                return Err(ConfigError::MissingFile(file.to_owned()));
            }
            figment = figment.merge(Toml::file_exact(file));
        }
        // Only the variables that name a setting: other PORTAL_… variables (tests, tooling) are
        // not configuration. The names come from the struct itself, so they cannot drift.
        let keys = setting_names();
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        figment = figment.merge(Env::prefixed("PORTAL_").only(&keys));
        let settings: Settings = figment.extract().map_err(|e| ConfigError::Invalid(one_line(&e)))?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), ConfigError> {
        if app::db::Backend::of_url(&self.database_url).is_none() {
            return Err(ConfigError::Invalid(
                "PORTAL_DATABASE_URL must start with sqlite: or postgres://".to_owned(),
            ));
        }
        if !matches!(self.public_url.scheme(), "http" | "https") {
            return Err(ConfigError::Invalid(
                "PORTAL_PUBLIC_URL must be an http or https URL".to_owned(),
            ));
        }
        if self.database_max_connections == 0 {
            return Err(ConfigError::Invalid(
                "PORTAL_DATABASE_MAX_CONNECTIONS must be at least 1".to_owned(),
            ));
        }
        match (&self.oidc_issuer, self.env) {
            (None, Environment::Production) => {
                return Err(ConfigError::Invalid(
                    "PORTAL_OIDC_ISSUER is required when PORTAL_ENV=production (the default): the development \
                     sign-in cannot be enabled in production; set PORTAL_ENV=development to try the portal locally"
                        .to_owned(),
                ));
            }
            (Some(issuer), _) => {
                if !matches!(issuer.scheme(), "http" | "https") {
                    return Err(ConfigError::Invalid(
                        "PORTAL_OIDC_ISSUER must be an http or https URL".to_owned(),
                    ));
                }
                if self.oidc_client_id.as_deref().is_none_or(str::is_empty)
                    || self.oidc_client_secret.as_deref().is_none_or(str::is_empty)
                {
                    return Err(ConfigError::Invalid(
                        "PORTAL_OIDC_CLIENT_ID and PORTAL_OIDC_CLIENT_SECRET are required with PORTAL_OIDC_ISSUER"
                            .to_owned(),
                    ));
                }
            }
            (None, Environment::Development) => {}
        }
        if self.session_idle_minutes == 0 || self.session_absolute_hours == 0 {
            return Err(ConfigError::Invalid(
                "PORTAL_SESSION_IDLE_MINUTES and PORTAL_SESSION_ABSOLUTE_HOURS must be at least 1".to_owned(),
            ));
        }
        if self.request_timeout_seconds == 0 || self.header_read_timeout_seconds == 0 {
            return Err(ConfigError::Invalid(
                "PORTAL_REQUEST_TIMEOUT_SECONDS and PORTAL_HEADER_READ_TIMEOUT_SECONDS must be at least 1".to_owned(),
            ));
        }
        if self.max_concurrent_uploads == 0 {
            return Err(ConfigError::Invalid(
                "PORTAL_MAX_CONCURRENT_UPLOADS must be at least 1".to_owned(),
            ));
        }
        if self.sign_in_attempts_per_minute == 0 {
            return Err(ConfigError::Invalid(
                "PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE must be at least 1".to_owned(),
            ));
        }
        if self.demo_catalogue && self.env == Environment::Production {
            return Err(ConfigError::Invalid(
                "PORTAL_DEMO_CATALOGUE cannot be set when PORTAL_ENV=production: its tokens are public".to_owned(),
            ));
        }
        if self.delivery_retry_hours == 0 || self.delivery_timeout_seconds == 0 {
            return Err(ConfigError::Invalid(
                "PORTAL_DELIVERY_RETRY_HOURS and PORTAL_DELIVERY_TIMEOUT_SECONDS must be at least 1".to_owned(),
            ));
        }
        if !(1..=64).contains(&self.delivery_workers) {
            return Err(ConfigError::Invalid(
                "PORTAL_DELIVERY_WORKERS must be between 1 and 64".to_owned(),
            ));
        }
        if self.job_poll_milliseconds == 0 || self.purge_interval_seconds == 0 {
            return Err(ConfigError::Invalid(
                "PORTAL_JOB_POLL_MILLISECONDS and PORTAL_PURGE_INTERVAL_SECONDS must be at least 1".to_owned(),
            ));
        }
        if self.draft_retention_days == 0 {
            return Err(ConfigError::Invalid(
                "PORTAL_DRAFT_RETENTION_DAYS must be at least 1".to_owned(),
            ));
        }
        tracing_subscriber::EnvFilter::try_new(&self.log)
            .map_err(|e| ConfigError::Invalid(format!("PORTAL_LOG is not a valid filter: {e}")))?;
        Ok(())
    }

    /// Whether citizens reach the portal over HTTPS (then browsers are told to stay on it).
    pub fn served_over_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// Whether the development sign-in is offered: development mode without a provider.
    pub fn dev_sign_in(&self) -> bool {
        self.env == Environment::Development && self.oidc_issuer.is_none()
    }

    /// The provider subjects who are administrators.
    pub fn admin_subjects(&self) -> Vec<String> {
        self.admin_subjects
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The settings as TOML, with the database password and client secret masked: what
    /// `check-config` prints.
    pub fn to_redacted_toml(&self) -> String {
        let mut shown = self.clone();
        shown.database_url = redact_url(&self.database_url);
        shown.oidc_client_secret = self.oidc_client_secret.as_ref().map(|_| "********".to_owned());
        toml_of(&shown)
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("env", &self.env)
            .field("database_url", &redact_url(&self.database_url))
            .field("database_max_connections", &self.database_max_connections)
            .field("public_url", &self.public_url.as_str())
            .field("log", &self.log)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("shutdown_grace_seconds", &self.shutdown_grace_seconds)
            .field("request_timeout_seconds", &self.request_timeout_seconds)
            .field("header_read_timeout_seconds", &self.header_read_timeout_seconds)
            .field("max_concurrent_uploads", &self.max_concurrent_uploads)
            .field("oidc_issuer", &self.oidc_issuer.as_ref().map(url::Url::as_str))
            .field("oidc_client_id", &self.oidc_client_id)
            .field(
                "oidc_client_secret",
                &self.oidc_client_secret.as_ref().map(|_| "********"),
            )
            .field("oidc_scopes", &self.oidc_scopes)
            .field("admin_subjects", &self.admin_subjects)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_absolute_hours", &self.session_absolute_hours)
            .field("sign_in_attempts_per_minute", &self.sign_in_attempts_per_minute)
            .field("demo_catalogue", &self.demo_catalogue)
            .field("draft_retention_days", &self.draft_retention_days)
            .field("delivery_retry_hours", &self.delivery_retry_hours)
            .field("delivery_timeout_seconds", &self.delivery_timeout_seconds)
            .field("delivery_allowed_hosts", &self.delivery_allowed_hosts)
            .field("delivery_workers", &self.delivery_workers)
            .field("job_poll_milliseconds", &self.job_poll_milliseconds)
            .field("purge_interval_seconds", &self.purge_interval_seconds)
            .field("run_workers", &self.run_workers)
            .finish()
    }
}

/// The field names of [`Settings`], as serde sees them.
fn setting_names() -> Vec<String> {
    match serde_json::to_value(Settings::default()) {
        Ok(serde_json::Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

fn toml_of(settings: &Settings) -> String {
    // Figment's TOML provider reads only; write the few scalar fields by hand.
    let value = serde_json::to_value(settings).unwrap_or_default();
    let mut out = String::new();
    if let Some(map) = value.as_object() {
        for (key, value) in map {
            if value.is_null() {
                continue;
            }
            out.push_str(&format!("{key} = {value}\n"));
        }
    }
    out
}

/// A URL with its password replaced by `********`.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("********"));
            parsed.to_string()
        }
        _ => raw.to_owned(),
    }
}

fn one_line(error: &figment::Error) -> String {
    error.to_string().lines().collect::<Vec<_>>().join(" ")
}

/// The Leptos options, from the `LEPTOS_…` variables cargo-leptos sets (with its defaults).
/// Hashed file names are used when `LEPTOS_HASH_FILES` says so or, when it is unset, when
/// cargo-leptos left its `hash.txt` beside the binary.
pub fn leptos_options() -> Result<LeptosOptions, ConfigError> {
    let var = |key: &str, default: &str| std::env::var(key).unwrap_or_else(|_| default.to_owned());
    let site_addr: SocketAddr = var("LEPTOS_SITE_ADDR", "127.0.0.1:3000").parse().map_err(|e| {
        ConfigError::Invalid(format!(
            "LEPTOS_SITE_ADDR is not an address such as 127.0.0.1:3000: {e}"
        ))
    })?;
    let reload_port: u32 = var("LEPTOS_RELOAD_PORT", "3001")
        .parse()
        .map_err(|e| ConfigError::Invalid(format!("LEPTOS_RELOAD_PORT is not a port: {e}")))?;
    // cargo-leptos says whether it hashed the files; a binary started by hand looks for the
    // hash.txt that a hashed build leaves beside it.
    let hash_files = match std::env::var("LEPTOS_HASH_FILES") {
        Ok(value) => value
            .parse()
            .map_err(|_| ConfigError::Invalid("LEPTOS_HASH_FILES must be true or false".to_owned()))?,
        Err(_) => std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt").is_file()))
            .unwrap_or(false),
    };
    Ok(LeptosOptions::builder()
        .output_name(var("LEPTOS_OUTPUT_NAME", OUTPUT_NAME))
        .site_root(var("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(var("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(site_addr)
        .reload_port(reload_port)
        .hash_files(hash_files)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked() {
        assert_eq!(
            redact_url("postgres://portal:s3cret@db:5432/portal"),
            "postgres://portal:********@db:5432/portal"
        );
        assert_eq!(redact_url("sqlite://data/portal.db"), "sqlite://data/portal.db");
        let settings = Settings {
            database_url: "postgres://u:topsecret@h/d".into(),
            ..Settings::default()
        };
        assert!(!format!("{settings:?}").contains("topsecret"));
        // Every setting is explained in --help.
        for name in setting_names() {
            let variable = format!("PORTAL_{}", name.to_uppercase());
            assert!(
                crate::cli::ENVIRONMENT_HELP.contains(&variable),
                "{variable} is missing from --help"
            );
        }
        // Every setting shows in the start-up log line, masked where secret.
        let shown = format!("{settings:?}");
        for name in setting_names() {
            assert!(shown.contains(&format!("{name}:")), "{name} is missing from Debug");
        }
        assert!(!settings.to_redacted_toml().contains("topsecret"));
        let with_provider = Settings {
            oidc_issuer: Some(url::Url::parse("https://idp.example").unwrap()),
            oidc_client_id: Some("portal".into()),
            oidc_client_secret: Some("client-s3cret".into()),
            ..Settings::default()
        };
        assert!(with_provider.check().is_ok());
        assert!(!format!("{with_provider:?}").contains("client-s3cret"));
        assert!(!with_provider.to_redacted_toml().contains("client-s3cret"));
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
            oidc_issuer: Some(url::Url::parse("https://idp.example").unwrap()),
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
        let settings = Settings {
            admin_subjects: " alice, bob ,,".into(),
            ..Settings::default()
        };
        assert_eq!(settings.admin_subjects(), ["alice", "bob"]);
        assert!(Settings::default().admin_subjects().is_empty());
    }

    #[test]
    fn every_setting_can_come_from_the_environment() {
        let names = setting_names();
        assert_eq!(names.len(), 27);
        for name in [
            "env",
            "database_url",
            "public_url",
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
            "run_workers",
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
        assert!(!development().served_over_https());
    }

    #[test]
    fn bad_values_are_refused_with_the_variable_named() {
        let bad_db = Settings {
            database_url: "mysql://x".into(),
            ..development()
        };
        assert!(bad_db.check().unwrap_err().to_string().contains("PORTAL_DATABASE_URL"));
        let bad_log = Settings {
            log: "not a filter[".into(),
            ..development()
        };
        assert!(bad_log.check().unwrap_err().to_string().contains("PORTAL_LOG"));
        let no_time = Settings {
            request_timeout_seconds: 0,
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
