//! Server functions of drafts: open (create with prefill), save with conflict detection,
//! check answers authoritatively, attach a file, send a step without script, list, delete. Each authorizes
//! the citizen first and reads only their own drafts; each action has its own file.

use super::model::{Draft, DraftSummary, SaveOutcome};
use crate::error::AppError;
use crate::forms::answers::FileRef;
use crate::forms::{FormDefinition, RawAnswers};
use crate::ids::ServiceId;
use crate::locale::Bilingual;
use crate::moment::Moment;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

/// What the wizard needs: the form of the draft's version, and the draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSession {
    pub title: Bilingual,
    pub form: FormDefinition,
    pub draft: Draft,
}

#[cfg(feature = "ssr")]
mod attach;
#[cfg(feature = "ssr")]
mod check;
#[cfg(feature = "ssr")]
mod delete;
#[cfg(feature = "ssr")]
mod list;
#[cfg(feature = "ssr")]
mod open;
#[cfg(feature = "ssr")]
mod save;
#[cfg(feature = "ssr")]
mod shell;
#[cfg(feature = "ssr")]
mod step;

#[cfg(feature = "ssr")]
pub use open::stored_or_new;

/// How long an unsaved draft is kept; provided by the server from its settings.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy, Debug)]
pub struct DraftPolicy {
    pub retention: time::Duration,
}

/// Opens the citizen's draft for a service: the one they have, on the form version it was
/// started on, or a new one not saved yet (prefilled from their identity), which their first
/// save creates. Nothing is written: a page that calls this on a GET changes nothing.
#[server(endpoint = "drafts/open")]
pub async fn open_draft(service: ServiceId) -> Result<FormSession, AppError> {
    crate::api::answer(open::open(service).await)
}

/// A service's form with a blank draft, for no one in particular: the page a device with no
/// network starts the form from (`…/demande/hors-ligne`), filled there from what the device
/// kept. Public like the service's help page; nothing is read or written of anyone.
#[server(endpoint = "drafts/shell")]
pub async fn form_shell(service: ServiceId) -> Result<FormSession, AppError> {
    crate::api::answer(shell::shell(service).await)
}

/// Saves the answers over the revision the device last had (`base_revision`). Answers are
/// checked for shape (known, shown fields; right types; sizes), not completeness.
#[server(endpoint = "drafts/save", input = Json)]
pub async fn save_draft(
    service: ServiceId,
    service_version: u32,
    base_revision: i64,
    answers: RawAnswers,
    step: usize,
    edited_at: Moment,
) -> Result<SaveOutcome, AppError> {
    crate::api::answer(save::save(service, service_version, base_revision, answers, step, edited_at).await)
}

/// Checks answers against the draft's form: one step before going on (`step`), or the whole
/// form for the review page. The browser ran the same rules; this is the one that counts.
#[server(endpoint = "forms/check", input = Json)]
pub async fn check_answers(service: ServiceId, step: Option<usize>, answers: RawAnswers) -> Result<(), AppError> {
    crate::api::answer(check::check(service, step, answers).await)
}

/// A step of the wizard sent by a plain form post, when no script runs: the answers of the
/// step shown and the button pressed (see `step.rs`). The browser comes back to the form
/// page, at the step the draft is now at, or with the errors of the step.
#[server(endpoint = "drafts/step", input = MultipartFormData)]
pub async fn send_step(data: MultipartData) -> Result<(), AppError> {
    let done = step::send(data).await;
    match &done {
        Ok(done) => crate::api::return_with_done(done),
        Err(error) => crate::api::return_with_error(SendStep::PATH, error),
    }
    crate::api::answer(done.map(|_| ()))
}

/// Keeps a file for one file field of the citizen's draft and returns the reference its answer
/// holds. The form data holds `service`, `field` and then `file`, in that order. The file is
/// refused, as an error on that field, when it is empty, larger than the field allows, or not
/// one of its accepted kinds *by its content*. A file attached before to the same field is
/// deleted.
#[server(endpoint = "attachments/add", input = MultipartFormData)]
pub async fn attach_file(data: MultipartData) -> Result<FileRef, AppError> {
    crate::api::answer(attach::attach(data).await)
}

/// The citizen's drafts, for "Mes démarches".
#[server(endpoint = "drafts/list")]
pub async fn my_drafts() -> Result<Vec<DraftSummary>, AppError> {
    crate::api::answer(list::list().await)
}

/// Deletes the citizen's draft for a service (journaled). A plain post (no script) goes on to
/// "Mes démarches", or back with the error.
#[server(endpoint = "drafts/delete")]
pub async fn delete_draft(service: ServiceId) -> Result<(), AppError> {
    let deleted = delete::delete(service).await;
    match &deleted {
        Ok(()) => crate::api::go_on_with_done(|locale| crate::locale::Page::MyRequests.path(locale), DELETED),
        Err(error) => crate::api::return_with_error(DeleteDraft::PATH, error),
    }
    crate::api::answer(deleted)
}

/// What "Mes démarches" says when a plain post has just deleted a draft.
pub const DELETED: &str = "deleted";
