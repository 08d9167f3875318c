//! Server functions of health information pages: the pages on show and one page, for
//! everyone; and for administrators the list, the editor (a draft checked and previewed, as a
//! citizen will read it), publishing and withdrawing. Every change is journaled; a page's first
//! publication is news ("Nouveautés", and the citizens who follow its category are told).

#![allow(
    clippy::too_many_arguments,
    reason = "the editor's form posts each field by its name, and the server function's generated client, which an attribute on the function does not reach, takes them one by one too"
)]

use super::model::{FieldRefusal, HealthPageFields, HealthPageView};
use crate::catalogue::model::Category;
use crate::error::AppError;
use crate::locale::Bilingual;
use crate::moment::Moment;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// What the editor's buttons ask, and what the pages say after a plain post: the console's
/// editors all speak alike.
pub use crate::admin::manifest_api::{CHECK, CHECKED, PUBLISH, PUBLISHED, REFUSED, SET_ASIDE, SET_ASIDE_DONE};
pub const WITHDRAWN: &str = "withdrawn";
pub const RESTORED: &str = "restored";

/// A page in a list: the home page's, a search's, the console's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthPageItem {
    pub id: String,
    pub category: Category,
    pub title: Bilingual,
    pub summary: Bilingual,
    pub reviewed_on: String,
    pub published_at: Moment,
    pub updated_at: Moment,
    pub withdrawn_at: Option<Moment>,
}

impl HealthPageItem {
    /// Whether it shows for the home page's category and search (words in either language).
    pub fn shows_for(&self, category: Option<Category>, query: &str) -> bool {
        category.is_none_or(|c| c == self.category)
            && query
                .split_whitespace()
                .all(|word| self.title.matches(word) || self.summary.matches(word))
    }
}

/// The editor of a page (`page` none: a new one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthEditor {
    pub page: Option<String>,
    pub fields: HealthPageFields,
    pub draft_saved_at: Option<Moment>,
    /// Every field in the way of publishing; none when ready.
    pub refused: Vec<FieldRefusal>,
    /// The page as a citizen will read it, once ready.
    pub preview: Option<HealthPageView>,
}

/// The pages on show, newest first (kept as long as the home page's tiles: another portal
/// instance sees a change within seconds, this one at once).
#[server(endpoint = "health/pages")]
pub async fn health_pages() -> Result<Vec<HealthPageItem>, AppError> {
    crate::api::answer(
        async {
            let portal = crate::api::portal()?;
            let now = portal.auth.clock.now();
            let pages = portal
                .health
                .get(crate::catalogue::db::TileCache::TTL, now, || async {
                    let mut conn = portal.db.pool().acquire().await?;
                    let pages = super::db::on_show(&mut conn).await?;
                    Ok(pages.into_iter().map(server::item).collect())
                })
                .await?;
            Ok(pages.as_ref().clone())
        }
        .await,
    )
}

/// One page on show, its text made into safe HTML; 404 for none or withdrawn.
#[server(endpoint = "health/page")]
pub async fn health_page(id: String) -> Result<HealthPageView, AppError> {
    crate::api::answer(
        async {
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            let stored = super::db::page(&mut conn, &id).await?.ok_or(AppError::NotFound)?;
            if stored.withdrawn_at.is_some() {
                return Err(AppError::NotFound);
            }
            Ok(server::view_of(&stored))
        }
        .await,
    )
}

/// Every page, on show or withdrawn, for administrators.
#[server(endpoint = "admin/health/pages")]
pub async fn health_page_records() -> Result<Vec<HealthPageItem>, AppError> {
    crate::api::answer(
        async {
            crate::auth::session::require_admin("admin.health").await?;
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            let pages = super::db::all(&mut conn).await?;
            Ok(pages.into_iter().map(server::item).collect())
        }
        .await,
    )
}

/// The editor of `page` (empty: a new page).
#[server(endpoint = "admin/health/editor")]
pub async fn open_health_page(#[server(default)] page: String) -> Result<HealthEditor, AppError> {
    crate::api::answer(
        async {
            let session = crate::auth::session::require_admin("admin.health").await?;
            server::editor(&session, page.trim()).await
        }
        .await,
    )
}

/// Saves the form as the draft of `page` (empty: a new page) and does what `intent` asks:
/// `check` it, `publish` it or `set_aside` the draft.
#[server(endpoint = "admin/health/save")]
pub async fn save_health_page(
    #[server(default)] page: String,
    #[server(default)] id: String,
    #[server(default)] category: String,
    #[server(default)] title_fr: String,
    #[server(default)] title_en: String,
    #[server(default)] summary_fr: String,
    #[server(default)] summary_en: String,
    #[server(default)] body_fr: String,
    #[server(default)] body_en: String,
    #[server(default)] reviewed_on: String,
    #[server(default)] intent: String,
) -> Result<HealthEditor, AppError> {
    let fields = HealthPageFields {
        id,
        category,
        title_fr,
        title_en,
        summary_fr,
        summary_en,
        body_fr,
        body_en,
        reviewed_on,
    };
    let saved = server::save(page.trim(), fields, &intent).await;
    match &saved {
        Ok((_, true)) => crate::api::go_on_with_done(|locale| crate::locale::Page::AdminHealth.path(locale), PUBLISHED),
        Ok((editor, false)) => {
            let done = match intent.as_str() {
                SET_ASIDE => SET_ASIDE_DONE,
                PUBLISH => REFUSED,
                _ => CHECKED,
            };
            let page = editor.page.clone().unwrap_or_default();
            crate::api::return_with_done_and(done, &[("page", page.as_str())])
        }
        Err(error) => {
            crate::api::return_with_error_keeping(<SaveHealthPage as ServerFn>::PATH, error, &[("page", page.trim())])
        }
    }
    crate::api::answer(saved.map(|(editor, _)| editor))
}

/// Withdraws a page (`shown` false) or shows it again; 409 when it already is so.
#[server(endpoint = "admin/health/show")]
pub async fn show_health_page(id: String, shown: bool) -> Result<(), AppError> {
    let set = server::set_shown(&id, shown).await;
    match &set {
        Ok(()) => crate::api::return_with_done(if shown { RESTORED } else { WITHDRAWN }),
        Err(error) => crate::api::return_with_error(<ShowHealthPage as ServerFn>::PATH, error),
    }
    crate::api::answer(set)
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::{CHECK, HealthEditor, HealthPageItem, PUBLISH, SET_ASIDE};
    use crate::auth::session::{CurrentSession, require_admin};
    use crate::error::AppError;
    use crate::health::db::{self, StoredPage};
    use crate::health::markdown::to_safe_html;
    use crate::health::model::{HealthPageContent, HealthPageFields, HealthPageView};
    use crate::locale::Bilingual;
    use crate::moment::Moment;
    use serde_json::json;

    /// The longest form kept as a draft, in bytes.
    const DRAFT_MAX_BYTES: usize = 256 * 1024;

    pub fn item(stored: StoredPage) -> HealthPageItem {
        HealthPageItem {
            id: stored.content.id,
            category: stored.content.category,
            title: stored.content.title,
            summary: stored.content.summary,
            reviewed_on: stored.content.reviewed_on,
            published_at: stored.published_at,
            updated_at: stored.updated_at,
            withdrawn_at: stored.withdrawn_at,
        }
    }

    pub fn view_of(stored: &StoredPage) -> HealthPageView {
        preview(&stored.content, stored.published_at.clone(), stored.updated_at.clone())
    }

    fn preview(content: &HealthPageContent, published_at: Moment, updated_at: Moment) -> HealthPageView {
        HealthPageView {
            id: content.id.clone(),
            category: content.category,
            title: content.title.clone(),
            summary: content.summary.clone(),
            html: Bilingual {
                fr: to_safe_html(&content.body.fr),
                en: to_safe_html(&content.body.en),
            },
            reviewed_on: content.reviewed_on.clone(),
            published_at,
            updated_at,
        }
    }

    fn today() -> Result<time::Date, AppError> {
        Ok(crate::ui::when::quebec_day(crate::api::portal()?.auth.clock.now()))
    }

    pub async fn editor(session: &CurrentSession, page: &str) -> Result<HealthEditor, AppError> {
        let portal = crate::api::portal()?;
        let mut conn = portal.db.pool().acquire().await?;
        let published = match page {
            "" => None,
            id => Some(db::page(&mut conn, id).await?.ok_or(AppError::NotFound)?),
        };
        let author = session.citizen_id.as_str();
        let (fields, draft_saved_at) = match (db::draft(&mut conn, author, page).await?, &published) {
            (Some((fields, at)), _) => (fields, Some(at)),
            (None, Some(stored)) => (stored.content.fields(), None),
            (None, None) => (HealthPageFields::default(), None),
        };
        let (mut refused, preview) = match fields.check(today()?) {
            Ok(content) => {
                let now = Moment::at(portal.auth.clock.now());
                (Vec::new(), Some(preview(&content, now.clone(), now)))
            }
            Err(refused) => (refused, None),
        };
        // A new page cannot take the address of another; the address of a page stays.
        let id = fields.id.trim();
        let taken = match page {
            "" => !id.is_empty() && db::page(&mut conn, id).await?.is_some(),
            edited => id != edited,
        };
        if taken && !refused.iter().any(|(field, _)| field == "id") {
            refused.insert(
                0,
                (
                    "id".to_owned(),
                    if page.is_empty() { "taken" } else { "moved" }.to_owned(),
                ),
            );
        }
        Ok(HealthEditor {
            page: (!page.is_empty()).then(|| page.to_owned()),
            preview: preview.filter(|_| refused.is_empty()),
            fields,
            draft_saved_at,
            refused,
        })
    }

    /// The editor after the post, and whether the page was published.
    pub async fn save(page: &str, fields: HealthPageFields, intent: &str) -> Result<(HealthEditor, bool), AppError> {
        let session = require_admin("admin.health").await?;
        if ![CHECK, PUBLISH, SET_ASIDE].contains(&intent) {
            return Err(invalid("intent"));
        }
        if serde_json::to_string(&fields).map_or(0, |json| json.len()) > DRAFT_MAX_BYTES {
            return Err(AppError::InvalidInput {
                fields: vec![("body_fr".to_owned(), "too_long".to_owned())],
            });
        }
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let author = session.citizen_id.as_str().to_owned();
        let mut conn = portal.db.pool().acquire().await?;
        if !page.is_empty() && db::page(&mut conn, page).await?.is_none() {
            return Err(AppError::NotFound);
        }
        if intent == SET_ASIDE {
            db::set_aside(&mut conn, &author, page).await?;
            drop(conn);
            return Ok((editor(&session, page).await?, false));
        }
        db::keep_draft(&mut conn, &author, page, &fields, now).await?;
        drop(conn);
        let checked = editor(&session, page).await?;
        if intent != PUBLISH || !checked.refused.is_empty() {
            return Ok((checked, false));
        }
        let content = fields
            .check(today()?)
            .map_err(|fields| AppError::InvalidInput { fields })?;
        let mut tx = portal.db.begin().await?;
        let first = db::publish(&mut tx, &content, now).await?;
        let event = crate::audit::AuditEvent {
            target: Some(content.id.clone()),
            details: Some(json!({ "first": first, "reviewed_on": content.reviewed_on })),
            ..session
                .acting()
                .event("health_page.publish", crate::audit::Outcome::Success)
        };
        crate::audit::db::record(&mut tx, &event, now).await?;
        if first {
            use crate::notifications::announcements::{NewAnnouncement, publish};
            let new = NewAnnouncement {
                kind: crate::notifications::model::AnnouncementKind::Novelty,
                service: None,
                page: Some(&content.id),
                category: Some(content.category),
                title: &content.title,
                text: &content.summary,
                published_by: session.citizen_id.as_str(),
            };
            publish(&mut tx, &new, portal.deliveries.retry_for, now).await?;
        }
        db::set_aside(&mut tx, &author, page).await?;
        tx.commit().await?;
        portal.health.invalidate();
        if first {
            portal.news.invalidate();
            portal.deliveries.wake.notify_one();
        }
        Ok((editor(&session, &content.id).await?, true))
    }

    fn invalid(part: &str) -> AppError {
        AppError::InvalidInput {
            fields: vec![(part.to_owned(), "invalid".to_owned())],
        }
    }

    pub async fn set_shown(id: &str, shown: bool) -> Result<(), AppError> {
        let session = require_admin("admin.health").await?;
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let mut tx = portal.db.begin().await?;
        if db::page(&mut tx, id).await?.is_none() {
            return Err(AppError::NotFound);
        }
        if !db::set_shown(&mut tx, id, shown, now).await? {
            return Err(AppError::Conflict);
        }
        let action = if shown {
            "health_page.restore"
        } else {
            "health_page.withdraw"
        };
        let event = crate::audit::AuditEvent {
            target: Some(id.to_owned()),
            ..session.acting().event(action, crate::audit::Outcome::Success)
        };
        crate::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await?;
        portal.news.invalidate();
        portal.health.invalidate();
        Ok(())
    }
}
