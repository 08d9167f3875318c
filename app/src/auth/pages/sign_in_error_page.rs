//! The page a failed sign-in ends on: what happened in plain words, the code for support, and
//! the way to try again. No session was opened; the journal holds the details.

use crate::auth::model::{FailureMessage, SignInFailure, sign_in_href};
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::{PageTitle, set_status};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// "La connexion n'a pas abouti", for the failure named by `?reason=`.
#[component]
pub fn SignInErrorPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // An unknown or missing code is shown as the generic "could not verify".
    let failure = move || {
        query
            .with(|q| q.get("reason").as_deref().and_then(SignInFailure::from_code))
            .unwrap_or(SignInFailure::TokenInvalid)
    };
    set_status(failure().status_code());
    let message = move || match failure().message() {
        FailureMessage::NotVerified => t_string!(i18n, auth.errors.not_verified),
        FailureMessage::Stale => t_string!(i18n, auth.errors.stale),
        FailureMessage::Cancelled => t_string!(i18n, auth.errors.cancelled),
        FailureMessage::Unavailable => t_string!(i18n, auth.errors.unavailable),
        FailureMessage::RateLimited => t_string!(i18n, auth.errors.rate_limited),
    };
    view! {
        <PageTitle title=t_string!(i18n, auth.errors.title) />
        <div class="container prose">
            <h1>{t!(i18n, auth.errors.heading)}</h1>
            <p class="notice notice--error" data-testid="sign-in-error">{message}</p>
            <p>{t!(i18n, auth.errors.code)} " " <code>{move || failure().code()}</code></p>
            <p>
                <a class="button" rel="external" href=move || sign_in_href(&Page::Home.path(i18n.get_locale()))>
                    {t!(i18n, auth.errors.try_again)}
                </a>
            </p>
            <p><a href=move || Page::Home.path(i18n.get_locale())>{t!(i18n, auth.errors.home_link)}</a></p>
        </div>
    }
}
