//! Reading the citizen's requests: the list of "Mes démarches" and a request's own page. The
//! service's words (title, statuses, questions) come from the manifest version the request was
//! filed on, so that a later publication never rewrites what the citizen sent.

use super::super::model::{AnsweredField, AnsweredStep, RequestDetail, RequestSummary, TimelineLine};
use crate::auth::session::require_acting;
use crate::catalogue::ServiceManifest;
use crate::error::AppError;
use crate::forms::pages::display_answer;
use crate::forms::{Answer, ValidAnswers};
use crate::i18n::Locale;
use crate::ids::RequestId;
use crate::locale::Bilingual;
use crate::requests::db::{self as requests_db, Listed};
use serde_json::Value;

/// The label of a status id in the manifest's vocabulary.
fn status_label(manifest: &ServiceManifest, id: Option<&String>) -> Option<Bilingual> {
    id.and_then(|id| manifest.statuses.iter().find(|s| &s.id == id).map(|s| s.label.clone()))
}

pub async fn list() -> Result<Vec<RequestSummary>, AppError> {
    let acting = require_acting()?;
    let portal = crate::api::portal()?;
    let mut conn = portal.db.pool().acquire().await?;
    let listed = requests_db::of_citizen(&mut conn, &acting.subject).await?;
    let mut summaries = Vec::with_capacity(listed.len());
    for request in listed {
        let manifest = portal
            .manifests
            .version(&mut conn, &request.service_id, request.service_version)
            .await?;
        let Some(manifest) = manifest else {
            continue;
        };
        let Listed {
            id,
            reference,
            stage,
            status,
            action_required,
            updated_at,
            ..
        } = request;
        summaries.push(RequestSummary {
            id,
            reference,
            status: status_label(&manifest, status.as_ref()),
            title: manifest.title.clone(),
            stage,
            action_required,
            updated_at,
        });
    }
    Ok(summaries)
}

pub async fn detail(id: RequestId) -> Result<RequestDetail, AppError> {
    let acting = require_acting()?;
    let portal = crate::api::portal()?;
    let db = &portal.db;
    let mut conn = db.pool().acquire().await?;
    let stored = requests_db::find(&mut conn, &acting.subject, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let request = &stored.listed;
    let manifest = portal
        .manifests
        .version(&mut conn, &request.service_id, request.service_version)
        .await?
        .ok_or(AppError::NotFound)?;
    let timeline: Vec<TimelineLine> = requests_db::events(&mut conn, &request.id)
        .await?
        .into_iter()
        .map(|event| TimelineLine {
            status: status_label(&manifest, event.status.as_ref()),
            kind: event.kind,
            message: event.message,
            expected_date: event.expected_date,
            action_required: event.action_required,
            deadline: event.deadline,
            at: event.at,
        })
        .collect();
    // While something is asked of the citizen, by when: what the line that asked it said.
    let deadline = request
        .action_required
        .then(|| timeline.iter().rev().find(|line| line.action_required))
        .flatten()
        .and_then(|line| line.deadline.clone());
    Ok(RequestDetail {
        id: request.id.clone(),
        reference: request.reference.clone(),
        service_id: request.service_id.clone(),
        status: status_label(&manifest, request.status.as_ref()),
        stage: request.stage,
        action_required: request.action_required,
        deadline,
        expected_date: stored.expected_date.clone(),
        submitted_at: stored.submitted_at.clone(),
        withdrawable: stored
            .standing()
            .can_transition_to(super::super::model::Stage::Withdrawn),
        withdrawal_reason: stored.withdrawal_reason.clone(),
        answers: answered_steps(&manifest, &stored.answers),
        processing_time: manifest.help.processing_time.clone(),
        title: manifest.title.clone(),
        timeline,
        signatures: crate::signatures::db::of_request(&mut conn, &acting.subject, &request.id).await?,
    })
}

/// The answers sent, step by step in the form's order, as the review page showed them; fields
/// left empty or hidden were not sent and are not shown.
fn answered_steps(manifest: &ServiceManifest, answers: &ValidAnswers) -> Vec<AnsweredStep> {
    manifest
        .form
        .steps
        .iter()
        .map(|step| AnsweredStep {
            title: step.title.clone(),
            answers: step
                .fields
                .iter()
                .filter_map(|field| {
                    let value = raw(answers.get(&field.id)?);
                    let shown = |locale| display_answer(field, Some(&value), locale);
                    Some(AnsweredField {
                        label: field.label.clone(),
                        answer: Bilingual {
                            fr: shown(Locale::fr),
                            en: shown(Locale::en),
                        },
                    })
                })
                .collect(),
        })
        .filter(|step| !step.answers.is_empty())
        .collect()
}

/// A typed answer as the form's own display reads answers.
fn raw(answer: &Answer) -> Value {
    match answer {
        Answer::Text(text) | Answer::Date(text) | Answer::Choice(text) => Value::from(text.as_str()),
        Answer::Number(number) => Value::from(*number),
        Answer::YesNo(yes) => Value::from(if *yes { "yes" } else { "no" }),
        Answer::Choices(values) => Value::from(values.clone()),
        Answer::Consent => Value::Bool(true),
        Answer::File(file) => serde_json::to_value(file).unwrap_or(Value::Null),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::answers::FileRef;

    #[test]
    fn every_typed_answer_reads_back_as_the_form_displays_it() {
        assert_eq!(raw(&Answer::YesNo(true)), Value::from("yes"));
        assert_eq!(raw(&Answer::Number(3)), Value::from(3));
        assert_eq!(raw(&Answer::Choices(vec!["a".into()])), serde_json::json!(["a"]));
        let file = FileRef {
            id: "f".into(),
            name: "preuve.pdf".into(),
            size: 2048,
            media_type: "application/pdf".into(),
        };
        assert_eq!(raw(&Answer::File(file))["name"], "preuve.pdf");
    }
}
