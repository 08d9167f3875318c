//! The server's own routes, outside Leptos: operations endpoints, and the site's files.

pub mod health;
pub mod site_files;
