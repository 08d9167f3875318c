//! The e-mail channel: the SMTP server that carries the ministry's messages. Without a host,
//! e-mail is not offered (the inbox still has every message).

use super::{ConfigError, Secret};
use serde::{Deserialize, Serialize};

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain SMTP: only for a relay on the same host or a test server.
    None,
    /// Plain connection upgraded with STARTTLS, required (port 587).
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EmailSettings {
    /// `PORTAL_SMTP_HOST`: the SMTP server; unset, no e-mail is sent.
    pub smtp_host: Option<String>,
    /// `PORTAL_SMTP_PORT`.
    pub smtp_port: u16,
    /// `PORTAL_SMTP_TLS`: `none`, `starttls` (the default) or `tls`.
    pub smtp_tls: SmtpTls,
    /// `PORTAL_SMTP_USERNAME` and `PORTAL_SMTP_PASSWORD`: credentials, if the server asks.
    pub smtp_username: Option<String>,
    pub smtp_password: Option<Secret>,
    /// `PORTAL_EMAIL_FROM`: the sender, `Name <address>`.
    pub email_from: String,
}

impl Default for EmailSettings {
    fn default() -> Self {
        EmailSettings {
            smtp_host: None,
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
            email_from: "Votre santé <ne-pas-repondre@votresante.gouv.qc.ca>".to_owned(),
        }
    }
}

impl EmailSettings {
    pub(super) fn check(&self, env: super::Environment) -> Result<(), ConfigError> {
        if self.email_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError::invalid(
                "PORTAL_EMAIL_FROM must be an address, e.g. `Votre santé <ne-pas-repondre@example.ca>`",
            ));
        }
        if self.smtp_username.is_some() != self.smtp_password.is_some() {
            return Err(ConfigError::invalid(
                "PORTAL_SMTP_USERNAME and PORTAL_SMTP_PASSWORD go together",
            ));
        }
        if env == super::Environment::Production && self.smtp_host.is_some() && self.smtp_tls == SmtpTls::None {
            return Err(ConfigError::invalid(
                "PORTAL_SMTP_TLS=none is for development: in production the SMTP connection is protected",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Environment::{Development, Production};

    #[test]
    fn an_unprotected_connection_half_credentials_or_a_bad_sender_are_refused() {
        let plain = EmailSettings {
            smtp_host: Some("127.0.0.1".into()),
            smtp_tls: SmtpTls::None,
            ..EmailSettings::default()
        };
        assert!(plain.check(Development).is_ok());
        assert!(
            plain
                .check(Production)
                .unwrap_err()
                .to_string()
                .contains("PORTAL_SMTP_TLS")
        );
        let half = EmailSettings {
            smtp_username: Some("portal".into()),
            ..EmailSettings::default()
        };
        assert!(half.check(Production).is_err());
        let sender = EmailSettings {
            email_from: "not an address".into(),
            ..EmailSettings::default()
        };
        assert!(
            sender
                .check(Production)
                .unwrap_err()
                .to_string()
                .contains("PORTAL_EMAIL_FROM")
        );
        assert!(EmailSettings::default().check(Production).is_ok());
    }
}
