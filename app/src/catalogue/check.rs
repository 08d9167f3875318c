//! The check that refuses a manifest the portal could not show in both languages or use: every
//! problem, at its path (`form.steps[1].fields[3].label.en`), with a code service teams read in
//! the API's answer. The same shape names what is wrong in any body a service sends.

use super::model::{ServiceManifest, StatusDefinition, is_valid_id};
use crate::forms::model::{
    DateLimit, FILE_MAX_BYTES, Field, FieldKind, FormDefinition, MAX_FIELDS, MAX_OPTIONS, MAX_STEPS,
};
use crate::locale::Bilingual;
use std::collections::HashSet;

pub use super::problems::{FieldProblem, ProblemCode};

impl ServiceManifest {
    /// Every problem of the manifest, in document order; empty when it can be published.
    pub fn check(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if !is_valid_id(&self.id) {
            problems.push(FieldProblem::new("id", ProblemCode::InvalidId));
        }
        if self.version == 0 {
            problems.push(FieldProblem::new("version", ProblemCode::InvalidVersion));
        }
        text(&mut problems, "title", &self.title);
        text(&mut problems, "summary", &self.summary);
        let help = &self.help;
        for (name, value) in [
            ("about", &help.about),
            ("eligibility", &help.eligibility),
            ("documents", &help.documents),
            ("processing_time", &help.processing_time),
            ("contact", &help.contact),
        ] {
            text(&mut problems, &format!("help.{name}"), value);
        }
        check_form(&mut problems, &self.form);
        check_statuses(&mut problems, &self.statuses);
        url(&mut problems, "endpoints.submissions", &self.endpoints.submissions);
        if let Some(withdrawals) = &self.endpoints.withdrawals {
            url(&mut problems, "endpoints.withdrawals", withdrawals);
        }
        problems
    }
}

fn text(problems: &mut Vec<FieldProblem>, path: &str, value: &Bilingual) {
    problems.extend(
        value
            .missing()
            .map(|side| FieldProblem::new(format!("{path}.{side}"), ProblemCode::Missing)),
    );
}

fn url(problems: &mut Vec<FieldProblem>, path: &str, value: &str) {
    let ok = ["http://", "https://"].iter().any(|scheme| {
        value
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
    });
    if !ok {
        problems.push(FieldProblem::new(path, ProblemCode::InvalidUrl));
    }
}

fn check_form(problems: &mut Vec<FieldProblem>, form: &FormDefinition) {
    if form.steps.is_empty() {
        problems.push(FieldProblem::new("form.steps", ProblemCode::Empty));
    }
    if form.steps.len() > MAX_STEPS {
        problems.push(FieldProblem::new("form.steps", ProblemCode::TooMany));
    }
    if form.fields().count() > MAX_FIELDS {
        problems.push(FieldProblem::new("form", ProblemCode::TooMany));
    }
    let mut step_ids = HashSet::new();
    // Fields asked so far, for conditions: a field may only depend on one asked before it.
    let mut earlier: Vec<&Field> = Vec::new();
    for (s, step) in form.steps.iter().enumerate() {
        let at = format!("form.steps[{s}]");
        if !is_valid_id(&step.id) {
            problems.push(FieldProblem::new(format!("{at}.id"), ProblemCode::InvalidId));
        } else if !step_ids.insert(step.id.as_str()) {
            problems.push(FieldProblem::new(format!("{at}.id"), ProblemCode::Duplicate));
        }
        text(problems, &format!("{at}.title"), &step.title);
        if step.fields.is_empty() {
            problems.push(FieldProblem::new(format!("{at}.fields"), ProblemCode::Empty));
        }
        for (f, field) in step.fields.iter().enumerate() {
            check_field(problems, &format!("{at}.fields[{f}]"), field, form, &earlier);
            earlier.push(field);
        }
    }
}

fn check_field(problems: &mut Vec<FieldProblem>, at: &str, field: &Field, form: &FormDefinition, earlier: &[&Field]) {
    let field_id_ok = (1..=60).contains(&field.id.len())
        && field
            .id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && field.id.as_bytes()[0].is_ascii_lowercase();
    if !field_id_ok {
        problems.push(FieldProblem::new(format!("{at}.id"), ProblemCode::InvalidId));
    } else if earlier.iter().any(|f| f.id == field.id) {
        problems.push(FieldProblem::new(format!("{at}.id"), ProblemCode::Duplicate));
    }
    text(problems, &format!("{at}.label"), &field.label);
    if let Some(hint) = &field.hint {
        text(problems, &format!("{at}.hint"), hint);
    }
    if let Some(condition) = &field.visible_when {
        let path = format!("{at}.visible_when.field");
        if form.field(&condition.field).is_none() {
            problems.push(FieldProblem::new(path, ProblemCode::UnknownField));
        } else if !earlier.iter().any(|f| f.id == condition.field) {
            problems.push(FieldProblem::new(path, ProblemCode::ConditionOrder));
        }
    }
    let range = |problems: &mut Vec<FieldProblem>, ordered: bool| {
        if !ordered {
            problems.push(FieldProblem::new(at.to_owned(), ProblemCode::InvalidRange));
        }
    };
    match &field.kind {
        FieldKind::SingleChoice { options } | FieldKind::MultipleChoice { options, .. } => {
            if options.is_empty() {
                problems.push(FieldProblem::new(format!("{at}.options"), ProblemCode::Empty));
            }
            if options.len() > MAX_OPTIONS {
                problems.push(FieldProblem::new(format!("{at}.options"), ProblemCode::TooMany));
            }
            let mut values = HashSet::new();
            for (o, option) in options.iter().enumerate() {
                if option.value.trim().is_empty() || option.value.len() > 60 {
                    problems.push(FieldProblem::new(
                        format!("{at}.options[{o}].value"),
                        ProblemCode::InvalidId,
                    ));
                } else if !values.insert(option.value.as_str()) {
                    problems.push(FieldProblem::new(
                        format!("{at}.options[{o}].value"),
                        ProblemCode::Duplicate,
                    ));
                }
                text(problems, &format!("{at}.options[{o}].label"), &option.label);
            }
            if let FieldKind::MultipleChoice {
                min: Some(min),
                max: Some(max),
                ..
            } = &field.kind
            {
                range(problems, min <= max);
            }
        }
        // Two fixed dates must be in order; "today" against a fixed date is left to the day.
        FieldKind::Date {
            min: Some(DateLimit::On(min)),
            max: Some(DateLimit::On(max)),
        } => range(problems, min <= max),
        FieldKind::WholeNumber {
            min: Some(min),
            max: Some(max),
        } => range(problems, min <= max),
        FieldKind::File { accept, max_bytes } => {
            for (n, media_type) in accept.iter().enumerate() {
                if crate::attachments::kinds::kind(media_type).is_none() {
                    problems.push(FieldProblem::new(format!("{at}.accept[{n}]"), ProblemCode::Unsupported));
                }
            }
            if accept.is_empty() {
                problems.push(FieldProblem::new(format!("{at}.accept"), ProblemCode::Empty));
            }
            if *max_bytes == 0 || *max_bytes > FILE_MAX_BYTES {
                problems.push(FieldProblem::new(format!("{at}.max_bytes"), ProblemCode::InvalidRange));
            }
        }
        FieldKind::HealthInsuranceNumber {
            birth_date_field,
            sex_field,
        } => {
            for (name, other) in [("birth_date_field", birth_date_field), ("sex_field", sex_field)] {
                if let Some(other) = other
                    && form.field(other).is_none()
                {
                    problems.push(FieldProblem::new(format!("{at}.{name}"), ProblemCode::UnknownField));
                }
            }
        }
        _ => {}
    }
}

fn check_statuses(problems: &mut Vec<FieldProblem>, statuses: &[StatusDefinition]) {
    if statuses.is_empty() {
        problems.push(FieldProblem::new("statuses", ProblemCode::Empty));
        return;
    }
    let mut ids = HashSet::new();
    for (i, status) in statuses.iter().enumerate() {
        let at = format!("statuses[{i}]");
        let id_ok = (1..=60).contains(&status.id.len())
            && status
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        if !id_ok {
            problems.push(FieldProblem::new(format!("{at}.id"), ProblemCode::InvalidId));
        } else if !ids.insert(status.id.as_str()) {
            problems.push(FieldProblem::new(format!("{at}.id"), ProblemCode::Duplicate));
        }
        text(problems, &format!("{at}.label"), &status.label);
    }
    if !statuses.iter().any(|s| s.terminal) {
        problems.push(FieldProblem::new("statuses", ProblemCode::NoTerminalStatus));
    }
}

#[cfg(feature = "ssr")]
/// Reads a manifest from JSON; a JSON that does not have the manifest's shape is one problem
/// at the path where it goes wrong.
pub fn parse_manifest(json: &[u8]) -> Result<ServiceManifest, Vec<FieldProblem>> {
    let deserializer = &mut serde_json::Deserializer::from_slice(json);
    let manifest: ServiceManifest = serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        vec![FieldProblem::new(path, ProblemCode::Malformed)]
    })?;
    let problems = manifest.check();
    if problems.is_empty() {
        Ok(manifest)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn the_list_of_codes_holds_each_code_once() {
        use super::ProblemCode::*;
        // This match names every code without a catch-all: a new code does not compile until
        // it is named here, next to ALL, where it must be added too.
        for code in ProblemCode::ALL {
            match code {
                Missing | InvalidId | Duplicate | Empty | TooMany | UnknownField | ConditionOrder | InvalidRange
                | InvalidUrl | InsecureUrl | InternalAddress | NoTerminalStatus | InvalidVersion | Malformed
                | Mismatch | Unsupported | TooLong | InvalidDate | UnknownStatus | NeedsAction => {}
            }
        }
        let distinct: std::collections::HashSet<_> = ProblemCode::ALL.iter().map(|c| format!("{c:?}")).collect();
        assert_eq!(distinct.len(), ProblemCode::ALL.len());
    }

    fn valid() -> Value {
        serde_json::from_str(super::super::demo::COMPLAINTS).unwrap()
    }

    fn problems_of(manifest: Value) -> Vec<(String, ProblemCode)> {
        match parse_manifest(manifest.to_string().as_bytes()) {
            Ok(_) => Vec::new(),
            Err(problems) => problems.into_iter().map(|p| (p.path, p.code)).collect(),
        }
    }

    #[test]
    fn the_demo_catalogue_is_valid() {
        for json in super::super::demo::MANIFESTS {
            let manifest = parse_manifest(json.as_bytes()).unwrap_or_else(|p| panic!("{p:?}"));
            assert!(!manifest.form.steps.is_empty());
        }
    }

    #[test]
    fn a_missing_language_is_named_by_its_path() {
        let mut manifest = valid();
        manifest["form"]["steps"][1]["fields"][0]["label"]
            .as_object_mut()
            .unwrap()
            .remove("en");
        manifest["help"]["about"]["fr"] = json!("  ");
        let problems = problems_of(manifest);
        assert!(
            problems.contains(&("form.steps[1].fields[0].label.en".into(), ProblemCode::Missing)),
            "{problems:?}"
        );
        assert!(problems.contains(&("help.about.fr".into(), ProblemCode::Missing)));
    }

    #[test]
    fn malformed_json_is_named_where_it_breaks() {
        let mut manifest = valid();
        manifest["form"]["steps"][0]["fields"][0]["type"] = json!("hologram");
        assert_eq!(problems_of(manifest)[0].1, ProblemCode::Malformed);
        let mut manifest = valid();
        manifest["category"] = json!(12);
        assert_eq!(problems_of(manifest), [("category".to_owned(), ProblemCode::Malformed)]);
        assert_eq!(parse_manifest(b"{").unwrap_err()[0].code, ProblemCode::Malformed);
    }

    #[test]
    fn ids_duplicates_conditions_and_statuses_are_checked() {
        let mut manifest = valid();
        manifest["id"] = json!("Plaintes!");
        manifest["version"] = json!(0);
        let first_field = manifest["form"]["steps"][0]["fields"][0].clone();
        manifest["form"]["steps"][1]["fields"]
            .as_array_mut()
            .unwrap()
            .push(first_field);
        manifest["form"]["steps"][0]["fields"][0]["visible_when"] = json!({"field": "nowhere"});
        manifest["statuses"] = json!([{"id": "recue", "label": {"fr": "Reçue", "en": "Received"}}]);
        manifest["endpoints"]["submissions"] = json!("ftp://service.example");
        let problems = problems_of(manifest);
        for expected in [
            ("id", ProblemCode::InvalidId),
            ("version", ProblemCode::InvalidVersion),
            ("form.steps[0].fields[0].visible_when.field", ProblemCode::UnknownField),
            ("statuses", ProblemCode::NoTerminalStatus),
            ("endpoints.submissions", ProblemCode::InvalidUrl),
        ] {
            assert!(
                problems.contains(&(expected.0.to_owned(), expected.1)),
                "{expected:?} in {problems:?}"
            );
        }
        assert!(
            problems
                .iter()
                .any(|(path, code)| path.starts_with("form.steps[1].fields[") && *code == ProblemCode::Duplicate)
        );
    }

    #[test]
    fn a_condition_must_look_back() {
        let mut manifest = valid();
        let later = manifest["form"]["steps"][1]["fields"][0]["id"].clone();
        manifest["form"]["steps"][0]["fields"][0]["visible_when"] = json!({"field": later});
        let problems = problems_of(manifest);
        assert!(problems.contains(&(
            "form.steps[0].fields[0].visible_when.field".into(),
            ProblemCode::ConditionOrder
        )));
    }

    #[test]
    fn empty_choices_and_inverted_ranges() {
        let mut manifest = valid();
        manifest["form"]["steps"][0]["fields"][0] = json!({
            "id": "choice", "type": "single_choice", "options": [],
            "label": {"fr": "Choix", "en": "Choice"}
        });
        manifest["form"]["steps"][0]["fields"][1] = json!({
            "id": "count", "type": "whole_number", "min": 5, "max": 1,
            "label": {"fr": "Nombre", "en": "Number"}
        });
        let problems = problems_of(manifest);
        assert!(
            problems.contains(&("form.steps[0].fields[0].options".into(), ProblemCode::Empty)),
            "{problems:?}"
        );
        assert!(problems.contains(&("form.steps[0].fields[1]".into(), ProblemCode::InvalidRange)));
    }

    #[test]
    fn file_fields_take_only_kinds_the_portal_recognizes() {
        let mut manifest = valid();
        manifest["form"]["steps"][0]["fields"][0] = json!({
            "id": "scan", "type": "file", "accept": ["application/pdf", "application/x-msdownload"],
            "max_bytes": 20_000_000, "label": {"fr": "Fichier", "en": "File"}
        });
        manifest["form"]["steps"][0]["fields"][1] = json!({
            "id": "photo", "type": "file", "accept": [], "max_bytes": 0,
            "label": {"fr": "Photo", "en": "Photo"}
        });
        let problems = problems_of(manifest);
        for expected in [
            ("form.steps[0].fields[0].accept[1]", ProblemCode::Unsupported),
            ("form.steps[0].fields[0].max_bytes", ProblemCode::InvalidRange),
            ("form.steps[0].fields[1].accept", ProblemCode::Empty),
            ("form.steps[0].fields[1].max_bytes", ProblemCode::InvalidRange),
        ] {
            assert!(
                problems.contains(&(expected.0.into(), expected.1)),
                "{expected:?} in {problems:?}"
            );
        }
        assert!(
            !problems
                .iter()
                .any(|(path, _)| path == "form.steps[0].fields[0].accept[0]")
        );
    }
}
