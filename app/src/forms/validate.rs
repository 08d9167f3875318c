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
mod tests {
    use super::*;
    use crate::forms::model::{Choice, Condition, DateLimit, Step};
    use crate::forms::visibility::prune_hidden;
    use crate::locale::Bilingual;
    use serde_json::json;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 24);

    fn field(id: &str, kind: FieldKind, required: bool) -> Field {
        Field {
            id: id.to_owned(),
            label: Bilingual {
                fr: id.to_owned(),
                en: id.to_owned(),
            },
            hint: None,
            required,
            kind,
            visible_when: None,
            prefill: None,
        }
    }

    fn choices(values: &[&str]) -> Vec<Choice> {
        values
            .iter()
            .map(|v| Choice {
                value: (*v).to_owned(),
                label: Bilingual {
                    fr: (*v).to_owned(),
                    en: (*v).to_owned(),
                },
            })
            .collect()
    }

    fn one_step(fields: Vec<Field>) -> FormDefinition {
        FormDefinition {
            steps: vec![Step {
                id: "s".into(),
                title: Bilingual::default(),
                fields,
            }],
        }
    }

    fn answers(value: Value) -> RawAnswers {
        serde_json::from_value(value).unwrap()
    }

    /// The problem the validator finds with `value` for a single field of `kind`, if any.
    fn problem(kind: FieldKind, value: Value) -> Option<Problem> {
        let form = one_step(vec![field("f", kind, true)]);
        validate(&form, &answers(json!({ "f": value })), Scope::All, TODAY)
            .err()
            .map(|errors| errors[0].problem)
    }

    fn accepted(kind: FieldKind, value: Value) -> Answer {
        let form = one_step(vec![field("f", kind, true)]);
        validate(&form, &answers(json!({ "f": value })), Scope::All, TODAY)
            .unwrap()
            .remove("f")
            .unwrap()
    }

    #[test]
    fn required_fields_must_be_answered_and_optional_ones_may_be_blank() {
        let form = one_step(vec![
            field("name", FieldKind::ShortText { max_length: None }, true),
            field("note", FieldKind::LongText { max_length: None }, false),
            field("agree", FieldKind::Consent, true),
        ]);
        let errors = validate(
            &form,
            &answers(json!({ "name": "  ", "agree": false })),
            Scope::All,
            TODAY,
        )
        .unwrap_err();
        assert_eq!(
            errors.iter().map(|e| (e.field.as_str(), e.problem)).collect::<Vec<_>>(),
            [("name", Problem::Required), ("agree", Problem::ConsentRequired)]
        );
        let ok = validate(
            &form,
            &answers(json!({ "name": " Émilie ", "agree": true })),
            Scope::All,
            TODAY,
        )
        .unwrap();
        assert_eq!(ok["name"], Answer::Text("Émilie".into()));
        assert_eq!(ok["agree"], Answer::Consent);
        assert!(!ok.contains_key("note"));
    }

    #[test]
    fn texts_have_a_length_and_a_type() {
        let short = || FieldKind::ShortText { max_length: Some(5) };
        assert_eq!(accepted(short(), json!("Élise")), Answer::Text("Élise".into()));
        assert_eq!(problem(short(), json!("Élisabeth")), Some(Problem::TooLong));
        assert_eq!(problem(short(), json!(["a"])), Some(Problem::WrongType));
        assert_eq!(problem(short(), json!({"a": 1})), Some(Problem::WrongType));
        assert_eq!(
            problem(FieldKind::LongText { max_length: None }, json!("x".repeat(5001))),
            Some(Problem::TooLong)
        );
    }

    #[test]
    fn emails_phones_and_postal_codes_are_kept_in_one_form_or_refused_by_name() {
        assert_eq!(
            accepted(FieldKind::Email, json!(" emilie.b@Exemple.QC.ca ")),
            Answer::Text("emilie.b@exemple.qc.ca".into())
        );
        assert_eq!(
            accepted(FieldKind::Phone, json!("(514) 555-0123")),
            Answer::Text("514-555-0123".into())
        );
        assert_eq!(
            accepted(FieldKind::PostalCode, json!("h2x1y4")),
            Answer::Text("H2X 1Y4".into())
        );
        assert_eq!(problem(FieldKind::Email, json!("emilie@")), Some(Problem::InvalidEmail));
        assert_eq!(
            problem(FieldKind::Phone, json!("555-0123")),
            Some(Problem::InvalidPhone)
        );
        assert_eq!(
            problem(FieldKind::PostalCode, json!("90210")),
            Some(Problem::InvalidPostalCode)
        );
    }

    #[test]
    fn dates_with_limits_relative_to_today() {
        let birth = || FieldKind::Date {
            min: Some(DateLimit::On(date!(1900 - 01 - 01))),
            max: Some(DateLimit::Today),
        };
        assert_eq!(
            accepted(birth(), json!("1985-05-15")),
            Answer::Date("1985-05-15".into())
        );
        assert_eq!(
            accepted(birth(), json!("2026-11-24")),
            Answer::Date("2026-11-24".into())
        );
        assert_eq!(problem(birth(), json!("2026-11-25")), Some(Problem::DateTooLate));
        assert_eq!(problem(birth(), json!("1899-12-31")), Some(Problem::DateTooEarly));
        for bad in ["2026-02-30", "15/05/1985", "1985-5-15", "demain"] {
            assert_eq!(problem(birth(), json!(bad)), Some(Problem::InvalidDate), "{bad}");
        }
        let form = one_step(vec![field("f", birth(), true)]);
        let errors = validate(&form, &answers(json!({"f": "2027-01-01"})), Scope::All, TODAY).unwrap_err();
        assert_eq!(errors[0].limit.as_deref(), Some("2026-11-24"));
    }

    #[test]
    fn whole_numbers_from_text_or_json_within_bounds() {
        let kind = || FieldKind::WholeNumber {
            min: Some(0),
            max: Some(20),
        };
        assert_eq!(accepted(kind(), json!("12")), Answer::Number(12));
        assert_eq!(accepted(kind(), json!(3)), Answer::Number(3));
        assert_eq!(problem(kind(), json!("21")), Some(Problem::NumberTooLarge));
        assert_eq!(problem(kind(), json!("-1")), Some(Problem::NumberTooSmall));
        for bad in [
            json!("1.5"),
            json!("douze"),
            json!("1e3"),
            json!(2.5),
            json!("99999999999999999999"),
        ] {
            assert_eq!(problem(kind(), bad.clone()), Some(Problem::NotAWholeNumber), "{bad}");
        }
    }

    #[test]
    fn yes_no_and_single_choice_take_only_their_values() {
        assert_eq!(accepted(FieldKind::YesNo, json!("yes")), Answer::YesNo(true));
        assert_eq!(accepted(FieldKind::YesNo, json!("no")), Answer::YesNo(false));
        assert_eq!(problem(FieldKind::YesNo, json!("oui")), Some(Problem::UnknownChoice));
        assert_eq!(problem(FieldKind::YesNo, json!(true)), Some(Problem::WrongType));
        let single = || FieldKind::SingleChoice {
            options: choices(&["a", "b"]),
        };
        assert_eq!(accepted(single(), json!("b")), Answer::Choice("b".into()));
        assert_eq!(problem(single(), json!("c")), Some(Problem::UnknownChoice));
    }

    #[test]
    fn multiple_choice_counts_and_values() {
        let kind = || FieldKind::MultipleChoice {
            options: choices(&["a", "b", "c"]),
            min: Some(1),
            max: Some(2),
        };
        assert_eq!(
            accepted(kind(), json!(["a", "c"])),
            Answer::Choices(vec!["a".into(), "c".into()])
        );
        assert_eq!(problem(kind(), json!(["a", "b", "c"])), Some(Problem::TooManyChoices));
        assert_eq!(problem(kind(), json!(["a", "a"])), Some(Problem::UnknownChoice));
        assert_eq!(problem(kind(), json!(["z"])), Some(Problem::UnknownChoice));
        assert_eq!(problem(kind(), json!(["a", 1])), Some(Problem::WrongType));
        assert_eq!(problem(kind(), json!("a")), Some(Problem::WrongType));
        assert_eq!(
            problem(kind(), json!(["a", "b", "c", "d"])),
            Some(Problem::TooManyChoices)
        );
        assert_eq!(problem(kind(), json!([])), Some(Problem::Required));
        let at_least_two = FieldKind::MultipleChoice {
            options: choices(&["a", "b", "c"]),
            min: Some(2),
            max: None,
        };
        assert_eq!(problem(at_least_two, json!(["a"])), Some(Problem::TooFewChoices));
    }

    #[test]
    fn health_insurance_number_agrees_with_birth_date_and_sex() {
        let form = one_step(vec![
            field(
                "birth",
                FieldKind::Date {
                    min: None,
                    max: Some(DateLimit::Today),
                },
                true,
            ),
            field(
                "sex",
                FieldKind::SingleChoice {
                    options: choices(&["female", "male", "x"]),
                },
                true,
            ),
            field(
                "nam",
                FieldKind::HealthInsuranceNumber {
                    birth_date_field: Some("birth".into()),
                    sex_field: Some("sex".into()),
                },
                true,
            ),
        ]);
        let check = |birth: &str, sex: &str, nam: &str| {
            validate(
                &form,
                &answers(json!({"birth": birth, "sex": sex, "nam": nam})),
                Scope::All,
                TODAY,
            )
            .map(|a| a["nam"].clone())
            .map_err(|e| e[0].problem)
        };
        assert_eq!(
            check("1985-05-15", "female", "bouc 8555 1512"),
            Ok(Answer::Text("BOUC85551512".into()))
        );
        assert_eq!(
            check("1990-12-03", "male", "ROYS90120312"),
            Ok(Answer::Text("ROYS90120312".into()))
        );
        assert_eq!(
            check("1990-12-03", "x", "ROYS90620312"),
            Ok(Answer::Text("ROYS90620312".into()))
        );
        assert_eq!(
            check("1985-05-16", "female", "BOUC85551512"),
            Err(Problem::NamBirthDateMismatch)
        );
        assert_eq!(
            check("1985-05-15", "male", "BOUC85551512"),
            Err(Problem::NamSexMismatch)
        );
        assert_eq!(
            check("1985-05-15", "female", "BOUC8555151"),
            Err(Problem::InvalidHealthInsuranceNumber)
        );
        assert_eq!(
            check("1985-05-15", "female", "BOUC85553212"),
            Err(Problem::InvalidHealthInsuranceNumber)
        );
        // Without the other answers, only the number's own shape and date are checked.
        let alone = FieldKind::HealthInsuranceNumber {
            birth_date_field: None,
            sex_field: None,
        };
        assert_eq!(
            accepted(alone, json!("BOUC85551512")),
            Answer::Text("BOUC85551512".into())
        );
    }

    #[test]
    fn files_within_size_and_types() {
        let kind = || FieldKind::File {
            accept: vec!["application/pdf".into()],
            max_bytes: 1000,
        };
        let file = |size: u64, media_type: &str| json!({"id": "f1", "name": "lettre.pdf", "size": size, "media_type": media_type});
        assert!(matches!(
            accepted(kind(), file(1000, "application/pdf")),
            Answer::File(_)
        ));
        assert_eq!(
            problem(kind(), file(1001, "application/pdf")),
            Some(Problem::FileTooLarge)
        );
        assert_eq!(
            problem(kind(), file(10, "image/gif")),
            Some(Problem::FileTypeNotAllowed)
        );
        assert_eq!(problem(kind(), json!({"name": "x"})), Some(Problem::InvalidFile));
        assert_eq!(problem(kind(), json!("lettre.pdf")), Some(Problem::WrongType));
    }

    fn conditional_form() -> FormDefinition {
        let mut details = field("details", FieldKind::LongText { max_length: None }, true);
        details.visible_when = Some(Condition {
            field: "has_doctor".into(),
            one_of: vec!["yes".into()],
        });
        let mut name = field("doctor_name", FieldKind::ShortText { max_length: None }, false);
        name.visible_when = Some(Condition {
            field: "details".into(),
            one_of: vec![],
        });
        one_step(vec![field("has_doctor", FieldKind::YesNo, true), details, name])
    }

    #[test]
    fn conditional_fields_are_required_only_when_shown() {
        let form = conditional_form();
        let shown = validate(&form, &answers(json!({"has_doctor": "yes"})), Scope::All, TODAY).unwrap_err();
        assert_eq!(shown[0].field, "details");
        assert_eq!(shown[0].problem, Problem::Required);
        assert!(validate(&form, &answers(json!({"has_doctor": "no"})), Scope::All, TODAY).is_ok());
    }

    #[test]
    fn hidden_but_filled_and_unknown_answers_are_refused() {
        let form = conditional_form();
        let errors = validate(
            &form,
            &answers(json!({"has_doctor": "no", "details": "x", "doctor_name": "y", "extra": "z"})),
            Scope::All,
            TODAY,
        )
        .unwrap_err();
        let mut found: Vec<_> = errors.iter().map(|e| (e.field.as_str(), e.problem)).collect();
        found.sort_unstable_by_key(|(f, _)| *f);
        assert_eq!(
            found,
            [
                ("details", Problem::HiddenField),
                ("doctor_name", Problem::HiddenField),
                ("extra", Problem::UnknownField)
            ]
        );
    }

    #[test]
    fn pruning_drops_what_the_answers_now_hide_in_cascade() {
        let form = conditional_form();
        let mut held = answers(json!({"has_doctor": "no", "details": "x", "doctor_name": "y"}));
        prune_hidden(&form, &mut held);
        assert_eq!(held, answers(json!({"has_doctor": "no"})));
    }

    #[test]
    fn a_step_checks_its_own_fields_only() {
        let mut form = conditional_form();
        form.steps.push(Step {
            id: "second".into(),
            title: Bilingual::default(),
            fields: vec![field("email", FieldKind::Email, true)],
        });
        assert!(validate(&form, &answers(json!({"has_doctor": "no"})), Scope::Step(0), TODAY).is_ok());
        let errors = validate(&form, &answers(json!({"has_doctor": "no"})), Scope::Step(1), TODAY).unwrap_err();
        assert_eq!(errors[0].field, "email");
    }

    #[test]
    fn drafts_keep_unfinished_answers_but_not_foreign_or_malformed_ones() {
        let form = conditional_form();
        assert!(check_draft(&form, &answers(json!({"has_doctor": "yes", "details": ""}))).is_ok());
        assert!(check_draft(&form, &answers(json!({"has_doctor": "peut-être"}))).is_ok());
        let errors = check_draft(&form, &answers(json!({"has_doctor": ["yes"], "nope": "x"}))).unwrap_err();
        let problems: Vec<_> = errors.iter().map(|e| e.problem).collect();
        assert!(problems.contains(&Problem::UnknownField) && problems.contains(&Problem::WrongType));
        let long = check_draft(
            &form,
            &answers(json!({"has_doctor": "yes", "details": "x".repeat(5001)})),
        )
        .unwrap_err();
        assert_eq!(
            (long[0].problem, long[0].limit.as_deref()),
            (Problem::TooLong, Some("5000"))
        );
    }
}
