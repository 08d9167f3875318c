//! A step of the wizard sent by a plain form post: how the wizard works when no script runs
//! (its chunk failed to load, an old phone, a blocked script). The answers of the step shown
//! are merged into the draft, its files are kept, and the same save and the same validator as
//! the script's decide. The browser comes back to the form page: at the next step, or at the
//! same one with the error summary.

use crate::attachments::keep::{FileSlot, keep};
use crate::auth::session::require_acting;
use crate::drafts::model::{
    DONE_DELETE, DONE_REVEALED, DONE_STEP, Go, REVISION_PART, SERVICE_PART, STEP_PART, SaveOutcome,
};
use crate::error::AppError;
use crate::forms::answers::{FieldError, FileRef, Problem};
use crate::forms::model::{FieldKind, LONG_TEXT_MAX};
use crate::forms::visibility::{is_empty, is_visible, prune_hidden};
use crate::forms::{FormDefinition, RawAnswers, Scope};
use crate::ids::{CitizenId, ServiceId};
use crate::moment::Moment;
use crate::multipart::{Multipart, named_text, text};
use leptos::server_fn::codec::MultipartData;
use serde_json::Value;

/// The longest text part read: no answer may be longer (four bytes a character at most).
const TEXT_PART_MAX: usize = LONG_TEXT_MAX as usize * 4;
/// The longest hidden or button part.
const CONTROL_PART_MAX: usize = 200;

fn malformed() -> AppError {
    AppError::InvalidInput {
        fields: vec![("step".to_owned(), "common.errors.invalid_input".to_owned())],
    }
}

/// What the form post carried.
struct Sent {
    go: Option<Go>,
    /// Text parts: answers of text, choice and consent fields, in order.
    values: Vec<(String, String)>,
    /// Files kept for the step's file fields.
    files: Vec<(String, FileRef)>,
    /// Files refused (too large, not an accepted kind), as their fields' errors.
    refused: Vec<FieldError>,
}

async fn control(multipart: &mut Multipart, name: &str) -> Result<String, AppError> {
    named_text(multipart, name, CONTROL_PART_MAX)
        .await
        .ok_or_else(malformed)
}

/// Reads the parts after the hidden ones; a file for a file field of the step is checked and
/// kept as it streams in, like the script's upload.
async fn read_rest(
    multipart: &mut Multipart,
    citizen_id: &CitizenId,
    service: &ServiceId,
    form: &FormDefinition,
    stored: &RawAnswers,
    step: Option<usize>,
) -> Result<Sent, AppError> {
    let mut sent = Sent {
        go: None,
        values: Vec::new(),
        files: Vec::new(),
        refused: Vec::new(),
    };
    let is_file_field = |name: &str| {
        step.and_then(|step| form.steps.get(step)).is_some_and(|step| {
            step.fields
                .iter()
                .any(|f| f.id == name && matches!(f.kind, FieldKind::File { .. }))
        })
    };
    while let Some(mut part) = multipart.next_field().await.map_err(|_| malformed())? {
        let name = part.name().unwrap_or_default().to_owned();
        if let Some(file_name) = part.file_name() {
            // No file chosen: the browser sends an empty part with no name.
            if file_name.is_empty() || !is_file_field(&name) {
                while let Ok(Some(_)) = part.chunk().await {}
                continue;
            }
            let Some(slot) = FileSlot::of(form, &name, Some(stored)) else {
                while let Ok(Some(_)) = part.chunk().await {}
                continue;
            };
            match keep(citizen_id, service, &name, slot, &mut part).await {
                Ok(file) => sent.files.push((name, file)),
                Err(AppError::InvalidAnswers { errors }) => sent.refused.extend(errors),
                Err(error) => return Err(error),
            }
            continue;
        }
        let Some(value) = text(&mut part, TEXT_PART_MAX).await.map_err(|()| malformed())? else {
            sent.refused.push(FieldError {
                field: name,
                problem: Problem::TooLong,
                limit: Some(LONG_TEXT_MAX.to_string()),
            });
            continue;
        };
        if name == Go::PART {
            sent.go = Some(Go::parse(&value).ok_or_else(malformed)?);
        } else {
            sent.values.push((name, value));
        }
    }
    Ok(sent)
}

/// The draft's answers with those of the step as the form sent them: each field of the step
/// takes its sent value, or none; a file field keeps its file unless a new one came.
fn merge(form: &FormDefinition, step: usize, stored: &RawAnswers, sent: &Sent) -> RawAnswers {
    let mut answers = stored.clone();
    let fields = &form.steps[step].fields;
    for field in fields {
        if matches!(field.kind, FieldKind::File { .. }) {
            if let Some((_, file)) = sent.files.iter().rev().find(|(id, _)| *id == field.id)
                && let Ok(value) = serde_json::to_value(file)
            {
                answers.insert(field.id.clone(), value);
            }
        } else {
            answers.remove(&field.id);
        }
    }
    for (name, value) in &sent.values {
        // Only the questions of this step: the others are not on the page.
        let Some(field) = fields.iter().find(|f| f.id == *name) else {
            continue;
        };
        match &field.kind {
            FieldKind::MultipleChoice { .. } => {
                let items = answers.entry(name.clone()).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(items) = items {
                    items.push(Value::String(value.clone()));
                }
            }
            FieldKind::Consent => {
                answers.insert(name.clone(), Value::Bool(true));
            }
            FieldKind::File { .. } => {}
            _ => {
                // A browser sends a text area's line breaks as CR LF; the script keeps LF.
                let value = value.replace("\r\n", "\n");
                if !value.is_empty() {
                    answers.insert(name.clone(), Value::String(value));
                }
            }
        }
    }
    if let Some(Go::Remove(field)) = &sent.go
        && fields
            .iter()
            .any(|f| f.id == *field && matches!(f.kind, FieldKind::File { .. }))
    {
        answers.remove(field);
    }
    prune_hidden(form, &mut answers);
    answers
}

/// The questions of the step that these answers show and the stored ones did not, still
/// unanswered: without the script, the citizen has not seen them yet.
fn revealed(form: &FormDefinition, step: usize, stored: &RawAnswers, answers: &RawAnswers) -> Vec<String> {
    form.steps[step]
        .fields
        .iter()
        .filter(|f| is_visible(form, f, answers) && !is_visible(form, f, stored))
        .filter(|f| answers.get(&f.id).is_none_or(is_empty))
        .map(|f| f.id.clone())
        .collect()
}

/// Where a page comes back after a step sent without script: `Ok(done)` says what the page
/// tells (see [`DONE_STEP`]); an error goes back in the address, as for every plain post.
pub(super) async fn send(data: MultipartData) -> Result<&'static str, AppError> {
    let acting = require_acting()?;
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let service = ServiceId::new(control(&mut multipart, SERVICE_PART).await?);
    let shown: usize = control(&mut multipart, STEP_PART)
        .await?
        .parse()
        .map_err(|_| malformed())?;
    let base_revision: i64 = control(&mut multipart, REVISION_PART)
        .await?
        .parse()
        .map_err(|_| malformed())?;

    let cx = crate::api::portal()?;
    let (manifest, stored) = {
        let mut conn = cx.db.pool().acquire().await?;
        let now = cx.auth.clock.now();
        super::open::stored_or_new(&mut conn, &acting, &service, now, cx.drafts).await?
    };
    let form = &manifest.form;
    let steps = form.steps.len();
    if shown > steps {
        return Err(malformed());
    }
    let on_a_step = shown < steps;
    // The review holds no answers, only its buttons: nothing else it sends is read.
    let mut sent = read_rest(
        &mut multipart,
        &acting.subject,
        &service,
        form,
        &stored.answers,
        on_a_step.then_some(shown),
    )
    .await?;
    if !on_a_step {
        sent.values.clear();
    }
    let go = sent.go.clone().ok_or_else(malformed)?;
    let answers = if on_a_step {
        merge(form, shown, &stored.answers, &sent)
    } else {
        stored.answers.clone()
    };

    let mut errors = sent.refused.clone();
    let mut done = DONE_STEP;
    let step = match go {
        Go::Back => shown.saturating_sub(1),
        Go::Change(target) if target < steps => target,
        Go::Change(_) => return Err(malformed()),
        Go::Remove(_) => shown,
        Go::Delete => {
            done = DONE_DELETE;
            shown
        }
        Go::Next if !on_a_step => shown,
        Go::Next => {
            let revealed = revealed(form, shown, &stored.answers, &answers);
            let mut conn = cx.db.pool().acquire().await?;
            let today = cx.auth.clock.now().date();
            let checked = crate::attachments::check::validate_with_files(
                &mut conn,
                &acting.subject,
                &service,
                form,
                answers.clone(),
                Scope::Step(shown),
                today,
            )
            .await?;
            drop(conn);
            match checked {
                Ok(_) if errors.is_empty() => shown + 1,
                Ok(_) => shown,
                Err(found) => {
                    if !revealed.is_empty() {
                        done = DONE_REVEALED;
                    }
                    for error in found {
                        let seen = errors.iter().any(|e| e.field == error.field);
                        if !seen && !revealed.contains(&error.field) {
                            errors.push(error);
                        }
                    }
                    shown
                }
            }
        }
    };

    let now = Moment::at(cx.auth.clock.now());
    let outcome = super::save::save(service, stored.service_version, base_revision, answers, step, now).await?;
    if let SaveOutcome::Newer { .. } = outcome {
        // Another device's edit got in at this instant; the page shows what won.
        return Err(AppError::Conflict);
    }
    if errors.is_empty() {
        Ok(done)
    } else {
        Err(AppError::InvalidAnswers { errors })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn form() -> FormDefinition {
        serde_json::from_value(json!({"steps": [
            {"id": "one", "fields": [
                {"id": "doctor", "type": "yes_no", "required": true},
                {"id": "since", "type": "date", "required": true, "visible_when": {"field": "doctor", "one_of": ["yes"]}},
                {"id": "days", "type": "multiple_choice", "options": [
                    {"value": "mon", "label": {"fr": "Lundi", "en": "Monday"}},
                    {"value": "tue", "label": {"fr": "Mardi", "en": "Tuesday"}}]},
                {"id": "notes", "type": "long_text"},
                {"id": "consent", "type": "consent", "required": true},
                {"id": "proof", "type": "file", "accept": ["application/pdf"], "max_bytes": 1000}
            ]},
            {"id": "two", "fields": [{"id": "name", "type": "short_text"}]}
        ]}))
        .unwrap()
    }

    fn sent(values: &[(&str, &str)], go: Go) -> Sent {
        Sent {
            go: Some(go),
            values: values.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            files: Vec::new(),
            refused: Vec::new(),
        }
    }

    fn answers(value: Value) -> RawAnswers {
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn the_step_takes_what_the_form_sent_and_keeps_the_rest() {
        let stored = answers(json!({
            "doctor": "no", "notes": "avant", "consent": true, "name": "Alex",
            "proof": {"id": "f1", "name": "a.pdf", "size": 10, "media_type": "application/pdf"}
        }));
        let sent = sent(
            &[
                ("doctor", "yes"),
                ("days", "mon"),
                ("days", "tue"),
                ("notes", "un\r\ndeux"),
                ("name", "Autre"),
            ],
            Go::Next,
        );
        let merged = merge(&form(), 0, &stored, &sent);
        assert_eq!(merged.get("doctor"), Some(&json!("yes")));
        assert_eq!(merged.get("days"), Some(&json!(["mon", "tue"])));
        assert_eq!(merged.get("notes"), Some(&json!("un\ndeux")));
        // Unticked: a checkbox sends nothing.
        assert_eq!(merged.get("consent"), None);
        // Not a question of this step: the stored answer stays.
        assert_eq!(merged.get("name"), Some(&json!("Alex")));
        // No new file chosen: the attached one stays.
        assert_eq!(merged.get("proof").and_then(|p| p.get("id")), Some(&json!("f1")));
        assert_eq!(revealed(&form(), 0, &stored, &merged), vec!["since".to_owned()]);
    }

    #[test]
    fn an_answer_the_others_now_hide_goes_and_a_file_can_be_removed() {
        let stored = answers(json!({
            "doctor": "yes", "since": "2020-01-01",
            "proof": {"id": "f1", "name": "a.pdf", "size": 10, "media_type": "application/pdf"}
        }));
        let merged = merge(
            &form(),
            0,
            &stored,
            &sent(
                &[("doctor", "no"), ("since", "2020-01-01")],
                Go::Remove("proof".to_owned()),
            ),
        );
        assert_eq!(merged.get("since"), None);
        assert_eq!(merged.get("proof"), None);
        assert!(revealed(&form(), 0, &stored, &merged).is_empty());
    }
}
