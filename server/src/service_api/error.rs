//! The service API's one error type. Every refusal is a [`Fault`], with its status, its code
//! (listed in the OpenAPI document) and its sentence in `locales/*/api.json`, checked by the
//! translation test like every other text. What is wrong in the body is named field by field in
//! one shape: `problems: [{path, code, message}]`.
//!
//! A database failure is answered "try again later"; the cause goes to the log only, inside the
//! span of the query that failed (`#[instrument]` on the queries), never to the caller.

use app::{
    catalogue::check::{FieldProblem, ProblemCode},
    i18n::{Locale, td_string},
};
use axum::{
    Json,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// Why the API did not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Fault {
    Unauthorized,
    Forbidden,
    NotPublished,
    NoSuchRequest,
    NoSuchFile,
    UnsupportedMediaType,
    Malformed,
    InvalidManifest,
    StaleVersion {
        current: u32,
    },
    InvalidEventId,
    InvalidMessage,
    MessageTooLong,
    InvalidExpectedDate,
    InvalidDeadline,
    /// Not a PDF the portal can sign (unreadable, encrypted, no page), or no name.
    InvalidDocument,
    DocumentTooLarge,
    /// The portal has no seal configured: it cannot take documents to sign.
    SignatureUnavailable,
    NoSuchSignature,
    /// The signed document was asked for before it was signed.
    NotSigned,
    UnknownStatus {
        known: Vec<String>,
    },
    /// The request reached a final status or was withdrawn.
    Closed {
        terminal: bool,
    },
    Internal,
}

impl Fault {
    fn status(&self) -> StatusCode {
        match self {
            Fault::Unauthorized => StatusCode::UNAUTHORIZED,
            Fault::Forbidden => StatusCode::FORBIDDEN,
            Fault::NotPublished
            | Fault::NoSuchRequest
            | Fault::NoSuchFile
            | Fault::NoSuchSignature
            | Fault::NotSigned => StatusCode::NOT_FOUND,
            Fault::DocumentTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Fault::SignatureUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            Fault::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Fault::StaleVersion { .. } | Fault::Closed { .. } => StatusCode::CONFLICT,
            Fault::Malformed
            | Fault::InvalidManifest
            | Fault::InvalidEventId
            | Fault::InvalidMessage
            | Fault::MessageTooLong
            | Fault::InvalidExpectedDate
            | Fault::InvalidDeadline
            | Fault::InvalidDocument
            | Fault::UnknownStatus { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Fault::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The code service teams branch on (the `Error.error` enum of the OpenAPI document).
    pub(super) fn code(&self) -> &'static str {
        match self {
            Fault::Unauthorized => "unauthorized",
            Fault::Forbidden => "forbidden",
            Fault::NotPublished | Fault::NoSuchRequest | Fault::NoSuchFile | Fault::NoSuchSignature => "not_found",
            Fault::NotSigned => "not_signed",
            Fault::InvalidDocument => "invalid_document",
            Fault::DocumentTooLarge => "document_too_large",
            Fault::SignatureUnavailable => "signature_unavailable",
            Fault::UnsupportedMediaType => "unsupported_media_type",
            Fault::Malformed => "malformed",
            Fault::InvalidManifest => "invalid_manifest",
            Fault::StaleVersion { .. } => "stale_version",
            Fault::InvalidEventId => "invalid_event_id",
            Fault::InvalidMessage => "invalid_message",
            Fault::MessageTooLong => "message_too_long",
            Fault::InvalidExpectedDate => "invalid_expected_date",
            Fault::InvalidDeadline => "invalid_deadline",
            Fault::UnknownStatus { .. } => "unknown_status",
            Fault::Closed { terminal: true } => "terminal",
            Fault::Closed { terminal: false } => "withdrawn",
            Fault::Internal => "internal",
        }
    }

    fn message(&self, locale: Locale) -> String {
        match self {
            Fault::Unauthorized => td_string!(locale, api.errors.unauthorized).to_owned(),
            Fault::Forbidden => td_string!(locale, api.errors.forbidden).to_owned(),
            Fault::NotPublished => td_string!(locale, api.errors.not_published).to_owned(),
            Fault::NoSuchRequest => td_string!(locale, api.errors.no_such_request).to_owned(),
            Fault::NoSuchFile => td_string!(locale, api.errors.no_such_file).to_owned(),
            Fault::UnsupportedMediaType => td_string!(locale, api.errors.unsupported_media_type).to_owned(),
            Fault::Malformed => td_string!(locale, api.errors.malformed).to_owned(),
            Fault::InvalidManifest => td_string!(locale, api.errors.invalid_manifest).to_owned(),
            Fault::StaleVersion { current } => {
                td_string!(locale, api.errors.stale_version, current = current).to_string()
            }
            Fault::InvalidEventId => td_string!(locale, api.errors.invalid_event_id).to_owned(),
            Fault::InvalidMessage => td_string!(locale, api.errors.invalid_message).to_owned(),
            Fault::MessageTooLong => td_string!(locale, api.errors.message_too_long).to_owned(),
            Fault::InvalidExpectedDate => td_string!(locale, api.errors.invalid_expected_date).to_owned(),
            Fault::InvalidDeadline => td_string!(locale, api.errors.invalid_deadline).to_owned(),
            Fault::InvalidDocument => td_string!(locale, api.errors.invalid_document).to_owned(),
            Fault::DocumentTooLarge => td_string!(locale, api.errors.document_too_large).to_owned(),
            Fault::SignatureUnavailable => td_string!(locale, api.errors.signature_unavailable).to_owned(),
            Fault::NoSuchSignature => td_string!(locale, api.errors.no_such_signature).to_owned(),
            Fault::NotSigned => td_string!(locale, api.errors.not_signed).to_owned(),
            Fault::UnknownStatus { known } => {
                let known = known.join(", ");
                td_string!(locale, api.errors.unknown_status, known = known).to_string()
            }
            Fault::Closed { .. } => td_string!(locale, api.errors.closed).to_owned(),
            Fault::Internal => td_string!(locale, api.errors.internal).to_owned(),
        }
    }
}

/// An answer other than the one asked for, in the caller's language.
#[derive(Debug)]
pub(super) struct ApiError {
    pub(super) fault: Fault,
    problems: Vec<FieldProblem>,
    locale: Locale,
}

impl ApiError {
    pub(super) fn new(fault: Fault, locale: Locale) -> ApiError {
        ApiError {
            fault,
            problems: Vec::new(),
            locale,
        }
    }

    /// The same refusal, naming what is wrong field by field.
    pub(super) fn with_problems(self, problems: Vec<FieldProblem>) -> ApiError {
        ApiError { problems, ..self }
    }

    /// The same refusal, naming the one field at fault.
    pub(super) fn at(self, path: &str, code: ProblemCode) -> ApiError {
        self.with_problems(vec![FieldProblem::new(path, code)])
    }

    /// A database failure, answered "try again later". The query's own span has logged the
    /// cause; this line says which call it broke.
    pub(super) fn database(locale: Locale) -> impl Fn(sqlx::Error) -> ApiError {
        move |error| {
            tracing::error!(error = %error, cause = ?std::error::Error::source(&error), "service API: database error");
            ApiError::new(Fault::Internal, locale)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.fault.status();
        let mut body = json!({ "error": self.fault.code(), "message": self.fault.message(self.locale) });
        if !self.problems.is_empty() {
            let problems: Vec<_> = self
                .problems
                .iter()
                .map(|p| json!({ "path": p.path, "code": p.code, "message": p.message(self.locale) }))
                .collect();
            body["problems"] = problems.into();
        }
        let mut response = (status, Json(body)).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_names_its_path_in_the_callers_language() {
        let missing = FieldProblem::new("form.steps[1].fields[0].label.en", ProblemCode::Missing);
        assert_eq!(
            missing.message(Locale::en),
            "form.steps[1].fields[0].label.en is missing"
        );
        assert_eq!(
            missing.message(Locale::fr),
            "form.steps[1].fields[0].label.en est manquant"
        );
        let whole = FieldProblem::new("", ProblemCode::Malformed);
        assert_eq!(whole.message(Locale::fr), "le corps est mal formé");
    }

    #[test]
    fn the_refusal_of_a_file_kind_names_every_kind_the_portal_takes() {
        let unsupported = FieldProblem::new("x", ProblemCode::Unsupported);
        for locale in [Locale::fr, Locale::en] {
            let message = unsupported.message(locale);
            for kind in app::attachments::kinds::SUPPORTED {
                assert!(message.contains(kind.media_type), "{message}");
            }
        }
    }

    #[test]
    fn each_fault_has_its_status_code_and_sentence() {
        let stale = Fault::StaleVersion { current: 4 };
        assert_eq!((stale.status(), stale.code()), (StatusCode::CONFLICT, "stale_version"));
        assert!(stale.message(Locale::fr).contains("(4)"));
        let unknown = Fault::UnknownStatus {
            known: vec!["recue".into(), "fermee".into()],
        };
        assert!(unknown.message(Locale::en).ends_with(": recue, fermee"));
        assert_eq!(Fault::Closed { terminal: false }.code(), "withdrawn");
        assert_eq!(Fault::Closed { terminal: true }.code(), "terminal");
    }

    /// Every fault and every problem code, listed so that a new one breaks this test until the
    /// OpenAPI document names it too (the matches have no wildcard).
    fn every_fault() -> Vec<Fault> {
        let all = vec![
            Fault::Unauthorized,
            Fault::Forbidden,
            Fault::NotPublished,
            Fault::NoSuchRequest,
            Fault::NoSuchFile,
            Fault::UnsupportedMediaType,
            Fault::Malformed,
            Fault::InvalidManifest,
            Fault::StaleVersion { current: 1 },
            Fault::InvalidEventId,
            Fault::InvalidMessage,
            Fault::MessageTooLong,
            Fault::InvalidExpectedDate,
            Fault::InvalidDeadline,
            Fault::InvalidDocument,
            Fault::DocumentTooLarge,
            Fault::SignatureUnavailable,
            Fault::NoSuchSignature,
            Fault::NotSigned,
            Fault::UnknownStatus { known: Vec::new() },
            Fault::Closed { terminal: true },
            Fault::Closed { terminal: false },
            Fault::Internal,
        ];
        for fault in &all {
            match fault {
                Fault::Unauthorized
                | Fault::Forbidden
                | Fault::NotPublished
                | Fault::NoSuchRequest
                | Fault::NoSuchFile
                | Fault::UnsupportedMediaType
                | Fault::Malformed
                | Fault::InvalidManifest
                | Fault::StaleVersion { .. }
                | Fault::InvalidEventId
                | Fault::InvalidMessage
                | Fault::MessageTooLong
                | Fault::InvalidExpectedDate
                | Fault::InvalidDeadline
                | Fault::InvalidDocument
                | Fault::DocumentTooLarge
                | Fault::SignatureUnavailable
                | Fault::NoSuchSignature
                | Fault::NotSigned
                | Fault::UnknownStatus { .. }
                | Fault::Closed { .. }
                | Fault::Internal => {}
            }
        }
        all
    }

    fn openapi_enum(pointer: &str) -> std::collections::BTreeSet<String> {
        let doc: serde_json::Value = serde_json::from_str(super::super::OPENAPI).unwrap();
        let values = doc.pointer(pointer).and_then(|v| v.as_array()).expect(pointer);
        values.iter().map(|v| v.as_str().unwrap().to_owned()).collect()
    }

    #[test]
    fn the_openapi_document_lists_exactly_the_codes_the_api_answers() {
        let errors: std::collections::BTreeSet<String> = every_fault().iter().map(|f| f.code().to_owned()).collect();
        assert_eq!(errors, openapi_enum("/components/schemas/Error/properties/error/enum"));
        let problems: std::collections::BTreeSet<String> = ProblemCode::ALL
            .iter()
            .map(|c| serde_json::to_value(c).unwrap().as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            problems,
            openapi_enum("/components/schemas/Error/properties/problems/items/properties/code/enum")
        );
    }

    #[test]
    fn every_fault_and_problem_has_a_sentence_in_both_languages() {
        for locale in [Locale::fr, Locale::en] {
            for fault in every_fault() {
                assert!(!fault.message(locale).is_empty(), "{fault:?}");
            }
            for code in ProblemCode::ALL {
                let message = FieldProblem::new("steps[9].zz", code).message(locale);
                assert!(message.contains("steps[9].zz"), "{code:?}: {message}");
            }
        }
    }
}
