//! The citizen's drafts, each with the title and steps of its form version.

use crate::auth::session::require_acting;
use crate::drafts::db;
use crate::drafts::model::DraftSummary;
use crate::error::AppError;

/// See [`super::my_drafts`]; a draft whose version is no longer known is left out.
pub(super) async fn list() -> Result<Vec<DraftSummary>, AppError> {
    let acting = require_acting()?;
    let cx = crate::api::portal()?;
    let mut conn = cx.db.pool().acquire().await?;
    let drafts = db::of_citizen(&mut conn, &acting.subject).await?;
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
