//! Opening a draft: the form version it is on, the answers a new one starts with (the
//! identity claims its form asks for), and creating it, journaled, on its first save.

use super::{DraftPolicy, FormSession};
use crate::audit::{AuditEvent, Outcome};
use crate::auth::session::{CurrentSession, request_meta, require_citizen};
use crate::catalogue::ServiceManifest;
use crate::catalogue::api::form_version;
use crate::drafts::model::{Draft, NEVER_EDITED, UNSAVED};
use crate::error::AppError;
use crate::forms::model::Claim;
use crate::forms::{FormDefinition, RawAnswers};
use sqlx::AnyConnection;
use std::sync::Arc;
use time::OffsetDateTime;

/// The citizen's draft for a service and its form (see [`super::open_draft`]).
pub(super) async fn open(service: String) -> Result<FormSession, AppError> {
    let session = require_citizen()?;
    let cx = crate::api::portal()?;
    let now = cx.auth.clock.now();
    let mut conn = cx.db.pool().acquire().await?;
    let (manifest, draft) = stored_or_new(&mut conn, &session, &service, now, cx.drafts).await?;
    Ok(FormSession {
        title: manifest.title.clone(),
        form: manifest.form.clone(),
        draft,
    })
}

/// The answers a new draft starts with: the identity claims the form asks for.
pub(super) async fn prefill(
    conn: &mut AnyConnection,
    session: &CurrentSession,
    form: &FormDefinition,
) -> Result<RawAnswers, AppError> {
    let profile = crate::auth::db::profile(conn, &session.citizen_id, session.role).await?;
    Ok(form
        .fields()
        .filter_map(|(_, field)| {
            let value = match field.prefill? {
                Claim::FullName => profile.display_name.clone(),
                Claim::Email => profile.email.clone(),
                Claim::BirthDate => profile.birth_date.clone(),
            }?;
            Some((field.id.clone(), serde_json::Value::String(value)))
        })
        .collect())
}

/// Creates a draft and journals it; returns false (nothing written) when another device
/// created it at the same moment.
pub(super) async fn create(
    conn: &mut AnyConnection,
    session: &CurrentSession,
    draft: &Draft,
    now: OffsetDateTime,
) -> Result<bool, AppError> {
    if crate::drafts::db::create(conn, &session.citizen_id, draft, now)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    let event = AuditEvent {
        target: Some(draft.service_id.clone()),
        details: Some(serde_json::json!({ "version": draft.service_version })),
        ..request_meta().event(&session.citizen_id, "draft.create", Outcome::Success)
    };
    crate::audit::db::record(conn, &event, now).await?;
    Ok(true)
}

/// The citizen's draft for a service and the form of its version, or, when they have
/// none, a new one that is not saved yet (prefilled from their identity, on the current
/// version): the first save creates it, so opening a form changes nothing.
pub async fn stored_or_new(
    conn: &mut AnyConnection,
    session: &CurrentSession,
    service: &str,
    now: OffsetDateTime,
    policy: DraftPolicy,
) -> Result<(Arc<ServiceManifest>, Draft), AppError> {
    if let Some(stored) = crate::drafts::db::find(conn, &session.citizen_id, service).await? {
        let manifest = form_version(conn, service, Some(stored.draft.service_version)).await?;
        return Ok((manifest, stored.draft));
    }
    let manifest = form_version(conn, service, None).await?;
    let answers = prefill(conn, session, &manifest.form).await?;
    let draft = Draft {
        revision: UNSAVED,
        ..new_draft(&manifest, answers, now, NEVER_EDITED.to_owned(), policy)
    };
    Ok((manifest, draft))
}

/// A draft of the service's version with these answers, at its first step, kept for the
/// retention period from now.
pub(super) fn new_draft(
    service: &ServiceManifest,
    answers: RawAnswers,
    now: OffsetDateTime,
    edited_at: String,
    policy: DraftPolicy,
) -> Draft {
    let stamp = crate::clock::timestamp(now);
    Draft {
        service_id: service.id.clone(),
        service_version: service.version,
        answers,
        step: 0,
        revision: 1,
        updated_at: stamp,
        edited_at,
        expires_at: crate::clock::timestamp(now + policy.retention),
    }
}
