//! Sending a request from the review page.
//!
//! The server submits the draft it holds, so the button first makes sure the last answers
//! reached it. The review's form posts to the submission whether a script runs or not (one
//! way to send): the server files the request and answers with the request's page, which says
//! it is received, or with the review and what is wrong. The server makes one idempotency key
//! per rendered review page: pressing twice or retrying after a lost answer files one request,
//! and a second tab finds the draft already sent.

use crate::i18n::{td, td_string};
use crate::ids::ServiceId;
use crate::locale::page_locale;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The "send" button of the review page.
#[component]
pub fn SubmitRequest(
    service: ServiceId,
    /// The key of this submission, made by the server for the page.
    key: String,
    /// The server holds exactly the answers on screen.
    #[prop(into)]
    saved: Signal<bool>,
    /// Sends the answers on screen to the server now.
    flush: Callback<()>,
    /// Called as the form posts: the draft becomes a request.
    on_sending: Callback<()>,
) -> impl IntoView {
    let locale = page_locale();
    let form = NodeRef::<leptos::html::Form>::new();
    let waiting = RwSignal::new(false);
    let offline = RwSignal::new(false);
    // Once the server has the last answers, the form posts, once: a second post would abort
    // the first one's navigation, and the saved state may change again as the draft closes.
    // Once posted, the effect reads no signal, so it never runs again.
    Effect::new(move |posted: Option<bool>| {
        if posted == Some(true) {
            return true;
        }
        let ready = waiting.get() && saved.get();
        if ready {
            on_sending.run(());
            if let Some(form) = form.get_untracked() {
                let _ = form.submit();
            }
        }
        ready
    });
    let send = move |ev: leptos::ev::MouseEvent| {
        // Without script the form posts at once; with it, after the last answers are saved.
        ev.prevent_default();
        if waiting.get_untracked() {
            return;
        }
        // Offline, the post would end on the browser's error page: the answers stay here.
        #[cfg(feature = "hydrate")]
        if !window().navigator().on_line() {
            offline.set(true);
            return;
        }
        offline.set(false);
        waiting.set(true);
        if !saved.get_untracked() {
            flush.run(());
        }
    };
    view! {
        <p>{td!(locale, requests.submit.intro)}</p>
        {move || offline.get().then(|| view! {
            <p class="notice notice--warning" role="alert">{td!(locale, requests.submit.offline)}</p>
        })}
        <form node_ref=form method="post" action=super::super::api::SubmitRequest::PATH>
            <input type="hidden" name="service" value=service.into_string() />
            <input type="hidden" name="idempotency_key" value=key />
            <button type="submit" class="button" on:click=send aria-disabled=move || waiting.get().then_some("true")>
                {move || if waiting.get() {
                    td_string!(locale, requests.submit.sending)
                } else {
                    td_string!(locale, requests.submit.button)
                }}
            </button>
        </form>
    }
}
