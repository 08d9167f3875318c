//! What the request form page learns from the plain form post it came back from, when no
//! script ran: read on the server from the address, then said by the page or handed to the
//! wizard island.

use crate::drafts::api::{DeleteDraft, SendStep};
use crate::error::AppError;
use crate::forms::FieldError;
use crate::ui::DONE;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

/// What the page learns from the plain form post it came back from, when no script ran (see
/// `drafts::api::step`): the errors of the step or of the review, another failure, what was done.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CameBack {
    pub refused: Vec<FieldError>,
    pub failure: Option<AppError>,
    pub done: Option<String>,
}

impl CameBack {
    /// Read from the address on the server (`__err` of the step or the submission, `done`).
    pub fn read() -> CameBack {
        use leptos::server_fn::error::ServerFnUrlError;
        let (error, done) = use_query_map().with_untracked(|query| {
            let from = query.get("__path");
            let ours = [
                SendStep::PATH,
                DeleteDraft::PATH,
                <crate::requests::api::SubmitRequest as ServerFn>::PATH,
            ]
            .into_iter()
            .any(|path| from.as_deref() == Some(path));
            let error = query
                .get("__err")
                .filter(|_| ours)
                .map(|error| ServerFnUrlError::<AppError>::decode_err(&error));
            (error, query.get(DONE))
        });
        match error {
            Some(AppError::InvalidAnswers { errors }) => CameBack {
                refused: errors,
                failure: None,
                done,
            },
            failure => CameBack {
                refused: Vec::new(),
                failure,
                done,
            },
        }
    }
}

/// The key of a submission sent without script, made once per rendered review (a second post
/// of the same page files nothing more). The script makes its own when it runs.
pub fn submission_key() -> String {
    #[cfg(feature = "ssr")]
    return uuid::Uuid::new_v4().to_string();
    #[cfg(not(feature = "ssr"))]
    String::new()
}
