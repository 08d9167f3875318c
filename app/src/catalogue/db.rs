//! Catalogue queries, each inside the caller's transaction: publish a version, withdraw a
//! tile, read the current or a given version of a manifest, list the tiles; a service's signing key.

use super::model::{NewBadge, ServiceManifest, ServiceRecord, TileFace};
use crate::ids::ServiceId;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use time::OffsetDateTime;

/// What a publication did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Published {
    /// A service the portal did not have.
    Created,
    /// A new version of a known service (a withdrawn tile shows again).
    Updated { previous: u32 },
    /// Refused: the version is not above the current one.
    StaleVersion { current: u32 },
}

/// Stores a checked manifest as the service's new current version.
#[tracing::instrument(skip_all, fields(service = %manifest.id, version = manifest.version))]
pub async fn publish(
    conn: &mut AnyConnection,
    manifest: &ServiceManifest,
    now: OffsetDateTime,
) -> Result<Published, sqlx::Error> {
    let now = Moment::at(now);
    let tile = serde_json::to_string(&manifest.tile_face()).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let current = current_version(conn, &manifest.id).await?;
    let outcome = match current {
        Some(current) if manifest.version <= current => return Ok(Published::StaleVersion { current }),
        Some(previous) => {
            sqlx::query(
                "UPDATE services SET current_version = $2, updated_at = $3, tile = $4, withdrawn_at = NULL WHERE id = $1",
            )
            .bind(&manifest.id)
            .bind(i64::from(manifest.version))
            .bind(&now)
            .bind(&tile)
                .execute(&mut *conn)
                .await?;
            Published::Updated { previous }
        }
        None => {
            sqlx::query(
                "INSERT INTO services (id, current_version, first_published, updated_at, tile, position) \
                 VALUES ($1, $2, $3, $3, $4, (SELECT COALESCE(MAX(position), 0) + 1 FROM services))",
            )
            .bind(&manifest.id)
            .bind(i64::from(manifest.version))
            .bind(&now)
            .bind(&tile)
            .execute(&mut *conn)
            .await?;
            Published::Created
        }
    };
    let json = serde_json::to_string(manifest).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query("INSERT INTO service_versions (service_id, version, manifest, published_at) VALUES ($1, $2, $3, $4)")
        .bind(&manifest.id)
        .bind(i64::from(manifest.version))
        .bind(json)
        .bind(&now)
        .execute(&mut *conn)
        .await?;
    Ok(outcome)
}

/// The version of `id` published last, on show or withdrawn; none for a service never published.
pub async fn current_version(conn: &mut AnyConnection, id: &ServiceId) -> Result<Option<u32>, sqlx::Error> {
    let row = sqlx::query("SELECT current_version FROM services WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(|row| row.try_get::<i64, _>("current_version").map(|v| v as u32))
        .transpose()
}

/// Hides a tile; returns whether it was shown.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn withdraw(conn: &mut AnyConnection, id: &ServiceId, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE services SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL")
        .bind(id)
        .bind(Moment::at(now))
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Shows a withdrawn tile again, at its current version; returns whether it was withdrawn.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn restore(conn: &mut AnyConnection, id: &ServiceId, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE services SET withdrawn_at = NULL, updated_at = $2 WHERE id = $1 AND withdrawn_at IS NOT NULL",
    )
    .bind(id)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every service ever published, in the order of the home page, with their versions.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn records(conn: &mut AnyConnection) -> Result<Vec<ServiceRecord>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, current_version, first_published, updated_at, withdrawn_at, tile, position, new_badge \
         FROM services ORDER BY position, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    let versions = sqlx::query("SELECT service_id, version, published_at FROM service_versions ORDER BY version DESC")
        .fetch_all(&mut *conn)
        .await?;
    let mut records = Vec::with_capacity(rows.len());
    for row in rows {
        let id: ServiceId = row.try_get("id")?;
        let tile = serde_json::from_str::<TileFace>(&row.try_get::<String, _>("tile")?)
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        let mut history = Vec::new();
        for version in &versions {
            if version.try_get::<String, _>("service_id")? == id.as_str() {
                history.push((
                    version.try_get::<i64, _>("version")? as u32,
                    version.try_get("published_at")?,
                ));
            }
        }
        records.push(ServiceRecord {
            tile,
            current_version: row.try_get::<i64, _>("current_version")? as u32,
            first_published: row.try_get("first_published")?,
            updated_at: row.try_get("updated_at")?,
            withdrawn_at: row.try_get("withdrawn_at")?,
            versions: history,
            position: row.try_get::<i64, _>("position")? as u32,
            new_badge: NewBadge::parse(&row.try_get::<String, _>("new_badge")?).unwrap_or_default(),
            id,
        });
    }
    Ok(records)
}

/// A service on show: its tile, and when it first appeared (for the "new" badge).
#[derive(Clone, Debug)]
pub struct ListedService {
    pub id: ServiceId,
    pub tile: TileFace,
    pub first_published: Moment,
    pub new_badge: NewBadge,
}

/// Every service on show. A stored tile that no longer reads is left out (and logged): one
/// broken tile never hides the others.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn listed(conn: &mut AnyConnection) -> Result<Vec<ListedService>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, first_published, tile, new_badge FROM services WHERE withdrawn_at IS NULL ORDER BY position, id",
    )
    .fetch_all(conn)
    .await?;
    let mut services = Vec::with_capacity(rows.len());
    for row in rows {
        let id: ServiceId = row.try_get("id")?;
        match serde_json::from_str::<TileFace>(&row.try_get::<String, _>("tile")?) {
            Ok(tile) => services.push(ListedService {
                id,
                tile,
                first_published: row.try_get("first_published")?,
                new_badge: NewBadge::parse(&row.try_get::<String, _>("new_badge")?).unwrap_or_default(),
            }),
            Err(error) => tracing::error!(service = %id, %error, "stored tile does not read; tile hidden"),
        }
    }
    Ok(services)
}

/// Moves `id` one place up the home page (`up`) or down, swapping it with its neighbour;
/// false when it is already first (or last), or is no service.
pub async fn move_service(conn: &mut AnyConnection, id: &ServiceId, up: bool) -> Result<bool, sqlx::Error> {
    let mut order: Vec<String> = sqlx::query_scalar("SELECT id FROM services ORDER BY position, id")
        .fetch_all(&mut *conn)
        .await?;
    let Some(at) = order.iter().position(|other| other == id.as_str()) else {
        return Ok(false);
    };
    let to = match up {
        true if at > 0 => at - 1,
        false if at + 1 < order.len() => at + 1,
        _ => return Ok(false),
    };
    order.swap(at, to);
    // Written whole: places stay 1, 2, 3… whatever they were before.
    for (place, id) in order.iter().enumerate() {
        sqlx::query("UPDATE services SET position = $2 WHERE id = $1")
            .bind(id)
            .bind(place as i64 + 1)
            .execute(&mut *conn)
            .await?;
    }
    Ok(true)
}

/// Sets a tile's "new" badge; false for a service never published or a badge already so.
pub async fn set_new_badge(conn: &mut AnyConnection, id: &ServiceId, badge: NewBadge) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE services SET new_badge = $2 WHERE id = $1 AND new_badge <> $2")
        .bind(id)
        .bind(badge.as_str())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The tiles on show, kept for a few seconds: the home page is the most visited page and
/// would otherwise read the catalogue on every visit. Publishing or withdrawing through this
/// portal clears it at once; another portal instance sharing the database sees the change
/// within [`TileCache::TTL`].
#[derive(Clone, Debug, Default)]
pub struct TileCache(crate::fresh::Fresh<Vec<ListedService>>);

impl TileCache {
    /// How long a read of the catalogue serves.
    pub const TTL: time::Duration = time::Duration::seconds(10);

    /// The tiles on show, from the cache while it is fresh.
    #[tracing::instrument(level = "debug", skip_all, err)]
    pub async fn listed(
        &self,
        db: &crate::db::Database,
        now: OffsetDateTime,
    ) -> Result<Arc<Vec<ListedService>>, sqlx::Error> {
        self.0
            .get(Self::TTL, now, || async {
                let mut conn = db.pool().acquire().await?;
                listed(&mut conn).await
            })
            .await
    }

    /// Forgets the cached tiles (after a publication or a withdrawal).
    pub fn invalidate(&self) {
        self.0.invalidate();
    }
}

/// Whether a service was ever published (on show or withdrawn): it has a signing key.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn exists(conn: &mut AnyConnection, id: &ServiceId) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM services WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(found.is_some())
}

/// Whether a service has this version (published, on show or not).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn has_version(conn: &mut AnyConnection, id: &ServiceId, version: u32) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM service_versions WHERE service_id = $1 AND version = $2")
            .bind(id)
            .bind(i64::from(version))
            .fetch_optional(conn)
            .await?;
    Ok(found.is_some())
}

/// The manifests read so far, by service and version. A published version never changes
/// (`service_versions` is only ever added to), so a version read once serves every later page
/// of every citizen, in this process and in any other sharing the database; which version is
/// current is still asked of the database each time.
#[derive(Clone, Debug, Default)]
pub struct ManifestCache(Arc<RwLock<HashMap<ServiceVersion, Arc<ServiceManifest>>>>);

/// A service's id and one of its versions.
type ServiceVersion = (ServiceId, u32);

impl ManifestCache {
    /// Versions kept at most; past that the cache starts again (a service has a few versions).
    pub const CAPACITY: usize = 512;

    /// The current version of a service on show, if any.
    #[tracing::instrument(level = "debug", skip_all, err)]
    pub async fn current(
        &self,
        conn: &mut AnyConnection,
        id: &ServiceId,
    ) -> Result<Option<Arc<ServiceManifest>>, sqlx::Error> {
        let current: Option<i64> =
            sqlx::query_scalar("SELECT current_version FROM services WHERE id = $1 AND withdrawn_at IS NULL")
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        match current {
            Some(version) => self.version(conn, id, version as u32).await,
            None => Ok(None),
        }
    }

    /// A given version of a service (a draft's, a request's), even when the tile is withdrawn.
    #[tracing::instrument(level = "debug", skip_all, err)]
    pub async fn version(
        &self,
        conn: &mut AnyConnection,
        id: &ServiceId,
        version: u32,
    ) -> Result<Option<Arc<ServiceManifest>>, sqlx::Error> {
        let key = (id.clone(), version);
        if let Ok(cached) = self.0.read()
            && let Some(manifest) = cached.get(&key)
        {
            return Ok(Some(manifest.clone()));
        }
        let json: Option<String> =
            sqlx::query_scalar("SELECT manifest FROM service_versions WHERE service_id = $1 AND version = $2")
                .bind(id)
                .bind(i64::from(version))
                .fetch_optional(conn)
                .await?;
        let Some(manifest) = json.and_then(|json| read_manifest(id, &json)).map(Arc::new) else {
            return Ok(None);
        };
        if let Ok(mut cached) = self.0.write() {
            if cached.len() >= Self::CAPACITY {
                cached.clear();
            }
            cached.insert(key, manifest.clone());
        }
        Ok(Some(manifest))
    }
}

fn read_manifest(id: &ServiceId, json: &str) -> Option<ServiceManifest> {
    match serde_json::from_str::<ServiceManifest>(json) {
        Ok(manifest) => Some(manifest),
        Err(error) => {
            tracing::error!(service = %id, %error, "stored manifest does not read; tile hidden");
            None
        }
    }
}

/// The key the portal signs a service's deliveries with.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn signing_secret(conn: &mut AnyConnection, service_id: &ServiceId) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT secret FROM service_secrets WHERE service_id = $1")
        .bind(service_id)
        .fetch_optional(conn)
        .await
}

/// Sets (or replaces) a service's signing key.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn set_signing_secret(
    conn: &mut AnyConnection,
    service_id: &ServiceId,
    secret: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO service_secrets (service_id, secret, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (service_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at",
    )
    .bind(service_id)
    .bind(secret)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(())
}
