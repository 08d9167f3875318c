//! The server's own routes, outside Leptos: operations endpoints, the installable app's
//! manifests and service worker, and the site's files.

pub mod feedback;
pub mod health;
pub mod journal;
pub mod pwa;
pub mod signatures;
pub mod site_files;
pub mod usage;
