//! The request wizard: one step at a time with "Étape 2 de 4", back and next without losing
//! answers, an error summary linking to each field, and a review page with "modifier" links.
//!
//! Saving is the draft's own ([`LiveDraft`]): on the device at once, on the server soon, offline
//! and across devices without losing anything.

use super::came_back::{CameBack, submission_key};
use super::field_input::{FieldInput, input_id};
use super::review::Review;
use crate::auth::use_viewer;
use crate::drafts::api::{DeleteDraft, FormSession, SendStep, check_answers, open_draft};
use crate::drafts::live::{LiveDraft, SaveState};
use crate::drafts::model::{DONE_DELETE, DONE_REVEALED, DONE_STEP, Go, REVISION_PART, SERVICE_PART, STEP_PART};
use crate::error::AppError;
use crate::forms::answers::Problem;
use crate::forms::visibility::is_visible;
use crate::forms::{FieldError, Scope, validate};
use crate::i18n::{t, t_string, td, td_string, use_i18n};
use crate::ids::ServiceId;
use crate::locale::{page_locale, service_path};
use crate::requests::SubmitRequest;
use crate::ui::when::date_of;
use crate::ui::{ErrorNotice, IslandsFailed, PageTitle};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_params_map;

/// The id of the form of the step (or of the review) the page shows.
const FORM_ID: &str = "wizard-form";

/// The page of a service's request form, rendered by the server; the wizard is an island.
#[component]
pub fn RequestFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let viewer = use_viewer();
    let service = move || params.with(|p| ServiceId::new(p.get("service").unwrap_or_default()));
    let session = Resource::new_blocking(service, open_draft);
    let came_back = CameBack::read();
    view! {
        <div class="container wizard">
            <Suspense fallback=|| ()>
                {move || {
                let came_back = came_back.clone();
                Suspend::new(async move {
                    let session = session.await;
                    let device_key = viewer.await.ok().and_then(|v| v.signed_in).map(|person| person.device_key);
                    match session {
                        Ok(session) => {
                            let submit_key = submission_key();
                            let title = session.title.clone();
                            let locale = i18n.get_locale();
                            view! {
                                <PageTitle title=title.get(locale) />
                                <h1>{title.get(locale).to_owned()}</h1>
                                <IslandsFailed />
                                // Said by the server, above the island: what the plain post
                                // found besides the answers' errors.
                                {(came_back.done.as_deref() == Some(DONE_REVEALED)).then(|| view! {
                                    <p class="notice" role="status">{t!(i18n, forms.wizard.revealed)}</p>
                                })}
                                {came_back.failure.map(|error| view! { <ErrorNotice error /> })}
                                <Wizard session device_key refused=came_back.refused done=came_back.done submit_key />
                            }
                            .into_any()
                        }
                        Err(error) => view! {
                            <PageTitle title=t_string!(i18n, forms.wizard.title) />
                            <h1>{t!(i18n, forms.wizard.title)}</h1>
                            <ErrorNotice error />
                        }
                        .into_any(),
                    }
                })
                }}
            </Suspense>
        </div>
    }
}

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
fn Wizard(
    session: FormSession,
    device_key: Option<String>,
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
    let live = LiveDraft::new(draft, form, device_key, refused);
    let LiveDraft {
        answers,
        step,
        save_state,
        expires_at,
        other_version,
        server_errors,
        ..
    } = live;
    let service_id = StoredValue::new(live.service());
    let submit_key = StoredValue::new(submit_key);
    let checking = RwSignal::new(false);
    let confirm_delete = RwSignal::new(asked_to_delete);
    let delete_offline = RwSignal::new(false);

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

    let focus_later = |id: String| crate::ui::focus_soon(id);

    // Next: the browser's check, then the server's; then the next step (or the review).
    let go_on = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        tried_to_go_on.set(true);
        if !errors.with(Vec::is_empty) {
            focus_later("error-summary".to_owned());
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
                    focus_later("step-heading".to_owned());
                }
                Err(AppError::InvalidAnswers { errors }) => {
                    server_errors.set(errors);
                    focus_later("error-summary".to_owned());
                }
                Err(_) => {
                    // The server cannot be reached: the browser's check passed and the answers
                    // are kept here, so the citizen may go on; the review checks again.
                    tried_to_go_on.set(false);
                    step.set(current + 1);
                    focus_later("step-heading".to_owned());
                }
            }
        });
    };
    let go_back = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        tried_to_go_on.set(false);
        step.update(|s| *s = s.saturating_sub(1));
        focus_later("step-heading".to_owned());
    };
    let change = move |target: usize| {
        tried_to_go_on.set(false);
        step.set(target);
        focus_later("step-heading".to_owned());
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

    let restore = move |_| live.restore_other();

    // Deleting is the confirmation's form posting, with or without script (the server answers
    // with "Mes démarches"); offline, the post would end on the browser's error page.
    let delete = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        if !crate::drafts::local::online() {
            ev.prevent_default();
            delete_offline.set(true);
            return;
        }
        let _ = ev;
        live.close();
    };

    let summary = move || {
        let list = errors.get();
        (tried_to_go_on.get() && !list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|error| {
                    let label = form.with_value(|f| f.field(&error.field).map(|f| f.label.get(locale).to_owned()));
                    let target = form.with_value(|f| f.fields().find(|(_, f)| f.id == error.field).map(|(s, _)| s));
                    let id = input_id(&error.field);
                    let href = format!("#{id}");
                    let message = error.message(locale);
                    let text = match label {
                        Some(label) => format!("{label} : {message}"),
                        None => message,
                    };
                    view! {
                        <li>
                            <a href=href on:click=move |ev| {
                                ev.prevent_default();
                                if let Some(target) = target && step.get_untracked() == steps {
                                    step.set(target);
                                }
                                focus_later(id.clone());
                            }>{text}</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"
                    autofocus=focus_summary>
                    <h2 id="error-summary-title">{td!(locale, forms.wizard.error_summary)}</h2>
                    <ul>{items}</ul>
                </div>
            }
        })
    };

    let save_text = move || match save_state.get() {
        SaveState::NotYet => td_string!(locale, drafts.state.not_yet).to_owned(),
        SaveState::InFile => td_string!(locale, drafts.state.in_file).to_owned(),
        SaveState::OnDevice => td_string!(locale, drafts.state.on_device).to_owned(),
        SaveState::Offline => td_string!(locale, drafts.state.offline).to_owned(),
    };
    let other_notice = move || {
        other_version.get().map(|other| {
            let text = if other.ours_won {
                td_string!(locale, drafts.conflict.ours_won)
            } else {
                td_string!(locale, drafts.conflict.theirs_won)
            };
            view! {
                <div class="notice notice--warning" role="alert">
                    <p>{text}</p>
                    <button type="button" class="button button--secondary" on:click=restore>
                        {td!(locale, drafts.conflict.restore)}
                    </button>
                </div>
            }
        })
    };

    // The draft becomes a request: its copy on this device goes too.
    let on_sending = Callback::new(move |()| live.close());

    let delete = Callback::new(delete);
    // What a step's form sends first, when no script runs: which draft, which step, and the
    // revision the page showed.
    let hidden = move |at: usize| {
        view! {
            <input type="hidden" name=SERVICE_PART value=service_id.get_value().into_string() />
            <input type="hidden" name=STEP_PART value=at.to_string() />
            <input type="hidden" name=REVISION_PART value=first_revision.to_string() />
        }
    };
    // An attribute, not a `<Show>`: the same effect for less code in the chunk.
    let not_saved = move || save_state.get() == SaveState::NotYet;
    view! {
        <div class="save-state">
            <p role="status" data-testid="save-state">{save_text}</p>
            <p class="meta" hidden=not_saved>{td!(locale, drafts.state.kept_until)} " " {move || date_of(&expires_at.get(), locale)}</p>
        </div>
        {other_notice}
        {summary}
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
        // A draft not saved yet has nothing to delete.
        <section class="wizard__delete" aria-labelledby="delete-heading" hidden=not_saved>
            <h2 id="delete-heading" class="visually-hidden">{td!(locale, drafts.delete.heading)}</h2>
            // Without script, "delete" sends the step (nothing typed is lost) and the page
            // comes back asking to confirm; the confirmation posts the deletion.
            <Show
                when=move || confirm_delete.get()
                fallback=move || view! {
                    <button type="submit" form=FORM_ID name=Go::PART value=Go::Delete.value() class="button button--link"
                        on:click=move |ev| {
                            ev.prevent_default();
                            confirm_delete.set(true);
                        }>
                        {td!(locale, drafts.delete.ask)}
                    </button>
                }
            >
                <div class="notice notice--warning" role="alert" tabindex="-1" autofocus=asked_to_delete>
                    <p>{td!(locale, drafts.delete.confirm_text)}</p>
                    <form method="post" action=DeleteDraft::PATH>
                        <input type="hidden" name="service" value=service_id.get_value().into_string() />
                        <button type="submit" class="button button--danger" on:click=move |ev| delete.run(ev)>
                            {td!(locale, drafts.delete.confirm)}
                        </button>
                        " "
                        <button type="submit" formmethod="get" formaction=service_id.with_value(|id| service_path(locale, id, true))
                            class="button button--secondary"
                            on:click=move |ev| {
                                ev.prevent_default();
                                confirm_delete.set(false);
                            }>
                            {td!(locale, drafts.delete.cancel)}
                        </button>
                    </form>
                </div>
            </Show>
            {move || delete_offline.get().then(|| view! {
                <p class="notice notice--warning" role="alert">{td!(locale, drafts.delete.offline)}</p>
            })}
        </section>
        <p><a href=service_id.with_value(|id| service_path(locale, id, false))>{td!(locale, forms.wizard.help_link)}</a></p>
    }
}
