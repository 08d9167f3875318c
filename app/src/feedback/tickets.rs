//! The feedback form's ticket: the moment the form was drawn, signed with a key every node of
//! the portal shares. A form sent back within seconds of being drawn was filled by a robot;
//! the ticket lets the server tell, without writing anything when the form is drawn (a GET
//! changes nothing) and without a CAPTCHA, which screen-reader users cannot pass. The same key
//! turns a sender's address into the hash the rate limit counts by.

use crate::db::Database;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// The least time a person takes to fill the form.
pub const MIN_FILL: Duration = Duration::seconds(3);
/// A form open longer than this is drawn again (its ticket is too old to tell anything).
pub const MAX_AGE: Duration = Duration::hours(12);

/// How long after sending a problem report its sender may join a screenshot to it.
pub const REPORT_LIFE: Duration = Duration::hours(1);

/// Why a ticket does not let a form in.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Sent sooner than a person can fill it.
    TooFast,
    /// Drawn too long ago: the form is drawn again.
    Expired,
    /// Not one the portal made.
    Forged,
}

/// The shared key, made once (the first start writes it; every node reads the same).
#[derive(Clone)]
pub struct TicketKey(Arc<[u8; 32]>);

impl std::fmt::Debug for TicketKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TicketKey(…)")
    }
}

const KEY_NAME: &str = "feedback_ticket";

impl TicketKey {
    /// Reads the key, making it first if no node did.
    pub async fn load(db: &Database) -> Result<TicketKey, sqlx::Error> {
        let fresh = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
        let mut conn = db.pool().acquire().await?;
        sqlx::query("INSERT INTO portal_keys (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
            .bind(KEY_NAME)
            .bind(&fresh)
            .execute(&mut *conn)
            .await?;
        let kept: String = sqlx::query_scalar("SELECT value FROM portal_keys WHERE name = $1")
            .bind(KEY_NAME)
            .fetch_one(&mut *conn)
            .await?;
        let bytes = hex::decode(kept).map_err(|e| sqlx::Error::Decode(e.into()))?;
        let key: [u8; 32] = bytes
            .try_into()
            .map_err(|_| sqlx::Error::Decode("feedback ticket key: not 32 bytes".into()))?;
        Ok(TicketKey(Arc::new(key)))
    }

    fn keyed(&self, what: &[u8]) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0[..]).expect("any key length");
        mac.update(what);
        mac
    }

    fn mac(&self, what: &[u8]) -> String {
        hex::encode(self.keyed(what).finalize().into_bytes())
    }

    /// The ticket of a form drawn now: `<unix seconds>.<signature>`.
    pub fn issue(&self, now: OffsetDateTime) -> String {
        let at = now.unix_timestamp().to_string();
        format!("{at}.{}", self.mac(format!("ticket:{at}").as_bytes()))
    }

    /// Whether a form with this ticket, sent now, was filled by a person.
    pub fn check(&self, ticket: &str, now: OffsetDateTime) -> Result<(), Refused> {
        let (at, signature) = ticket.split_once('.').ok_or(Refused::Forged)?;
        let signature = hex::decode(signature).map_err(|_| Refused::Forged)?;
        // The library's comparison, in constant time.
        self.keyed(format!("ticket:{at}").as_bytes())
            .verify_slice(&signature)
            .map_err(|_| Refused::Forged)?;
        let drawn = at
            .parse::<i64>()
            .ok()
            .and_then(|at| OffsetDateTime::from_unix_timestamp(at).ok())
            .ok_or(Refused::Forged)?;
        match now - drawn {
            age if age < MIN_FILL => Err(Refused::TooFast),
            age if age > MAX_AGE => Err(Refused::Expired),
            _ => Ok(()),
        }
    }

    /// What the page after a problem report was sent carries to join a screenshot to it:
    /// `<report id>.<unix seconds>.<signature>`, valid [`REPORT_LIFE`].
    pub fn report(&self, id: &crate::ids::FeedbackId, now: OffsetDateTime) -> String {
        let at = now.unix_timestamp().to_string();
        format!("{id}.{at}.{}", self.mac(format!("report:{id}:{at}").as_bytes()))
    }

    /// The report a token made by [`TicketKey::report`] names, while it is valid.
    pub fn check_report(&self, token: &str, now: OffsetDateTime) -> Option<crate::ids::FeedbackId> {
        let mut parts = token.rsplitn(3, '.');
        let (signature, at, id) = (parts.next()?, parts.next()?, parts.next()?);
        let signature = hex::decode(signature).ok()?;
        self.keyed(format!("report:{id}:{at}").as_bytes())
            .verify_slice(&signature)
            .ok()?;
        let made = OffsetDateTime::from_unix_timestamp(at.parse().ok()?).ok()?;
        (now >= made && now - made <= REPORT_LIFE).then(|| crate::ids::FeedbackId::new(id))
    }

    /// The hash of an address the rate limit counts by: keyed, so it cannot be reversed by
    /// trying every address.
    pub fn origin(&self, address: &str) -> String {
        self.mac(format!("origin:{address}").as_bytes())
    }

    #[cfg(test)]
    fn from_bytes(key: [u8; 32]) -> TicketKey {
        TicketKey(Arc::new(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_lets_in_a_form_filled_by_a_person_only() {
        let key = TicketKey::from_bytes([7; 32]);
        let drawn = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let ticket = key.issue(drawn);
        assert_eq!(key.check(&ticket, drawn + Duration::seconds(1)), Err(Refused::TooFast));
        assert_eq!(key.check(&ticket, drawn + Duration::seconds(40)), Ok(()));
        assert_eq!(key.check(&ticket, drawn + Duration::hours(13)), Err(Refused::Expired));
        let (at, signature) = ticket.split_once('.').unwrap();
        let earlier = format!("{}.{signature}", at.parse::<i64>().unwrap() - 60);
        assert_eq!(key.check(&earlier, drawn + Duration::seconds(1)), Err(Refused::Forged));
        for bad in ["", "abc", "1800000000", "1800000000.00", "x.y"] {
            assert_eq!(key.check(bad, drawn), Err(Refused::Forged), "{bad}");
        }
        let other = TicketKey::from_bytes([8; 32]);
        assert_eq!(
            other.check(&ticket, drawn + Duration::seconds(40)),
            Err(Refused::Forged)
        );
        assert_ne!(key.origin("127.0.0.1"), other.origin("127.0.0.1"));

        let report = crate::ids::FeedbackId::new("5f0c7a52-3b1e-4d8a-9c6f-2e7d1a0b4c93");
        let token = key.report(&report, drawn);
        assert_eq!(
            key.check_report(&token, drawn + Duration::minutes(59)),
            Some(report.clone())
        );
        assert_eq!(key.check_report(&token, drawn + Duration::minutes(61)), None);
        assert_eq!(other.check_report(&token, drawn), None);
        let forged = token.replacen("5f0c", "6f0c", 1);
        assert_eq!(key.check_report(&forged, drawn), None);
        assert_eq!(key.check_report("x", drawn), None);
    }
}
