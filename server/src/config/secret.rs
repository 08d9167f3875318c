//! Values that must never be printed: they mask themselves wherever the settings are shown.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// What a masked value shows instead of itself.
pub const MASK: &str = "********";

/// A secret setting (a client secret, a key). `Debug`, `Display`-free, and serialized as
/// [`MASK`]: the settings are serialized only to be shown (`check-config`) or as defaults,
/// which never hold a secret, so a new secret cannot be printed by mistake. The value is read
/// with [`Secret::expose`], where it is used.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value itself, for the one place that sends it where it belongs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(MASK)
    }
}

/// A URL that may hold a password (the database's): shown with the password masked.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUrl(String);

impl SecretUrl {
    pub fn new(value: impl Into<String>) -> SecretUrl {
        SecretUrl(value.into())
    }

    /// The URL with its password, to connect.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The URL with its password replaced by [`MASK`].
    pub fn redacted(&self) -> String {
        match url::Url::parse(&self.0) {
            Ok(mut parsed) if parsed.password().is_some() => {
                let _ = parsed.set_password(Some(MASK));
                parsed.to_string()
            }
            _ => self.0.clone(),
        }
    }
}

impl fmt::Debug for SecretUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.redacted(), f)
    }
}

impl Serialize for SecretUrl {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.redacted())
    }
}

impl<'de> Deserialize<'de> for SecretUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretUrl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show() {
        let secret = Secret::new("s3cret");
        assert_eq!(format!("{secret:?}"), MASK);
        assert_eq!(serde_json::to_string(&secret).unwrap(), format!("\"{MASK}\""));
        assert_eq!(secret.expose(), "s3cret");
        let read: Secret = serde_json::from_str("\"s3cret\"").unwrap();
        assert_eq!(read, secret);
    }

    #[test]
    fn a_url_shows_without_its_password() {
        let url = SecretUrl::new("postgres://portal:s3cret@db:5432/portal");
        assert_eq!(url.redacted(), "postgres://portal:********@db:5432/portal");
        assert!(!format!("{url:?}").contains("s3cret"));
        assert!(!serde_json::to_string(&url).unwrap().contains("s3cret"));
        assert_eq!(url.expose(), "postgres://portal:s3cret@db:5432/portal");
        let plain = SecretUrl::new("sqlite://data/portal.db");
        assert_eq!(plain.redacted(), "sqlite://data/portal.db");
    }
}
