//! Pages of the `requests` domain.

use crate::auth::use_viewer;
use crate::error::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;

/// "Mes démarches": the signed-in citizen's requests (none can be filed yet). A guest is sent to
/// sign in by the server; after a client-side navigation the page says so itself.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    view! {
        <PageTitle title=Signal::derive(move || t_string!(i18n, requests.my_requests.title).to_string()) />
        <div class="container prose">
            <h1>{t!(i18n, requests.my_requests.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let signed_in = viewer.await.ok().and_then(|v| v.signed_in).is_some();
                    if signed_in {
                        view! {
                            <crate::drafts::pages::DraftList />
                            <h2>{t!(i18n, requests.my_requests.requests_heading)}</h2>
                            <p>{t!(i18n, requests.my_requests.empty)}</p>
                            <p><a href=move || Page::Help.path(i18n.get_locale())>{t!(i18n, requests.my_requests.help_link)}</a></p>
                        }
                        .into_any()
                    } else {
                        view! { <ErrorNotice error=AppError::Unauthorized /> }.into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}
