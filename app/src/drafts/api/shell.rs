//! A service's form as a device with no network starts it: the current version's form and a
//! blank draft, nothing of anyone's, so that a guest's answer may be kept by the service
//! worker. The wizard then shows the answers this device kept (`drafts::sync`).

use super::FormSession;
use super::open::new_draft;
use crate::catalogue::api::form_version;
use crate::drafts::model::{Draft, NEVER_EDITED, UNSAVED};
use crate::error::AppError;
use crate::forms::RawAnswers;
use crate::ids::ServiceId;
use crate::moment::Moment;

pub(super) async fn shell(service: ServiceId) -> Result<FormSession, AppError> {
    let cx = crate::api::portal()?;
    let now = cx.auth.clock.now();
    let mut conn = cx.db.pool().acquire().await?;
    let manifest = form_version(&mut conn, &service, None).await?;
    let blank = new_draft(
        &manifest,
        RawAnswers::new(),
        now,
        Moment::from_text(NEVER_EDITED),
        cx.drafts,
    );
    Ok(FormSession {
        title: manifest.title.clone(),
        form: manifest.form.clone(),
        draft: Draft {
            revision: UNSAVED,
            ..blank
        },
    })
}
