//! The page the service worker shows in place of a page it cannot reach with no network and
//! did not keep: what still works on this device, and what waits for the network.

use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::PageTitle;
use leptos::prelude::*;

/// "Vous êtes hors ligne": kept by the worker from its installation, as a guest sees it.
#[component]
pub fn OfflinePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle title=t_string!(i18n, pwa.offline.title) />
        <div class="container prose" data-offline-page="">
            <h1>{t!(i18n, pwa.offline.heading)}</h1>
            <p class="lead">{t!(i18n, pwa.offline.intro)}</p>
            <h2>{t!(i18n, pwa.offline.works_heading)}</h2>
            <ul>
                <li>{t!(i18n, pwa.offline.works_drafts)}</li>
                <li>{t!(i18n, pwa.offline.works_pages)}</li>
            </ul>
            <h2>{t!(i18n, pwa.offline.needs_heading)}</h2>
            <ul>
                <li>{t!(i18n, pwa.offline.needs_sending)}</li>
                <li>{t!(i18n, pwa.offline.needs_my_requests)}</li>
                <li>{t!(i18n, pwa.offline.needs_sign_in)}</li>
            </ul>
            <p>
                <a class="button" href=move || Page::Home.path(i18n.get_locale())>{t!(i18n, pwa.offline.home)}</a>
            </p>
        </div>
    }
}
