//! Attaching a file to a draft's answer, and checking the references answers hold.

use crate::error::AppError;
use crate::forms::validate::FileRef;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// The most a multipart upload may carry besides the file (the service and field ids, the
/// part headers).
pub const UPLOAD_OVERHEAD_BYTES: usize = 16 * 1024;

/// Keeps a file for one file field of the citizen's draft and returns the reference its answer
/// holds. The form data holds `service`, `field` and then `file`, in that order. The file is
/// refused, as an error on that field, when it is empty, larger than the field allows, or not
/// one of its accepted kinds *by its content*. A file attached before to the same field is
/// deleted.
#[server(endpoint = "attachments/add", input = MultipartFormData)]
pub async fn attach_file(data: MultipartData) -> Result<FileRef, AppError> {
    crate::api::answer(server::attach(data).await)
}

#[cfg(feature = "ssr")]
pub use server::{keep, resolve, validate_with_files};

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::attachments::{db, scan};
    use crate::auth::session::require_citizen;
    use crate::forms::model::{FILE_MAX_BYTES, FieldKind, FormDefinition};
    use crate::forms::validate::{FieldError, Problem, RawAnswers, Scope, ValidAnswers, validate};
    use crate::multipart::{Multipart, Part, named_text, read_capped};
    use sqlx::AnyConnection;

    /// The file a file answer refers to.
    fn file_id(answer: &serde_json::Value) -> Option<&str> {
        answer.get("id")?.as_str()
    }

    /// The longest id a form part may hold.
    const ID_MAX: usize = 100;

    fn malformed() -> AppError {
        AppError::InvalidInput {
            fields: vec![("file".to_owned(), "common.errors.invalid_input".to_owned())],
        }
    }

    fn refused(field: &str, problem: Problem, limit: Option<String>) -> AppError {
        AppError::InvalidAnswers {
            errors: vec![FieldError {
                field: field.to_owned(),
                problem,
                limit,
            }],
        }
    }

    async fn text_part(multipart: &mut Multipart, name: &str) -> Result<String, AppError> {
        named_text(multipart, name, ID_MAX).await.ok_or_else(malformed)
    }

    pub async fn attach(data: MultipartData) -> Result<FileRef, AppError> {
        let session = require_citizen()?;
        let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
        let service = text_part(&mut multipart, "service").await?;
        let field_id = text_part(&mut multipart, "field").await?;
        let mut part = multipart
            .next_field()
            .await
            .map_err(|_| malformed())?
            .ok_or_else(malformed)?;
        if part.name() != Some("file") {
            return Err(malformed());
        }
        keep(&session.citizen_id, &service, &field_id, &mut part).await
    }

    /// Keeps the file of a multipart part for one file field of the citizen's draft (the
    /// script's upload, or a step sent without script): checked against that field's rules in
    /// the draft's form version, by content; a file attached before to the field is deleted.
    pub async fn keep(citizen_id: &str, service: &str, field_id: &str, part: &mut Part) -> Result<FileRef, AppError> {
        let name = scan::clean_name(part.file_name().unwrap_or_default());
        let portal = crate::api::portal()?;
        let db = &portal.db;
        let clock = &portal.auth;
        // The field's rules come first, from the draft's own form version; a file is read
        // only up to what that field allows.
        let (accept, max_bytes, kept) = {
            let mut conn = db.pool().acquire().await?;
            // A draft not saved yet is on the current version; its first save, which follows
            // with this file's reference, creates it (a file no draft ever refers to is
            // purged after a day).
            let draft = crate::drafts::db::find(&mut conn, citizen_id, service).await?;
            let version = draft.as_ref().map(|stored| stored.draft.service_version);
            let manifest = crate::drafts::api::draft_manifest(&mut conn, service, version).await?;
            let Some(FieldKind::File { accept, max_bytes }) = manifest.form.field(field_id).map(|f| f.kind.clone())
            else {
                return Err(malformed());
            };
            let kept = draft
                .as_ref()
                .and_then(|stored| stored.draft.answers.get(field_id))
                .and_then(file_id)
                .map(str::to_owned);
            (accept, max_bytes.min(FILE_MAX_BYTES), kept)
        };
        let Some(content) = read_capped(part, max_bytes as usize).await.map_err(|_| malformed())? else {
            // The rest is read and dropped, so the browser, still sending, hears why.
            while let Ok(Some(_)) = part.chunk().await {}
            return Err(refused(field_id, Problem::FileTooLarge, Some(max_bytes.to_string())));
        };
        if content.is_empty() {
            return Err(refused(field_id, Problem::InvalidFile, None));
        }
        let kind = scan::recognize(&content)
            .filter(|kind| accept.iter().any(|a| a == kind.media_type))
            .ok_or_else(|| refused(field_id, Problem::FileTypeNotAllowed, None))?;

        let now = clock.clock.now();
        let mut tx = db.begin().await?;
        let file = db::store(
            &mut tx,
            &db::NewAttachment {
                citizen_id,
                service_id: service,
                field_id,
                name: &name,
                media_type: kind.media_type,
                content: &content,
            },
            now,
        )
        .await?;
        db::drop_replaced(
            &mut tx,
            citizen_id,
            service,
            field_id,
            [Some(&file.id), kept.as_deref()],
        )
        .await?;
        tx.commit().await?;
        tracing::debug!(bytes = file.size, media_type = %file.media_type, "file attached");
        Ok(file)
    }

    /// Puts the portal's own record of each attached file in place of what the answers claim
    /// about it (name, size, type), so that validation judges the file actually kept. Returns
    /// an error for each reference that is not one of the citizen's files for that field.
    pub async fn resolve(
        conn: &mut AnyConnection,
        citizen_id: &str,
        service_id: &str,
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
        citizen_id: &str,
        service_id: &str,
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
}
