//! Pages of problems and ideas: the form (for a problem or an idea, from every page's footer)
//! and the citizen's own list. Rendered by the server only: plain forms, no WebAssembly.

mod feedback_page;
mod my_feedback_page;

pub use feedback_page::FeedbackPage;
pub use my_feedback_page::MyFeedbackPage;

use crate::feedback::model::{FeedbackItem, status_label};
use crate::i18n::Locale;

/// Where one stands, in the page's language.
fn standing(item: &FeedbackItem, locale: Locale) -> String {
    status_label(item.status, item.kind).get(locale).to_owned()
}
