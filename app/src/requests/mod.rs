//! The citizen's requests ("démarches"): submitted from a draft, frozen, delivered to the
//! service through a durable job, and followed on a timeline.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod delivery;
#[cfg(feature = "ssr")]
pub mod messages;
pub mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod status;

pub use pages::{MyRequestsPage, RequestPage, SubmitRequest, WithdrawRequestPage};
