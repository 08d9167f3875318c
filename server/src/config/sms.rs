//! The SMS channel: a gateway that implements the portal's own contract (README, "SMS gateway
//! contract", and `/api/v1/sms/openapi.json`), so that any provider's adapter can carry it.

use super::{ConfigError, Secret};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SmsSettings {
    /// `PORTAL_SMS_GATEWAY_URL`: where messages are posted; unset, no text message is sent.
    pub sms_gateway_url: Option<url::Url>,
    /// `PORTAL_SMS_GATEWAY_TOKEN`: the bearer token the gateway expects.
    pub sms_gateway_token: Option<Secret>,
    /// `PORTAL_SMS_RECEIPT_SECRET`: the key the gateway signs its delivery receipts with
    /// (HMAC-SHA256 of the body); a receipt without the right signature is refused.
    pub sms_receipt_secret: Option<Secret>,
}

impl SmsSettings {
    pub(super) fn check(&self, env: super::Environment) -> Result<(), ConfigError> {
        let Some(url) = &self.sms_gateway_url else {
            return Ok(());
        };
        if self.sms_gateway_token.is_none() || self.sms_receipt_secret.is_none() {
            return Err(ConfigError::invalid(
                "PORTAL_SMS_GATEWAY_URL needs PORTAL_SMS_GATEWAY_TOKEN and PORTAL_SMS_RECEIPT_SECRET",
            ));
        }
        let secure = url.scheme() == "https" || (env == super::Environment::Development && url.scheme() == "http");
        if !secure {
            return Err(ConfigError::invalid(
                "PORTAL_SMS_GATEWAY_URL must be https:// (http:// in development only)",
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
    fn a_gateway_needs_its_token_its_receipt_key_and_https_in_production() {
        let gateway = SmsSettings {
            sms_gateway_url: Some(url::Url::parse("http://127.0.0.1:9000/messages").unwrap()),
            sms_gateway_token: Some(Secret::new("t")),
            sms_receipt_secret: Some(Secret::new("s")),
        };
        assert!(gateway.check(Development).is_ok());
        assert!(gateway.check(Production).is_err());
        let without_key = SmsSettings {
            sms_receipt_secret: None,
            ..gateway.clone()
        };
        assert!(without_key.check(Development).is_err());
        assert!(SmsSettings::default().check(Production).is_ok());
    }
}
