//! Notifications: what the portal tells a citizen, kept in their inbox ("Messages", the
//! record), newest first, each linked to the request it concerns; and carried beyond it on the
//! channels the citizen chose (e-mail, text messages and web push), to the contacts they verified.
//!
//! A service's status event makes one notification in the same transaction as the status
//! (`requests::status::apply`): a status changed, or an action required with its deadline, with
//! the service's own message. The same event sent twice makes it once. A durable job written
//! with it carries it to the chosen channels ([`delivery`]), which say only that there is news.

#[cfg(feature = "ssr")]
pub mod announcements;
pub mod api;
#[cfg(feature = "ssr")]
pub mod channels;
#[cfg(feature = "ssr")]
pub mod contacts;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod delivery;
#[cfg(feature = "ssr")]
pub mod devices;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod preferences;
#[cfg(feature = "ssr")]
pub mod sms;
#[cfg(feature = "ssr")]
pub mod timing;
#[cfg(feature = "ssr")]
pub mod unsubscribe;
