//! A service's request form as a device with no network starts it (`/fr/services/{id}/demande/
//! hors-ligne`): the same wizard, rendered for no one, which the service worker keeps once its
//! person opened the form on this device and serves when that form is opened offline. The
//! wizard shows what the device kept and keeps what is typed there; when the network returns it
//! goes to the form itself, which sends it to the person's file.

use super::request_form_page::FormNotShown;
use super::wizard::Wizard;
use crate::drafts::api::form_shell;
use crate::i18n::{t, use_i18n};
use crate::ids::ServiceId;
use crate::ui::{IslandsFailed, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OfflineFormPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let service = move || params.with(|p| ServiceId::new(p.get("service").unwrap_or_default()));
    let session = Resource::new_blocking(service, form_shell);
    view! {
        <div class="container wizard">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match session.await {
                        Ok(session) => {
                            let locale = i18n.get_locale();
                            let title = session.title.get(locale).to_owned();
                            view! {
                                <PageTitle title=title.clone() />
                                <h1>{title}</h1>
                                <IslandsFailed />
                                <div class="notice" role="status">
                                    <p>{t!(i18n, forms.offline.kept)}</p>
                                    <p>{t!(i18n, forms.offline.later)}</p>
                                </div>
                                <Wizard session device_key=None offline=true refused=Vec::new() done=None submit_key=String::new() />
                            }
                            .into_any()
                        }
                        Err(error) => view! { <FormNotShown error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
