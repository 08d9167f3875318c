//! Withdrawing a request: a confirmation page that says what withdrawing means, with an optional
//! reason, then a receipt. The server decides whether the request can still be withdrawn.
//! Rendered by the server only: the form is a plain post that comes back here.

use super::request_page::{NotShown, use_request};
use crate::error::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::ids::RequestId;
use crate::locale::{Page, request_path};
use crate::moment::Moment;
use crate::requests::api::WithdrawRequest;
use crate::requests::model::{EventKind, REASON_MAX, RequestDetail, Stage};
use crate::ui::when::moment_of;
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// `/fr/mes-demarches/{request}/retrait`.
#[component]
pub fn WithdrawRequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let detail = use_request();
    view! {
        <PageTitle title=t_string!(i18n, requests.withdraw.title) />
        <div class="container prose">
            <h1>{t!(i18n, requests.withdraw.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(detail) => view! { <Confirmation detail /> }.into_any(),
                        Err(error) => view! { <NotShown error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Confirmation(detail: RequestDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    // The error of a post that came back (`__err` in the address), if any.
    let withdraw = ServerAction::<WithdrawRequest>::new();
    let failed = withdraw.value().get_untracked().and_then(Result::err);
    let reason_error = match &failed {
        Some(AppError::InvalidInput { fields }) => fields
            .iter()
            .any(|(field, _)| field == "reason")
            .then(|| t_string!(i18n, requests.withdraw.reason_too_long)),
        _ => None,
    };
    let RequestDetail {
        id,
        reference,
        title,
        withdrawable,
        stage,
        timeline,
        ..
    } = detail;
    let back = request_path(locale(), &id, false);
    let summary = view! {
        <dl class="facts">
            <dt>{t!(i18n, requests.receipt.reference)}</dt>
            <dd>{reference}</dd>
            <dt>{t!(i18n, requests.receipt.service)}</dt>
            <dd>{title.get(locale()).to_owned()}</dd>
        </dl>
    };
    // Back from the post that withdrew it: the receipt.
    if stage == Stage::Withdrawn && is_done("withdrawn") {
        let withdrawn_at = timeline
            .iter()
            .rev()
            .find(|line| line.kind == EventKind::Withdrawn)
            .map(|line| line.at.clone())
            .unwrap_or_default();
        return view! { {summary} <Receipt id withdrawn_at /> }.into_any();
    }
    if !withdrawable {
        return view! {
            {summary}
            <p class="notice" role="status">
                {if stage == Stage::Withdrawn { t!(i18n, requests.withdraw.already_withdrawn).into_any() } else { t!(i18n, requests.withdraw.not_possible).into_any() }}
            </p>
            <p><a href=back>{t!(i18n, requests.withdraw.back_to_request)}</a></p>
        }
        .into_any();
    }
    let other_error = failed.filter(|e| !matches!(e, AppError::InvalidInput { .. }));
    let has_reason_error = reason_error.is_some();
    view! {
        {summary}
        <h2>{t!(i18n, requests.withdraw.meaning_heading)}</h2>
        <ul>
            <li>{t!(i18n, requests.withdraw.meaning_stop)}</li>
            <li>{t!(i18n, requests.withdraw.meaning_final)}</li>
            <li>{t!(i18n, requests.withdraw.meaning_again)}</li>
        </ul>
        {other_error.map(|error| view! { <ErrorNotice error /> })}
        // A plain post: the server answers with this page again, with the receipt or the error.
        <ActionForm action=withdraw attr:class="form">
            <input type="hidden" name="id" value=id.into_string() />
            <div class="field" class:field--error=has_reason_error>
                <label for="withdrawal-reason">{t!(i18n, requests.withdraw.reason_label)}</label>
                <p class="hint" id="withdrawal-reason-hint">{t!(i18n, requests.withdraw.reason_hint)}</p>
                {reason_error.map(|message| view! { <p class="field-error" id="withdrawal-reason-error">{message}</p> })}
                <textarea
                    id="withdrawal-reason"
                    name="reason"
                    rows="4"
                    maxlength=REASON_MAX.to_string()
                    aria-describedby=if has_reason_error { "withdrawal-reason-hint withdrawal-reason-error" } else { "withdrawal-reason-hint" }
                    aria-invalid=has_reason_error.then_some("true")
                    autofocus=has_reason_error
                ></textarea>
            </div>
            <div class="wizard__actions">
                <button type="submit" class="button button--danger">{t!(i18n, requests.withdraw.confirm)}</button>
                <a class="button button--secondary" href=back>{t!(i18n, requests.withdraw.cancel)}</a>
            </div>
        </ActionForm>
    }
    .into_any()
}

/// Its heading takes the focus as the page loads, so a screen reader starts there.
#[component]
fn Receipt(id: RequestId, withdrawn_at: Moment) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <section class="receipt" aria-labelledby="withdrawal-receipt-heading">
            <h2 id="withdrawal-receipt-heading" tabindex="-1" autofocus>{t!(i18n, requests.withdraw.done_heading)}</h2>
            <p>{t!(i18n, requests.withdraw.done_when)} " " {move || moment_of(&withdrawn_at, locale())}</p>
            <p>{t!(i18n, requests.withdraw.done_text)}</p>
            <p><a href=move || request_path(locale(), &id, false)>{t!(i18n, requests.withdraw.back_to_request)}</a></p>
            <p><a href=move || Page::MyRequests.path(locale())>{t!(i18n, requests.receipt.my_requests)}</a></p>
        </section>
    }
}
