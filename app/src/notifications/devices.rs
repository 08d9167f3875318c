//! The devices where a citizen allowed web push: each browser's subscription (its push
//! service's endpoint and the keys that encrypt for it), named after the browser that made it.
//! One endpoint belongs to one citizen: a shared browser subscribed again by someone else is
//! theirs from then on. A subscription the push service says is gone is removed.

use super::channels::Subscription;
use super::model::Device;
use crate::ids::{CitizenId, DeviceId};
use crate::moment::Moment;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

/// How many devices a citizen may have at once; a new one beyond replaces the oldest.
pub const DEVICES_PER_CITIZEN: i64 = 10;

/// Keeps a browser's subscription for the citizen (a subscription seen again is renewed and
/// becomes theirs); its id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn keep(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    name: &str,
    subscription: &Subscription,
    now: OffsetDateTime,
) -> Result<DeviceId, sqlx::Error> {
    sqlx::query(
        "INSERT INTO push_devices (id, citizen_id, name, endpoint, p256dh, auth, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (endpoint) DO UPDATE SET citizen_id = $2, name = $3, p256dh = $5, auth = $6, created_at = $7",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(citizen_id)
    .bind(name)
    .bind(&subscription.endpoint)
    .bind(&subscription.p256dh)
    .bind(&subscription.auth)
    .bind(Moment::at(now))
    .execute(&mut *conn)
    .await?;
    // Beyond the limit, the oldest go.
    sqlx::query(
        "DELETE FROM push_devices WHERE citizen_id = $1 AND id NOT IN \
         (SELECT id FROM push_devices WHERE citizen_id = $1 ORDER BY created_at DESC, id LIMIT $2)",
    )
    .bind(citizen_id)
    .bind(DEVICES_PER_CITIZEN)
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT id FROM push_devices WHERE endpoint = $1")
        .bind(&subscription.endpoint)
        .fetch_one(conn)
        .await
}

/// The citizen's devices, newest first, as the settings page lists them.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn list(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<Vec<Device>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, name, created_at, last_sent_at FROM push_devices WHERE citizen_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(citizen_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Device {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                added_at: row.try_get("created_at")?,
                last_sent_at: row.try_get("last_sent_at")?,
            })
        })
        .collect()
}

/// The subscriptions a notice is pushed to.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn subscriptions(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
) -> Result<Vec<(DeviceId, Subscription)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, endpoint, p256dh, auth FROM push_devices WHERE citizen_id = $1 ORDER BY created_at DESC, id",
    )
    .bind(citizen_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            let subscription = Subscription {
                endpoint: row.try_get("endpoint")?,
                p256dh: row.try_get("p256dh")?,
                auth: row.try_get("auth")?,
            };
            Ok((row.try_get("id")?, subscription))
        })
        .collect()
}

/// Removes one of the citizen's devices; false if they have none with this id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn remove(conn: &mut AnyConnection, citizen_id: &CitizenId, id: &DeviceId) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM push_devices WHERE id = $1 AND citizen_id = $2")
        .bind(id)
        .bind(citizen_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A push went to this device; or its subscription is gone (`None`): the device is removed.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn pushed(conn: &mut AnyConnection, id: &DeviceId, at: Option<OffsetDateTime>) -> Result<(), sqlx::Error> {
    match at {
        Some(at) => {
            sqlx::query("UPDATE push_devices SET last_sent_at = $1 WHERE id = $2")
                .bind(Moment::at(at))
                .bind(id)
                .execute(conn)
                .await?;
        }
        None => {
            sqlx::query("DELETE FROM push_devices WHERE id = $1")
                .bind(id)
                .execute(conn)
                .await?;
        }
    }
    Ok(())
}
