//! How the portal answers over HTTP: its address for citizens, and the limits that keep a slow
//! or hostile client from holding it.

use super::ConfigError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HttpSettings {
    /// `PORTAL_PUBLIC_URL`: the address citizens use; `https://…` turns on HSTS.
    pub public_url: url::Url,
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
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            public_url: url::Url::parse("http://127.0.0.1:3000").expect("a valid literal URL"),
            max_body_bytes: 2 * 1024 * 1024,
            shutdown_grace_seconds: 20,
            request_timeout_seconds: 120,
            header_read_timeout_seconds: 10,
            max_concurrent_uploads: 16,
        }
    }
}

impl HttpSettings {
    /// Whether citizens reach the portal over HTTPS (then browsers are told to stay on it).
    pub fn served_over_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    pub(super) fn check(&self) -> Result<(), ConfigError> {
        if !matches!(self.public_url.scheme(), "http" | "https") {
            return Err(ConfigError::invalid("PORTAL_PUBLIC_URL must be an http or https URL"));
        }
        if self.request_timeout_seconds == 0 || self.header_read_timeout_seconds == 0 {
            return Err(ConfigError::invalid(
                "PORTAL_REQUEST_TIMEOUT_SECONDS and PORTAL_HEADER_READ_TIMEOUT_SECONDS must be at least 1",
            ));
        }
        if self.max_concurrent_uploads == 0 {
            return Err(ConfigError::invalid("PORTAL_MAX_CONCURRENT_UPLOADS must be at least 1"));
        }
        Ok(())
    }
}
