//! Our design-system components, after the Québec government's design system (SDG): the page
//! layout (skip link, header band, navigation, footer) and small building blocks.

mod footer;
mod header;
mod page_title;
mod status;
pub mod when;

pub use footer::Footer;
pub use header::{Header, aria_current};
pub use page_title::PageTitle;
pub use status::{DONE, ErrorNotice, IslandsFailed, current_path, is_done, refusal_of, set_status};

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// The frame of every page: skip link, header (its navigation ending with `account`), what the
/// page must say above itself (`notices`: the idle-session warning), the page in `<main>`,
/// footer. The domains' parts are given by the app: the design system holds no domain's component.
/// The skip link is a plain fragment link: the browser moves the focus to `<main>`
/// (`tabindex=-1`).
#[component]
pub fn Layout(#[prop(into)] account: ViewFn, #[prop(into)] notices: ViewFn, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, common.skip_to_content)}</a>
        <Header account />
        {notices.run()}
        <main id="main" class="page" tabindex="-1">
            {children()}
        </main>
        <Footer />
    }
}

/// Moves the keyboard focus to the element with this id once it is drawn (it may be about to
/// appear: a receipt, a step), so that screen readers announce what changed. Looks again on
/// each frame for half a second, since the element can come a frame or more later.
pub fn focus_soon(id: impl Into<String>) {
    focus_when_drawn(id.into(), 30);
}

fn focus_when_drawn(id: String, frames_left: u8) {
    request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        match document()
            .get_element_by_id(&id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            Some(element) => {
                let _ = element.focus();
            }
            None if frames_left > 0 => focus_when_drawn(id, frames_left - 1),
            None => {}
        }
    });
}

/// A textarea's first text, as its `inner_html`: Leptos writes a `<textarea>`'s children
/// unescaped, so a text holding `</textarea>` would end the control and become markup. On the
/// server the text is escaped; in the browser `inner_html` sets what the text already is.
pub fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    return html_escape::encode_text(&text).into_owned();
    #[cfg(not(feature = "ssr"))]
    text
}
