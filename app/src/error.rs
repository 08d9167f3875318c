//! One error type for server functions, pages and the server's own routes.
//!
//! Internal causes are logged with their chain and never shown; the citizen gets a translated,
//! actionable message chosen by the error's kind.

use crate::i18n::{Locale, td_string};
use serde::{Deserialize, Serialize};

/// What went wrong, as far as the caller needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    /// The input was refused; `fields` names each field with the key of its message.
    #[error("invalid input: {fields:?}")]
    InvalidInput { fields: Vec<(String, String)> },
    /// A form's answers were refused; each error names its field and problem.
    #[error("invalid answers: {errors:?}")]
    InvalidAnswers { errors: Vec<crate::forms::FieldError> },
    /// The request changed meanwhile and the action no longer applies (a request already
    /// withdrawn or closed by the service).
    #[error("conflict")]
    Conflict,
    /// A dependency (the database, a service) is unreachable; worth retrying later.
    #[error("unavailable")]
    Unavailable,
    /// A fault on our side; the cause was logged where it happened.
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The HTTP status code that carries this error.
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Conflict => 409,
            AppError::InvalidInput { .. } | AppError::InvalidAnswers { .. } => 422,
            AppError::Unavailable => 503,
            AppError::Internal => 500,
        }
    }

    /// The message shown to the citizen, in their language.
    pub fn user_message(&self, locale: Locale) -> &'static str {
        match self {
            AppError::NotFound => td_string!(locale, common.errors.not_found),
            AppError::Unauthorized => td_string!(locale, common.errors.unauthorized),
            AppError::Forbidden => td_string!(locale, common.errors.forbidden),
            AppError::InvalidInput { .. } | AppError::InvalidAnswers { .. } => {
                td_string!(locale, common.errors.invalid_input)
            }
            AppError::Conflict => td_string!(locale, common.errors.conflict),
            AppError::Unavailable => td_string!(locale, common.errors.unavailable),
            AppError::Internal => td_string!(locale, common.errors.internal),
        }
    }
}

/// Errors of the server-function machinery itself (bad arguments, network) become ours, so the
/// browser always receives an `AppError` it can translate.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr as E;
        match value {
            // A body that does not decode (form or JSON arguments) is the caller's fault.
            E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => AppError::InvalidInput { fields: Vec::new() },
            E::Request(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    /// Logs the database error with its cause and keeps only its kind for the caller.
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                tracing::error!(error = %error, "database unavailable");
                AppError::Unavailable
            }
            _ => {
                tracing::error!(error = %error, "database error");
                AppError::Internal
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_message_in_both_languages_and_a_client_or_server_status() {
        let errors = [
            AppError::NotFound,
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::InvalidInput { fields: vec![] },
            AppError::InvalidAnswers { errors: vec![] },
            AppError::Conflict,
            AppError::Unavailable,
            AppError::Internal,
        ];
        for error in errors {
            let (fr, en) = (error.user_message(Locale::fr), error.user_message(Locale::en));
            assert!(!fr.is_empty() && !en.is_empty());
            assert_ne!(fr, en, "{error:?} is not translated");
            assert!((400..600).contains(&error.status_code()));
        }
    }
}
