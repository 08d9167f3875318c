//! The authoritative check of answers: one step before going on, or the whole form for the
//! review. The browser ran the same rules; this is the one that counts.

use crate::auth::session::require_acting;
use crate::catalogue::api::form_version;
use crate::drafts::db;
use crate::error::AppError;
use crate::forms::{RawAnswers, Scope};
use crate::ids::ServiceId;

/// See [`super::check_answers`].
pub(super) async fn check(service: ServiceId, step: Option<usize>, answers: RawAnswers) -> Result<(), AppError> {
    let acting = require_acting()?;
    let cx = crate::api::portal()?;
    let mut conn = cx.db.pool().acquire().await?;
    let stored = db::find(&mut conn, &acting.subject, &service).await?;
    let version = stored.map(|s| s.draft.service_version);
    let manifest = form_version(&mut conn, &service, version).await?;
    let scope = match step {
        Some(step) if step < manifest.form.steps.len() => Scope::Step(step),
        Some(_) => return Err(AppError::NotFound),
        None => Scope::All,
    };
    let today = cx.auth.clock.now().date();
    crate::attachments::check::validate_with_files(
        &mut conn,
        &acting.subject,
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
