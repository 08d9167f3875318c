//! Problems with the portal and ideas to improve it ("problème, idée"): sent from every page by
//! a citizen or a guest, followed by the citizen in their account with where each stands and
//! the ministry's answer, and triaged by administrators (their server functions are here; the
//! board is the console's).

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod screenshots;
#[cfg(feature = "ssr")]
pub mod tickets;

pub use pages::{FeedbackPage, MyFeedbackPage};
