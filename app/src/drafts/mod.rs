//! Drafts: a request being filled, kept per citizen and service, on the server with a revision
//! number (and, in the browser, in local storage so that nothing typed is lost).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "hydrate")]
pub mod local;
pub mod model;
pub mod pages;
pub mod sync;

pub use model::{Draft, DraftSummary, SaveOutcome};
