//! A request's own page: where it stands, its timeline (every step with its date and the
//! service's message, in the page's language), the decision date the service expects, the
//! answers sent, read-only, and the way to withdraw it while it is open.

use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ids::RequestId;
use crate::locale::Bilingual;
use crate::locale::{Page, request_path};
use crate::requests::model::{AnsweredStep, EventKind, RequestDetail, Stage, TimelineLine};
use crate::ui::when::{day_of, moment_of};
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The portal's own steps, in a language.
fn stage_label(stage: Stage, locale: Locale) -> &'static str {
    match stage {
        Stage::Received => td_string!(locale, requests.stage.received),
        Stage::Delivered => td_string!(locale, requests.stage.delivered),
        Stage::Withdrawn => td_string!(locale, requests.stage.withdrawn),
    }
}

/// Where a request stands, in a language: the service's latest status, unless the citizen
/// withdrew it; the portal's own stage otherwise.
pub fn state_label(stage: Stage, status: Option<&Bilingual>, locale: Locale) -> String {
    match status {
        Some(status) if stage != Stage::Withdrawn => status.get(locale).to_owned(),
        _ => stage_label(stage, locale).to_owned(),
    }
}

fn line_label(line: &TimelineLine, locale: Locale) -> String {
    match (line.kind, &line.status) {
        (EventKind::Status, Some(status)) => status.get(locale).to_owned(),
        (EventKind::Status, None) => td_string!(locale, requests.timeline.status).to_owned(),
        (EventKind::Received, _) => stage_label(Stage::Received, locale).to_owned(),
        (EventKind::Delivered, _) => stage_label(Stage::Delivered, locale).to_owned(),
        (EventKind::Message, _) => td_string!(locale, requests.timeline.message).to_owned(),
        (EventKind::Withdrawn, _) => td_string!(locale, requests.timeline.withdrawn).to_owned(),
        (EventKind::WithdrawalDelivered, _) => td_string!(locale, requests.timeline.withdrawal_delivered).to_owned(),
    }
}

/// `/fr/mes-demarches/{request}`: one of the signed-in citizen's requests.
#[component]
pub fn RequestPage() -> impl IntoView {
    let i18n = use_i18n();
    let detail = use_request();
    view! {
        <div class="container prose">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(detail) => view! { <RequestView detail /> }.into_any(),
                        Err(error) => view! {
                            <PageTitle title=t_string!(i18n, requests.detail.title) />
                            <h1>{t!(i18n, requests.detail.title)}</h1>
                            <NotShown error />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The request the address names (`{request}`), read on the server before the page renders.
pub fn use_request() -> Resource<Result<RequestDetail, AppError>> {
    let params = use_params_map();
    let id = move || params.with(|p| RequestId::new(p.get("request").unwrap_or_default()));
    Resource::new_blocking(id, super::super::api::show_request)
}

/// Why the request is not shown (another citizen's or unknown: "not found"), and the way back.
#[component]
pub fn NotShown(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ErrorNotice error />
        <p><a href=move || Page::MyRequests.path(i18n.get_locale())>{t!(i18n, requests.detail.back)}</a></p>
    }
}

#[component]
fn RequestView(detail: RequestDetail) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let RequestDetail {
        id,
        reference,
        title,
        stage,
        status,
        action_required,
        deadline,
        expected_date,
        submitted_at,
        processing_time,
        withdrawal_reason,
        withdrawable,
        timeline,
        answers,
        signatures,
        ..
    } = detail;
    let state = move || state_label(stage, status.as_ref(), locale());
    let filed = is_done(crate::requests::api::FILED);
    let withdraw_href = move || request_path(locale(), &id, true);
    view! {
        <PageTitle title=format!("{} {reference} — {}", t_string!(i18n, requests.detail.title), title.get(locale())) />
        <p class="meta">{t!(i18n, requests.detail.title)}</p>
        <h1>{move || title.get(locale()).to_owned()}</h1>
        // Just sent from the review page: the receipt's words, and its focus.
        {filed.then(|| view! {
            <section class="receipt" aria-labelledby="receipt-heading">
                <h2 id="receipt-heading" tabindex="-1" autofocus>{t!(i18n, requests.receipt.heading)}</h2>
                <h3>{t!(i18n, requests.receipt.next_heading)}</h3>
                <p>{t!(i18n, requests.receipt.next_text)}</p>
            </section>
        })}
        {action_required.then(|| view! {
            <p class="badge badge--warning">{t!(i18n, requests.my_requests.action_required)}</p>
        })}
        <dl class="facts">
            <dt>{t!(i18n, requests.receipt.reference)}</dt>
            <dd data-testid="reference">{reference}</dd>
            <dt>{t!(i18n, requests.my_requests.state)}</dt>
            <dd data-testid="state">{state}</dd>
            <dt>{t!(i18n, requests.receipt.date)}</dt>
            <dd>{move || moment_of(&submitted_at, locale())}</dd>
            {deadline.map(|date| view! {
                <dt>{t!(i18n, requests.detail.deadline)}</dt>
                <dd data-testid="deadline">{move || day_of(&date, locale())}</dd>
            })}
            {expected_date.map(|date| view! {
                <dt>{t!(i18n, requests.detail.expected_date)}</dt>
                <dd data-testid="expected-date">{move || day_of(&date, locale())}</dd>
            })}
            <dt>{t!(i18n, requests.receipt.delay)}</dt>
            <dd>{move || processing_time.get(locale()).to_owned()}</dd>
        </dl>
        {withdrawal_reason.map(|reason| view! {
            <h2>{t!(i18n, requests.detail.reason_heading)}</h2>
            <p class="quote">{reason}</p>
        })}
        {withdrawable.then(|| view! {
            <p><a class="button button--secondary" href=withdraw_href>{t!(i18n, requests.withdraw.link)}</a></p>
        })}
        <crate::signatures::ToSign signatures />
        <Timeline timeline />
        <Answers answers />
        <p><a href=move || Page::MyRequests.path(locale())>{t!(i18n, requests.detail.back)}</a></p>
    }
}

/// Every step of the request, oldest first.
#[component]
fn Timeline(timeline: Vec<TimelineLine>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let lines = timeline
        .into_iter()
        .map(|line| {
            let label = {
                let line = line.clone();
                move || line_label(&line, locale())
            };
            let TimelineLine { at, message, expected_date, action_required, deadline, .. } = line;
            let when = at.clone();
            view! {
                <li class="timeline__step" data-testid="timeline-step">
                    <p class="timeline__label">{label}</p>
                    <p class="meta"><time datetime=at.into_string()>{move || moment_of(&when, locale())}</time></p>
                    {message.map(|message| view! { <p class="timeline__message">{move || message.get(locale()).to_owned()}</p> })}
                    {expected_date.map(|date| view! {
                        <p>{t!(i18n, requests.detail.expected_date)} " : " {move || day_of(&date, locale())}</p>
                    })}
                    {action_required.then(|| view! { <p class="badge badge--warning">{t!(i18n, requests.my_requests.action_required)}</p> })}
                    {deadline.map(|date| view! {
                        <p>{t!(i18n, requests.detail.deadline)} " : " {move || day_of(&date, locale())}</p>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading">{t!(i18n, requests.detail.timeline_heading)}</h2>
            <ol class="timeline">{lines}</ol>
        </section>
    }
}

/// The answers as sent, step by step.
#[component]
fn Answers(answers: Vec<AnsweredStep>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let steps = answers
        .into_iter()
        .map(|step| {
            let rows = step
                .answers
                .into_iter()
                .map(|field| {
                    view! {
                        <dt>{move || field.label.get(locale()).to_owned()}</dt>
                        <dd>{move || field.answer.get(locale()).to_owned()}</dd>
                    }
                })
                .collect_view();
            view! {
                <h3>{move || step.title.get(locale()).to_owned()}</h3>
                <dl class="facts">{rows}</dl>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="answers-heading">
            <h2 id="answers-heading">{t!(i18n, requests.detail.answers_heading)}</h2>
            <p>{t!(i18n, requests.detail.answers_note)}</p>
            {steps}
        </section>
    }
}
