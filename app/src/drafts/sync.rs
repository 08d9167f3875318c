//! The draft the wizard edits, live in the browser: every change goes to the device's storage
//! at once, then to the server (debounced) with the revision it was based on. Offline, the
//! device's copy keeps everything and the sync resumes when the connection returns. A save
//! that meets another device's edit never loses either: the newer wins, and the other can be
//! restored.
//!
//! Rendered on the server, a `LiveDraft` only holds the answers and the step; the saving starts
//! in the browser ([`LiveDraft::start`]).

use super::model::Draft;
use crate::forms::{FieldError, FormDefinition, RawAnswers};
use crate::ids::ServiceId;
use crate::moment::Moment;
use leptos::prelude::*;

/// Where the copy of the answers is, as the page tells the citizen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Nothing saved yet: a new draft, which the first change creates.
    NotYet,
    /// The server has exactly what is on screen.
    InFile,
    /// Kept on this device; on its way to the server.
    OnDevice,
    /// Kept on this device; no connection.
    Offline,
}

/// The other version after a conflict, which the citizen may restore.
#[derive(Clone, Debug, PartialEq)]
pub struct OtherVersion {
    pub answers: RawAnswers,
    /// True: this device's edit replaced the other device's; false: the other device's newer
    /// edit replaced this one.
    pub ours_won: bool,
}

/// The draft on screen, on the device and on the server. `Copy`: every part is a signal or a
/// stored value, so the wizard's handlers each hold it whole.
#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "hydrate"), expect(dead_code, reason = "only the browser saves"))]
pub struct LiveDraft {
    pub answers: RwSignal<RawAnswers>,
    /// The step on screen; the number of steps is the review.
    pub step: RwSignal<usize>,
    pub save_state: RwSignal<SaveState>,
    pub expires_at: RwSignal<Moment>,
    /// Set after a conflict, until restored or dismissed.
    pub other_version: RwSignal<Option<OtherVersion>>,
    /// What the server found wrong in the answers (a save, a check, a plain post), until the
    /// next change.
    pub server_errors: RwSignal<Vec<FieldError>>,
    service_id: StoredValue<ServiceId>,
    service_version: u32,
    form: StoredValue<FormDefinition>,
    /// The revision the answers are based on, and when the citizen last typed (RFC 3339).
    revision: StoredValue<i64>,
    edited_at: StoredValue<Moment>,
    /// Names this person's copies on the device; none for a guest.
    device_key: StoredValue<Option<String>>,
    /// Counts the changes, so that a save answered after a newer change leaves its state.
    generation: StoredValue<u64>,
    /// True while a change comes from elsewhere (the device's copy, the other device): it is
    /// not an edit of the citizen and is not sent back.
    applying: StoredValue<bool>,
    /// Set once the request is filed or the draft deleted: nothing more is saved.
    closed: StoredValue<bool>,
    /// Started with no network, for no one in particular (`OfflineFormPage`): the person is the
    /// one whose form this device last opened, and nothing goes to the server from here.
    device_only: bool,
}

impl LiveDraft {
    pub fn new(
        draft: Draft,
        form: StoredValue<FormDefinition>,
        device_key: Option<String>,
        server_errors: Vec<FieldError>,
        device_only: bool,
    ) -> LiveDraft {
        let steps = form.with_value(|f| f.steps.len());
        let saved = if draft.is_saved() {
            SaveState::InFile
        } else {
            SaveState::NotYet
        };
        LiveDraft {
            answers: RwSignal::new(draft.answers),
            step: RwSignal::new(draft.step.min(steps)),
            save_state: RwSignal::new(saved),
            expires_at: RwSignal::new(draft.expires_at),
            other_version: RwSignal::new(None),
            server_errors: RwSignal::new(server_errors),
            service_id: StoredValue::new(draft.service_id),
            service_version: draft.service_version,
            form,
            revision: StoredValue::new(draft.revision),
            edited_at: StoredValue::new(draft.edited_at),
            device_key: StoredValue::new(device_key),
            generation: StoredValue::new(0),
            applying: StoredValue::new(true),
            closed: StoredValue::new(false),
            device_only,
        }
    }

    /// The service whose draft this is.
    pub fn service(self) -> ServiceId {
        self.service_id.get_value()
    }

    /// Puts back the other version after a conflict.
    pub fn restore_other(self) {
        if let Some(other) = self.other_version.get_untracked() {
            self.other_version.set(None);
            self.answers.set(other.answers);
        }
    }
}

#[cfg(not(feature = "hydrate"))]
impl LiveDraft {
    pub fn start(self) {}
    pub fn flush(self) {}
    pub fn close(self) {}
}

#[cfg(feature = "hydrate")]
impl LiveDraft {
    /// Starts saving: takes what the device kept when it is newer than the server's copy, then
    /// keeps every change on the device at once and sends it soon; resumes when back online.
    pub fn start(self) {
        match (self.device_only, self.device_key.get_value()) {
            // Whose answers this device keeps: the person of the last form opened here.
            (false, Some(key)) => super::local::remember_person(&key),
            (true, _) => self.device_key.set_value(super::local::last_person()),
            (false, None) => {}
        }
        // Once drawn as the server rendered it (hydration), then on every change.
        Effect::new(move |_| self.take_newer_device_copy());
        Effect::new(move |_| {
            self.answers.track();
            self.step.track();
            self.changed();
        });
        // Only what waits on the device is sent: a draft nobody changed stays unsaved.
        let waiting = move || {
            matches!(
                self.save_state.get_untracked(),
                SaveState::OnDevice | SaveState::Offline
            )
        };
        let online = window_event_listener(leptos::ev::online, move |_| {
            if self.device_only {
                self.resume_online();
            } else if waiting() {
                self.flush();
            }
        });
        on_cleanup(move || online.remove());
        let offline = window_event_listener(leptos::ev::offline, move |_| {
            if waiting() {
                self.save_state.set(SaveState::Offline);
            }
        });
        on_cleanup(move || offline.remove());
    }

    /// Sends the answers to the server now.
    pub fn flush(self) {
        use super::api::save_draft;
        use super::local;
        use super::model::SaveOutcome;
        use crate::error::AppError;
        if self.closed.get_value() {
            return;
        }
        if !local::online() || self.device_only {
            self.save_state.set(SaveState::Offline);
            return;
        }
        let steps = self.form.with_value(|f| f.steps.len());
        let sent = self.answers.get_untracked();
        let at_step = self.step.get_untracked();
        let sent_generation = self.generation.get_value();
        leptos::task::spawn_local(async move {
            let outcome = save_draft(
                self.service(),
                self.service_version,
                self.revision.get_value(),
                sent.clone(),
                at_step,
                self.edited_at.get_value(),
            )
            .await;
            match outcome {
                Ok(SaveOutcome::Saved {
                    revision, expires_at, ..
                }) => {
                    self.revision.set_value(revision);
                    self.expires_at.set(expires_at);
                }
                Ok(SaveOutcome::Replaced {
                    revision,
                    expires_at,
                    replaced,
                    ..
                }) => {
                    self.revision.set_value(revision);
                    self.expires_at.set(expires_at);
                    self.other_version.set(Some(OtherVersion {
                        answers: replaced.answers,
                        ours_won: true,
                    }));
                }
                Ok(SaveOutcome::Newer { newer }) => {
                    self.other_version.set(Some(OtherVersion {
                        answers: sent,
                        ours_won: false,
                    }));
                    self.revision.set_value(newer.revision);
                    self.edited_at.set_value(newer.edited_at);
                    self.expires_at.set(newer.expires_at);
                    self.applying.set_value(true);
                    self.answers.set(newer.answers);
                    self.step.set(newer.step.min(steps));
                }
                Err(AppError::InvalidAnswers { errors }) => {
                    self.server_errors.set(errors);
                    return;
                }
                Err(_) => {
                    self.save_state.set(if local::online() {
                        SaveState::OnDevice
                    } else {
                        SaveState::Offline
                    });
                    return;
                }
            }
            if self.generation.get_value() == sent_generation {
                self.save_state.set(SaveState::InFile);
                self.keep_on_device(true);
            }
        });
    }

    /// The request is filed or the draft deleted: its copy on this device goes too, and
    /// nothing more is saved.
    pub fn close(self) {
        self.closed.set_value(true);
        if let Some(key) = self.device_key.get_value() {
            self.service_id.with_value(|id| super::local::remove(&key, id));
        }
    }

    /// What the device kept and the server does not have yet (typed offline, or just before a
    /// crash) wins over the server's copy when it was typed later.
    fn take_newer_device_copy(self) {
        let Some(key) = self.device_key.get_value() else { return };
        let kept = self.service_id.with_value(|id| super::local::load(&key, id));
        if self.device_only {
            return self.take_device_copy(kept);
        }
        match kept {
            Some(kept)
                if !kept.synced
                    && kept.service_version == self.service_version
                    && kept.edited_at > self.edited_at.get_value() =>
            {
                self.show_kept(kept);
                self.save_state.set(SaveState::OnDevice);
                self.flush();
            }
            _ => self.keep_on_device(true),
        }
    }

    /// Started with no network: what the device kept is the draft, sent or not. Back online at
    /// once (the page was opened with a network after all), the form itself takes over.
    fn take_device_copy(self, kept: Option<super::local::LocalDraft>) {
        if super::local::online() {
            return self.resume_online();
        }
        self.save_state.set(SaveState::Offline);
        if let Some(kept) = kept.filter(|kept| kept.service_version == self.service_version) {
            self.show_kept(kept);
        }
    }

    /// Puts the device's copy on screen, as the draft's own state (not an edit of the citizen).
    fn show_kept(self, kept: super::local::LocalDraft) {
        let steps = self.form.with_value(|f| f.steps.len());
        self.revision.set_value(kept.base_revision);
        self.edited_at.set_value(kept.edited_at);
        self.applying.set_value(true);
        self.answers.set(kept.answers);
        self.step.set(kept.step.min(steps));
    }

    /// The network is back on a form started without it (at the form's own address, or at
    /// the address of the page kept for that): the form itself, in the person's file, takes
    /// what this device kept and sends it.
    fn resume_online(self) {
        let location = leptos::prelude::window().location();
        let path = location.pathname().unwrap_or_default();
        // `…/demande/hors-ligne` leads to `…/demande`; the form's own address is loaded again.
        let form = match path.matches('/').count() {
            5 => path.rsplit_once('/').map_or(path.as_str(), |(form, _)| form).to_owned(),
            _ => path,
        };
        let _ = location.replace(&form);
    }

    /// A change on screen: prune what the answers now hide, keep it on the device at once,
    /// send it soon.
    fn changed(self) {
        use super::local;
        use crate::forms::visibility::prune_hidden;
        if self.applying.get_value() {
            self.applying.set_value(false);
            return;
        }
        let pruned = self.answers.with_untracked(|a| {
            let mut a = a.clone();
            self.form.with_value(|f| prune_hidden(f, &mut a));
            a
        });
        if self.answers.with_untracked(|a| *a != pruned) {
            self.answers.set(pruned);
            return;
        }
        self.server_errors.set(Vec::new());
        self.edited_at.set_value(local::now());
        self.keep_on_device(false);
        self.save_state.set(if local::online() {
            SaveState::OnDevice
        } else {
            SaveState::Offline
        });
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        set_timeout(
            move || {
                if self.generation.get_value() == mine {
                    self.flush();
                }
            },
            std::time::Duration::from_millis(800),
        );
    }

    fn keep_on_device(self, synced: bool) {
        use super::local::{self, LocalDraft};
        let Some(key) = self.device_key.get_value().filter(|_| !self.closed.get_value()) else {
            return;
        };
        let copy = LocalDraft {
            service_version: self.service_version,
            answers: self.answers.get_untracked(),
            step: self.step.get_untracked(),
            base_revision: self.revision.get_value(),
            edited_at: self.edited_at.get_value(),
            synced,
        };
        self.service_id.with_value(|id| local::store(&key, id, &copy));
    }
}
