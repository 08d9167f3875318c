//! The administration pages. This one, the console's home: the deliveries in failure, to
//! replay, the form that publishes a novelty, and the latest journal entries with the way to
//! the journal's search.

mod board_item;
mod board_page;
mod chain;
mod entry_parts;
mod health_pages;
mod journal_form;
mod journal_page;
mod journey_page;
mod manifest_page;
mod service_controls;
mod services_page;
mod tokens_page;
mod usage_chart;
mod usage_page;
mod usage_words;

pub use board_page::BoardPage;
pub use health_pages::{HealthEditorPage, HealthPagesPage, health_editor_path};
use journal_page::EntriesTable;
pub use journal_page::JournalPage;
pub use journey_page::JourneyPage;
pub use manifest_page::{ManifestPage, manifest_path};
pub use services_page::ServicesPage;
pub use tokens_page::TokensPage;
pub use usage_page::UsagePage;
pub use usage_words::{measure_label, refusal_message as usage_refusal};

use super::api::{ReplayDelivery, dead_letters, recent_journal};
use crate::audit::AuditEntry;
use crate::error::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::ids::ServiceId;
use crate::jobs::{DeadLetter, JobKind};
use crate::locale::Page;
use crate::ui::when::moment_of;
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// Administrators only; a citizen gets 403 and an explanation, a guest is sent to sign in.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    // Read before the page renders, in one resource (a resource made inside another
    // suspense's branch can leave the page waiting forever); the failed deliveries only once
    // the journal said this person is an administrator (one refusal journaled, not two).
    let read = Resource::new_blocking(
        || (),
        |_| async {
            let journal = recent_journal().await?;
            Ok::<_, AppError>((journal, dead_letters().await))
        },
    );
    view! {
        <PageTitle title=t_string!(i18n, admin.title) />
        <div class="container">
            <h1>{t!(i18n, admin.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match read.await {
                        Ok((entries, letters)) => {
                            view! { <DeadLetters letters /> <super::novelty::NoveltyForm /> <Journal entries /> }
                                .into_any()
                        }
                        Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The latest entries, and the way to the whole journal.
#[component]
fn Journal(entries: Vec<AuditEntry>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="journal-heading">
            <h2 id="journal-heading">{t!(i18n, admin.journal_heading)}</h2>
            <p>{t!(i18n, admin.journal_intro)}</p>
            <p>
                <a class="button" href=Page::AdminJournal.path(i18n.get_locale_untracked())>{t!(i18n, admin.journal_search)}</a>
                " "
                <a class="button button--secondary" href=Page::AdminFeedback.path(i18n.get_locale_untracked())>{t!(i18n, admin.feedback_board)}</a>
                " "
                <a class="button button--secondary" href=Page::AdminServices.path(i18n.get_locale_untracked())>{t!(i18n, admin.services.link)}</a>
                " "
                <a class="button button--secondary" href=Page::AdminHealth.path(i18n.get_locale_untracked())>{t!(i18n, health.admin.heading)}</a>
                " "
                <a class="button button--secondary" href=Page::AdminTokens.path(i18n.get_locale_untracked())>{t!(i18n, admin.tokens.link)}</a>
                " "
                <a class="button button--secondary" href=Page::AdminUsage.path(i18n.get_locale_untracked())>{t!(i18n, usage.link)}</a>
            </p>
            <EntriesTable entries caption=t_string!(i18n, admin.caption).to_owned() />
        </section>
    }
}

/// What a citizen who is not an administrator sees instead of a console page (403).
#[component]
pub fn Forbidden() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="callout" aria-labelledby="forbidden-heading">
            <h2 id="forbidden-heading">{t!(i18n, admin.forbidden_heading)}</h2>
            <p>{t!(i18n, admin.forbidden_text)}</p>
        </section>
    }
}

/// The deliveries that ended without the service's acknowledgement, each with a way to send it
/// again once the service is fixed.
#[component]
fn DeadLetters(letters: Result<Vec<DeadLetter>, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    // The replay buttons are plain posts that come back here, with `?done=replayed` or the
    // error (`__err` in the address), which the action reads.
    let replay = ServerAction::<ReplayDelivery>::new();
    let replayed = is_done("replayed");
    let failed = replay.value().get_untracked().and_then(Result::err);
    let row = move |letter: DeadLetter| {
        let kind = match letter.kind {
            JobKind::DeliverWithdrawal => t_string!(i18n, admin.dead_letters.kind_withdrawal),
            JobKind::DeliverSubmission => t_string!(i18n, admin.dead_letters.kind_submission),
            JobKind::DeliverSignature => t_string!(i18n, admin.dead_letters.kind_signature),
            JobKind::Notify => t_string!(i18n, admin.dead_letters.kind_notify),
            JobKind::Announce => t_string!(i18n, admin.dead_letters.kind_announce),
        };
        let finished = letter.finished_at.unwrap_or_default();
        // A job about a request is named by its reference; any other by its own id.
        let name = letter.reference.unwrap_or_else(|| letter.id.clone());
        let label = format!("{} {}", t_string!(i18n, admin.dead_letters.replay), name);
        view! {
            <tr data-testid="dead-letter">
                <td class="mono">{name}</td>
                <td class="mono">{letter.service_id.map(ServiceId::into_string).unwrap_or_default()}</td>
                <td>{kind}</td>
                <td>{letter.attempts}</td>
                <td>{letter.last_error.unwrap_or_default()}</td>
                <td>{move || moment_of(&finished, locale())}</td>
                <td>
                    <ActionForm action=replay>
                        <input type="hidden" name="id" value=letter.id />
                        <button type="submit" class="button button--secondary" aria-label=label>
                            {t!(i18n, admin.dead_letters.replay)}
                        </button>
                    </ActionForm>
                </td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="dead-letters-heading">
            <h2 id="dead-letters-heading">{t!(i18n, admin.dead_letters.heading)}</h2>
            <p>{t!(i18n, admin.dead_letters.intro)}</p>
            <div role="status">
                {replayed.then(|| view! { <p class="notice notice--success">{t!(i18n, admin.dead_letters.replayed)}</p> })}
            </div>
            {failed.map(|error| view! { <ErrorNotice error /> })}
            {
                match letters {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, admin.dead_letters.empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="dead-letters-caption">
                            <table class="table">
                                <caption id="dead-letters-caption">{t!(i18n, admin.dead_letters.caption)}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{t!(i18n, admin.dead_letters.reference)}</th>
                                        <th scope="col">{t!(i18n, admin.dead_letters.service)}</th>
                                        <th scope="col">{t!(i18n, admin.dead_letters.kind)}</th>
                                        <th scope="col">{t!(i18n, admin.dead_letters.attempts)}</th>
                                        <th scope="col">{t!(i18n, admin.dead_letters.last_error)}</th>
                                        <th scope="col">{t!(i18n, admin.dead_letters.finished)}</th>
                                        <th scope="col">{t!(i18n, admin.dead_letters.action)}</th>
                                    </tr>
                                </thead>
                                <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            }
        </section>
    }
}
