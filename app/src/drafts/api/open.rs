//! Opening a draft: the form version it is on, the answers a new one starts with (the
//! identity claims its form asks for), and creating it, journaled, on its first save.

use super::{DraftPolicy, FormSession};
use crate::audit::{AuditEvent, Outcome};
use crate::auth::model::Role;
use crate::auth::session::{Acting, require_acting};
use crate::catalogue::ServiceManifest;
use crate::catalogue::api::form_version;
use crate::drafts::model::{Draft, NEVER_EDITED, UNSAVED};
use crate::error::AppError;
use crate::forms::model::Claim;
use crate::forms::{FormDefinition, RawAnswers};
use crate::ids::ServiceId;
use crate::moment::Moment;
use crate::usage::model::Measure;
use sqlx::AnyConnection;
use std::sync::Arc;
use time::OffsetDateTime;

/// The citizen's draft for a service and its form (see [`super::open_draft`]).
pub(super) async fn open(service: ServiceId) -> Result<FormSession, AppError> {
    let acting = require_acting()?;
    let cx = crate::api::portal()?;
    let now = cx.auth.clock.now();
    let mut conn = cx.db.pool().acquire().await?;
    let (manifest, draft) = stored_or_new(&mut conn, &acting, &service, now, cx.drafts).await?;
    Ok(FormSession {
        title: manifest.title.clone(),
        form: manifest.form.clone(),
        draft,
    })
}

/// The answers a new draft starts with: the identity claims the form asks for, of the person
/// the draft is for.
pub(super) async fn prefill(
    conn: &mut AnyConnection,
    acting: &Acting,
    form: &FormDefinition,
) -> Result<RawAnswers, AppError> {
    let profile = crate::auth::db::profile(conn, &acting.subject, Role::Citizen).await?;
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
    acting: &Acting,
    draft: &Draft,
    now: OffsetDateTime,
) -> Result<bool, AppError> {
    let Some(id) = crate::drafts::db::create(conn, &acting.subject, draft, now).await? else {
        return Ok(false);
    };
    let service = draft.service_id.as_str();
    crate::usage::marks::count(conn, Measure::FormStarted, Some(service), now).await?;
    super::save::count_progress(conn, &id, service, draft.step, now).await?;
    let event = AuditEvent {
        target: Some(draft.service_id.to_string()),
        details: Some(serde_json::json!({ "version": draft.service_version })),
        ..acting.event("draft.create", Outcome::Success)
    }
    .about_service(draft.service_id.as_str());
    crate::audit::db::record(conn, &event, now).await?;
    Ok(true)
}

/// The citizen's draft for a service and the form of its version, or, when they have
/// none, a new one that is not saved yet (prefilled from their identity, on the current
/// version): the first save creates it, so opening a form changes nothing.
pub async fn stored_or_new(
    conn: &mut AnyConnection,
    acting: &Acting,
    service: &ServiceId,
    now: OffsetDateTime,
    policy: DraftPolicy,
) -> Result<(Arc<ServiceManifest>, Draft), AppError> {
    if let Some(stored) = crate::drafts::db::find(conn, &acting.subject, service).await? {
        let manifest = form_version(conn, service, Some(stored.draft.service_version)).await?;
        return Ok((manifest, stored.draft));
    }
    let manifest = form_version(conn, service, None).await?;
    let answers = prefill(conn, acting, &manifest.form).await?;
    let draft = Draft {
        revision: UNSAVED,
        ..new_draft(&manifest, answers, now, Moment::from_text(NEVER_EDITED), policy)
    };
    Ok((manifest, draft))
}

/// A draft of the service's version with these answers, at its first step, kept for the
/// retention period from now.
pub(super) fn new_draft(
    service: &ServiceManifest,
    answers: RawAnswers,
    now: OffsetDateTime,
    edited_at: Moment,
    policy: DraftPolicy,
) -> Draft {
    Draft {
        service_id: service.id.clone(),
        service_version: service.version,
        answers,
        step: 0,
        revision: 1,
        updated_at: Moment::at(now),
        edited_at,
        expires_at: Moment::at(now + policy.retention),
    }
}
