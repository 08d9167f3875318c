//! The audit journal: an append-only, hash-chained record of every sign-in, submission and
//! other action that matters, so that a citizen's journey can be traced and tampering detected.
//!
//! Record an event inside the transaction of the action it describes ([`db::record`]), so the
//! action and its entry commit together or not at all.

pub mod head;
pub mod model;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod find;

pub mod search;

pub use head::Head;
pub use model::{AuditEntry, AuditEvent, Outcome};
