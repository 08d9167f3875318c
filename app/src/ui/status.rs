//! HTTP status from a page, and the notice that shows an error to the citizen.

use crate::auth::model::sign_in_href;
use crate::error::AppError;
use crate::i18n::{t, td, use_i18n};
use leptos::prelude::*;

/// Sets the response status during server rendering; nothing to do in the browser.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// An error in the citizen's language; "sign-in required" comes with the way to sign in and
/// back to this page.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let locale = crate::locale::page_locale();
    if error == AppError::Unauthorized {
        let href = sign_in_href(&current_path());
        view! {
            <section class="callout" aria-labelledby="sign-in-required">
                <h2 id="sign-in-required">{td!(locale, auth.required.heading)}</h2>
                <p>{td!(locale, auth.required.text)}</p>
                <p><a class="button" href=href rel="external">{td!(locale, auth.sign_in)}</a></p>
            </section>
        }
        .into_any()
    } else {
        view! { <p class="notice notice--error" role="alert">{error.user_message(locale)}</p> }.into_any()
    }
}

/// The path of the page being shown: the router's while the server renders; the address bar's
/// in the browser, where islands have no router.
pub fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    return window().location().pathname().unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    leptos_router::hooks::use_location().pathname.get_untracked()
}

/// Said only when a page's islands could not load (`public/portal.js` shows it): the page goes
/// on as the server rendered it.
#[component]
pub fn IslandsFailed() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="notice notice--warning" role="alert" data-islands-failed="" hidden>{t!(i18n, common.islands_failed)}</p> }
}

/// The query parameter that says which action a plain form post just completed (see
/// `api::return_with_done`).
pub const DONE: &str = "done";

/// What a plain form post came back with: each refused field with its reason, or else the
/// error that is about no field (shown on its own).
pub fn refusal_of(failed: Option<crate::error::AppError>) -> (Vec<(String, String)>, Option<crate::error::AppError>) {
    match failed {
        Some(crate::error::AppError::InvalidInput { fields }) => (fields, None),
        other => (Vec::new(), other),
    }
}

/// Whether the page was reached back from a plain form post that completed `what`.
pub fn is_done(what: &str) -> bool {
    leptos_router::hooks::use_query_map().with_untracked(|query| query.get(DONE).as_deref() == Some(what))
}
