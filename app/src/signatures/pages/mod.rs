//! The page of a document to sign: read it (inline or downloaded) with its fingerprint and the
//! service's explanation, then, once authenticated again, consent and sign, or decline. Rendered
//! by the server only: plain posts that come back to it, no WebAssembly.

mod sign_page;
mod to_sign;

pub use sign_page::SignDocumentPage;
pub use to_sign::ToSign;
