//! The request wizard, an island: one step at a time with "Étape 2 de 4", back and next without
//! losing answers, an error summary linking to each field, and a review page with "modifier"
//! links. Saving is the draft's own ([`LiveDraft`]): on the device at once, on the server soon,
//! offline and across devices without losing anything.

use super::delete_draft::DeleteDraftSection;
use super::draft_state::DraftState;
use super::error_summary::ErrorSummary;
use super::field_input::FieldInput;
use super::review::Review;
use crate::drafts::api::{FormSession, SendStep, check_answers};
use crate::drafts::model::{DONE_DELETE, DONE_STEP, Go, REVISION_PART, SERVICE_PART, STEP_PART};
use crate::drafts::sync::{LiveDraft, SaveState};
use crate::error::AppError;
use crate::forms::answers::Problem;
use crate::forms::visibility::is_visible;
use crate::forms::{FieldError, Scope, validate};
use crate::i18n::{td, td_string};
use crate::locale::{page_locale, service_path};
use crate::requests::SubmitRequest;
use crate::ui::focus_soon;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The id of the form of the step (or of the review) the page shows.
pub(super) const FORM_ID: &str = "wizard-form";

/// Errors shown before the citizen asked to go on: only those about what they typed, not the
/// questions still unanswered.
fn is_about_typed_text(error: &FieldError) -> bool {
    !matches!(
        error.problem,
        Problem::Required | Problem::ConsentRequired | Problem::TooFewChoices
    )
}

/// The wizard with its drafts engine. A lazy island: its code is a chunk of its own
/// (`cargo leptos --split`), downloaded only by the pages that hold it. The browser receives
/// the form and the draft as its props, the device key that names this person's copies on the
/// device, and what a plain post it came back from said.
///
/// Rendered by the server, it works without script: each step is a form that posts to
/// [`SendStep`], the review's "send" posts to the submission. Once the island runs, the same
/// buttons act in the browser and nothing is posted that way.
#[island(lazy)]
pub(super) fn Wizard(
    session: FormSession,
    device_key: Option<String>,
    /// Started with no network from the page kept for that (`OfflineFormPage`): for no one in
    /// particular, it shows and keeps what this device kept, and goes to the form itself once
    /// the network is back.
    offline: bool,
    /// The errors a step or the review sent without script came back with.
    refused: Vec<FieldError>,
    /// What a plain post did (`drafts::model::DONE_STEP`, `DONE_DELETE`…).
    done: Option<String>,
    submit_key: String,
) -> impl IntoView {
    let locale = page_locale();
    let FormSession { form, draft, .. } = session;
    let steps = form.steps.len();
    let form = StoredValue::new(form);
    let first_revision = draft.revision;
    let opened_at_review = draft.step >= steps;
    // Back from a step sent without script: its errors show at once, and the review shows
    // every error of the form (as the script's check of the review does).
    let tried_to_go_on = RwSignal::new(!refused.is_empty() || opened_at_review);
    let focus_summary = !refused.is_empty();
    let focus_heading = !focus_summary && done.as_deref() == Some(DONE_STEP);
    let asked_to_delete = done.as_deref() == Some(DONE_DELETE);
    let live = LiveDraft::new(draft, form, device_key, refused, offline);
    let LiveDraft {
        answers,
        step,
        save_state,
        server_errors,
        ..
    } = live;
    let service_id = StoredValue::new(live.service());
    let submit_key = StoredValue::new(submit_key);
    let checking = RwSignal::new(false);

    // The errors of what is on screen, by the shared validator, on every change.
    let errors = Memo::new(move |_| {
        let today = time::OffsetDateTime::now_utc().date();
        let scope = if step.get() < steps {
            Scope::Step(step.get())
        } else {
            Scope::All
        };
        let mut found = answers.with(|a| form.with_value(|f| validate(f, a, scope, today).err().unwrap_or_default()));
        if !tried_to_go_on.get() {
            found.retain(is_about_typed_text);
        }
        for extra in server_errors.get() {
            if !found.iter().any(|e| e.field == extra.field) {
                found.push(extra);
            }
        }
        found
    });
    let error_of =
        move |field: String| Signal::derive(move || errors.with(|e| e.iter().find(|e| e.field == field).cloned()));

    live.start();
    let flush = Callback::new(move |()| live.flush());

    let focus_later = |id: &str| focus_soon(id);

    // Next: the browser's check, then the server's; then the next step (or the review).
    let go_on = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        tried_to_go_on.set(true);
        if !errors.with(Vec::is_empty) {
            focus_later("error-summary");
            return;
        }
        let current = step.get_untracked();
        checking.set(true);
        let service = service_id.get_value();
        let sent = answers.get_untracked();
        leptos::task::spawn_local(async move {
            let checked = check_answers(service, Some(current), sent).await;
            checking.set(false);
            match checked {
                Ok(()) => {
                    tried_to_go_on.set(false);
                    step.set(current + 1);
                    focus_later("step-heading");
                }
                Err(AppError::InvalidAnswers { errors }) => {
                    server_errors.set(errors);
                    focus_later("error-summary");
                }
                Err(_) => {
                    // The server cannot be reached: the browser's check passed and the answers
                    // are kept here, so the citizen may go on; the review checks again.
                    tried_to_go_on.set(false);
                    step.set(current + 1);
                    focus_later("step-heading");
                }
            }
        });
    };
    let go_back = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        tried_to_go_on.set(false);
        step.update(|s| *s = s.saturating_sub(1));
        focus_later("step-heading");
    };
    let change = move |target: usize| {
        tried_to_go_on.set(false);
        step.set(target);
        focus_later("step-heading");
    };

    // The review checks everything with the server too.
    Effect::new(move |_| {
        if step.get() == steps {
            tried_to_go_on.set(true);
            let service = service_id.get_value();
            let sent = answers.get_untracked();
            leptos::task::spawn_local(async move {
                if let Err(AppError::InvalidAnswers { errors }) = check_answers(service, None, sent).await {
                    server_errors.set(errors);
                }
            });
        }
    });

    // The draft becomes a request: its copy on this device goes too.
    let on_sending = Callback::new(move |()| live.close());

    // What a step's form sends first, when no script runs: which draft, which step, and the
    // revision the page showed.
    let hidden = move |at: usize| {
        view! {
            <input type="hidden" name=SERVICE_PART value=service_id.get_value().into_string() />
            <input type="hidden" name=STEP_PART value=at.to_string() />
            <input type="hidden" name=REVISION_PART value=first_revision.to_string() />
        }
    };
    view! {
        <DraftState live />
        <ErrorSummary form errors shown=tried_to_go_on step steps autofocus=focus_summary />
        <Show
            when=move || step.get() < steps
            fallback=move || view! {
                <form id=FORM_ID method="post" action=SendStep::PATH enctype="multipart/form-data"
                    on:submit=|ev| ev.prevent_default()>
                    {hidden(steps)}
                    <Review form answers steps change autofocus=focus_heading />
                </form>
                <SubmitRequest service=service_id.get_value() key=submit_key.get_value()
                    saved=Signal::derive(move || save_state.get() == SaveState::InFile) flush on_sending />
                <div class="wizard__actions">
                    <button type="submit" form=FORM_ID name=Go::PART value=Go::Back.value()
                        class="button button--secondary" on:click=go_back>{td!(locale, forms.wizard.back)}</button>
                </div>
            }
        >
            <p class="step-indicator">
                {move || format!("{} {} {} {}", td_string!(locale, forms.wizard.step), step.get() + 1, td_string!(locale, forms.wizard.of), steps)}
            </p>
            {move || {
                let current = step.get();
                let (heading, fields) = form.with_value(|f| {
                    let s = &f.steps[current];
                    (s.title.clone(), s.fields.clone())
                });
                let visible_fields = move || {
                    fields
                        .iter()
                        .filter(|field| answers.with(|a| form.with_value(|f| is_visible(f, field, a))))
                        .cloned()
                        .collect::<Vec<_>>()
                };
                let next_label = if current + 1 == steps {
                    td_string!(locale, forms.wizard.to_review)
                } else {
                    td_string!(locale, forms.wizard.next)
                };
                // "Next" comes first: it is the button the Enter key presses.
                view! {
                    <h2 id="step-heading" tabindex="-1" autofocus=focus_heading>{heading.get(locale).to_owned()}</h2>
                    <form id=FORM_ID class="form" method="post" action=SendStep::PATH enctype="multipart/form-data" novalidate
                        on:submit=|ev| ev.prevent_default()>
                        {hidden(current)}
                        <For each=visible_fields key=|field| field.id.clone() let:field>
                            <FieldInput error=error_of(field.id.clone()) service=service_id.get_value() field answers />
                        </For>
                        <div class="wizard__actions">
                            <button type="submit" name=Go::PART value=Go::Next.value() class="button" on:click=go_on
                                disabled=move || checking.get()>{next_label}</button>
                            {(current != 0).then(|| view! {
                                <button type="submit" name=Go::PART value=Go::Back.value() class="button button--secondary"
                                    on:click=go_back>{td!(locale, forms.wizard.back)}</button>
                            })}
                        </div>
                    </form>
                }
            }}
        </Show>
        {(!offline).then(|| view! { <DeleteDraftSection live asked=asked_to_delete /> })}
        <p><a href=service_id.with_value(|id| service_path(locale, id, false))>{td!(locale, forms.wizard.help_link)}</a></p>
    }
}
