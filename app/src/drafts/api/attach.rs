//! Attaching a file to an answer of the citizen's draft: the field's rules come from the
//! draft's own form version (the current one for a draft not saved yet, whose first save,
//! which follows with the file's reference, creates it; a file no draft ever refers to is
//! purged after a day).

use crate::attachments::keep::{FileSlot, keep, malformed};
use crate::auth::session::require_acting;
use crate::drafts::db;
use crate::error::AppError;
use crate::forms::answers::FileRef;
use crate::ids::ServiceId;
use crate::multipart::{Multipart, named_text};
use leptos::server_fn::codec::MultipartData;

/// The longest id a form part may hold.
const ID_MAX: usize = 100;

async fn text_part(multipart: &mut Multipart, name: &str) -> Result<String, AppError> {
    named_text(multipart, name, ID_MAX).await.ok_or_else(malformed)
}

/// See [`super::attach_file`].
pub(super) async fn attach(data: MultipartData) -> Result<FileRef, AppError> {
    let acting = require_acting()?;
    let mut multipart = data.into_inner().ok_or(AppError::Internal)?;
    let service = ServiceId::new(text_part(&mut multipart, "service").await?);
    let field_id = text_part(&mut multipart, "field").await?;
    let mut part = multipart
        .next_field()
        .await
        .map_err(|_| malformed())?
        .ok_or_else(malformed)?;
    if part.name() != Some("file") {
        return Err(malformed());
    }
    let slot = {
        let cx = crate::api::portal()?;
        let mut conn = cx.db.pool().acquire().await?;
        let draft = db::find(&mut conn, &acting.subject, &service).await?;
        let version = draft.as_ref().map(|stored| stored.draft.service_version);
        let manifest = crate::catalogue::api::form_version(&mut conn, &service, version).await?;
        FileSlot::of(
            &manifest.form,
            &field_id,
            draft.as_ref().map(|stored| &stored.draft.answers),
        )
        .ok_or_else(malformed)?
    };
    keep(&acting.subject, &service, &field_id, slot, &mut part).await
}
