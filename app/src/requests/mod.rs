//! The citizen's requests ("démarches"): submitted from a draft, frozen, delivered to the
//! service through the outbox, and followed on a timeline.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
mod pages;

pub use pages::{MyRequestsPage, RequestPage, SubmitRequest, WithdrawRequestPage};
