//! How submissions and withdrawals reach the services' back-ends.

use super::ConfigError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliverySettings {
    /// `PORTAL_DELIVERY_RETRY_HOURS`: how long a delivery to a service is tried before it is
    /// dead-lettered for administrators.
    #[serde(rename = "delivery_retry_hours")]
    pub retry_hours: u32,
    /// `PORTAL_DELIVERY_TIMEOUT_SECONDS`: how long one delivery attempt may take.
    #[serde(rename = "delivery_timeout_seconds")]
    pub timeout_seconds: u64,
    /// `PORTAL_DELIVERY_ALLOWED_HOSTS`: comma-separated hosts (names or addresses) a service's
    /// endpoint may name although they are inside the network (loopback, private, link-local);
    /// no other endpoint may reach such an address.
    #[serde(rename = "delivery_allowed_hosts")]
    pub allowed_hosts: String,
    /// `PORTAL_DELIVERY_WORKERS`: deliveries one instance carries at the same time, so that a
    /// slow service does not hold up the others' (1 to 64).
    #[serde(rename = "delivery_workers")]
    pub workers: u32,
}

impl Default for DeliverySettings {
    fn default() -> Self {
        DeliverySettings {
            retry_hours: 24,
            timeout_seconds: 10,
            allowed_hosts: String::new(),
            workers: 4,
        }
    }
}

impl DeliverySettings {
    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if self.retry_hours == 0 || self.timeout_seconds == 0 {
            return Err(ConfigError::invalid(
                "PORTAL_DELIVERY_RETRY_HOURS and PORTAL_DELIVERY_TIMEOUT_SECONDS must be at least 1",
            ));
        }
        if !(1..=64).contains(&self.workers) {
            return Err(ConfigError::invalid("PORTAL_DELIVERY_WORKERS must be between 1 and 64"));
        }
        Ok(())
    }
}
