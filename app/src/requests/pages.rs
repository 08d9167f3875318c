//! Pages of the `requests` domain.

use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::PageTitle;
use leptos::prelude::*;

/// "Mes démarches": behind sign-in; until sign-in exists it says so.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle title=Signal::derive(move || t_string!(i18n, requests.my_requests.title).to_string()) />
        <div class="container prose">
            <h1>{t!(i18n, requests.my_requests.heading)}</h1>
            <section class="callout" aria-labelledby="sign-in-heading">
                <h2 id="sign-in-heading">{t!(i18n, requests.my_requests.sign_in_required)}</h2>
                <p>{t!(i18n, requests.my_requests.sign_in_text)}</p>
                <p><a href=move || Page::Help.path(i18n.get_locale())>{t!(i18n, requests.my_requests.help_link)}</a></p>
            </section>
        </div>
    }
}
