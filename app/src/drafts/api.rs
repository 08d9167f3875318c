//! Server functions of drafts: open (create with prefill), save with conflict detection,
//! check answers authoritatively, list, delete. Each authorizes the citizen first and reads
//! only their own drafts.

use super::model::{Draft, DraftSummary, SaveOutcome};
use crate::error::AppError;
use crate::forms::{FormDefinition, RawAnswers};
use crate::locale::Bilingual;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use leptos::server_fn::codec::{Json, MultipartData, MultipartFormData};
use serde::{Deserialize, Serialize};

/// What the wizard needs: the form of the draft's version, and the draft.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormSession {
    pub title: Bilingual,
    pub form: FormDefinition,
    pub draft: Draft,
}

#[cfg(feature = "ssr")]
mod server {
    use super::*;
    use crate::audit::{AuditEvent, Outcome};
    use crate::auth::session::{CurrentSession, request_meta};
    use crate::catalogue::ServiceManifest;
    use std::sync::Arc;

    use crate::drafts::model::{NEVER_EDITED, UNSAVED};
    use crate::forms::model::Claim;
    use sqlx::AnyConnection;
    use time::OffsetDateTime;

    /// How long an unsaved draft is kept; provided by the server from its settings.
    #[derive(Clone, Copy, Debug)]
    pub struct DraftPolicy {
        pub retention: time::Duration,
    }

    /// The manifest version a draft uses; a tile for signed-in people only is still theirs.
    pub async fn manifest(
        conn: &mut AnyConnection,
        service: &str,
        version: Option<u32>,
    ) -> Result<Arc<ServiceManifest>, AppError> {
        let manifests = &crate::api::portal()?.manifests;
        let found = match version {
            Some(version) => manifests.version(conn, service, version).await?,
            None => manifests.current(conn, service).await?,
        };
        found.ok_or(AppError::NotFound)
    }

    /// The answers a new draft starts with: the identity claims the form asks for.
    pub async fn prefill(
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
    pub async fn create(
        conn: &mut AnyConnection,
        session: &CurrentSession,
        draft: &Draft,
        now: OffsetDateTime,
    ) -> Result<bool, AppError> {
        if super::super::db::create(conn, &session.citizen_id, draft, now)
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
        if let Some(stored) = super::super::db::find(conn, &session.citizen_id, service).await? {
            let manifest = manifest(conn, service, Some(stored.draft.service_version)).await?;
            return Ok((manifest, stored.draft));
        }
        let manifest = manifest(conn, service, None).await?;
        let answers = prefill(conn, session, &manifest.form).await?;
        let draft = Draft {
            revision: UNSAVED,
            ..new_draft(&manifest, answers, now, NEVER_EDITED.to_owned(), policy)
        };
        Ok((manifest, draft))
    }

    pub fn new_draft(
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

    /// A device's "last typed" time, never later than now (a fast clock must not always win).
    pub fn edited_at(claimed: &str, now: OffsetDateTime) -> Result<String, AppError> {
        use time::format_description::well_known::Rfc3339;
        let at = OffsetDateTime::parse(claimed, &Rfc3339).map_err(|_| AppError::InvalidInput {
            fields: vec![("edited_at".to_owned(), "common.errors.invalid_input".to_owned())],
        })?;
        Ok(crate::clock::timestamp(at.min(now)))
    }
}

#[cfg(feature = "ssr")]
pub use server::{DraftPolicy, manifest as draft_manifest, stored_or_new};

/// Opens the citizen's draft for a service: the one they have, on the form version it was
/// started on, or a new one not saved yet (prefilled from their identity), which their first
/// save creates. Nothing is written: a page that calls this on a GET changes nothing.
#[server(endpoint = "drafts/open")]
pub async fn open_draft(service: String) -> Result<FormSession, AppError> {
    use crate::auth::session::require_citizen;
    crate::api::answer(
        async {
            let session = require_citizen()?;
            let cx = crate::api::portal()?;
            let now = cx.auth.clock.now();
            let mut conn = cx.db.pool().acquire().await?;
            let (manifest, draft) = server::stored_or_new(&mut conn, &session, &service, now, cx.drafts).await?;
            Ok(FormSession {
                title: manifest.title.clone(),
                form: manifest.form.clone(),
                draft,
            })
        }
        .await,
    )
}

/// Saves the answers over the revision the device last had (`base_revision`). Answers are
/// checked for shape (known, shown fields; right types; sizes), not completeness.
#[server(endpoint = "drafts/save", input = Json)]
pub async fn save_draft(
    service: String,
    service_version: u32,
    base_revision: i64,
    answers: RawAnswers,
    step: usize,
    edited_at: String,
) -> Result<SaveOutcome, AppError> {
    use crate::auth::session::require_citizen;
    crate::api::answer(
        async {
            let session = require_citizen()?;
            let cx = crate::api::portal()?;
            let now = cx.auth.clock.now();
            let edited_at = server::edited_at(&edited_at, now)?;
            let mut tx = cx.db.begin().await?;
            let stored = super::db::find(&mut tx, &session.citizen_id, &service).await?;
            let version = stored.as_ref().map_or(service_version, |s| s.draft.service_version);
            let manifest = server::manifest(&mut tx, &service, Some(version)).await?;
            let mut answers = answers;
            // A reference to a file that is gone (replaced from another device) is kept, so the
            // save goes through; checking the step or the whole form reports it.
            crate::attachments::api::resolve(&mut tx, &session.citizen_id, &service, &manifest.form, &mut answers)
                .await?;
            crate::forms::validate::check_draft(&manifest.form, &answers)
                .map_err(|errors| AppError::InvalidAnswers { errors })?;
            let step = step.min(manifest.form.steps.len());
            let stamp = crate::clock::timestamp(now);
            let expires_at = crate::clock::timestamp(now + cx.drafts.retention);
            let Some(stored) = stored else {
                // Sent meanwhile (a save still on its way when the request was filed): the
                // draft is a request now, and a late save must not bring it back.
                if crate::requests::db::filed_since(&mut tx, &session.citizen_id, &service, &edited_at).await? {
                    return Err(AppError::Conflict);
                }
                // Its first save (the form was opened on a new draft), or deleted or expired
                // meanwhile: what this device holds starts the draft.
                let draft = Draft {
                    step,
                    ..server::new_draft(&manifest, answers, now, edited_at, cx.drafts)
                };
                if !server::create(&mut tx, &session, &draft, now).await? {
                    let other = super::db::find(&mut tx, &session.citizen_id, &service)
                        .await?
                        .ok_or(AppError::NotFound)?;
                    return Ok(SaveOutcome::Newer { newer: other.draft });
                }
                tx.commit().await?;
                return Ok(SaveOutcome::Saved {
                    revision: draft.revision,
                    updated_at: stamp,
                    expires_at,
                });
            };
            let resolution = stored.draft.resolve(base_revision, &edited_at);
            if resolution == super::model::Resolution::KeepStored {
                return Ok(SaveOutcome::Newer { newer: stored.draft });
            }
            let revision = stored.draft.revision + 1;
            let draft = Draft {
                answers,
                step,
                revision,
                updated_at: stamp.clone(),
                edited_at,
                expires_at: expires_at.clone(),
                ..stored.draft.clone()
            };
            if !super::db::update(&mut tx, &stored.id, stored.draft.revision, &draft).await? {
                // Another save got in between: let the device see what won.
                let latest = super::db::find(&mut tx, &session.citizen_id, &service)
                    .await?
                    .ok_or(AppError::NotFound)?;
                return Ok(SaveOutcome::Newer { newer: latest.draft });
            }
            tx.commit().await?;
            Ok(if resolution == super::model::Resolution::Next {
                SaveOutcome::Saved {
                    revision,
                    updated_at: stamp,
                    expires_at,
                }
            } else {
                SaveOutcome::Replaced {
                    revision,
                    updated_at: stamp,
                    expires_at,
                    replaced: stored.draft,
                }
            })
        }
        .await,
    )
}

/// Checks answers against the draft's form: one step before going on (`step`), or the whole
/// form for the review page. The browser ran the same rules; this is the one that counts.
#[server(endpoint = "forms/check", input = Json)]
pub async fn check_answers(service: String, step: Option<usize>, answers: RawAnswers) -> Result<(), AppError> {
    use crate::auth::session::require_citizen;
    use crate::forms::Scope;
    crate::api::answer(
        async {
            let session = require_citizen()?;
            let cx = crate::api::portal()?;
            let mut conn = cx.db.pool().acquire().await?;
            let stored = super::db::find(&mut conn, &session.citizen_id, &service).await?;
            let version = stored.map(|s| s.draft.service_version);
            let manifest = server::manifest(&mut conn, &service, version).await?;
            let scope = match step {
                Some(step) if step < manifest.form.steps.len() => Scope::Step(step),
                Some(_) => return Err(AppError::NotFound),
                None => Scope::All,
            };
            let today = cx.auth.clock.now().date();
            crate::attachments::api::validate_with_files(
                &mut conn,
                &session.citizen_id,
                &service,
                &manifest.form,
                answers,
                scope,
                today,
            )
            .await?
            .map(|_| ())
            .map_err(|errors| AppError::InvalidAnswers { errors })
        }
        .await,
    )
}

/// A step of the wizard sent by a plain form post, when no script runs: the answers of the
/// step shown and the button pressed (see `drafts::step`). The browser comes back to the form
/// page, at the step the draft is now at, or with the errors of the step.
#[server(endpoint = "drafts/step", input = MultipartFormData)]
pub async fn send_step(data: MultipartData) -> Result<(), AppError> {
    let done = super::step::send(data).await;
    match &done {
        Ok(done) => crate::api::return_with_done(done),
        Err(error) => crate::api::return_with_error(SendStep::PATH, error),
    }
    crate::api::answer(done.map(|_| ()))
}

/// The citizen's drafts, for "Mes démarches".
#[server(endpoint = "drafts/list")]
pub async fn my_drafts() -> Result<Vec<DraftSummary>, AppError> {
    use crate::auth::session::require_citizen;
    crate::api::answer(
        async {
            let session = require_citizen()?;
            let cx = crate::api::portal()?;
            let mut conn = cx.db.pool().acquire().await?;
            let drafts = super::db::of_citizen(&mut conn, &session.citizen_id).await?;
            let mut summaries = Vec::with_capacity(drafts.len());
            for draft in drafts {
                let Some(manifest) = cx
                    .manifests
                    .version(&mut conn, &draft.service_id, draft.service_version)
                    .await?
                else {
                    continue;
                };
                summaries.push(DraftSummary {
                    service_id: draft.service_id,
                    title: manifest.title.clone(),
                    step: draft.step,
                    steps: manifest.form.steps.len(),
                    updated_at: draft.updated_at,
                    expires_at: draft.expires_at,
                });
            }
            Ok(summaries)
        }
        .await,
    )
}

/// Deletes the citizen's draft for a service (journaled). A plain post (no script) goes on to
/// "Mes démarches", or back with the error.
#[server(endpoint = "drafts/delete")]
pub async fn delete_draft(service: String) -> Result<(), AppError> {
    use crate::audit::{AuditEvent, Outcome};
    use crate::auth::session::{request_meta, require_citizen};
    let deleted = async {
        let session = require_citizen()?;
        let cx = crate::api::portal()?;
        let now = cx.auth.clock.now();
        let mut tx = cx.db.begin().await?;
        if !super::db::delete(&mut tx, &session.citizen_id, &service).await? {
            return Err(AppError::NotFound);
        }
        crate::attachments::db::delete_of_draft(&mut tx, &session.citizen_id, &service).await?;
        let event = AuditEvent {
            target: Some(service.clone()),
            ..request_meta().event(&session.citizen_id, "draft.delete", Outcome::Success)
        };
        crate::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    match &deleted {
        Ok(()) => crate::api::go_on_with_done(|locale| crate::locale::Page::MyRequests.path(locale), DELETED),
        Err(error) => crate::api::return_with_error(DeleteDraft::PATH, error),
    }
    crate::api::answer(deleted)
}

/// What "Mes démarches" says when a plain post has just deleted a draft.
pub const DELETED: &str = "deleted";
