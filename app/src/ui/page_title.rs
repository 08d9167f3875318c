//! The document title: "<page> | Votre santé — Gouvernement du Québec", in the page's language.

use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

/// Sets `<title>` for the current page; `title` is the page's own translated name.
#[component]
pub fn PageTitle(#[prop(into)] title: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || format!("{} | {}", title.get(), t_string!(i18n, common.title_suffix));
    view! { <Title text=text /> }
}
