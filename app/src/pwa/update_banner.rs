//! "A new version is ready": when the service worker has installed a newer portal and waits,
//! `public/portal.js` puts this banner in its live region (`role=status`, announced without
//! taking the focus). Nothing reloads until the person presses "Mettre à jour"; what they were
//! typing is kept on the device meanwhile, and after the reload too.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// On every page: the empty live region, and the banner as a template in the page's language.
#[component]
pub fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="update-region" role="status" data-update-region=""></div>
        <template data-update-banner="">
            <div class="update-banner">
                <div class="container update-banner__inner">
                    <p>{t!(i18n, pwa.update.ready)}</p>
                    <button type="button" class="button" data-update-now="">{t!(i18n, pwa.update.button)}</button>
                </div>
            </div>
        </template>
    }
}
