//! The 404 and 500 pages. Both set their HTTP status when rendered on the server.

use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::{PageTitle, set_status};
use leptos::prelude::*;

/// "Page not found", with a link home; answers 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    set_status(404);
    let i18n = use_i18n();
    view! {
        <PageTitle title=t_string!(i18n, site.not_found.title) />
        <div class="container prose">
            <h1>{t!(i18n, site.not_found.heading)}</h1>
            <p>{t!(i18n, site.not_found.text)}</p>
            <p><a href=move || Page::Home.path(i18n.get_locale())>{t!(i18n, site.not_found.home_link)}</a></p>
        </div>
    }
}

/// "The service is temporarily unavailable", the page shown when the server fails; answers 500.
#[component]
pub fn ServerErrorPage() -> impl IntoView {
    set_status(500);
    let i18n = use_i18n();
    view! {
        <PageTitle title=t_string!(i18n, site.server_error.title) />
        <div class="container prose">
            <h1>{t!(i18n, site.server_error.heading)}</h1>
            <p>{t!(i18n, site.server_error.text)}</p>
            <p><a href=move || Page::Home.path(i18n.get_locale())>{t!(i18n, site.server_error.home_link)}</a></p>
        </div>
    }
}
