//! Pages of the `site` domain, one file each.

mod accessibility_page;
mod error_pages;
mod help_page;
mod home_page;

pub use accessibility_page::AccessibilityPage;
pub use error_pages::{NotFoundPage, ServerErrorPage};
pub use help_page::HelpPage;
pub use home_page::HomePage;
