//! The server's own routes, outside Leptos: operations endpoints for now.

pub mod health;
