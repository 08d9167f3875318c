//! The idle-session warning: two minutes before a session ends for inactivity, a banner says so
//! and offers to stay signed in (WCAG 2.2.1, timing adjustable).
//!
//! The server renders the three possible banners as templates for a signed-in person, in the
//! page's language; `public/portal.js` asks the server how much time is left (asking extends
//! nothing; the device's clock is not trusted) and puts the right one in the live region, so a
//! screen reader announces it. No WebAssembly is involved; without scripts, nothing shows.

use crate::auth::model::{IDLE_WARNING_SECONDS, sign_in_href};
use crate::auth::use_viewer;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// At the top of every page for a signed-in person; nothing for a guest.
#[component]
pub fn SessionWarning() -> impl IntoView {
    let viewer = use_viewer();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                viewer.await.ok().and_then(|v| v.signed_in).map(|_| view! { <Banners /> })
            })}
        </Suspense>
    }
}

#[component]
fn Banners() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    view! {
        <div class="session-warning-region" data-session-warning=IDLE_WARNING_SECONDS></div>
        <template data-session-warning-banner="ending">
            <div class="session-warning" role="alert">
                <div class="container session-warning__inner">
                    <p>{t!(i18n, auth.session.warning)}</p>
                    <button type="button" class="button" data-stay-signed-in="">{t!(i18n, auth.session.stay)}</button>
                </div>
            </div>
        </template>
        <template data-session-warning-banner="ending-final">
            <div class="session-warning" role="alert">
                <div class="container session-warning__inner">
                    <p>{t!(i18n, auth.session.ending)}</p>
                </div>
            </div>
        </template>
        <template data-session-warning-banner="expired">
            <div class="session-warning session-warning--expired" role="alert">
                <div class="container session-warning__inner">
                    <p>{t!(i18n, auth.session.expired)}</p>
                    <a class="button" rel="external" href=move || sign_in_href(&location.pathname.get())>
                        {t!(i18n, auth.session.sign_in_again)}
                    </a>
                </div>
            </div>
        </template>
    }
}
