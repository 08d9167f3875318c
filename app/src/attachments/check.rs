//! The answers' file references checked against the portal's own records, and the server's
//! check of answers with their files.

use super::db;
use super::keep::file_id;
use crate::error::AppError;
use crate::forms::answers::{FieldError, Problem, RawAnswers, Scope, ValidAnswers};
use crate::forms::model::{FieldKind, FormDefinition};
use crate::forms::validate::validate;
use crate::ids::{CitizenId, ServiceId};
use sqlx::AnyConnection;

/// Puts the portal's own record of each attached file in place of what the answers claim
/// about it (name, size, type), so that validation judges the file actually kept. Returns
/// an error for each reference that is not one of the citizen's files for that field.
pub async fn resolve(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
    form: &FormDefinition,
    answers: &mut RawAnswers,
) -> Result<Vec<FieldError>, AppError> {
    let mut unknown = Vec::new();
    for (_, field) in form.fields() {
        if !matches!(field.kind, FieldKind::File { .. }) {
            continue;
        }
        let Some(id) = answers.get(&field.id).and_then(file_id).map(str::to_owned) else {
            continue;
        };
        match db::find(conn, citizen_id, service_id, &field.id, &id).await? {
            Some(file) => {
                let value = serde_json::to_value(file).map_err(|_| AppError::Internal)?;
                answers.insert(field.id.clone(), value);
            }
            None => unknown.push(FieldError {
                field: field.id.clone(),
                problem: Problem::InvalidFile,
                limit: None,
            }),
        }
    }
    Ok(unknown)
}

/// The server's check of a step, of the review or of a submission: the portal's record of
/// each file in place of what the answers claim, then the shared validator. A reference to
/// none of the citizen's files is `invalid_file` on its field, when that field is in scope.
pub async fn validate_with_files(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
    form: &FormDefinition,
    mut answers: RawAnswers,
    scope: Scope,
    today: time::Date,
) -> Result<Result<ValidAnswers, Vec<FieldError>>, AppError> {
    let unknown = resolve(conn, citizen_id, service_id, form, &mut answers).await?;
    let in_scope = |field: &str| match scope {
        Scope::Step(step) => form
            .steps
            .get(step)
            .is_some_and(|s| s.fields.iter().any(|f| f.id == field)),
        Scope::All => true,
    };
    let unknown: Vec<FieldError> = unknown.into_iter().filter(|u| in_scope(&u.field)).collect();
    Ok(match validate(form, &answers, scope, today) {
        Ok(valid) if unknown.is_empty() => Ok(valid),
        Ok(_) => Err(unknown),
        Err(mut errors) => {
            for file in unknown {
                if !errors.iter().any(|e| e.field == file.field) {
                    errors.push(file);
                }
            }
            Err(errors)
        }
    })
}
