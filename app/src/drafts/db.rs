//! Draft queries, each inside the caller's transaction.

use super::model::Draft;
use crate::forms::RawAnswers;
use crate::ids::{CitizenId, DraftId, ServiceId};
use crate::moment::Moment;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// `SELECT` of a draft's columns, followed by the rest of the query.
macro_rules! select_drafts {
    ($rest:literal) => {
        concat!(
            "SELECT id, service_id, service_version, answers, step, revision, updated_at, edited_at, expires_at FROM drafts ",
            $rest
        )
    };
}

/// A stored draft and its row id.
pub struct StoredDraft {
    pub id: DraftId,
    pub draft: Draft,
}

fn read(row: &AnyRow) -> Result<StoredDraft, sqlx::Error> {
    let answers: String = row.try_get("answers")?;
    let answers: RawAnswers =
        serde_json::from_str(&answers).map_err(|e| sqlx::Error::Decode(format!("draft answers: {e}").into()))?;
    Ok(StoredDraft {
        id: row.try_get("id")?,
        draft: Draft {
            service_id: row.try_get("service_id")?,
            service_version: row.try_get::<i64, _>("service_version")? as u32,
            answers,
            step: row.try_get::<i64, _>("step")? as usize,
            revision: row.try_get("revision")?,
            updated_at: row.try_get("updated_at")?,
            edited_at: row.try_get("edited_at")?,
            expires_at: row.try_get("expires_at")?,
        },
    })
}

/// The citizen's draft for a service, if any.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn find(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
) -> Result<Option<StoredDraft>, sqlx::Error> {
    sqlx::query(select_drafts!("WHERE citizen_id = $1 AND service_id = $2"))
        .bind(citizen_id)
        .bind(service_id)
        .fetch_optional(conn)
        .await?
        .as_ref()
        .map(read)
        .transpose()
}

/// Every draft of the citizen, most recently saved first.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn of_citizen(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<Vec<Draft>, sqlx::Error> {
    sqlx::query(select_drafts!("WHERE citizen_id = $1 ORDER BY updated_at DESC"))
        .bind(citizen_id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| read(row).map(|stored| stored.draft))
        .collect()
}

/// Creates the citizen's draft for a service; returns its id, or `None` when another device
/// created it at the same moment (the caller reads that one).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn create(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    draft: &Draft,
    now: OffsetDateTime,
) -> Result<Option<DraftId>, sqlx::Error> {
    let id = DraftId::new(uuid::Uuid::new_v4().to_string());
    let done = sqlx::query(
        "INSERT INTO drafts (id, citizen_id, service_id, service_version, answers, step, revision, created_at, updated_at, edited_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10) \
         ON CONFLICT (citizen_id, service_id) DO NOTHING",
    )
    .bind(&id)
    .bind(citizen_id)
    .bind(&draft.service_id)
    .bind(i64::from(draft.service_version))
    .bind(answers_json(&draft.answers)?)
    .bind(draft.step as i64)
    .bind(draft.revision)
    .bind(Moment::at(now))
    .bind(&draft.edited_at)
    .bind(&draft.expires_at)
    .execute(conn)
    .await?;
    Ok((done.rows_affected() == 1).then_some(id))
}

/// Stores new answers over revision `base`; returns false (nothing written) when the stored
/// revision is no longer `base`, so two concurrent saves cannot both win.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn update(conn: &mut AnyConnection, id: &DraftId, base: i64, draft: &Draft) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE drafts SET answers = $3, step = $4, revision = $5, updated_at = $6, edited_at = $7, expires_at = $8 \
         WHERE id = $1 AND revision = $2",
    )
    .bind(id)
    .bind(base)
    .bind(answers_json(&draft.answers)?)
    .bind(draft.step as i64)
    .bind(draft.revision)
    .bind(&draft.updated_at)
    .bind(&draft.edited_at)
    .bind(&draft.expires_at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that a draft reached `reached` (a step from 1); returns the furthest step it had
/// reached before when this one is further, none otherwise. Inside the transaction of the save,
/// after its write, so two saves of one draft do not both count a step.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn reach_step(conn: &mut AnyConnection, id: &DraftId, reached: u32) -> Result<Option<u32>, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT furthest_step FROM drafts WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
    else {
        return Ok(None);
    };
    let before = u32::try_from(row.try_get::<i64, _>("furthest_step")?).unwrap_or(0);
    if before >= reached {
        return Ok(None);
    }
    sqlx::query("UPDATE drafts SET furthest_step = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(reached))
        .execute(conn)
        .await?;
    Ok(Some(before))
}

/// Deletes the citizen's draft for a service; returns whether there was one.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn delete(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    service_id: &ServiceId,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM drafts WHERE citizen_id = $1 AND service_id = $2")
        .bind(citizen_id)
        .bind(service_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the drafts whose expiry has passed; returns (citizen, service) of each.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn purge_expired(
    conn: &mut AnyConnection,
    now: OffsetDateTime,
) -> Result<Vec<(CitizenId, ServiceId)>, sqlx::Error> {
    let rows = sqlx::query("DELETE FROM drafts WHERE expires_at <= $1 RETURNING citizen_id, service_id")
        .bind(Moment::at(now))
        .fetch_all(conn)
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("citizen_id")?, row.try_get("service_id")?)))
        .collect()
}

fn answers_json(answers: &RawAnswers) -> Result<String, sqlx::Error> {
    serde_json::to_string(answers).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}
