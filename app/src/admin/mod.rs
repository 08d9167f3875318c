//! Portal administration: pages only administrators reach (the audit journal for now).

pub mod api;
pub mod pages;
