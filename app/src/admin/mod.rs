//! Portal administration: pages only administrators reach (failed deliveries, news to publish, the audit journal).

pub mod api;
mod novelty;
pub mod pages;
