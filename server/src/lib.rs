//! Votre santé's server: configuration, start-up, operations endpoints and middleware around
//! the Leptos application in `app`.

pub mod channels;
pub mod cli;
pub mod config;
pub mod connections;
pub mod destinations;
pub mod identity;
pub mod metrics;
pub mod middleware;
pub mod routes;
pub mod service_api;
pub mod signing;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod workers;
