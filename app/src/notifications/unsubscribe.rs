//! One-click unsubscription from announcement e-mails (RFC 8058): each such e-mail names an
//! address with a token of its own; a mail program posts to it, without a session, and the
//! citizen's announcements stop coming by e-mail. Only the token's hash is kept; it serves 90
//! days.

use super::model::{Channel, Topic};
use super::preferences;
use crate::ids::CitizenId;
use crate::moment::Moment;
use sqlx::AnyConnection;
use time::OffsetDateTime;

/// How long an e-mail's unsubscription address works.
pub const VALID: time::Duration = time::Duration::days(90);

fn hash(token: &str) -> String {
    crate::auth::session::token_hash(&format!("unsubscribe:{token}"))
}

/// A new token for a citizen's e-mail (tokens older than their validity are forgotten).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn issue(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    now: OffsetDateTime,
) -> Result<String, sqlx::Error> {
    sqlx::query("DELETE FROM unsubscribe_tokens WHERE created_at < $1")
        .bind(Moment::at(now - VALID))
        .execute(&mut *conn)
        .await?;
    // Two random UUIDs: 244 bits from the system's generator.
    let token = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    sqlx::query("INSERT INTO unsubscribe_tokens (token_hash, citizen_id, created_at) VALUES ($1, $2, $3)")
        .bind(hash(&token))
        .bind(citizen_id)
        .bind(Moment::at(now))
        .execute(conn)
        .await?;
    Ok(token)
}

/// Stops announcements by e-mail for the citizen a token names; whose they were, or none for a
/// token that is unknown or too old. Used twice, it changes nothing more.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn redeem(
    conn: &mut AnyConnection,
    token: &str,
    now: OffsetDateTime,
) -> Result<Option<CitizenId>, sqlx::Error> {
    let citizen: Option<CitizenId> =
        sqlx::query_scalar("SELECT citizen_id FROM unsubscribe_tokens WHERE token_hash = $1 AND created_at >= $2")
            .bind(hash(token))
            .bind(Moment::at(now - VALID))
            .fetch_optional(&mut *conn)
            .await?;
    let Some(citizen) = citizen else { return Ok(None) };
    let mut chosen = preferences::of(conn, &citizen).await?;
    if let Some((_, channels)) = chosen.chosen.iter_mut().find(|(t, _)| *t == Topic::Announcements) {
        channels.retain(|c| *c != Channel::Email);
    }
    preferences::set(conn, &citizen, &chosen).await?;
    Ok(Some(citizen))
}
