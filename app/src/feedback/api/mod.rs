//! Server functions of problem reports and ideas: the form's ticket, sending one (a guest too),
//! the sender's own list and reopening, and the administrators' board and status changes. Every
//! refusal names its field (`form` for the whole form) and writes nothing.

use super::model::{BoardItem, FeedbackItem};
use crate::error::AppError;
use crate::ids::FeedbackId;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

/// What the form carries beside what the person types.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormTicket {
    /// When the form was drawn, signed (`tickets`).
    pub ticket: String,
}

/// How many a guest may send from one address, and a citizen, per hour.
pub const GUEST_PER_HOUR: i64 = 5;
pub const CITIZEN_PER_HOUR: i64 = 10;

/// The field of the honeypot: hidden from people (and screen readers), filled by robots.
pub const HONEYPOT: &str = "website";

/// What the form's page says when a plain post has just sent it.
pub const SENT: &str = "sent";
/// The sent page's query holding the token that joins a screenshot to the report just sent.
pub const REPORT: &str = "report";
/// The screenshot's part of its form.
pub const SCREENSHOT_FIELD: &str = "screenshot";
/// What the sent page says when a screenshot was just joined.
pub const SCREENSHOT_JOINED: &str = "screenshot";

/// Joins a screenshot to a problem report just sent: a plain multipart post from the page
/// that says it was sent, with `report` (the token that page carries) then `screenshot`.
#[server(endpoint = "feedback/screenshot", input = MultipartFormData)]
pub async fn attach_screenshot(data: MultipartData) -> Result<(), AppError> {
    let multipart = data.into_inner().ok_or(AppError::Internal)?;
    let joined = super::screenshots::attach(multipart).await;
    match &joined {
        Ok(_) => crate::api::return_with_done(SCREENSHOT_JOINED),
        Err(error) => {
            // Back to the form with its token, to try another file.
            let token = crate::api::posted_query(REPORT).unwrap_or_default();
            crate::api::return_with_error_keeping(AttachScreenshot::PATH, error, &[(REPORT, &token)]);
        }
    }
    crate::api::answer(joined.map(|_| ()))
}

/// What "Mes problèmes et idées" says when a plain post has just reopened one.
pub const REOPENED: &str = "reopened";

/// The form's ticket, drawn now. Writes nothing.
#[server(endpoint = "feedback/form")]
pub async fn feedback_form() -> Result<FormTicket, AppError> {
    let portal = crate::api::portal()?;
    Ok(FormTicket {
        ticket: portal.feedback.issue(portal.auth.clock.now()),
    })
}

pub use sending::{SendFeedback, send_feedback};

#[expect(
    clippy::too_many_arguments,
    reason = "a server function takes the form's fields as arguments"
)]
mod sending {
    use super::*;

    /// Sends a problem report (`kind` = `problem`) or an idea (`idea`), written in `language`.
    /// `context` (`on`) is the consent to send along the page it came from (`page`) and the
    /// browser.
    #[server(endpoint = "feedback/send")]
    pub async fn send_feedback(
        kind: String,
        title: String,
        body: String,
        language: String,
        page: Option<String>,
        context: Option<String>,
        website: Option<String>,
        ticket: String,
    ) -> Result<(), AppError> {
        let form = super::send::Form {
            kind,
            title,
            body,
            language,
            page,
            context: context.is_some(),
            honeypot: website.unwrap_or_default(),
            ticket,
        };
        let is_problem = form.kind == super::super::model::FeedbackKind::Problem.as_str();
        let sent = super::send::send(form).await;
        match &sent {
            // A problem's page then offers to join a screenshot, with the token that allows it.
            Ok(id) if is_problem => {
                let portal = crate::api::portal()?;
                let token = portal.feedback.report(id, portal.auth.clock.now());
                crate::api::return_with_done_and(SENT, &[(REPORT, &token)]);
            }
            Ok(_) => crate::api::return_with_done(SENT),
            Err(error) => crate::api::return_with_error(SendFeedback::PATH, error),
        }
        crate::api::answer(sent.map(|_| ()))
    }
}

/// One that may be the same as what someone is about to send: its title and where it stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Similar {
    pub title: String,
    /// In the language asked.
    pub status: String,
}

/// "Est-ce la même chose ?": the open problem reports or ideas (`kind`) an administrator has
/// already looked at whose titles share words with `title`, at most five, with where each
/// stands in `language`. Only those an administrator has seen are shown to others.
#[server(endpoint = "feedback/similar")]
pub async fn similar_feedback(title: String, kind: String, language: String) -> Result<Vec<Similar>, AppError> {
    crate::api::answer(similar::similar(title, kind, language).await)
}

/// The signed-in citizen's problem reports and ideas, newest first.
#[server(endpoint = "feedback/mine")]
pub async fn my_feedback() -> Result<Vec<FeedbackItem>, AppError> {
    crate::api::answer(follow::mine().await)
}

/// Asks to reopen one of the citizen's that was marked fixed / done (once).
#[server(endpoint = "feedback/reopen")]
pub async fn reopen_feedback(id: FeedbackId) -> Result<(), AppError> {
    let reopened = follow::reopen(id).await;
    match &reopened {
        Ok(()) => crate::api::return_with_done(REOPENED),
        Err(error) => crate::api::return_with_error(ReopenFeedback::PATH, error),
    }
    crate::api::answer(reopened)
}

/// The administrators' board: of one kind (`problem`, `idea`), one status, one sender's
/// language (`fr`, `en`) and received within a range of Québec days (`YYYY-MM-DD`), or all
/// (each part empty); duplicates merged into another are counted in its votes, not listed.
#[server(endpoint = "admin/feedback")]
pub async fn feedback_board(
    kind: String,
    status: String,
    #[server(default)] language: String,
    #[server(default)] from: String,
    #[server(default)] until: String,
) -> Result<Vec<BoardItem>, AppError> {
    crate::api::answer(triage::board(triage::board_filter(&kind, &status, &language, &from, &until)).await)
}

/// An administrator sets where one stands, with the ministry's answer in both languages (both
/// or neither); the sender, and the senders of its duplicates, hear of it in their messages.
#[server(endpoint = "admin/feedback/status")]
pub async fn set_feedback_status(
    id: FeedbackId,
    status: String,
    answer_fr: Option<String>,
    answer_en: Option<String>,
) -> Result<(), AppError> {
    let item = id.to_string();
    let set = triage::set_status(id, status, answer_fr, answer_en).await;
    match &set {
        Ok(()) => crate::api::return_with_done_and(STATUS_SET, &[(BOARD_ITEM, &item)]),
        Err(error) => crate::api::return_with_error_keeping(SetFeedbackStatus::PATH, error, &[(BOARD_ITEM, &item)]),
    }
    crate::api::answer(set)
}

/// An administrator merges a duplicate (`id`) into the report or idea it repeats (`into`).
#[server(endpoint = "admin/feedback/merge")]
pub async fn merge_feedback(id: FeedbackId, into: FeedbackId) -> Result<(), AppError> {
    let item = id.to_string();
    let merged = triage::merge(id, into).await;
    match &merged {
        Ok(()) => crate::api::return_with_done(MERGED),
        Err(error) => crate::api::return_with_error_keeping(MergeFeedback::PATH, error, &[(BOARD_ITEM, &item)]),
    }
    crate::api::answer(merged)
}

/// What the board says when a plain post has just set a status, or merged a duplicate.
pub const STATUS_SET: &str = "status_set";
pub const MERGED: &str = "merged";
/// The board's query naming the item a plain post was about (its notice or refusal shows there).
pub const BOARD_ITEM: &str = "item";

/// Refuses with the reason of one field.
#[cfg(feature = "ssr")]
fn refused(field: &str, reason: &str) -> AppError {
    AppError::InvalidInput {
        fields: vec![(field.to_owned(), reason.to_owned())],
    }
}

#[cfg(feature = "ssr")]
mod send;

#[cfg(feature = "ssr")]
mod follow;

#[cfg(feature = "ssr")]
pub mod triage;

#[cfg(feature = "ssr")]
mod similar;
