//! Problem reports and ideas in the database: written once, changed by status (each change a
//! line of `feedback_events`), read by their sender and by the administrators' board.

use super::model::{BoardItem, FeedbackItem, FeedbackKind, FeedbackStatus, can_reopen};
use crate::ids::{CitizenId, FeedbackId};
use crate::locale::Bilingual;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// A problem report or an idea to keep, its form already checked.
pub struct NewFeedback<'a> {
    pub kind: FeedbackKind,
    pub citizen_id: Option<&'a CitizenId>,
    /// Keyed hash of the sender's address.
    pub origin: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub language: &'a str,
    /// With the sender's consent (a problem only): the page it came from and the browser.
    pub context: Option<(&'a str, &'a str)>,
}

/// Keeps it, received; its id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn add(
    conn: &mut AnyConnection,
    new: &NewFeedback<'_>,
    now: OffsetDateTime,
) -> Result<FeedbackId, sqlx::Error> {
    let id = FeedbackId::new(uuid::Uuid::new_v4().to_string());
    sqlx::query(
        "INSERT INTO feedback (id, kind, citizen_id, origin, title, body, language, page, browser, status, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(&id)
    .bind(new.kind.as_str())
    .bind(new.citizen_id)
    .bind(new.origin)
    .bind(new.title)
    .bind(new.body)
    .bind(new.language)
    .bind(new.context.map(|(page, _)| page))
    .bind(new.context.map(|(_, browser)| browser))
    .bind(FeedbackStatus::Received.as_str())
    .bind(Moment::at(now))
    .execute(&mut *conn)
    .await?;
    let actor = new.citizen_id.map_or("guest", CitizenId::as_str);
    add_event(conn, &id, FeedbackStatus::Received, None, actor, now).await?;
    Ok(id)
}

async fn add_event(
    conn: &mut AnyConnection,
    id: &FeedbackId,
    status: FeedbackStatus,
    answer: Option<&Bilingual>,
    actor: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO feedback_events (id, feedback_id, status, answer_fr, answer_en, actor, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(id)
    .bind(status.as_str())
    .bind(answer.map(|a| a.fr.as_str()))
    .bind(answer.map(|a| a.en.as_str()))
    .bind(actor)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// How many a sender sent since `since`: by citizen when signed in, by address otherwise.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn sent_since(
    conn: &mut AnyConnection,
    citizen_id: Option<&CitizenId>,
    origin: &str,
    since: OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    let query = match citizen_id {
        Some(_) => "SELECT COUNT(*) FROM feedback WHERE citizen_id = $1 AND created_at >= $2",
        None => "SELECT COUNT(*) FROM feedback WHERE origin = $1 AND created_at >= $2",
    };
    sqlx::query_scalar(query)
        .bind(citizen_id.map_or(origin, CitizenId::as_str))
        .bind(Moment::at(since))
        .fetch_one(conn)
        .await
}

/// The columns every read takes, for `board_item`.
macro_rules! columns {
    () => {
        "id, kind, title, body, status, answer_fr, answer_en, reopened, created_at, updated_at, language, page, \
         browser, citizen_id, merged_into, \
         (SELECT COUNT(*) FROM feedback_screenshots s WHERE s.feedback_id = feedback.id) AS screenshots, \
         (SELECT COUNT(*) FROM feedback d WHERE d.merged_into = feedback.id) AS duplicates"
    };
}

fn board_item(row: &AnyRow) -> Result<BoardItem, sqlx::Error> {
    let decode = |what: &str| sqlx::Error::Decode(format!("feedback {what}").into());
    let kind: String = row.try_get("kind")?;
    let status: String = row.try_get("status")?;
    let status = FeedbackStatus::parse(&status).ok_or_else(|| decode("status"))?;
    let reopened = row.try_get::<i64, _>("reopened")? != 0;
    let fr: Option<String> = row.try_get("answer_fr")?;
    let en: Option<String> = row.try_get("answer_en")?;
    let citizen: Option<String> = row.try_get("citizen_id")?;
    Ok(BoardItem {
        item: FeedbackItem {
            id: row.try_get("id")?,
            kind: FeedbackKind::parse(&kind).ok_or_else(|| decode("kind"))?,
            title: row.try_get("title")?,
            body: row.try_get("body")?,
            status,
            answer: fr.zip(en).map(|(fr, en)| Bilingual { fr, en }),
            created_at: row.try_get("created_at")?,
            updated_at: row.try_get("updated_at")?,
            reopenable: can_reopen(status, reopened),
        },
        language: row.try_get("language")?,
        page: row.try_get("page")?,
        browser: row.try_get("browser")?,
        signed_in: citizen.is_some(),
        reopened,
        screenshot: row.try_get::<i64, _>("screenshots")? > 0,
        merged_into: row.try_get("merged_into")?,
        votes: u32::try_from(row.try_get::<i64, _>("duplicates")?)
            .unwrap_or(u32::MAX)
            .saturating_add(1),
    })
}

/// The citizen's problem reports and ideas, newest first.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn of_citizen(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<Vec<FeedbackItem>, sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM feedback WHERE citizen_id = $1 ORDER BY created_at DESC, id"
    ))
    .bind(citizen_id)
    .fetch_all(conn)
    .await?;
    rows.iter().map(|row| board_item(row).map(|b| b.item)).collect()
}

/// One, with who sent it (none: a guest), for a change of status.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn find(
    conn: &mut AnyConnection,
    id: &FeedbackId,
) -> Result<Option<(BoardItem, Option<CitizenId>)>, sqlx::Error> {
    let row = sqlx::query(concat!("SELECT ", columns!(), " FROM feedback WHERE id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(|row| Ok((board_item(&row)?, row.try_get("citizen_id")?)))
        .transpose()
}

/// What the board shows: every part optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardFilter {
    pub kind: Option<FeedbackKind>,
    pub status: Option<FeedbackStatus>,
    /// The sender's language, `fr` or `en`.
    pub language: Option<String>,
    /// Received at or after.
    pub from: Option<Moment>,
    /// Received before.
    pub until: Option<Moment>,
}

/// The board: newest change first, at most `limit`; a duplicate merged into another is not
/// listed (it counts as a vote for the one it joined).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn board(conn: &mut AnyConnection, filter: &BoardFilter, limit: i64) -> Result<Vec<BoardItem>, sqlx::Error> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        columns!(),
        " FROM feedback WHERE merged_into IS NULL AND ($1 IS NULL OR kind = $1) AND ($2 IS NULL OR status = $2) \
         AND ($3 IS NULL OR language = $3) AND ($4 IS NULL OR created_at >= $4) AND ($5 IS NULL OR created_at < $5) \
         ORDER BY updated_at DESC, id LIMIT $6"
    ))
    .bind(filter.kind.map(FeedbackKind::as_str))
    .bind(filter.status.map(FeedbackStatus::as_str))
    .bind(&filter.language)
    .bind(&filter.from)
    .bind(&filter.until)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter().map(board_item).collect()
}

/// The duplicates merged into `id`, with who sent each (none: a guest).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn duplicates_of(
    conn: &mut AnyConnection,
    id: &FeedbackId,
) -> Result<Vec<(FeedbackId, Option<CitizenId>)>, sqlx::Error> {
    sqlx::query("SELECT id, citizen_id FROM feedback WHERE merged_into = $1 ORDER BY created_at, id")
        .bind(id)
        .fetch_all(conn)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("citizen_id")?)))
        .collect()
}

/// Merges `id` into `into`: it takes the status and answer `into` has, and so do the
/// duplicates merged into `id` before (they now point at `into`). Each change is an event.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn merge(
    conn: &mut AnyConnection,
    id: &FeedbackId,
    into: &FeedbackItem,
    actor: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    // Only `id` and what was merged into it change: the duplicates `into` already had follow it.
    let mut moved: Vec<FeedbackId> = duplicates_of(conn, id).await?.into_iter().map(|(d, _)| d).collect();
    moved.push(id.clone());
    sqlx::query("UPDATE feedback SET merged_into = $2 WHERE id = $1 OR merged_into = $1")
        .bind(id)
        .bind(&into.id)
        .execute(&mut *conn)
        .await?;
    for duplicate in moved {
        set_status(conn, &duplicate, into.status, into.answer.as_ref(), actor, now).await?;
    }
    Ok(())
}

/// Sets its status, with the ministry's answer if one is given (an answer stays until replaced).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn set_status(
    conn: &mut AnyConnection,
    id: &FeedbackId,
    status: FeedbackStatus,
    answer: Option<&Bilingual>,
    actor: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE feedback SET status = $2, answer_fr = COALESCE($3, answer_fr), answer_en = COALESCE($4, answer_en), \
         updated_at = $5 WHERE id = $1",
    )
    .bind(id)
    .bind(status.as_str())
    .bind(answer.map(|a| a.fr.as_str()))
    .bind(answer.map(|a| a.en.as_str()))
    .bind(Moment::at(now))
    .execute(&mut *conn)
    .await?;
    add_event(conn, id, status, answer, actor, now).await
}

/// The sender asks to reopen what was marked fixed: under review again, once. False (nothing
/// written) when it is not theirs, not "fixed / done", or reopened before.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn reopen(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    id: &FeedbackId,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE feedback SET status = $3, reopened = 1, updated_at = $4 \
         WHERE id = $1 AND citizen_id = $2 AND status = $5 AND reopened = 0",
    )
    .bind(id)
    .bind(citizen_id)
    .bind(FeedbackStatus::UnderReview.as_str())
    .bind(Moment::at(now))
    .bind(FeedbackStatus::Done.as_str())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    add_event(conn, id, FeedbackStatus::UnderReview, None, citizen_id.as_str(), now).await?;
    Ok(true)
}

/// The titles of the open ones of a kind that an administrator has looked at (under review or
/// planned), newest change first, at most `limit`.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn reviewed_open(
    conn: &mut AnyConnection,
    kind: FeedbackKind,
    limit: i64,
) -> Result<Vec<(String, FeedbackStatus)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT title, status FROM feedback WHERE kind = $1 AND status IN ($2, $3) ORDER BY updated_at DESC, id LIMIT $4",
    )
    .bind(kind.as_str())
    .bind(FeedbackStatus::UnderReview.as_str())
    .bind(FeedbackStatus::Planned.as_str())
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let status: String = row.try_get("status")?;
            let status =
                FeedbackStatus::parse(&status).ok_or_else(|| sqlx::Error::Decode(format!("status {status}").into()))?;
            Ok((row.try_get("title")?, status))
        })
        .collect()
}
