//! The portal's own pages: home, help, accessibility statement, and the error pages.

mod pages;

pub use pages::{AccessibilityPage, HelpPage, HomePage, NotFoundPage, ServerErrorPage};
