//! Signature of a requested document ("signature"): a service asks a citizen to sign a PDF,
//! the citizen reads it, authenticates again and consents, and the portal seals the signed
//! document (PAdES) with the evidence of who signed what, when and how.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod decide;
pub mod model;
mod pages;
#[cfg(feature = "ssr")]
pub mod seal;

pub use pages::{SignDocumentPage, ToSign};
