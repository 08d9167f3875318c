//! What the wizard says of the draft itself: where its answers are kept (in the file, on this
//! device, offline), until when, and, after a conflict between devices, the other version to
//! restore.

use crate::drafts::sync::{LiveDraft, SaveState};
use crate::i18n::{td, td_string};
use crate::locale::page_locale;
use crate::ui::when::date_of;
use leptos::prelude::*;

/// The save state, announced politely, and the conflict notice when there is one.
#[component]
pub fn DraftState(live: LiveDraft) -> impl IntoView {
    let locale = page_locale();
    let LiveDraft {
        save_state,
        expires_at,
        other_version,
        ..
    } = live;
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
                    <button type="button" class="button button--secondary" on:click=move |_| live.restore_other()>
                        {td!(locale, drafts.conflict.restore)}
                    </button>
                </div>
            }
        })
    };
    // An attribute, not a `<Show>`: the same effect for less code in the chunk.
    let not_saved = move || save_state.get() == SaveState::NotYet;
    view! {
        <div class="save-state">
            <p role="status" data-testid="save-state">{save_text}</p>
            <p class="meta" hidden=not_saved>{td!(locale, drafts.state.kept_until)} " " {move || date_of(&expires_at.get(), locale)}</p>
        </div>
        {other_notice}
    }
}
