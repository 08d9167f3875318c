//! Sending a request from the review page, and the receipt that follows.
//!
//! The server submits the draft it holds, so the button first makes sure the last answers
//! reached it. The server makes one idempotency key per rendered review page, which the form
//! posts when no script runs and the script sends with its call: pressing twice or retrying
//! after a lost answer files one request, and a second tab finds the draft already sent.

use crate::error::AppError;
use crate::forms::FieldError;
use crate::i18n::{td, td_string};
use crate::locale::{Page, page_locale};
use crate::requests::model::Receipt;
use crate::ui::ErrorNotice;
use crate::ui::when::moment_of;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The "send" button of the review page.
#[component]
pub fn SubmitRequest(
    service: String,
    /// The key of this submission, made by the server for the page: sent as is when no script
    /// runs (the form posts), and kept by the script for its own call.
    key: String,
    /// The server holds exactly the answers on screen.
    #[prop(into)]
    saved: Signal<bool>,
    /// Sends the answers on screen to the server now.
    flush: Callback<()>,
    on_submitted: Callback<Receipt>,
    on_refused: Callback<Vec<FieldError>>,
) -> impl IntoView {
    let locale = page_locale();
    let key = StoredValue::new(key);
    let waiting = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let failed = RwSignal::new(None::<AppError>);
    let service = StoredValue::new(service);
    // Once the server has the last answers, send.
    Effect::new(move |_| {
        if !(waiting.get() && saved.get()) || sending.get_untracked() {
            return;
        }
        waiting.set(false);
        sending.set(true);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            let result = super::super::api::submit_request(service.get_value(), key.get_value()).await;
            sending.set(false);
            match result {
                Ok(receipt) => on_submitted.run(receipt),
                Err(AppError::InvalidAnswers { errors }) => on_refused.run(errors),
                Err(error) => failed.set(Some(error)),
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (service, on_submitted, on_refused);
    });
    let send = move |ev: leptos::ev::MouseEvent| {
        // The script sends it; the form posts only when no script runs.
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        if key.with_value(String::is_empty) {
            key.set_value(new_key());
        }
        failed.set(None);
        waiting.set(true);
        if !saved.get_untracked() {
            flush.run(());
        }
    };
    view! {
        <p>{td!(locale, requests.submit.intro)}</p>
        {move || failed.get().map(|error| view! { <ErrorNotice error /> })}
        <form method="post" action=super::super::api::SubmitRequest::PATH>
            <input type="hidden" name="service" value=service.get_value() />
            <input type="hidden" name="idempotency_key" value=key.get_value() />
            <button type="submit" class="button" on:click=send aria-disabled=move || (waiting.get() || sending.get()).then_some("true")>
                {move || if waiting.get() || sending.get() {
                    td_string!(locale, requests.submit.sending)
                } else {
                    td_string!(locale, requests.submit.button)
                }}
            </button>
        </form>
    }
}

/// A key no other submission has: the browser's random UUID.
fn new_key() -> String {
    #[cfg(feature = "hydrate")]
    if let Some(crypto) = leptos::web_sys::window().and_then(|w| w.crypto().ok()) {
        return crypto.random_uuid();
    }
    String::new()
}

/// What the citizen reads once the request is filed.
#[component]
pub fn ReceiptView(receipt: Receipt) -> impl IntoView {
    let locale = page_locale();
    let Receipt {
        reference,
        title,
        submitted_at,
        processing_time,
        ..
    } = receipt;
    // The receipt replaces the button under the pointer: the second click of a double click
    // can land on it an instant later and throw the focus back to the page. For a moment, the
    // heading takes its focus back when it loses it to nothing.
    let settling = StoredValue::new(true);
    set_timeout(move || settling.set_value(false), std::time::Duration::from_secs(1));
    let keep_focus = move |event: leptos::ev::FocusEvent| {
        if settling.get_value() && event.related_target().is_none() {
            crate::ui::focus_soon("receipt-heading");
        }
    };
    view! {
        <section class="receipt" aria-labelledby="receipt-heading">
            <h2 id="receipt-heading" tabindex="-1" on:focusout=keep_focus>{td!(locale, requests.receipt.heading)}</h2>
            <dl class="facts">
                <dt>{td!(locale, requests.receipt.reference)}</dt>
                <dd class="receipt__reference" data-testid="reference">{reference}</dd>
                <dt>{td!(locale, requests.receipt.service)}</dt>
                <dd>{title.get(locale).to_owned()}</dd>
                <dt>{td!(locale, requests.receipt.date)}</dt>
                <dd>{moment_of(&submitted_at, locale)}</dd>
                <dt>{td!(locale, requests.receipt.delay)}</dt>
                <dd>{processing_time.get(locale).to_owned()}</dd>
            </dl>
            <h3>{td!(locale, requests.receipt.next_heading)}</h3>
            <p>{td!(locale, requests.receipt.next_text)}</p>
            <p><a href=Page::MyRequests.path(locale)>{td!(locale, requests.receipt.my_requests)}</a></p>
        </section>
    }
}
