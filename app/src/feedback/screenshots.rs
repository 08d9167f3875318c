//! A screenshot joined to a problem report, after it is sent: at most one, PNG or JPEG,
//! recognised by its content (as every attachment of the portal), at most
//! [`SCREENSHOT_MAX_BYTES`]. The sender proves the report is theirs with the token the sent
//! page carries (`TicketKey::report`), valid an hour; it works for a guest too. Only
//! administrators see it. Journaled `feedback.screenshot`, never its content.

use super::api::SCREENSHOT_FIELD;
use super::model::{FeedbackKind, SCREENSHOT_MAX_BYTES};
use crate::audit::{AuditEvent, Outcome};
use crate::error::AppError;
use crate::ids::FeedbackId;
use crate::moment::Moment;
use crate::multipart::{Multipart, named_text, read_capped};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row};

/// What the form's parts may hold beside the file.
const TOKEN_MAX: usize = 256;

fn refused(reason: &str) -> AppError {
    AppError::InvalidInput {
        fields: vec![(SCREENSHOT_FIELD.to_owned(), reason.to_owned())],
    }
}

/// Reads the form (`report`, then the file), checks it and keeps the screenshot.
pub async fn attach(mut multipart: Multipart) -> Result<FeedbackId, AppError> {
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let token = named_text(&mut multipart, "report", TOKEN_MAX)
        .await
        .ok_or_else(|| refused("expired"))?;
    let id = portal
        .feedback
        .check_report(&token, now)
        .ok_or_else(|| refused("expired"))?;
    let mut part = multipart
        .next_field()
        .await
        .ok()
        .flatten()
        .filter(|part| part.name() == Some(SCREENSHOT_FIELD))
        .ok_or_else(|| refused("required"))?;
    let content = read_capped(&mut part, SCREENSHOT_MAX_BYTES)
        .await
        .map_err(|_| refused("required"))?
        .ok_or_else(|| refused("too_large"))?;
    if content.is_empty() {
        return Err(refused("required"));
    }
    let media_type = match crate::attachments::scan::recognize(&content).map(|kind| kind.media_type) {
        Some(media_type @ ("image/png" | "image/jpeg")) => media_type,
        _ => return Err(refused("not_an_image")),
    };
    let mut tx = portal.db.begin().await?;
    match kind_of(&mut tx, &id).await? {
        Some(FeedbackKind::Problem) => {}
        _ => return Err(refused("expired")),
    }
    let added = sqlx::query(
        "INSERT INTO feedback_screenshots (feedback_id, media_type, size, sha256, content, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (feedback_id) DO NOTHING",
    )
    .bind(&id)
    .bind(media_type)
    .bind(content.len() as i64)
    .bind(hex::encode(Sha256::digest(&content)))
    .bind(&content)
    .bind(Moment::at(now))
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() == 0 {
        return Err(refused("already"));
    }
    let meta = crate::auth::session::request_meta();
    let actor =
        crate::auth::session::current_session().map_or_else(|| "guest".to_owned(), |s| s.citizen_id.to_string());
    let event = AuditEvent {
        target: Some(id.to_string()),
        details: Some(serde_json::json!({ "media_type": media_type, "size": content.len() })),
        ..meta.event(&actor, "feedback.screenshot", Outcome::Success)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(id)
}

async fn kind_of(conn: &mut AnyConnection, id: &FeedbackId) -> Result<Option<FeedbackKind>, sqlx::Error> {
    let row = sqlx::query("SELECT kind FROM feedback WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row
        .map(|row| row.try_get::<String, _>("kind"))
        .transpose()?
        .and_then(|kind| FeedbackKind::parse(&kind)))
}

/// A report's screenshot: its media type and bytes.
pub async fn of(conn: &mut AnyConnection, id: &FeedbackId) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let row = sqlx::query("SELECT media_type, content FROM feedback_screenshots WHERE feedback_id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.map(|row| Ok((row.try_get("media_type")?, row.try_get("content")?)))
        .transpose()
}
