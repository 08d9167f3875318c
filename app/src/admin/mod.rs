//! Portal administration: pages only administrators reach (failed deliveries, news to publish,
//! the audit journal's search, journeys and integrity).

pub mod api;
pub mod journal_api;
mod novelty;
pub mod pages;
pub mod services_api;
pub mod tokens_api;
