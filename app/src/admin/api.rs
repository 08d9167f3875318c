//! Server functions for administrators. Each one calls `require_admin`, which refuses citizens
//! with 403 and journals the refusal.

use crate::audit::AuditEntry;
use crate::error::AppError;
use crate::jobs::DeadLetter;
use leptos::prelude::*;

/// The most recent audit journal entries, newest first.
#[server(endpoint = "admin/journal")]
pub async fn recent_journal() -> Result<Vec<AuditEntry>, AppError> {
    crate::api::answer(
        async {
            crate::auth::session::require_admin("admin.journal").await?;
            let portal = crate::api::portal()?;
            let db = &portal.db;
            let mut conn = db.pool().acquire().await?;
            Ok(crate::audit::db::latest(&mut conn, 50).await?)
        }
        .await,
    )
}

/// The deliveries that ended without the service's acknowledgement, most recent first.
#[server(endpoint = "admin/dead_letters")]
pub async fn dead_letters() -> Result<Vec<DeadLetter>, AppError> {
    crate::api::answer(
        async {
            crate::auth::session::require_admin("admin.dead_letters").await?;
            let portal = crate::api::portal()?;
            let db = &portal.db;
            let mut conn = db.pool().acquire().await?;
            Ok(crate::jobs::db::dead_letters(&mut conn, 100).await?)
        }
        .await,
    )
}

/// Sends a dead letter again, with a new retry period; journaled. 409 when it is no longer
/// dead (another administrator replayed it).
#[server(endpoint = "admin/replay")]
pub async fn replay_delivery(id: String) -> Result<(), AppError> {
    let replayed = replay::replay(id).await;
    if replayed.is_ok() {
        crate::api::return_with_done("replayed");
    }
    crate::api::answer(replayed)
}

/// Publishes an administrator's novelty, in both languages, for one category or all of them
/// (`category` empty): on the home page at once, and told to the citizens who follow it.
#[server(endpoint = "admin/novelty")]
pub async fn publish_novelty(
    title_fr: String,
    title_en: String,
    text_fr: String,
    text_en: String,
    category: String,
) -> Result<(), AppError> {
    let published = novelty::publish([title_fr, title_en, text_fr, text_en], category).await;
    match &published {
        Ok(()) => crate::api::return_with_done("published"),
        Err(error) => crate::api::return_with_error(<PublishNovelty as leptos::server_fn::ServerFn>::PATH, error),
    }
    crate::api::answer(published)
}

/// The longest title and text of a novelty.
pub const NOVELTY_TITLE_MAX: usize = 120;
pub const NOVELTY_TEXT_MAX: usize = 1000;

#[cfg(feature = "ssr")]
mod novelty {
    use super::{NOVELTY_TEXT_MAX, NOVELTY_TITLE_MAX};
    use crate::audit::{AuditEvent, Outcome};
    use crate::catalogue::model::Category;
    use crate::error::AppError;
    use crate::locale::Bilingual;
    use crate::notifications::announcements::{NewAnnouncement, publish as announce};
    use crate::notifications::model::AnnouncementKind;

    pub async fn publish(fields: [String; 4], category: String) -> Result<(), AppError> {
        let session = crate::auth::session::require_admin("admin.novelty").await?;
        let names = ["title_fr", "title_en", "text_fr", "text_en"];
        let [title_fr, title_en, text_fr, text_en] = fields.map(|f| f.trim().to_owned());
        let mut refused = Vec::new();
        for (name, value) in names.iter().zip([&title_fr, &title_en, &text_fr, &text_en]) {
            let max = if name.starts_with("title") {
                NOVELTY_TITLE_MAX
            } else {
                NOVELTY_TEXT_MAX
            };
            if value.is_empty() {
                refused.push(((*name).to_owned(), "required".to_owned()));
            } else if value.chars().count() > max {
                refused.push(((*name).to_owned(), "too_long".to_owned()));
            }
        }
        let category = match category.as_str() {
            "" => None,
            other => match Category::parse(other) {
                Some(category) => Some(category),
                None => {
                    refused.push(("category".to_owned(), "unknown".to_owned()));
                    None
                }
            },
        };
        if !refused.is_empty() {
            return Err(AppError::InvalidInput { fields: refused });
        }
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let acting = session.acting();
        let title = Bilingual {
            fr: title_fr,
            en: title_en,
        };
        let text = Bilingual {
            fr: text_fr,
            en: text_en,
        };
        let mut tx = portal.db.begin().await?;
        let new = NewAnnouncement {
            kind: AnnouncementKind::Novelty,
            service: None,
            page: None,
            category,
            title: &title,
            text: &text,
            published_by: acting.actor.as_str(),
        };
        let id = announce(&mut tx, &new, portal.deliveries.retry_for, now).await?;
        let event = AuditEvent {
            target: Some(id.to_string()),
            ..acting.event("announcement.published", Outcome::Success)
        };
        crate::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await?;
        portal.news.invalidate();
        portal.deliveries.wake.notify_one();
        Ok(())
    }
}

#[cfg(feature = "ssr")]
mod replay {
    use crate::audit::{AuditEvent, Outcome};
    use crate::auth::session::require_admin;

    use crate::error::AppError;

    pub async fn replay(id: String) -> Result<(), AppError> {
        let session = require_admin("admin.replay").await?;
        let portal = crate::api::portal()?;
        let db = &portal.db;
        let auth = &portal.auth;
        let policy = &portal.deliveries;
        let now = auth.clock.now();
        let mut tx = db.begin().await?;
        let Some(about) = crate::jobs::db::replay(&mut tx, &id, now, policy.retry_for).await? else {
            return Err(AppError::Conflict);
        };
        let names = match &about {
            crate::jobs::About::Request(request) => crate::requests::db::journal_names(&mut tx, request).await?,
            _ => None,
        };
        let event = AuditEvent {
            target: Some(
                names
                    .as_ref()
                    .map_or_else(|| about.id().to_owned(), |n| n.reference.clone()),
            ),
            details: Some(serde_json::json!({ "job": id })),
            ..session.acting().event("delivery.replay", Outcome::Success)
        };
        let event = match &names {
            Some(names) => event.about_request(&names.service_id, &names.reference),
            None => event,
        };
        crate::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await?;
        policy.wake.notify_one();
        Ok(())
    }
}
