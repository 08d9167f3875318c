//! Server functions of the catalogue: the tiles a person may see, and one service's page;
//! and, for the server, the manifest of a form version (a draft's, a request's).

use super::model::{Audience, Category, Help, Icon};
use crate::error::AppError;
use crate::ids::ServiceId;
use crate::locale::Bilingual;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How long a new service carries the "Nouveau / New" badge.
pub const NEW_FOR_DAYS: i64 = 30;

/// One tile of the home page. Both languages travel, so that a search finds words in either.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Tile {
    pub id: ServiceId,
    pub title: Bilingual,
    pub summary: Bilingual,
    pub category: Category,
    pub icon: Icon,
    pub is_new: bool,
}

impl Tile {
    /// Whether the tile shows for a category filter and a search.
    pub fn shows_for(&self, category: Option<Category>, query: &str) -> bool {
        category.is_none_or(|c| c == self.category)
            && query
                .split_whitespace()
                .all(|word| self.title.matches(word) || self.summary.matches(word))
    }
}

/// What the help page of a service shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceInfo {
    pub id: ServiceId,
    pub version: u32,
    pub title: Bilingual,
    pub summary: Bilingual,
    pub category: Category,
    pub audience: Audience,
    pub help: Help,
    pub steps: usize,
}

impl ServiceInfo {
    /// What the help page of this manifest shows.
    pub fn of(manifest: &super::ServiceManifest) -> ServiceInfo {
        ServiceInfo {
            steps: manifest.form.steps.len(),
            id: manifest.id.clone(),
            version: manifest.version,
            title: manifest.title.clone(),
            summary: manifest.summary.clone(),
            category: manifest.category,
            audience: manifest.audience,
            help: manifest.help.clone(),
        }
    }

    /// Its tile on the home page.
    pub fn tile(&self, icon: Icon, is_new: bool) -> Tile {
        Tile {
            id: self.id.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            category: self.category,
            icon,
            is_new,
        }
    }
}

/// The tiles on show for whoever asks: guests do not see signed-in-only services.
#[server(endpoint = "catalogue/tiles")]
pub async fn tiles() -> Result<Vec<Tile>, AppError> {
    use crate::auth::session::current_session;
    crate::api::answer(
        async {
            let portal = crate::api::portal()?;
            let now = portal.auth.clock.now();
            let signed_in = current_session().is_some();
            let new_since = crate::moment::Moment::at(now - time::Duration::days(NEW_FOR_DAYS));
            let listed = portal.tiles.listed(&portal.db, now).await?;
            Ok(listed
                .iter()
                .filter(|s| signed_in || s.tile.audience == Audience::Everyone)
                .map(|s| Tile {
                    is_new: s.new_badge.shows(&s.first_published, &new_since),
                    id: s.id.clone(),
                    title: s.tile.title.clone(),
                    summary: s.tile.summary.clone(),
                    category: s.tile.category,
                    icon: s.tile.icon,
                })
                .collect())
        }
        .await,
    )
}

/// A service's help page. A signed-in-only service asks guests to sign in (401).
#[server(endpoint = "catalogue/service")]
pub async fn service_details(id: ServiceId) -> Result<ServiceInfo, AppError> {
    use crate::auth::session::current_session;
    crate::api::answer(
        async {
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            let manifest = portal
                .manifests
                .current(&mut conn, &id)
                .await?
                .ok_or(AppError::NotFound)?;
            if manifest.audience == Audience::SignedIn && current_session().is_none() {
                return Err(AppError::Unauthorized);
            }
            let now = portal.auth.clock.now();
            crate::usage::marks::count(
                &mut conn,
                crate::usage::model::Measure::TileViewed,
                Some(id.as_str()),
                now,
            )
            .await?;
            Ok(ServiceInfo::of(&manifest))
        }
        .await,
    )
}

/// The manifest of a service's form version: a draft's or a request's own `version`, or, for
/// a draft not saved yet (`None`), the current one. A tile for signed-in people only is still
/// theirs; a version gone is "not found".
#[cfg(feature = "ssr")]
pub async fn form_version(
    conn: &mut sqlx::AnyConnection,
    service: &ServiceId,
    version: Option<u32>,
) -> Result<std::sync::Arc<super::ServiceManifest>, AppError> {
    let manifests = &crate::api::portal()?.manifests;
    let found = match version {
        Some(version) => manifests.version(conn, service, version).await?,
        None => manifests.current(conn, service).await?,
    };
    found.ok_or(AppError::NotFound)
}
