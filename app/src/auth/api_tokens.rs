//! Service teams' API tokens: issued by an operator for one service, valid until their expiry
//! date or their revocation, stored as a hash only (the token is shown once, to whoever issued
//! it), and never written anywhere else: not in the journal, not in the logs.

use super::session::token_hash;
use crate::ids::ServiceId;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row};
use time::{Duration, OffsetDateTime};

/// How long a token may be issued for, at most: a service team renews it every year or so.
pub const MAX_VALIDITY_DAYS: u32 = 730;

/// A token as the database knows it, found by its hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: String,
    pub service: ServiceId,
    pub revoked_at: Option<Moment>,
    /// `None` for tokens issued before tokens had an expiry date: they stay valid until revoked.
    pub expires_at: Option<Moment>,
}

/// Why a presented token does not let its holder in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Unknown,
    Revoked,
    Expired,
}

impl Refusal {
    /// How the journal names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Refusal::Unknown => "unknown",
            Refusal::Revoked => "revoked",
            Refusal::Expired => "expired",
        }
    }
}

/// The token found, if it acts for its service at `now`. Timestamps have one fixed format
/// ([`Moment`]), so they compare as text.
pub fn check(record: Option<&ApiTokenRecord>, now: OffsetDateTime) -> Result<&ApiTokenRecord, Refusal> {
    let record = record.ok_or(Refusal::Unknown)?;
    if record.revoked_at.is_some() {
        return Err(Refusal::Revoked);
    }
    match &record.expires_at {
        Some(expires_at) if *expires_at <= Moment::at(now) => Err(Refusal::Expired),
        _ => Ok(record),
    }
}

/// Issues an API token for a service, valid for `valid_for`, and returns the token's id. Only
/// the token's hash is stored.
pub async fn issue(
    conn: &mut AnyConnection,
    service: &ServiceId,
    label: &str,
    token: &str,
    now: OffsetDateTime,
    valid_for: Duration,
) -> Result<String, sqlx::Error> {
    let id = uuid::Uuid::new_v4().to_string();
    sqlx::query(
        "INSERT INTO api_tokens (id, service, label, token_hash, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&id)
    .bind(service)
    .bind(label)
    .bind(token_hash(token))
    .bind(Moment::at(now))
    .bind(Moment::at(now + valid_for))
    .execute(conn)
    .await?;
    Ok(id)
}

/// The token whose hash is the presented token's, live or not.
#[tracing::instrument(skip_all)]
pub async fn find(conn: &mut AnyConnection, token: &str) -> Result<Option<ApiTokenRecord>, sqlx::Error> {
    let row = sqlx::query("SELECT id, service, revoked_at, expires_at FROM api_tokens WHERE token_hash = $1")
        .bind(token_hash(token))
        .fetch_optional(conn)
        .await?;
    row.map(|row| {
        Ok(ApiTokenRecord {
            id: row.try_get("id")?,
            service: row.try_get("service")?,
            revoked_at: row.try_get("revoked_at")?,
            expires_at: row.try_get("expires_at")?,
        })
    })
    .transpose()
}

/// A service team's token as operators list it: never the token, which only its holder has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenListing {
    pub id: String,
    pub service: ServiceId,
    pub label: String,
    pub created_at: Moment,
    pub expires_at: Option<Moment>,
    pub revoked_at: Option<Moment>,
}

fn listing(row: &sqlx::any::AnyRow) -> Result<ApiTokenListing, sqlx::Error> {
    Ok(ApiTokenListing {
        id: row.try_get("id")?,
        service: row.try_get("service")?,
        label: row.try_get("label")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}

/// Every API token, live, expired and revoked, by service then age.
pub async fn list(conn: &mut AnyConnection) -> Result<Vec<ApiTokenListing>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, service, label, created_at, expires_at, revoked_at FROM api_tokens \
         ORDER BY service, created_at, id",
    )
    .fetch_all(conn)
    .await?;
    rows.iter().map(listing).collect()
}

/// A live token by its id (not revoked, not expired at `now`).
pub async fn live(
    conn: &mut AnyConnection,
    id: &str,
    now: OffsetDateTime,
) -> Result<Option<ApiTokenListing>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, service, label, created_at, expires_at, revoked_at FROM api_tokens \
         WHERE id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)",
    )
    .bind(id)
    .bind(Moment::at(now))
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(listing).transpose()
}

/// Brings a token's expiry forward to `until` (when it is later): a rotated token keeps
/// working a little while its holder switches to the new one.
pub async fn expire_by(conn: &mut AnyConnection, id: &str, until: OffsetDateTime) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE api_tokens SET expires_at = $2 WHERE id = $1 AND (expires_at IS NULL OR expires_at > $2)")
        .bind(id)
        .bind(Moment::at(until))
        .execute(conn)
        .await?;
    Ok(())
}

/// Revokes an API token; returns whether it existed and was not revoked yet.
pub async fn revoke(conn: &mut AnyConnection, id: &str, now: OffsetDateTime) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL")
        .bind(id)
        .bind(Moment::at(now))
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn record(revoked_at: Option<&str>, expires_at: Option<&str>) -> ApiTokenRecord {
        ApiTokenRecord {
            id: "t".into(),
            service: "plaintes".into(),
            revoked_at: revoked_at.map(Moment::from_text),
            expires_at: expires_at.map(Moment::from_text),
        }
    }

    #[test]
    fn a_token_acts_until_it_expires_or_is_revoked() {
        let now = datetime!(2026-12-04 12:00:00 UTC);
        let expiry = Moment::at(now + Duration::days(1));
        assert_eq!(check(None, now), Err(Refusal::Unknown));
        let live = record(None, Some(expiry.as_str()));
        assert_eq!(check(Some(&live), now), Ok(&live));
        let old = record(None, None);
        assert_eq!(check(Some(&old), now), Ok(&old), "issued before expiry dates");
        assert_eq!(
            check(Some(&record(None, Some(expiry.as_str()))), now + Duration::days(1)),
            Err(Refusal::Expired),
            "expired at the instant it says"
        );
        assert_eq!(
            check(
                Some(&record(Some("2026-12-01T00:00:00.000000Z"), Some(expiry.as_str()))),
                now
            ),
            Err(Refusal::Revoked)
        );
    }
}
