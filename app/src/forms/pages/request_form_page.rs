//! The page of a service's request form: the server reads the draft (or starts a new one, not
//! saved yet) and renders the wizard island with what a plain post it came back from said.

use super::came_back::{CameBack, submission_key};
use super::wizard::Wizard;
use crate::auth::use_viewer;
use crate::drafts::api::open_draft;
use crate::drafts::model::DONE_REVEALED;
use crate::i18n::{t, t_string, use_i18n};
use crate::ids::ServiceId;
use crate::ui::{ErrorNotice, IslandsFailed, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

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
                                <Wizard session device_key offline=false refused=came_back.refused done=came_back.done submit_key />
                            }
                            .into_any()
                        }
                        Err(error) => view! { <FormNotShown error /> }.into_any(),
                    }
                })
                }}
            </Suspense>
        </div>
    }
}

/// Why a form is not shown (a service unknown or withdrawn, sign-in needed), under the page's
/// generic title.
#[component]
pub(super) fn FormNotShown(error: crate::error::AppError) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle title=t_string!(i18n, forms.wizard.title) />
        <h1>{t!(i18n, forms.wizard.title)}</h1>
        <ErrorNotice error />
    }
}
