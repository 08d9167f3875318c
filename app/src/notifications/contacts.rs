//! A citizen's contacts and their one-time codes. An address is used only once verified: by a
//! 6-digit code sent to it (10 minutes, 5 tries), or by the identity provider's word. Only a
//! code's hash is kept; codes are never logged or journaled. Codes are rate-limited per citizen
//! and per address, so the portal cannot be used to flood someone's mailbox.

use super::model::{CODE_DIGITS, CODE_MINUTES, CODE_TRIES, Channel, Contact};
use crate::ids::{CitizenId, ContactId};
use crate::moment::Moment;
use sqlx::{AnyConnection, Row};
use time::OffsetDateTime;

/// Codes one citizen may have sent in an hour, and codes one address may receive in an hour.
pub const CODES_PER_CITIZEN_HOUR: i64 = 5;
pub const CODES_PER_ADDRESS_HOUR: i64 = 3;

/// An e-mail address as it is kept: trimmed, its domain in lower case; none if it is not an
/// address mail can be sent to.
pub fn normalized_email(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.len() > 254 || raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let (user, domain) = raw.rsplit_once('@')?;
    let address = format!("{user}@{}", domain.to_ascii_lowercase());
    // lettre's parser: the same rules the SMTP channel applies when it sends.
    let parsed: lettre::Address = address.parse().ok()?;
    parsed.domain().contains('.').then_some(address)
}

/// The citizen's contacts, oldest first.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn list(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<Vec<Contact>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, channel, address, verified_at, failed_at FROM contacts WHERE citizen_id = $1 ORDER BY created_at, id",
    )
    .bind(citizen_id)
    .fetch_all(conn)
    .await?;
    let mut contacts = Vec::with_capacity(rows.len());
    for row in rows {
        let channel: String = row.try_get("channel")?;
        let Some(channel) = Channel::parse(&channel) else {
            continue;
        };
        contacts.push(Contact {
            id: row.try_get("id")?,
            channel,
            address: row.try_get("address")?,
            verified: row.try_get::<Option<String>, _>("verified_at")?.is_some(),
            failed: row.try_get::<Option<String>, _>("failed_at")?.is_some(),
        });
    }
    Ok(contacts)
}

/// The citizen's contact with this address, written if new (unverified); its id.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn add(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    channel: Channel,
    address: &str,
    now: OffsetDateTime,
) -> Result<ContactId, sqlx::Error> {
    sqlx::query(
        "INSERT INTO contacts (id, citizen_id, channel, address, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (citizen_id, channel, address) DO NOTHING",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(citizen_id)
    .bind(channel.as_str())
    .bind(address)
    .bind(Moment::at(now))
    .execute(&mut *conn)
    .await?;
    sqlx::query_scalar("SELECT id FROM contacts WHERE citizen_id = $1 AND channel = $2 AND address = $3")
        .bind(citizen_id)
        .bind(channel.as_str())
        .bind(address)
        .fetch_one(conn)
        .await
}

/// The identity provider verified this e-mail address: it is the citizen's, verified.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn vouched_email(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    raw: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let Some(address) = normalized_email(raw) else {
        return Ok(());
    };
    let id = add(conn, citizen_id, Channel::Email, &address, now).await?;
    sqlx::query("UPDATE contacts SET verified_at = $1, failed_at = NULL WHERE id = $2 AND verified_at IS NULL")
        .bind(Moment::at(now))
        .bind(&id)
        .execute(conn)
        .await?;
    Ok(())
}

/// A contact's channel and address, if it is the citizen's.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn contact_of(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    id: &ContactId,
) -> Result<Option<(Channel, String)>, sqlx::Error> {
    let row = sqlx::query("SELECT channel, address FROM contacts WHERE citizen_id = $1 AND id = $2")
        .bind(citizen_id)
        .bind(id)
        .fetch_optional(conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let channel: String = row.try_get("channel")?;
    let address: String = row.try_get("address")?;
    Ok(Channel::parse(&channel).map(|channel| (channel, address)))
}

/// Removes one of the citizen's contacts; false if it is not theirs.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn remove(conn: &mut AnyConnection, citizen_id: &CitizenId, id: &ContactId) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM contact_codes WHERE contact_id = $1 AND contact_id IN (SELECT id FROM contacts WHERE citizen_id = $2)")
        .bind(id)
        .bind(citizen_id)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM contacts WHERE citizen_id = $1 AND id = $2")
        .bind(citizen_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// The verified, working contact of a channel the ministry's messages go to: the most recently
/// verified one.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn usable(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    channel: Channel,
) -> Result<Option<(ContactId, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, address FROM contacts WHERE citizen_id = $1 AND channel = $2 AND verified_at IS NOT NULL \
         AND failed_at IS NULL ORDER BY verified_at DESC, id LIMIT 1",
    )
    .bind(citizen_id)
    .bind(channel.as_str())
    .fetch_optional(conn)
    .await?;
    row.map(|row| Ok((row.try_get("id")?, row.try_get("address")?)))
        .transpose()
}

/// A channel's provider said this contact can never receive (a hard bounce, a number that does
/// not exist): it is not used again until verified again, and the settings page says so.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn mark_failed(conn: &mut AnyConnection, id: &ContactId, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contacts SET failed_at = $1 WHERE id = $2")
        .bind(Moment::at(now))
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The language the citizen reads the ministry's messages in (their preferred language).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn language_of(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<crate::i18n::Locale, sqlx::Error> {
    let language: Option<String> = sqlx::query_scalar("SELECT preferred_language FROM citizens WHERE id = $1")
        .bind(citizen_id)
        .fetch_optional(conn)
        .await?;
    Ok(match language.as_deref() {
        Some("en") => crate::i18n::Locale::en,
        _ => crate::i18n::Locale::fr,
    })
}

/// Why no code may be sent now.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeRefused {
    /// Too many codes for this citizen or this address in the last hour.
    TooMany,
}

fn address_hash(address: &str) -> String {
    crate::auth::session::token_hash(&format!("contact:{}", address.to_lowercase()))
}

fn code_hash(contact: &ContactId, code: &str) -> String {
    crate::auth::session::token_hash(&format!("code:{contact}:{code}"))
}

/// A fresh code for a contact, replacing any earlier one, within the rate limits; the code
/// itself, for the message that carries it, and nowhere else.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn new_code(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    contact: &ContactId,
    address: &str,
    now: OffsetDateTime,
) -> Result<Result<String, CodeRefused>, sqlx::Error> {
    let hour_ago = Moment::at(now - time::Duration::HOUR);
    let hashed = address_hash(address);
    let by_citizen: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM contact_code_sends WHERE citizen_id = $1 AND sent_at > $2")
            .bind(citizen_id)
            .bind(&hour_ago)
            .fetch_one(&mut *conn)
            .await?;
    let to_address: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM contact_code_sends WHERE address_hash = $1 AND sent_at > $2")
            .bind(&hashed)
            .bind(&hour_ago)
            .fetch_one(&mut *conn)
            .await?;
    if by_citizen >= CODES_PER_CITIZEN_HOUR || to_address >= CODES_PER_ADDRESS_HOUR {
        return Ok(Err(CodeRefused::TooMany));
    }
    let code = random_code();
    sqlx::query(
        "INSERT INTO contact_codes (contact_id, code_hash, expires_at, tries) VALUES ($1, $2, $3, 0) \
         ON CONFLICT (contact_id) DO UPDATE SET code_hash = $2, expires_at = $3, tries = 0",
    )
    .bind(contact)
    .bind(code_hash(contact, &code))
    .bind(Moment::at(now + time::Duration::minutes(CODE_MINUTES)))
    .execute(&mut *conn)
    .await?;
    sqlx::query("INSERT INTO contact_code_sends (citizen_id, address_hash, sent_at) VALUES ($1, $2, $3)")
        .bind(citizen_id)
        .bind(&hashed)
        .bind(Moment::at(now))
        .execute(conn)
        .await?;
    Ok(Ok(code))
}

fn random_code() -> String {
    // A UUID v4 is 122 bits from the operating system's generator; six decimal digits of it.
    let bits = uuid::Uuid::new_v4().as_u128();
    let modulus = 10u128.pow(CODE_DIGITS as u32);
    format!("{:0width$}", bits % modulus, width = CODE_DIGITS)
}

/// What entering a code came to.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeCheck {
    Verified,
    /// Wrong; this many tries are left.
    Wrong(i64),
    /// Too old, or tried too many times, or never sent: a new code must be asked for.
    Spent,
}

/// Checks a code entered for one of the citizen's contacts; the right one verifies it.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn check_code(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    contact: &ContactId,
    code: &str,
    now: OffsetDateTime,
) -> Result<CodeCheck, sqlx::Error> {
    let row = sqlx::query(
        "SELECT k.code_hash, k.expires_at, k.tries FROM contact_codes k JOIN contacts c ON c.id = k.contact_id \
         WHERE c.citizen_id = $1 AND k.contact_id = $2",
    )
    .bind(citizen_id)
    .bind(contact)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(CodeCheck::Spent) };
    let expires_at: Moment = row.try_get("expires_at")?;
    let tries: i64 = row.try_get("tries")?;
    if expires_at <= Moment::at(now) || tries >= CODE_TRIES {
        return Ok(CodeCheck::Spent);
    }
    let entered: String = code.chars().filter(char::is_ascii_digit).collect();
    let stored: String = row.try_get("code_hash")?;
    if entered.len() == CODE_DIGITS && code_hash(contact, &entered) == stored {
        sqlx::query("DELETE FROM contact_codes WHERE contact_id = $1")
            .bind(contact)
            .execute(&mut *conn)
            .await?;
        sqlx::query("UPDATE contacts SET verified_at = $1, failed_at = NULL WHERE id = $2")
            .bind(Moment::at(now))
            .bind(contact)
            .execute(conn)
            .await?;
        return Ok(CodeCheck::Verified);
    }
    sqlx::query("UPDATE contact_codes SET tries = tries + 1 WHERE contact_id = $1")
        .bind(contact)
        .execute(conn)
        .await?;
    let left = CODE_TRIES - tries - 1;
    Ok(if left > 0 {
        CodeCheck::Wrong(left)
    } else {
        CodeCheck::Spent
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_trimmed_with_their_domain_in_lower_case_and_nonsense_is_refused() {
        assert_eq!(
            normalized_email("  Camille.T@Exemple.QC.CA "),
            Some("Camille.T@exemple.qc.ca".into())
        );
        for bad in [
            "",
            "camille",
            "camille@",
            "@exemple.ca",
            "ca mille@exemple.ca",
            "camille@exemple",
            "a@b@c",
        ] {
            assert_eq!(normalized_email(bad), None, "{bad}");
        }
        assert_eq!(normalized_email(&format!("{}@exemple.ca", "a".repeat(250))), None);
    }

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..100 {
            let code = random_code();
            assert_eq!(code.len(), CODE_DIGITS);
            assert!(code.chars().all(|c| c.is_ascii_digit()));
        }
    }
}
