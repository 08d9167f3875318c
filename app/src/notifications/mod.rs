//! Notifications: what the portal tells a citizen, kept in their inbox ("Messages", the
//! record), newest first, each linked to the request it concerns.
//!
//! A service's status event makes one notification in the same transaction as the status
//! (`requests::status::apply`): a status changed, or an action required with its deadline, with
//! the service's own message. The same event sent twice makes it once.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
pub mod pages;
