//! Deleting the draft from the wizard, after a confirmation. Without script, "delete" sends the
//! step (nothing typed is lost) and the page comes back asking to confirm; the confirmation's
//! form posts the deletion, with or without script, and the server answers with "Mes démarches".

use super::wizard::FORM_ID;
use crate::drafts::api::DeleteDraft;
use crate::drafts::model::Go;
use crate::drafts::sync::{LiveDraft, SaveState};
use crate::i18n::td;
use crate::locale::{page_locale, service_path};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// The "delete this draft" link and its confirmation; hidden while nothing is saved.
#[component]
pub fn DeleteDraftSection(
    live: LiveDraft,
    /// Back from a plain post that asked to delete: the confirmation shows, focused.
    asked: bool,
) -> impl IntoView {
    let locale = page_locale();
    let confirming = RwSignal::new(asked);
    let offline = RwSignal::new(false);
    let service_id = StoredValue::new(live.service());
    // Offline, the post would end on the browser's error page.
    let delete = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        if !crate::drafts::local::online() {
            ev.prevent_default();
            offline.set(true);
            return;
        }
        let _ = ev;
        live.close();
    };
    let not_saved = move || live.save_state.get() == SaveState::NotYet;
    view! {
        <section class="wizard__delete" aria-labelledby="delete-heading" hidden=not_saved>
            <h2 id="delete-heading" class="visually-hidden">{td!(locale, drafts.delete.heading)}</h2>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="submit" form=FORM_ID name=Go::PART value=Go::Delete.value() class="button button--link"
                        on:click=move |ev| {
                            ev.prevent_default();
                            confirming.set(true);
                        }>
                        {td!(locale, drafts.delete.ask)}
                    </button>
                }
            >
                <div class="notice notice--warning" role="alert" tabindex="-1" autofocus=asked>
                    <p>{td!(locale, drafts.delete.confirm_text)}</p>
                    <form method="post" action=DeleteDraft::PATH>
                        <input type="hidden" name="service" value=service_id.with_value(|id| id.as_str().to_owned()) />
                        <button type="submit" class="button button--danger" on:click=delete>
                            {td!(locale, drafts.delete.confirm)}
                        </button>
                        " "
                        <button type="submit" formmethod="get" formaction=service_id.with_value(|id| service_path(locale, id, true))
                            class="button button--secondary"
                            on:click=move |ev| {
                                ev.prevent_default();
                                confirming.set(false);
                            }>
                            {td!(locale, drafts.delete.cancel)}
                        </button>
                    </form>
                </div>
            </Show>
            {move || offline.get().then(|| view! {
                <p class="notice notice--warning" role="alert">{td!(locale, drafts.delete.offline)}</p>
            })}
        </section>
    }
}
