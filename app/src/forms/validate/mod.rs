//! The one validator: turns the answers a browser holds (JSON values keyed by field id) into
//! typed answers or a list of field errors. The browser runs it on every change for instant
//! messages; the server runs it again and trusts nothing else.

use super::answers::{Answer, FieldError, FileRef, Problem, RawAnswers, Scope, ValidAnswers};
use super::model::{Field, FieldKind, FormDefinition};
use super::nam::{HealthInsuranceNumber, NamProblem, Sex};
use super::parse::{parse_email, parse_phone, parse_postal_code, parse_whole_number};
use super::visibility::{is_empty, is_visible};
use crate::moment::{day, parse_day};
use serde_json::Value;
use time::Date;

/// Validates `answers` against `form`: every visible field in scope must satisfy its kind,
/// constraints and `required`; with [`Scope::All`], nothing else may be there.
pub fn validate(
    form: &FormDefinition,
    answers: &RawAnswers,
    scope: Scope,
    today: Date,
) -> Result<ValidAnswers, Vec<FieldError>> {
    let mut errors = Vec::new();
    if scope == Scope::All {
        errors.extend(stray_answers(form, answers));
    }
    let mut valid = ValidAnswers::new();
    for (step, field) in form.fields() {
        if matches!(scope, Scope::Step(s) if s != step) || !is_visible(form, field, answers) {
            continue;
        }
        match check_field(form, field, answers.get(&field.id), answers, today) {
            Ok(Some(answer)) => {
                valid.insert(field.id.clone(), answer);
            }
            Ok(None) => {}
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() { Ok(valid) } else { Err(errors) }
}

/// The checks a draft must pass to be stored: every answer is for a field the form has and
/// shows, of the right JSON type and within its size. Unfinished answers (an empty required
/// field, half an e-mail address) are what drafts are for, so they pass.
pub fn check_draft(form: &FormDefinition, answers: &RawAnswers) -> Result<(), Vec<FieldError>> {
    let mut errors = stray_answers(form, answers);
    for (_, field) in form.fields() {
        if let Some(value) = answers.get(&field.id)
            && let Err(problem) = shape_of(&field.kind, value)
        {
            errors.push(match problem {
                Problem::TooLong => FieldError::with_limit(&field.id, problem, field.kind.max_length()),
                _ => FieldError::new(&field.id, problem),
            });
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

fn stray_answers(form: &FormDefinition, answers: &RawAnswers) -> Vec<FieldError> {
    answers
        .iter()
        .filter(|(_, value)| !is_empty(value))
        .filter_map(|(id, _)| match form.field(id) {
            None => Some(FieldError::new(id, Problem::UnknownField)),
            Some(field) if !is_visible(form, field, answers) => Some(FieldError::new(id, Problem::HiddenField)),
            Some(_) => None,
        })
        .collect()
}

/// The JSON type and size a kind takes, before its own rules.
fn shape_of(kind: &FieldKind, value: &Value) -> Result<(), Problem> {
    let too_long = |text: &str| text.chars().count() > kind.max_length() as usize;
    match (kind, value) {
        (_, Value::Null) => Ok(()),
        (FieldKind::Consent, Value::Bool(_)) => Ok(()),
        (FieldKind::WholeNumber { .. }, Value::Number(_)) => Ok(()),
        (FieldKind::MultipleChoice { options, .. }, Value::Array(items)) => {
            if items.len() > options.len() {
                Err(Problem::TooManyChoices)
            } else if items.iter().all(Value::is_string) {
                Ok(())
            } else {
                Err(Problem::WrongType)
            }
        }
        (FieldKind::File { .. }, Value::Object(_)) => serde_json::from_value::<FileRef>(value.clone())
            .map(|_| ())
            .map_err(|_| Problem::InvalidFile),
        (FieldKind::Consent | FieldKind::MultipleChoice { .. } | FieldKind::File { .. }, _) => Err(Problem::WrongType),
        (_, Value::String(text)) if too_long(text) => Err(Problem::TooLong),
        (_, Value::String(_)) => Ok(()),
        _ => Err(Problem::WrongType),
    }
}

fn check_field(
    form: &FormDefinition,
    field: &Field,
    value: Option<&Value>,
    answers: &RawAnswers,
    today: Date,
) -> Result<Option<Answer>, FieldError> {
    let id = field.id.as_str();
    let Some(value) = value.filter(|v| !is_empty(v)) else {
        return match (field.required, &field.kind) {
            (true, FieldKind::Consent) => Err(FieldError::new(id, Problem::ConsentRequired)),
            (true, _) => Err(FieldError::new(id, Problem::Required)),
            (false, _) => Ok(None),
        };
    };
    shape_of(&field.kind, value).map_err(|problem| match problem {
        Problem::TooLong => FieldError::with_limit(id, problem, field.kind.max_length()),
        _ => FieldError::new(id, problem),
    })?;
    let text = value.as_str().map(str::trim).unwrap_or_default();
    let refuse = |problem| FieldError::new(id, problem);
    let answer = match &field.kind {
        FieldKind::ShortText { .. } | FieldKind::LongText { .. } => Answer::Text(text.to_owned()),
        FieldKind::Email => Answer::Text(parse_email(text).ok_or(refuse(Problem::InvalidEmail))?),
        FieldKind::Phone => Answer::Text(parse_phone(text).ok_or(refuse(Problem::InvalidPhone))?),
        FieldKind::PostalCode => Answer::Text(parse_postal_code(text).ok_or(refuse(Problem::InvalidPostalCode))?),
        FieldKind::Date { min, max } => {
            let date = parse_day(text).ok_or(refuse(Problem::InvalidDate))?;
            if let Some(min) = min.map(|m| m.on(today)).filter(|min| date < *min) {
                return Err(FieldError::with_limit(id, Problem::DateTooEarly, day(min)));
            }
            if let Some(max) = max.map(|m| m.on(today)).filter(|max| date > *max) {
                return Err(FieldError::with_limit(id, Problem::DateTooLate, day(max)));
            }
            Answer::Date(day(date))
        }
        FieldKind::WholeNumber { min, max } => {
            let number = match value {
                Value::Number(n) => n.as_i64(),
                _ => parse_whole_number(text),
            }
            .ok_or(refuse(Problem::NotAWholeNumber))?;
            if let Some(min) = min.filter(|min| number < *min) {
                return Err(FieldError::with_limit(id, Problem::NumberTooSmall, min));
            }
            if let Some(max) = max.filter(|max| number > *max) {
                return Err(FieldError::with_limit(id, Problem::NumberTooLarge, max));
            }
            Answer::Number(number)
        }
        FieldKind::YesNo => match text {
            "yes" => Answer::YesNo(true),
            "no" => Answer::YesNo(false),
            _ => return Err(refuse(Problem::UnknownChoice)),
        },
        FieldKind::SingleChoice { options } => {
            if !options.iter().any(|o| o.value == text) {
                return Err(refuse(Problem::UnknownChoice));
            }
            Answer::Choice(text.to_owned())
        }
        FieldKind::MultipleChoice { options, min, max } => {
            let picked: Vec<String> = value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let mut distinct = picked.clone();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() != picked.len() || !picked.iter().all(|p| options.iter().any(|o| &o.value == p)) {
                return Err(refuse(Problem::UnknownChoice));
            }
            if let Some(min) = min.filter(|min| picked.len() < *min as usize) {
                return Err(FieldError::with_limit(id, Problem::TooFewChoices, min));
            }
            if let Some(max) = max.filter(|max| picked.len() > *max as usize) {
                return Err(FieldError::with_limit(id, Problem::TooManyChoices, max));
            }
            Answer::Choices(picked)
        }
        FieldKind::HealthInsuranceNumber {
            birth_date_field,
            sex_field,
        } => {
            let nam = HealthInsuranceNumber::parse(text).map_err(|_| refuse(Problem::InvalidHealthInsuranceNumber))?;
            let other = |id: &Option<String>| {
                id.as_deref()
                    .filter(|id| form.field(id).is_some_and(|f| is_visible(form, f, answers)))
                    .and_then(|id| answers.get(id))
                    .and_then(Value::as_str)
            };
            if let Some(birth) = other(birth_date_field).and_then(parse_day)
                && !nam.matches_birth_date(birth)
            {
                return Err(refuse(nam_problem(NamProblem::BirthDateMismatch)));
            }
            let sex = match other(sex_field) {
                Some("female") => Some(Sex::Female),
                Some("male") => Some(Sex::Male),
                _ => None,
            };
            if sex.is_some_and(|sex| sex != nam.sex()) {
                return Err(refuse(nam_problem(NamProblem::SexMismatch)));
            }
            Answer::Text(nam.as_str().to_owned())
        }
        FieldKind::Consent => Answer::Consent,
        FieldKind::File { accept, max_bytes } => {
            let file: FileRef = serde_json::from_value(value.clone()).map_err(|_| refuse(Problem::InvalidFile))?;
            if file.size > *max_bytes {
                return Err(FieldError::with_limit(id, Problem::FileTooLarge, max_bytes));
            }
            if !accept.iter().any(|a| a == &file.media_type) {
                return Err(refuse(Problem::FileTypeNotAllowed));
            }
            Answer::File(file)
        }
    };
    Ok(Some(answer))
}

fn nam_problem(problem: NamProblem) -> Problem {
    match problem {
        NamProblem::Malformed => Problem::InvalidHealthInsuranceNumber,
        NamProblem::BirthDateMismatch => Problem::NamBirthDateMismatch,
        NamProblem::SexMismatch => Problem::NamSexMismatch,
    }
}

#[cfg(test)]
mod tests;
