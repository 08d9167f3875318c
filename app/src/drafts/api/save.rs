//! Saving a draft over the revision a device last had: the conflict rule is
//! [`Draft::resolve`]; this applies it in one transaction.

use super::open::{create, new_draft};
use crate::catalogue::api::form_version;
use crate::drafts::db;
use crate::drafts::model::{Draft, Resolution, SaveOutcome};
use crate::error::AppError;
use crate::forms::RawAnswers;
use crate::ids::ServiceId;
use crate::moment::Moment;
use crate::usage::model::Measure;
use time::OffsetDateTime;

/// See [`super::save_draft`]; a step sent without script saves through here too.
pub(super) async fn save(
    service: ServiceId,
    service_version: u32,
    base_revision: i64,
    answers: RawAnswers,
    step: usize,
    edited_at: Moment,
) -> Result<SaveOutcome, AppError> {
    let acting = crate::auth::session::require_acting()?;
    let cx = crate::api::portal()?;
    let now = cx.auth.clock.now();
    let edited_at = last_typed(&edited_at, now)?;
    let mut tx = cx.db.begin().await?;
    let stored = db::find(&mut tx, &acting.subject, &service).await?;
    let version = stored.as_ref().map_or(service_version, |s| s.draft.service_version);
    let manifest = form_version(&mut tx, &service, Some(version)).await?;
    let mut answers = answers;
    // A reference to a file that is gone (replaced from another device) is kept, so the
    // save goes through; checking the step or the whole form reports it.
    crate::attachments::check::resolve(&mut tx, &acting.subject, &service, &manifest.form, &mut answers).await?;
    crate::forms::validate::check_draft(&manifest.form, &answers)
        .map_err(|errors| AppError::InvalidAnswers { errors })?;
    let step = step.min(manifest.form.steps.len());
    let stamp = Moment::at(now);
    let expires_at = Moment::at(now + cx.drafts.retention);
    let Some(stored) = stored else {
        // Sent meanwhile (a save still on its way when the request was filed): the
        // draft is a request now, and a late save must not bring it back.
        if crate::requests::db::filed_since(&mut tx, &acting.subject, &service, &edited_at).await? {
            return Err(AppError::Conflict);
        }
        // Its first save (the form was opened on a new draft), or deleted or expired
        // meanwhile: what this device holds starts the draft.
        let draft = Draft {
            step,
            ..new_draft(&manifest, answers, now, edited_at, cx.drafts)
        };
        if !create(&mut tx, &acting, &draft, now).await? {
            let other = db::find(&mut tx, &acting.subject, &service)
                .await?
                .ok_or(AppError::NotFound)?;
            return Ok(SaveOutcome::Newer { newer: other.draft });
        }
        crate::usage::marks::count(&mut tx, Measure::DraftSaved, Some(service.as_str()), now).await?;
        tx.commit().await?;
        return Ok(SaveOutcome::Saved {
            revision: draft.revision,
            updated_at: stamp,
            expires_at,
        });
    };
    let resolution = stored.draft.resolve(base_revision, &edited_at);
    if resolution == Resolution::KeepStored {
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
    if !db::update(&mut tx, &stored.id, stored.draft.revision, &draft).await? {
        // Another save got in between: let the device see what won.
        let latest = db::find(&mut tx, &acting.subject, &service)
            .await?
            .ok_or(AppError::NotFound)?;
        return Ok(SaveOutcome::Newer { newer: latest.draft });
    }
    crate::usage::marks::count(&mut tx, Measure::DraftSaved, Some(service.as_str()), now).await?;
    count_progress(&mut tx, &stored.id, service.as_str(), step, now).await?;
    tx.commit().await?;
    Ok(if resolution == Resolution::Next {
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

/// Counts the steps a draft at `step` (from 0) reached for the first time.
pub(super) async fn count_progress(
    conn: &mut sqlx::AnyConnection,
    id: &crate::ids::DraftId,
    service: &str,
    step: usize,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let reached = u32::try_from(step + 1).unwrap_or(u32::MAX);
    if let Some(before) = db::reach_step(conn, id, reached).await? {
        crate::usage::marks::count_steps(conn, service, before, reached, now).await?;
    }
    Ok(())
}

/// A device's "last typed" time, never later than now (a fast clock must not always win).
fn last_typed(claimed: &Moment, now: OffsetDateTime) -> Result<Moment, AppError> {
    use time::format_description::well_known::Rfc3339;
    let at = OffsetDateTime::parse(claimed, &Rfc3339).map_err(|_| AppError::InvalidInput {
        fields: vec![("edited_at".to_owned(), "common.errors.invalid_input".to_owned())],
    })?;
    Ok(Moment::at(at.min(now)))
}
