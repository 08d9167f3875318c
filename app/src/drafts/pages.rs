//! The drafts part of "Mes démarches": each draft with its service, the step reached, when it
//! was saved and until when it is kept, and the way back into it.

use super::DraftSummary;
use crate::error::AppError;
use crate::i18n::{t, use_i18n};
use crate::locale::service_path;
use crate::ui::ErrorNotice;
use crate::ui::when::date_of;
use leptos::prelude::*;

/// The signed-in citizen's drafts, as `drafts/list` read them for the page.
#[component]
pub fn DraftList(drafts: Result<Vec<DraftSummary>, AppError>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    view! {
        <section aria-labelledby="drafts-heading">
            <h2 id="drafts-heading">{t!(i18n, drafts.list.heading)}</h2>
            {
                match drafts {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, drafts.list.empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="draft-list">
                            {list
                                .into_iter()
                                .map(|draft| {
                                    let title = draft.title.clone();
                                    let title_for_link = draft.title.clone();
                                    let id = draft.service_id.clone();
                                    view! {
                                        <li class="draft" data-testid="draft">
                                            <h3>{move || title.get(locale()).to_owned()}</h3>
                                            <dl class="facts">
                                                <dt>{t!(i18n, drafts.list.step)}</dt>
                                                <dd>{format!("{} / {}", (draft.step + 1).min(draft.steps), draft.steps)}</dd>
                                                <dt>{t!(i18n, drafts.list.saved)}</dt>
                                                <dd>{date_of(&draft.updated_at, locale())}</dd>
                                                <dt>{t!(i18n, drafts.list.expires)}</dt>
                                                <dd>{date_of(&draft.expires_at, locale())}</dd>
                                            </dl>
                                            <p>
                                                <a class="button button--secondary" href=move || service_path(locale(), &id, true)>
                                                    {t!(i18n, drafts.list.resume)}
                                                    <span class="visually-hidden">
                                                        {move || format!(" : {}", title_for_link.get(locale()))}
                                                    </span>
                                                </a>
                                            </p>
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
