//! Server functions of the console's manifest editor: an administrator writes a service's
//! manifest (a new service's, or a new version of one), checks it with the service API's own
//! checks and path-named problems, previews its tile and help page, and publishes it through
//! the same operation as `PUT /api/v1/services/{id}`. What they typed is kept as their draft
//! until it is published or set aside, so a refusal never loses it. Administrators only.

use crate::catalogue::api::ServiceInfo;
use crate::catalogue::model::Icon;
use crate::catalogue::problems::FieldProblem;
use crate::error::AppError;
use crate::ids::ServiceId;
use crate::moment::Moment;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The longest manifest the editor keeps, in bytes (the largest real manifests are near 30 KB).
pub const MANIFEST_MAX_BYTES: usize = 256 * 1024;

/// What the editor's buttons ask.
pub const CHECK: &str = "check";
pub const PUBLISH: &str = "publish";
pub const SET_ASIDE: &str = "set_aside";
/// What the pages say after a plain post.
pub const CHECKED: &str = "checked";
pub const REFUSED: &str = "refused";
pub const SET_ASIDE_DONE: &str = "set_aside";
pub const PUBLISHED: &str = "published";
/// The cookie that carries a new service's signing key to the services page once.
pub const SIGNING_KEY_COOKIE: &str = "vs_signing_key";

/// The editor of one service's manifest, or of a new service's (`service` none).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManifestEditor {
    pub service: Option<ServiceId>,
    /// The service's title when it is published (the page's heading).
    pub title: Option<crate::locale::Bilingual>,
    /// The version on show now, if the service is published.
    pub current_version: Option<u32>,
    /// The text in the editor: the administrator's draft, else the published manifest with
    /// its version already raised by one, else nothing.
    pub text: String,
    /// When the draft was last saved; none when the text is the published manifest.
    pub draft_saved_at: Option<Moment>,
    pub verdict: Verdict,
}

/// What the checks say of the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    /// Nothing typed yet.
    Empty,
    /// Not JSON at all: where the first mistake is.
    Syntax { line: usize, column: usize },
    /// Every problem, each named by its path, as the service API names them.
    Problems { problems: Vec<FieldProblem> },
    /// Its version is not above the one on show.
    StaleVersion { current: u32 },
    /// A new service whose id another service already has.
    Taken { id: ServiceId },
    /// Ready to publish: the tile and the help page as a citizen will see them.
    Ready { preview: Box<ServiceInfo>, icon: Icon },
}

impl Verdict {
    /// Whether something stands in the way of publishing (nothing typed yet is not a problem).
    pub fn blocks(&self) -> bool {
        !matches!(self, Verdict::Ready { .. } | Verdict::Empty)
    }
}

/// What a post of the editor did, for a script (a page without script is sent on instead).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Saved {
    /// Saved as the draft and checked (or the draft set aside): the editor as it is now.
    Kept { editor: Box<ManifestEditor> },
    /// Published: the version, and the first time the key the service checks deliveries with.
    Published {
        id: ServiceId,
        version: u32,
        signing_secret: Option<String>,
    },
}

/// The editor of `service` (empty for a new service).
#[server(endpoint = "admin/manifest")]
pub async fn open_manifest(#[server(default)] service: String) -> Result<ManifestEditor, AppError> {
    crate::api::answer(
        async {
            let session = crate::auth::session::require_admin("admin.manifest").await?;
            server::editor(&session, &server::slot(&service)?).await
        }
        .await,
    )
}

/// Saves `manifest` as the draft of `service` (empty for a new one) and does what `intent`
/// asks: `check` it, `publish` it (every check again, in the publication's transaction) or
/// `set_aside` the draft.
#[server(endpoint = "admin/manifest/save")]
pub async fn save_manifest(
    #[server(default)] service: String,
    #[server(default)] manifest: String,
    #[server(default)] intent: String,
) -> Result<Saved, AppError> {
    use leptos::server_fn::ServerFn;
    let saved = server::save(&service, manifest, &intent).await;
    let back = [("service", service.trim())];
    match &saved {
        Ok(Saved::Published { .. }) => {
            crate::api::go_on_with_done(|locale| crate::locale::Page::AdminServices.path(locale), PUBLISHED)
        }
        Ok(Saved::Kept { editor }) => {
            let done = match (&editor.verdict, intent.as_str()) {
                (_, SET_ASIDE) => SET_ASIDE_DONE,
                (_, PUBLISH) => REFUSED,
                _ => CHECKED,
            };
            crate::api::return_with_done_and(done, &back)
        }
        Err(error) => crate::api::return_with_error_keeping(<SaveManifest as ServerFn>::PATH, error, &back),
    }
    crate::api::answer(saved)
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::{CHECK, MANIFEST_MAX_BYTES, ManifestEditor, PUBLISH, SET_ASIDE, SIGNING_KEY_COOKIE, Saved, Verdict};
    use crate::auth::session::{CurrentSession, require_admin};
    use crate::catalogue::publishing::{self, Refusal};
    use crate::error::AppError;
    use crate::ids::ServiceId;
    use crate::moment::Moment;
    use sqlx::{AnyConnection, Row};

    fn refused(part: &str, why: &str) -> AppError {
        AppError::InvalidInput {
            fields: vec![(part.to_owned(), why.to_owned())],
        }
    }

    /// The service a post or a page names: none for a new one; an id that is not one is 422.
    pub fn slot(service: &str) -> Result<Option<ServiceId>, AppError> {
        match service.trim() {
            "" => Ok(None),
            id if crate::catalogue::model::is_valid_id(id) => Ok(Some(ServiceId::new(id.to_owned()))),
            _ => Err(refused("service", "invalid")),
        }
    }

    pub async fn editor(session: &CurrentSession, service: &Option<ServiceId>) -> Result<ManifestEditor, AppError> {
        let portal = crate::api::portal()?;
        let mut conn = portal.db.pool().acquire().await?;
        let published = match service {
            Some(id) => Some(published(&mut conn, id).await?.ok_or(AppError::NotFound)?),
            None => None,
        };
        let draft = draft(&mut conn, session, service).await?;
        let current_version = published.as_ref().map(|m| m.version);
        let (text, draft_saved_at) = match (draft, &published) {
            (Some((text, at)), _) => (text, Some(at)),
            (None, Some(manifest)) => (next_version_of(manifest), None),
            (None, None) => (String::new(), None),
        };
        let verdict = verdict(&mut conn, service, &text).await?;
        Ok(ManifestEditor {
            title: published.map(|m| m.title.clone()),
            service: service.clone(),
            current_version,
            text,
            draft_saved_at,
            verdict,
        })
    }

    /// The published manifest of `id`, on show or withdrawn.
    async fn published(
        conn: &mut AnyConnection,
        id: &ServiceId,
    ) -> Result<Option<std::sync::Arc<crate::catalogue::ServiceManifest>>, AppError> {
        let portal = crate::api::portal()?;
        let Some(version) = crate::catalogue::db::current_version(conn, id).await? else {
            return Ok(None);
        };
        Ok(portal.manifests.version(conn, id, version).await?)
    }

    /// The manifest on show, written out with its version raised by one: ready to edit.
    fn next_version_of(manifest: &crate::catalogue::ServiceManifest) -> String {
        let mut next = manifest.clone();
        next.version = manifest.version.saturating_add(1);
        serde_json::to_string_pretty(&next).unwrap_or_default()
    }

    /// The service `text` is published as: the one edited, else the id the manifest gives.
    fn id_of(service: &Option<ServiceId>, text: &str) -> ServiceId {
        service.clone().unwrap_or_else(|| {
            let given = serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|v| v.get("id").and_then(|id| id.as_str()).map(str::to_owned));
            ServiceId::new(given.unwrap_or_default())
        })
    }

    /// What the checks say of `text` as the manifest of `service` (a new service when none).
    async fn verdict(conn: &mut AnyConnection, service: &Option<ServiceId>, text: &str) -> Result<Verdict, AppError> {
        let portal = crate::api::portal()?;
        if text.trim().is_empty() {
            return Ok(Verdict::Empty);
        }
        if let Err(error) = serde_json::from_str::<serde_json::Value>(text) {
            return Ok(Verdict::Syntax {
                line: error.line(),
                column: error.column(),
            });
        }
        let manifest = match publishing::checked(&portal, id_of(service, text).as_str(), text.as_bytes()) {
            Ok(manifest) => manifest,
            Err(problems) => return Ok(Verdict::Problems { problems }),
        };
        let current = crate::catalogue::db::current_version(conn, &manifest.id).await?;
        Ok(match (service, current) {
            (None, Some(_)) => Verdict::Taken { id: manifest.id },
            (Some(_), Some(current)) if manifest.version <= current => Verdict::StaleVersion { current },
            _ => Verdict::Ready {
                preview: Box::new(crate::catalogue::api::ServiceInfo::of(&manifest)),
                icon: manifest.icon,
            },
        })
    }

    pub async fn save(service: &str, manifest: String, intent: &str) -> Result<Saved, AppError> {
        let session = require_admin("admin.manifest").await?;
        let service = slot(service)?;
        if ![CHECK, PUBLISH, SET_ASIDE].contains(&intent) {
            return Err(refused("intent", "invalid"));
        }
        if manifest.len() > MANIFEST_MAX_BYTES {
            return Err(refused("manifest", "too_long"));
        }
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let mut conn = portal.db.pool().acquire().await?;
        if let Some(id) = &service
            && crate::catalogue::db::current_version(&mut conn, id).await?.is_none()
        {
            return Err(AppError::NotFound);
        }
        if intent == SET_ASIDE {
            set_aside(&mut conn, &session, &service).await?;
            drop(conn);
            return Ok(Saved::Kept {
                editor: Box::new(editor(&session, &service).await?),
            });
        }
        keep(&mut conn, &session, &service, &manifest, now).await?;
        if intent == PUBLISH && matches!(verdict(&mut conn, &service, &manifest).await?, Verdict::Ready { .. }) {
            let id = id_of(&service, &manifest);
            let by = session
                .acting()
                .event("catalogue.publish", crate::audit::Outcome::Success);
            drop(conn);
            match publishing::publish(&portal, &id, manifest.as_bytes(), by, now).await {
                Ok(publication) => {
                    let mut conn = portal.db.pool().acquire().await?;
                    set_aside(&mut conn, &session, &service).await?;
                    if let Some(secret) = &publication.signing_secret {
                        crate::admin::once_cookie::give(SIGNING_KEY_COOKIE, secret);
                    }
                    return Ok(Saved::Published {
                        id,
                        version: publication.version,
                        signing_secret: publication.signing_secret,
                    });
                }
                // Another administrator or the service's team published in between: the
                // editor says what is wrong now.
                Err(Refusal::Problems(_) | Refusal::StaleVersion { .. }) => {}
                Err(Refusal::Database(error)) => return Err(error.into()),
            }
        } else {
            drop(conn);
        }
        Ok(Saved::Kept {
            editor: Box::new(editor(&session, &service).await?),
        })
    }

    async fn draft(
        conn: &mut AnyConnection,
        session: &CurrentSession,
        service: &Option<ServiceId>,
    ) -> Result<Option<(String, Moment)>, sqlx::Error> {
        let row = sqlx::query("SELECT manifest, updated_at FROM manifest_drafts WHERE author = $1 AND service_id = $2")
            .bind(session.citizen_id.as_str())
            .bind(key_of(service))
            .fetch_optional(conn)
            .await?;
        row.map(|row| {
            Ok((
                row.try_get("manifest")?,
                Moment::from_text(row.try_get::<String, _>("updated_at")?),
            ))
        })
        .transpose()
    }

    async fn keep(
        conn: &mut AnyConnection,
        session: &CurrentSession,
        service: &Option<ServiceId>,
        manifest: &str,
        now: time::OffsetDateTime,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO manifest_drafts (author, service_id, manifest, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (author, service_id) DO UPDATE SET manifest = excluded.manifest, updated_at = excluded.updated_at",
        )
        .bind(session.citizen_id.as_str())
        .bind(key_of(service))
        .bind(manifest)
        .bind(Moment::at(now))
        .execute(conn)
        .await?;
        Ok(())
    }

    async fn set_aside(
        conn: &mut AnyConnection,
        session: &CurrentSession,
        service: &Option<ServiceId>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM manifest_drafts WHERE author = $1 AND service_id = $2")
            .bind(session.citizen_id.as_str())
            .bind(key_of(service))
            .execute(conn)
            .await?;
        Ok(())
    }

    fn key_of(service: &Option<ServiceId>) -> &str {
        service.as_ref().map_or("", |id| id.as_str())
    }
}
