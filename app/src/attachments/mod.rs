//! Attachments: files a citizen joins to a request (a referral letter, a photo of a document).
//! The portal keeps them itself, recognizes their type by their content, never by their name,
//! and hands an answer only a reference ([`FileRef`](crate::forms::validate::FileRef)) that
//! the server checks against its own records before trusting it.
//!
//! An attachment lives as long as its draft: deleting or letting the draft expire deletes its
//! files, and attaching a new file to a field replaces the one before.

pub mod api;
#[cfg(feature = "ssr")]
pub mod db;
pub mod kinds;
#[cfg(feature = "ssr")]
pub mod scan;
