//! One thing wrong in a body a service sent (a manifest, a status event) or an administrator
//! typed in the console: its path, its code, and its sentence in either language.

use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// One thing wrong in a body a service sent (a manifest, a status event), at a path like
/// `form.steps[1].fields[3].label.en`. The API answers each with its sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub path: String,
    pub code: ProblemCode,
}

/// The kinds of problems, as the API names them (`snake_case`; its OpenAPI document lists them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    Missing,
    InvalidId,
    Duplicate,
    Empty,
    TooMany,
    UnknownField,
    /// A condition on a field that is not asked before this one.
    ConditionOrder,
    InvalidRange,
    InvalidUrl,
    /// An endpoint over plain `http://` outside development.
    InsecureUrl,
    /// An endpoint inside the network (loopback, private, link-local, metadata) that no operator
    /// allowed.
    InternalAddress,
    NoTerminalStatus,
    InvalidVersion,
    /// The JSON itself: syntax, an unknown field or value, a wrong type.
    Malformed,
    /// The manifest's id is not the service in the address.
    Mismatch,
    /// Not something the portal offers (a file kind it cannot recognize by content).
    Unsupported,
    /// A text longer than the portal keeps.
    TooLong,
    /// Not a date written `YYYY-MM-DD`.
    InvalidDate,
    /// A status the service's manifest does not declare.
    UnknownStatus,
    /// Given only when an action is asked of the citizen (a deadline with `action_required: false`).
    NeedsAction,
}

impl ProblemCode {
    /// Every code, for the checks that each has a sentence in both languages and an entry in
    /// the OpenAPI document (a unit test below keeps it whole).
    pub const ALL: [ProblemCode; 20] = {
        use ProblemCode::*;
        [
            Missing,
            InvalidId,
            Duplicate,
            Empty,
            TooMany,
            UnknownField,
            ConditionOrder,
            InvalidRange,
            InvalidUrl,
            InsecureUrl,
            InternalAddress,
            NoTerminalStatus,
            InvalidVersion,
            Malformed,
            Mismatch,
            Unsupported,
            TooLong,
            InvalidDate,
            UnknownStatus,
            NeedsAction,
        ]
    };
}

impl FieldProblem {
    pub fn new(path: impl Into<String>, code: ProblemCode) -> FieldProblem {
        FieldProblem {
            path: path.into(),
            code,
        }
    }

    /// The problem's sentence, naming its path (`form.steps[1].fields[0].label.en is missing`).
    pub fn message(&self, locale: Locale) -> String {
        let path = if self.path.is_empty() {
            td_string!(locale, api.problems.body)
        } else {
            self.path.as_str()
        };
        match self.code {
            ProblemCode::Missing => td_string!(locale, api.problems.missing, path = path).to_string(),
            ProblemCode::InvalidId => td_string!(locale, api.problems.invalid_id, path = path).to_string(),
            ProblemCode::Duplicate => td_string!(locale, api.problems.duplicate, path = path).to_string(),
            ProblemCode::Empty => td_string!(locale, api.problems.empty, path = path).to_string(),
            ProblemCode::TooMany => td_string!(locale, api.problems.too_many, path = path).to_string(),
            ProblemCode::UnknownField => td_string!(locale, api.problems.unknown_field, path = path).to_string(),
            ProblemCode::ConditionOrder => td_string!(locale, api.problems.condition_order, path = path).to_string(),
            ProblemCode::InvalidRange => td_string!(locale, api.problems.invalid_range, path = path).to_string(),
            ProblemCode::InvalidUrl => td_string!(locale, api.problems.invalid_url, path = path).to_string(),
            ProblemCode::InsecureUrl => td_string!(locale, api.problems.insecure_url, path = path).to_string(),
            ProblemCode::InternalAddress => td_string!(locale, api.problems.internal_address, path = path).to_string(),
            ProblemCode::NoTerminalStatus => {
                td_string!(locale, api.problems.no_terminal_status, path = path).to_string()
            }
            ProblemCode::InvalidVersion => td_string!(locale, api.problems.invalid_version, path = path).to_string(),
            ProblemCode::Malformed => td_string!(locale, api.problems.malformed, path = path).to_string(),
            ProblemCode::Mismatch => td_string!(locale, api.problems.mismatch, path = path).to_string(),
            ProblemCode::Unsupported => td_string!(locale, api.problems.unsupported, path = path).to_string(),
            ProblemCode::TooLong => td_string!(locale, api.problems.too_long, path = path).to_string(),
            ProblemCode::InvalidDate => td_string!(locale, api.problems.invalid_date, path = path).to_string(),
            ProblemCode::UnknownStatus => td_string!(locale, api.problems.unknown_status, path = path).to_string(),
            ProblemCode::NeedsAction => td_string!(locale, api.problems.needs_action, path = path).to_string(),
        }
    }
}

impl ProblemCode {
    /// The code a stored or sent name stands for (`missing`, `invalid_url`…).
    pub fn parse(text: &str) -> Option<ProblemCode> {
        serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
    }
}
