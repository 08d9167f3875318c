//! "Parcours": one citizen's journey (`?citizen=`) or one request's (`?reference=`) as a
//! timeline, oldest first: every sign-in, draft, submission, delivery, status, notice,
//! withdrawal and signature the journal holds, with who acted and for whom.

use super::Forbidden;
use super::entry_parts::{action_label, outcome_label};
use super::journal_form::RefusalSummary;
use crate::admin::journal_api::journal_journey;
use crate::audit::AuditEntry;
use crate::audit::search::JournalPage as Found;
use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::when::stamp_of;
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn JourneyPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (citizen, reference, after) = use_query_map().with_untracked(|q| {
        let part = |name: &str| q.get(name).unwrap_or_default();
        (part("citizen"), part("reference"), part("after"))
    });
    let asked = (citizen.clone(), reference.clone(), after);
    let read = Resource::new_blocking(
        || (),
        move |_| {
            let (citizen, reference, after) = asked.clone();
            journal_journey(citizen, reference, after)
        },
    );
    let heading = match (citizen.trim(), reference.trim()) {
        ("", "") => t_string!(i18n, journal.journey.heading).to_string(),
        (who, "") => t_string!(i18n, journal.journey.of_citizen, who = who.to_owned()).to_string(),
        (_, reference) => t_string!(i18n, journal.journey.of_request, reference = reference.to_owned()).to_string(),
    };
    let more_base = match citizen.trim() {
        "" => format!("reference={}", crate::auth::model::encode_path(reference.trim())),
        who => format!("citizen={}", crate::auth::model::encode_path(who)),
    };
    view! {
        <PageTitle title=t_string!(i18n, journal.journey.title) />
        <div class="container">
            <p><a href=Page::AdminJournal.path(locale)>{t!(i18n, journal.journey.back)}</a></p>
            <h1>{heading}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let more_base = more_base.clone();
                    Suspend::new(async move {
                        match read.await {
                            Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                            Err(AppError::InvalidInput { fields }) => {
                                view! { <RefusalSummary refused=fields prefix="journey" /> }.into_any()
                            }
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(found) => view! { <Timeline found more_base locale /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn Timeline(found: Found, more_base: String, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    if found.entries.is_empty() {
        return view! { <p>{t!(i18n, journal.journey.empty)}</p> }.into_any();
    }
    let more = found
        .next
        .map(|next| format!("{}?{more_base}&after={next}", Page::AdminJourney.path(locale)));
    let steps = found
        .entries
        .into_iter()
        .map(|entry| view! { <Step entry locale /> })
        .collect_view();
    view! {
        <p>{t!(i18n, journal.journey.intro)}</p>
        <ol class="timeline" aria-label=t_string!(i18n, journal.journey.list) data-testid="journey">
            {steps}
        </ol>
        {more.map(|href| view! { <p><a href=href rel="next">{t!(i18n, journal.journey.more)}</a></p> })}
    }
    .into_any()
}

#[component]
fn Step(entry: AuditEntry, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    let label = action_label(&entry.action, locale).map_or_else(|| entry.action.clone(), str::to_owned);
    let who = match entry.subject.as_deref() {
        Some(subject) if subject != entry.actor => t_string!(
            i18n,
            journal.journey.for_another,
            actor = entry.actor.clone(),
            subject = subject.to_owned()
        )
        .to_string(),
        _ => t_string!(i18n, journal.journey.by, actor = entry.actor.clone()).to_string(),
    };
    let (code, data_action) = (entry.action.clone(), entry.action.clone());
    let facts = [entry.service_id.clone(), entry.reference.clone(), entry.ip.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="timeline__item" data-testid="journey-step" data-action=data_action>
            <p>
                <time datetime=entry.occurred_at.to_string()>{stamp_of(&entry.occurred_at)}</time>
                " — "
                <strong>{label}</strong>
                " ("
                {outcome_label(&entry.outcome, locale)}
                ")"
            </p>
            <p class="mono">{who}</p>
            {(!facts.is_empty()).then(|| view! { <p class="mono">{facts}</p> })}
            <p class="hint">{t!(i18n, journal.journey.entry, seq = entry.seq)}" · "<span class="mono">{code}</span></p>
        </li>
    }
}
