//! The catalogue of services: manifests published by service teams, the tiles and help pages
//! citizens browse.

pub mod api;
#[cfg(any(test, feature = "ssr"))]
pub mod check;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(any(test, feature = "ssr"))]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod destinations;
pub mod model;
pub mod pages;
pub mod problems;
#[cfg(feature = "ssr")]
pub mod publishing;
#[cfg(feature = "ssr")]
pub mod showing;

pub use model::{Audience, Category, ServiceManifest};
