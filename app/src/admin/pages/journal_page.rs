//! "Journal d'audit": the console's search of the journal (a plain GET form, so the address
//! holds the search and no script is needed), the matching entries a page at a time, their
//! export, and the chain's integrity.

use super::Forbidden;
use super::chain::ChainSection;
use super::entry_parts::{action_label, outcome_label};
use super::journal_form::SearchForm;
use crate::admin::journal_api::{ChainReport, export_head, search_journal, verify_journal};
use crate::audit::search::{JournalPage as Found, JournalQuery};
use crate::audit::{AuditEntry, Head};
use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::when::stamp_of;
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The search as the address gives it.
pub fn asked_query() -> JournalQuery {
    use_query_map().with_untracked(|q| {
        let part = |name: &str| q.get(name).unwrap_or_default();
        JournalQuery {
            citizen: part("citizen"),
            service: part("service"),
            reference: part("reference"),
            action: part("action"),
            outcome: part("outcome"),
            ip: part("ip"),
            from: part("from"),
            until: part("until"),
            before: part("before"),
        }
    })
}

/// What the page read, in one resource (a resource made inside another suspense's branch can
/// leave the page waiting forever): the search, and the verification or the head when asked.
type Read = (
    Result<Found, AppError>,
    Option<Result<ChainReport, AppError>>,
    Option<Result<Head, AppError>>,
);

#[component]
pub fn JournalPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = asked_query();
    let (verify_asked, anchor, head_asked) = use_query_map().with_untracked(|q| {
        (
            q.get("verify").is_some(),
            q.get("anchor").unwrap_or_default(),
            q.get("head").is_some(),
        )
    });
    let asked = query.clone();
    let anchor_asked = anchor.clone();
    let read = Resource::new_blocking(
        || (),
        move |_| {
            let (asked, anchor) = (asked.clone(), anchor_asked.clone());
            async move {
                let found = search_journal(asked).await;
                if matches!(found, Err(AppError::Forbidden | AppError::Unauthorized)) {
                    return (found, None, None);
                }
                let report = match verify_asked {
                    true => Some(verify_journal(anchor).await),
                    false => None,
                };
                let head = match head_asked {
                    true => Some(export_head().await),
                    false => None,
                };
                (found, report, head) as Read
            }
        },
    );
    view! {
        <PageTitle title=t_string!(i18n, journal.title) />
        <div class="container">
            <p><a href=Page::Admin.path(i18n.get_locale_untracked())>{t!(i18n, journal.back_to_console)}</a></p>
            <h1>{t!(i18n, journal.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let (query, anchor) = (query.clone(), anchor.clone());
                    Suspend::new(async move {
                        let (found, report, head) = read.await;
                        let chain = move || view! { <ChainSection anchor report head /> };
                        match found {
                            Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                            Err(error @ AppError::Unauthorized) => view! { <ErrorNotice error /> }.into_any(),
                            Err(AppError::InvalidInput { fields }) => view! {
                                <p>{t!(i18n, journal.intro)}</p>
                                <SearchForm query refused=fields />
                                {chain()}
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(found) => view! {
                                <p>{t!(i18n, journal.intro)}</p>
                                <SearchForm query=query.clone() refused=Vec::new() />
                                <Results found query />
                                {chain()}
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn Results(found: Found, query: JournalQuery) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let here = Page::AdminJournal.path(locale);
    let searched = query.to_query_string();
    let with = |more: &str| match (searched.as_str(), more) {
        ("", "") => here.clone(),
        ("", more) => format!("{here}?{more}"),
        (searched, "") => format!("{here}?{searched}"),
        (searched, more) => format!("{here}?{searched}&{more}"),
    };
    let older = found.next.map(|next| with(&format!("before={next}")));
    let newest = (!query.before.trim().is_empty()).then(|| with(""));
    let lang = format!("lang={}", leptos_i18n::Locale::as_str(locale));
    let export = |format: &str| match searched.as_str() {
        "" => format!("/api/admin/journal.{format}?{lang}"),
        searched => format!("/api/admin/journal.{format}?{searched}&{lang}"),
    };
    let empty = found.entries.is_empty();
    let entries = found.entries;
    let table = match empty {
        true => view! { <p>{t!(i18n, journal.results.empty)}</p> }.into_any(),
        false => {
            view! { <EntriesTable entries caption=t_string!(i18n, journal.results.caption).to_owned() /> }.into_any()
        }
    };
    view! {
        <section aria-labelledby="results-heading">
            <h2 id="results-heading">{t!(i18n, journal.results.heading)}</h2>
            {table}
            <nav aria-label=t_string!(i18n, journal.results.pages) class="pager">
                {newest.map(|href| view! { <a href=href>{t!(i18n, journal.results.newest)}</a> })}
                {older.map(|href| view! { <a href=href rel="next">{t!(i18n, journal.results.older)}</a> })}
            </nav>
            <p>
                <a class="button button--secondary" href=export("csv") download="journal.csv">{t!(i18n, journal.results.export_csv)}</a>
                " "
                <a class="button button--secondary" href=export("json") download="journal.json">{t!(i18n, journal.results.export_json)}</a>
            </p>
            <p class="hint">{t!(i18n, journal.results.export_hint)}</p>
        </section>
    }
}

/// Entries as a table, one row each, under `caption`.
#[component]
pub fn EntriesTable(entries: Vec<AuditEntry>, caption: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rows = entries
        .into_iter()
        .map(|entry| view! { <Row entry locale /> })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="journal-caption">
            <table class="table" data-testid="journal-results">
                <caption id="journal-caption">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, journal.results.seq)}</th>
                        <th scope="col">{t!(i18n, journal.results.when)}</th>
                        <th scope="col">{t!(i18n, journal.results.action)}</th>
                        <th scope="col">{t!(i18n, journal.results.outcome)}</th>
                        <th scope="col">{t!(i18n, journal.results.actor)}</th>
                        <th scope="col">{t!(i18n, journal.results.subject)}</th>
                        <th scope="col">{t!(i18n, journal.results.service)}</th>
                        <th scope="col">{t!(i18n, journal.results.reference)}</th>
                        <th scope="col">{t!(i18n, journal.results.ip)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One entry: its names link to the journey of the citizen and of the request.
#[component]
fn Row(entry: AuditEntry, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    let journey = Page::AdminJourney.path(locale);
    let encode = crate::auth::model::encode_path;
    let label = action_label(&entry.action, locale);
    let subject = entry.subject.clone().map(|who| {
        let href = format!("{journey}?citizen={}", encode(&who));
        let label = t_string!(i18n, journal.results.journey_of_citizen, who = who.clone()).to_string();
        view! { <a class="mono" href=href aria-label=label>{who}</a> }
    });
    let reference = entry.reference.clone().map(|reference| {
        let href = format!("{journey}?reference={}", encode(&reference));
        let label = t_string!(i18n, journal.results.journey_of_request, reference = reference.clone()).to_string();
        view! { <a class="mono" href=href aria-label=label>{reference}</a> }
    });
    view! {
        <tr data-testid="journal-entry">
            <td>{entry.seq}</td>
            <td><time datetime=entry.occurred_at.to_string()>{stamp_of(&entry.occurred_at)}</time></td>
            <td>
                {label.map(|label| view! { <span>{label}</span><br /> })}
                <span class="mono">{entry.action.clone()}</span>
            </td>
            <td>{outcome_label(&entry.outcome, locale)}</td>
            <td class="mono">{entry.actor.clone()}</td>
            <td>{subject}</td>
            <td class="mono">{entry.service_id.clone().unwrap_or_default()}</td>
            <td>{reference}</td>
            <td class="mono">{entry.ip.clone().unwrap_or_default()}</td>
        </tr>
    }
}
