//! What a form's answers are: as the browser holds them ([`RawAnswers`]), once they pass
//! the validator ([`ValidAnswers`]), and what is wrong with one ([`FieldError`]). Shared by
//! the validator, the visibility rules, drafts, attachments and requests.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Answers as the browser holds them: field id → JSON value (text, list, boolean, object).
pub type RawAnswers = BTreeMap<String, Value>;

/// An answer that passed its field's rules, in its field's type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Answer {
    /// Short or long text, e-mail, phone (`514-555-0123`), postal code (`H2X 1Y4`), NAM.
    Text(String),
    /// `YYYY-MM-DD`.
    Date(String),
    Number(i64),
    YesNo(bool),
    Choice(String),
    Choices(Vec<String>),
    Consent,
    File(FileRef),
}

/// A file the portal stored for this person, as a file field's answer refers to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileRef {
    pub id: String,
    pub name: String,
    pub size: u64,
    pub media_type: String,
}

/// The answers of a form that passed validation, by field id (hidden and empty fields absent).
pub type ValidAnswers = BTreeMap<String, Answer>;

/// What is wrong with one answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    ConsentRequired,
    /// A value of the wrong JSON type (a list for a text…): only a hostile or broken client.
    WrongType,
    TooLong,
    InvalidEmail,
    InvalidPhone,
    InvalidDate,
    DateTooEarly,
    DateTooLate,
    NotAWholeNumber,
    NumberTooSmall,
    NumberTooLarge,
    UnknownChoice,
    TooFewChoices,
    TooManyChoices,
    InvalidPostalCode,
    InvalidHealthInsuranceNumber,
    NamBirthDateMismatch,
    NamSexMismatch,
    InvalidFile,
    FileTooLarge,
    FileTypeNotAllowed,
    /// The browser could not send the file (offline, or the portal did not answer).
    FileNotSent,
    /// An answer to a question the form does not have.
    UnknownField,
    /// An answer to a question the citizen's other answers hide.
    HiddenField,
}

/// One error, on one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub problem: Problem,
    /// The bound that was crossed (`200`, `2026-11-24`), for the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
}

impl FieldError {
    pub(super) fn new(field: &str, problem: Problem) -> FieldError {
        FieldError {
            field: field.to_owned(),
            problem,
            limit: None,
        }
    }

    pub(super) fn with_limit(field: &str, problem: Problem, limit: impl ToString) -> FieldError {
        FieldError {
            field: field.to_owned(),
            problem,
            limit: Some(limit.to_string()),
        }
    }
}

/// Which fields to hold to their rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// One step of the wizard (its index): checked before going on to the next.
    Step(usize),
    /// The whole form, as on the review page and at submission; answers the form does not ask
    /// for (unknown or hidden) are errors too.
    All,
}
