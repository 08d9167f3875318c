//! Structured logs: readable lines in development, JSON in production. Every request's span
//! carries its request id (see `startup`), so each line can be tied to one request.

use crate::config::Environment;
use tracing_subscriber::{EnvFilter, fmt};

/// Installs the global subscriber once; later calls (tests) do nothing.
pub fn init(env: Environment, filter: &str) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = fmt().with_env_filter(filter).with_target(true);
    let _ = match env {
        Environment::Production => builder.json().flatten_event(true).with_current_span(true).try_init(),
        Environment::Development => builder.compact().try_init(),
    };
}
