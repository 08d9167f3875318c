//! The administration page: the latest audit journal entries.

use super::api::recent_journal;
use crate::audit::AuditEntry;
use crate::error::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;

/// Administrators only; a citizen gets 403 and an explanation, a guest is sent to sign in.
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let journal = Resource::new_blocking(|| (), |_| recent_journal());
    view! {
        <PageTitle title=Signal::derive(move || t_string!(i18n, admin.title).to_string()) />
        <div class="container">
            <h1>{t!(i18n, admin.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match journal.await {
                        Ok(entries) => view! { <Journal entries /> }.into_any(),
                        Err(AppError::Forbidden) => view! {
                            <section class="callout" aria-labelledby="forbidden-heading">
                                <h2 id="forbidden-heading">{t!(i18n, admin.forbidden_heading)}</h2>
                                <p>{t!(i18n, admin.forbidden_text)}</p>
                            </section>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Journal(entries: Vec<AuditEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = entries
        .into_iter()
        .map(|entry| {
            let when = entry
                .occurred_at
                .get(..19)
                .unwrap_or(&entry.occurred_at)
                .replace('T', " ");
            let outcome = entry.outcome.clone();
            let outcome = move || match outcome.as_str() {
                "success" => t_string!(i18n, admin.outcomes.success).to_owned(),
                "failure" => t_string!(i18n, admin.outcomes.failure).to_owned(),
                "denied" => t_string!(i18n, admin.outcomes.denied).to_owned(),
                other => other.to_owned(),
            };
            view! {
                <tr>
                    <td>{entry.seq}</td>
                    <td>{when}</td>
                    <td class="mono">{entry.actor}</td>
                    <td class="mono">{entry.action}</td>
                    <td>{outcome}</td>
                    <td>{entry.ip.unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="journal-heading">
            <h2 id="journal-heading">{t!(i18n, admin.journal_heading)}</h2>
            <p>{t!(i18n, admin.journal_intro)}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="journal-caption">
                <table class="table">
                    <caption id="journal-caption">{t!(i18n, admin.caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, admin.seq)}</th>
                            <th scope="col">{t!(i18n, admin.when)}</th>
                            <th scope="col">{t!(i18n, admin.actor)}</th>
                            <th scope="col">{t!(i18n, admin.action)}</th>
                            <th scope="col">{t!(i18n, admin.outcome)}</th>
                            <th scope="col">{t!(i18n, admin.ip)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
