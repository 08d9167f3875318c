//! Middleware applied to every response: language redirects, security and cache headers, and
//! the page shown when a handler panics.

mod body_limit;
mod cache;
mod language;
mod panic_page;
mod security_headers;
mod server_fn_status;

pub use body_limit::{BodyLimits, limit_body};
pub use cache::cache_control;
pub use language::language_redirect;
pub use panic_page::panic_response;
pub use security_headers::{Hsts, security_headers};
pub use server_fn_status::server_fn_status;
