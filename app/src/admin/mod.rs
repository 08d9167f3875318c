//! Portal administration: pages only administrators reach (failed deliveries, news to publish,
//! the audit journal's search, journeys and integrity, usage statistics).

pub mod api;
pub mod journal_api;
pub mod manifest_api;
mod novelty;
#[cfg(feature = "ssr")]
pub mod once_cookie;
pub mod pages;
pub mod services_api;
pub mod tokens_api;
pub mod usage_api;
