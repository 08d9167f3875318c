//! Attachments: files a citizen joins to a request (a referral letter, a photo of a document).
//! The portal keeps them itself, recognizes their type by their content, never by their name,
//! and hands an answer only a reference ([`FileRef`](crate::forms::answers::FileRef)) that
//! the server checks against its own records before trusting it.
//!
//! Attaching is a draft's action (`drafts::api::attach_file`); this domain keeps the file
//! (`keep`) and checks the references answers hold (`check`).
//!
//! An attachment lives as long as its draft: deleting or letting the draft expire deletes its
//! files, and attaching a new file to a field replaces the one before.

#[cfg(feature = "ssr")]
pub mod check;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod keep;
pub mod kinds;
#[cfg(feature = "ssr")]
pub mod scan;

/// The most a multipart upload may carry besides the file (the service and field ids, the
/// part headers).
pub const UPLOAD_OVERHEAD_BYTES: usize = 16 * 1024;
