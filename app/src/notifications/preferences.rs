//! The channels a citizen chose for each topic; the defaults until they choose.

use super::model::{Channel, Preferences, Topic};
use crate::ids::CitizenId;
use sqlx::{AnyConnection, Row};

/// The citizen's choices, the defaults filling any topic they never chose for.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn of(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<Preferences, sqlx::Error> {
    let rows = sqlx::query("SELECT topic, channels FROM notification_preferences WHERE citizen_id = $1")
        .bind(citizen_id)
        .fetch_all(conn)
        .await?;
    let mut preferences = Preferences::defaults();
    for row in rows {
        let topic: String = row.try_get("topic")?;
        let channels: String = row.try_get("channels")?;
        let Some(topic) = Topic::parse(&topic) else { continue };
        let chosen: Vec<Channel> = channels.split(',').filter_map(Channel::parse).collect();
        if let Some(slot) = preferences.chosen.iter_mut().find(|(t, _)| *t == topic) {
            slot.1 = chosen;
        }
    }
    Ok(preferences)
}

/// Keeps the citizen's choices, every topic at once.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn set(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    preferences: &Preferences,
) -> Result<(), sqlx::Error> {
    for (topic, channels) in &preferences.chosen {
        let channels: Vec<&str> = channels.iter().map(|c| c.as_str()).collect();
        sqlx::query(
            "INSERT INTO notification_preferences (citizen_id, topic, channels) VALUES ($1, $2, $3) \
             ON CONFLICT (citizen_id, topic) DO UPDATE SET channels = $3",
        )
        .bind(citizen_id)
        .bind(topic.as_str())
        .bind(channels.join(","))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
