//! HTTP status from a page, and the notice that shows an error to the citizen.

use crate::auth::model::sign_in_href;
use crate::error::AppError;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

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
    let i18n = use_i18n();
    let location = use_location();
    if error == AppError::Unauthorized {
        let href = move || sign_in_href(&location.pathname.get());
        view! {
            <section class="callout" aria-labelledby="sign-in-required">
                <h2 id="sign-in-required">{t!(i18n, auth.required.heading)}</h2>
                <p>{t!(i18n, auth.required.text)}</p>
                <p><a class="button" href=href rel="external">{t!(i18n, auth.sign_in)}</a></p>
            </section>
        }
        .into_any()
    } else {
        let message = move || error.user_message(i18n.get_locale());
        view! { <p class="notice notice--error" role="alert">{message}</p> }.into_any()
    }
}
