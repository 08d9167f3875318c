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
        <Banner kind="ending" message=move || t!(i18n, auth.session.warning)>
            <button type="button" class="button" data-stay-signed-in="">{t!(i18n, auth.session.stay)}</button>
        </Banner>
        <Banner kind="ending-final" message=move || t!(i18n, auth.session.ending) />
        <Banner kind="expired" message=move || t!(i18n, auth.session.expired)>
            <a class="button" rel="external" href=move || sign_in_href(&location.pathname.get())>
                {t!(i18n, auth.session.sign_in_again)}
            </a>
        </Banner>
    }
}

/// One banner, as a template that `portal.js` puts in the live region: its message, then what
/// the person can do (`children`).
#[component]
fn Banner<M: IntoView + 'static>(
    kind: &'static str,
    message: impl Fn() -> M + Send + 'static,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let class = if kind == "expired" {
        "session-warning session-warning--expired"
    } else {
        "session-warning"
    };
    view! {
        <template data-session-warning-banner=kind>
            <div class=class role="alert">
                <div class="container session-warning__inner">
                    <p>{message()}</p>
                    {children.map(|children| children())}
                </div>
            </div>
        </template>
    }
}
