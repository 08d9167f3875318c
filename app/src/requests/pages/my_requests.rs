//! "Mes démarches": drafts, then requests sent, each with where it stands.

use super::state_label;
use crate::drafts::api::my_drafts;
use crate::error::AppError;
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::{Page, request_path};
use crate::requests::api::my_requests;
use crate::requests::model::RequestSummary;
use crate::ui::when::date_of;
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;

/// "Mes démarches": the signed-in citizen's drafts and requests. A guest is sent to sign in by
/// the server; after a client-side navigation the page says so itself.
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    // Back from deleting a draft.
    let deleted = crate::ui::is_done(crate::drafts::api::DELETED);
    // Both read at once, before the page renders, in one suspense (resources made inside
    // another suspense's branch left one page in a dozen waiting forever under load).
    let drafts = Resource::new_blocking(|| (), |_| my_drafts());
    let requests = Resource::new_blocking(|| (), |_| my_requests());
    view! {
        <PageTitle title=t_string!(i18n, requests.my_requests.title) />
        <div class="container prose">
            <h1>{t!(i18n, requests.my_requests.heading)}</h1>
            {deleted.then(|| view! { <p class="notice" role="status">{t!(i18n, drafts.delete.done)}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match (drafts.await, requests.await) {
                        (Err(AppError::Unauthorized), _) | (_, Err(AppError::Unauthorized)) => {
                            view! { <ErrorNotice error=AppError::Unauthorized /> }.into_any()
                        }
                        (drafts, requests) => view! {
                            <crate::drafts::pages::DraftList drafts />
                            <RequestList requests />
                            <p><a href=move || Page::Help.path(i18n.get_locale())>{t!(i18n, requests.my_requests.help_link)}</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// The requests sent, most recently changed first.
#[component]
fn RequestList(requests: Result<Vec<RequestSummary>, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <section aria-labelledby="requests-heading">
            <h2 id="requests-heading">{t!(i18n, requests.my_requests.requests_heading)}</h2>
            {
                match requests {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, requests.my_requests.empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="draft-list">
                            {list
                                .into_iter()
                                .map(|request| {
                                    let RequestSummary { id, reference, title, stage, status, action_required, updated_at } = request;
                                    let state = move || state_label(stage, status.as_ref(), locale());
                                    let hidden_reference = format!(" — {reference}");
                                    view! {
                                        <li class="draft" data-testid="request">
                                            <h3>
                                                <a href=move || request_path(locale(), &id, false)>
                                                    {move || title.get(locale()).to_owned()}
                                                    <span class="visually-hidden">{hidden_reference}</span>
                                                </a>
                                            </h3>
                                            {action_required.then(|| view! {
                                                <p class="badge badge--warning">{t!(i18n, requests.my_requests.action_required)}</p>
                                            })}
                                            <dl class="facts">
                                                <dt>{t!(i18n, requests.receipt.reference)}</dt>
                                                <dd>{reference}</dd>
                                                <dt>{t!(i18n, requests.my_requests.state)}</dt>
                                                <dd>{state}</dd>
                                                <dt>{t!(i18n, requests.my_requests.updated)}</dt>
                                                <dd>{move || date_of(&updated_at, locale())}</dd>
                                            </dl>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                }
            }
        </section>
    }
}
