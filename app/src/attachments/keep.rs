//! Keeping a file for a file field: read up to what the field allows, recognized by content,
//! stored, and the file it replaces deleted.

use super::{db, scan};
use crate::error::AppError;
use crate::forms::answers::{FieldError, FileRef, Problem, RawAnswers};
use crate::forms::model::{FILE_MAX_BYTES, FieldKind, FormDefinition};
use crate::ids::{CitizenId, ServiceId};
use crate::multipart::{Part, read_capped};

/// A file field's rules and the file its answer holds now.
#[derive(Clone, Debug)]
pub struct FileSlot {
    /// The media types the field accepts.
    pub accept: Vec<String>,
    /// The most it keeps, never above the portal's own limit.
    pub max_bytes: u64,
    /// The file the answer refers to now, replaced by the new one.
    pub kept: Option<String>,
}

impl FileSlot {
    /// The slot of a field of this form, with what the answers hold for it; `None` when the
    /// field is not a file field of the form.
    pub fn of(form: &FormDefinition, field_id: &str, answers: Option<&RawAnswers>) -> Option<FileSlot> {
        let Some(FieldKind::File { accept, max_bytes }) = form.field(field_id).map(|f| f.kind.clone()) else {
            return None;
        };
        let kept = answers
            .and_then(|answers| answers.get(field_id))
            .and_then(file_id)
            .map(str::to_owned);
        Some(FileSlot {
            accept,
            max_bytes: max_bytes.min(FILE_MAX_BYTES),
            kept,
        })
    }
}

/// The file a file answer refers to.
pub(super) fn file_id(answer: &serde_json::Value) -> Option<&str> {
    answer.get("id")?.as_str()
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

/// A multipart upload that is not what the form sends.
pub fn malformed() -> AppError {
    AppError::InvalidInput {
        fields: vec![("file".to_owned(), "common.errors.invalid_input".to_owned())],
    }
}

/// Keeps the file of a multipart part for one file field of the citizen's draft (the
/// script's upload, or a step sent without script): checked against that field's rules, by
/// content; the file attached before to the field is deleted.
pub async fn keep(
    citizen_id: &CitizenId,
    service: &ServiceId,
    field_id: &str,
    slot: FileSlot,
    part: &mut Part,
) -> Result<FileRef, AppError> {
    let name = scan::clean_name(part.file_name().unwrap_or_default());
    let portal = crate::api::portal()?;
    let FileSlot {
        accept,
        max_bytes,
        kept,
    } = slot;
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

    let now = portal.auth.clock.now();
    let mut tx = portal.db.begin().await?;
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
