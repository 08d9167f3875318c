//! The home page: what the portal is, the services grid, and the way to one's requests.

use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::PageTitle;
use leptos::prelude::*;

/// The home page; the box about one's requests speaks to a guest or to the person signed in.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = crate::auth::use_viewer();
    view! {
        <PageTitle title=t_string!(i18n, site.home.title) />
        <section class="hero">
            <div class="container">
                <h1>{t!(i18n, site.home.heading)}</h1>
                <p class="lead">{t!(i18n, site.home.intro)}</p>
            </div>
        </section>
        <div class="container">
            <section aria-labelledby="services-heading">
                <h2 id="services-heading">{t!(i18n, site.home.services_heading)}</h2>
                <crate::catalogue::pages::TileGrid />
            </section>
            <crate::health::pages::HealthOnHome />
            <crate::notifications::pages::WhatsNew />
            <section class="callout" aria-labelledby="requests-heading">
                <h2 id="requests-heading">{t!(i18n, site.home.sign_in_heading)}</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        if viewer.await.ok().and_then(|v| v.signed_in).is_some() {
                            view! { <p>{t!(i18n, site.home.signed_in_text)}</p> }.into_any()
                        } else {
                            view! { <p>{t!(i18n, site.home.sign_in_text)}</p> }.into_any()
                        }
                    })}
                </Suspense>
                <p>
                    <a class="button" href=move || Page::MyRequests.path(i18n.get_locale())>
                        {t!(i18n, common.nav.my_requests)}
                    </a>
                </p>
            </section>
        </div>
    }
}
