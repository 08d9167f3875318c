//! The document title: "<page> | Votre santé — Gouvernement du Québec", in the page's language.

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets `<title>` for the current page; `title` is the page's own translated name.
///
/// A plain string, made as the page renders: pages are rendered once, by the server, in one
/// language. A reactive title would be read when the head is written, after the body, and a
/// signal of a render that a suspense threw away is disposed by then (a panic under load).
/// Inside a suspense, the page sets its title with what the suspense read.
#[component]
pub fn PageTitle(#[prop(into)] title: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = format!("{title} | {}", t_string!(i18n, common.title_suffix));
    view! { <Title text=text /> }
}
