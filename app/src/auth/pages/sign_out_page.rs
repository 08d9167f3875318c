//! "Déconnexion": where `GET /auth/logout` and the provider's sign-out lead. Signing out is a
//! POST (a link elsewhere cannot sign anyone out); a signed-out visitor reads that it is done.

use crate::auth::use_viewer;
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::PageTitle;
use leptos::prelude::*;

/// The sign-out button, or the confirmation that the session is over.
#[component]
pub fn SignOutPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    view! {
        <PageTitle title=t_string!(i18n, auth.sign_out_page.title) />
        <div class="container prose">
            <h1>{t!(i18n, auth.sign_out_page.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    // Signing out also forgets this person's drafts kept on this device
                    // (`public/portal.js`, by the device key); the server keeps them.
                    if let Some(person) = viewer.await.ok().and_then(|v| v.signed_in) {
                        view! {
                            <p>{t!(i18n, auth.sign_out_page.confirm)}</p>
                            <form method="post" action="/auth/logout" data-device-key=person.device_key>
                                <button type="submit" class="button">{t!(i18n, auth.sign_out)}</button>
                            </form>
                        }
                        .into_any()
                    } else {
                        view! {
                            <p class="notice notice--success" role="status">{t!(i18n, auth.sign_out_page.done)}</p>
                            <p><a href=move || Page::Home.path(i18n.get_locale())>{t!(i18n, auth.sign_out_page.home_link)}</a></p>
                        }
                        .into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}
