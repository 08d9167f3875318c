//! The seal of signed documents: the portal's P-256 private key and its certificate chain
//! (PEM), which sign every document a citizen signs (PAdES). `server generate-seal` makes a
//! self-signed pair for development; production uses a certificate from the ministry's
//! authority. Without a seal the portal takes no document to sign.

use super::{ConfigError, Environment, Secret};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SealSettings {
    /// `PORTAL_SEAL_KEY`: the seal's private key, PEM (PKCS #8 or SEC 1).
    pub seal_key: Option<Secret>,
    /// `PORTAL_SEAL_CERTIFICATES`: its certificate, then those that issued it, PEM.
    pub seal_certificates: Option<String>,
    /// `PORTAL_SEAL_TSA_URL`: an RFC 3161 time-stamping authority that time-stamps each
    /// signature (PAdES B-T); unset, signatures carry the portal's time only (B-B).
    pub seal_tsa_url: Option<url::Url>,
}

impl SealSettings {
    /// The seal, read; none when none is configured. In development without one, a
    /// self-signed seal is made for the run (documents it signs are for trying out only).
    pub fn seal(&self, env: Environment) -> Result<Option<app::signatures::seal::Seal>, ConfigError> {
        let seal = self.bare_seal(env)?;
        match (seal, &self.seal_tsa_url) {
            (Some(seal), Some(url)) if matches!(url.scheme(), "http" | "https") => seal
                .with_time_stamps(url.as_str())
                .map(Some)
                .map_err(|error| ConfigError::Invalid(format!("PORTAL_SEAL_TSA_URL: {error}"))),
            (_, Some(_)) => Err(ConfigError::invalid(
                "PORTAL_SEAL_TSA_URL needs a seal and an http(s) address",
            )),
            (seal, None) => Ok(seal),
        }
    }

    fn bare_seal(&self, env: Environment) -> Result<Option<app::signatures::seal::Seal>, ConfigError> {
        use app::signatures::seal::Seal;
        match (&self.seal_key, &self.seal_certificates) {
            (Some(key), Some(certificates)) => Seal::from_pem(key.expose(), certificates)
                .map(Some)
                .map_err(|error| ConfigError::Invalid(format!("PORTAL_SEAL_KEY / PORTAL_SEAL_CERTIFICATES: {error}"))),
            (None, None) if env == Environment::Development => {
                let (key, certificate) = Seal::generate("Votre sante - sceau de developpement", 30)
                    .map_err(|error| ConfigError::Invalid(error.to_string()))?;
                Seal::from_pem(&key, &certificate)
                    .map(Some)
                    .map_err(|error| ConfigError::Invalid(error.to_string()))
            }
            (None, None) => Ok(None),
            _ => Err(ConfigError::invalid(
                "PORTAL_SEAL_KEY and PORTAL_SEAL_CERTIFICATES go together (server generate-seal makes a pair)",
            )),
        }
    }

    /// Checks what the operator gave (a seal made for a development run needs no check).
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        self.seal(Environment::Production).map(|_| ())
    }
}
