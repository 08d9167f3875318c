//! The web push channel: the portal's VAPID key (RFC 8292), which signs every push and which
//! browsers bind a device's subscription to. `server generate-vapid-keys` makes one.

use super::{ConfigError, Secret};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PushSettings {
    /// `PORTAL_VAPID_PRIVATE_KEY`: the P-256 private key, base64url (unset: no web push). A
    /// new key invalidates every device's subscription: keep it for the portal's lifetime.
    pub vapid_private_key: Option<Secret>,
    /// `PORTAL_VAPID_SUBJECT`: how a push service reaches the operator, `mailto:` or `https:`.
    pub vapid_subject: Option<String>,
}

impl PushSettings {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        let Some(key) = &self.vapid_private_key else {
            return Ok(());
        };
        if crate::channels::push::key_pair(key.expose()).is_err() {
            return Err(ConfigError::invalid(
                "PORTAL_VAPID_PRIVATE_KEY is not a P-256 private key in base64url (server generate-vapid-keys makes one)",
            ));
        }
        let subject = self.vapid_subject.as_deref().unwrap_or_default();
        let reachable = subject
            .strip_prefix("mailto:")
            .is_some_and(|address| address.contains('@'))
            || url::Url::parse(subject).is_ok_and(|url| url.scheme() == "https");
        if !reachable {
            return Err(ConfigError::invalid(
                "PORTAL_VAPID_PRIVATE_KEY needs PORTAL_VAPID_SUBJECT, a mailto: address or an https:// page",
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_must_be_a_p256_key_with_a_subject_to_reach_the_operator() {
        let (private, _) = crate::channels::push::generate_keys();
        let push = PushSettings {
            vapid_private_key: Some(Secret::new(&private)),
            vapid_subject: Some("mailto:exploitation@votresante.example".into()),
        };
        assert!(push.check().is_ok());
        let https = PushSettings {
            vapid_subject: Some("https://votresante.example/contact".into()),
            ..push.clone()
        };
        assert!(https.check().is_ok());
        for subject in [
            None,
            Some("exploitation"),
            Some("http://votresante.example"),
            Some("mailto:"),
        ] {
            let bad = PushSettings {
                vapid_subject: subject.map(str::to_owned),
                ..push.clone()
            };
            assert!(bad.check().is_err(), "{subject:?}");
        }
        let bad_key = PushSettings {
            vapid_private_key: Some(Secret::new("not-a-key")),
            ..push
        };
        assert!(bad_key.check().is_err());
        assert!(PushSettings::default().check().is_ok());
    }
}
