//! The validator's cases: every kind, its limits, visibility and the NAM rules.

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
    let file =
        |size: u64, media_type: &str| json!({"id": "f1", "name": "lettre.pdf", "size": size, "media_type": media_type});
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
