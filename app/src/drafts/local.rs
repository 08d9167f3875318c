//! The browser's copy of drafts, in local storage: written on every change so that a reload,
//! a crash or a lost connection loses nothing. Keys carry the person's device key, so another
//! person on the same browser never reads them, and signing out removes them (`public/portal.js`
//! forgets every key under `vs-draft:<device key>:` when a sign-out form posts).

use crate::forms::RawAnswers;
use crate::moment::Moment;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

/// What the browser keeps of a draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LocalDraft {
    pub service_version: u32,
    pub answers: RawAnswers,
    pub step: usize,
    /// The server revision these answers were based on.
    pub base_revision: i64,
    /// When the person last typed (RFC 3339, the browser's clock).
    pub edited_at: Moment,
    /// Whether the server has these answers.
    pub synced: bool,
}

/// Also written in `public/portal.js`, which clears a person's copies at sign-out.
const PREFIX: &str = "vs-draft:";

fn key(device_key: &str, service: &str) -> String {
    format!("{PREFIX}{device_key}:{service}")
}

/// Also written in `public/portal.js`: the device key of the person whose form this browser last
/// opened, so that a form started with no network finds their copies; forgotten at sign-out.
const PERSON: &str = "vs-device";

/// Remembers whose copies a form started with no network shows.
pub fn remember_person(device_key: &str) {
    if LocalStorage::raw().set_item(PERSON, device_key).is_err() {
        leptos::logging::warn!("cannot keep the draft on this device");
    }
}

/// The person whose form this browser last opened, if they have not signed out since.
pub fn last_person() -> Option<String> {
    LocalStorage::raw().get_item(PERSON).ok().flatten()
}

/// The browser's copy of a draft, if any.
pub fn load(device_key: &str, service: &str) -> Option<LocalDraft> {
    LocalStorage::get(key(device_key, service)).ok()
}

/// Writes the browser's copy; a full or refused storage is not fatal (the server has the draft
/// when online), so it is only reported on the console.
pub fn store(device_key: &str, service: &str, draft: &LocalDraft) {
    if let Err(error) = LocalStorage::set(key(device_key, service), draft) {
        leptos::logging::warn!("cannot keep the draft on this device: {error}");
    }
}

/// Forgets the browser's copy of one draft.
pub fn remove(device_key: &str, service: &str) {
    LocalStorage::delete(key(device_key, service));
}

/// Now, as RFC 3339 in UTC to the millisecond (the device's clock, as the browser writes it).
pub fn now() -> Moment {
    Moment::from_text(String::from(web_sys::js_sys::Date::new_0().to_iso_string()))
}

/// Whether the browser believes it is online.
pub fn online() -> bool {
    leptos::prelude::window().navigator().on_line()
}
