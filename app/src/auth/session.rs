//! Server-side sessions: what a request knows of its signed-in person, the rules that end a
//! session, and the guards every server function that touches personal data goes through.
//!
//! The browser holds only a random token in an `HttpOnly` cookie; the database holds its SHA-256,
//! so a copy of the sessions table opens no session. The server resolves the cookie once per
//! request (see the server's `identity::sessions` middleware) and leaves a [`CurrentSession`]
//! and the request's [`RequestMeta`] in the request's extensions, where the guards below read
//! them.

use super::model::Role;
use crate::audit::{AuditEvent, Outcome};
use crate::clock::Clock;
use crate::error::AppError;
use crate::ids::CitizenId;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

/// How long sessions live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Without activity for this long, a session ends (30 minutes by default).
    pub idle: Duration,
    /// Whatever the activity, a session ends this long after sign-in (12 hours by default).
    pub absolute: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(12),
        }
    }
}

/// What the server functions need to know about sign-in, provided as context.
#[derive(Clone, Debug)]
pub struct AuthContext {
    pub policy: SessionPolicy,
    pub dev_sign_in: bool,
    pub clock: Clock,
    /// The identity provider's origin (`https://idp.example`), when one is configured.
    pub provider_origin: Option<String>,
    /// Whether the portal is served over HTTPS (cookies are `Secure`, `__Host-` prefixed).
    pub secure_cookies: bool,
}

/// The signed-in person behind a request, put in its extensions by the session middleware.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentSession {
    /// SHA-256 of the session token (the sessions table's key).
    pub id_hash: String,
    /// Our identifier of the citizen; also their pseudonym in the journal.
    pub citizen_id: CitizenId,
    pub role: Role,
    pub display_name: String,
    pub idle_expires_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
    /// When its person authenticated anew at the provider (`auth_time` of a sign-in that asked
    /// `prompt=login`; the development sign-in's form counts); none for an ordinary sign-in.
    pub auth_time: Option<OffsetDateTime>,
    /// How (`acr`), if the provider said.
    pub acr: Option<String>,
}

impl CurrentSession {
    /// Who acts in this session's calls, and for whom: today always the signed-in person
    /// for themself.
    pub fn acting(&self) -> Acting {
        Acting {
            actor: self.citizen_id.clone(),
            subject: self.citizen_id.clone(),
        }
    }

    /// Seconds left before this session ends, and whether activity can push that back.
    pub fn time_left(&self, now: OffsetDateTime) -> super::model::SessionTime {
        let end = self.idle_expires_at.min(self.absolute_expires_at);
        super::model::SessionTime {
            seconds_left: (end - now).whole_seconds().max(0),
            extendable: self.idle_expires_at < self.absolute_expires_at,
        }
    }
}

/// Who acts in a signed-in call (`actor`, the signed-in person) and whose requests, drafts and
/// files it reads and changes (`subject`). Today both are the same person; delegated access
/// will let someone act for another, and the journal records both.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acting {
    pub actor: CitizenId,
    pub subject: CitizenId,
}

impl Acting {
    /// Whether the actor acts for themself.
    pub fn for_themself(&self) -> bool {
        self.actor == self.subject
    }

    /// A journal event of this call: its actor, the citizen concerned (the actor themself or
    /// the person acted for), and where the request came from.
    pub fn event(&self, action: &str, outcome: Outcome) -> AuditEvent {
        AuditEvent {
            subject: Some(self.subject.to_string()),
            ..request_meta().event(self.actor.as_str(), action, outcome)
        }
    }
}

/// Where a request came from, for the journal. Never holds anything the person typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestMeta {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub request_id: Option<String>,
}

impl RequestMeta {
    /// A journal event carrying this request's address, user agent and id.
    pub fn event(&self, actor: &str, action: &str, outcome: Outcome) -> AuditEvent {
        AuditEvent {
            ip: self.ip.clone(),
            request_id: self.request_id.clone(),
            details: self
                .user_agent
                .as_ref()
                .map(|agent| serde_json::json!({ "user_agent": agent })),
            ..AuditEvent::new(actor, action, outcome)
        }
    }
}

/// A new secret token (a session's, a service team's): 32 random bytes from the operating
/// system, hex-encoded.
pub fn new_secret_token() -> String {
    use rand::RngCore;
    let mut bytes = [0_u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// SHA-256 of a secret token (session, API token, OAuth state), hex-encoded: what is stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The pseudonym under which a provider subject is stored: SHA-256 over the issuer and the
/// subject, so the same `sub` from two providers is two people and the raw `sub` is not kept.
pub fn subject_hash(issuer: &str, subject: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(issuer.as_bytes());
    hasher.update([0]);
    hasher.update(subject.as_bytes());
    hex::encode(hasher.finalize())
}

/// The request's parts, as leptos_axum provides them to pages and server functions.
fn request_parts() -> Result<axum::http::request::Parts, AppError> {
    leptos::prelude::use_context::<axum::http::request::Parts>().ok_or_else(|| {
        tracing::error!("no request parts in context");
        AppError::Internal
    })
}

/// The signed-in person, if any.
pub fn current_session() -> Option<CurrentSession> {
    request_parts().ok()?.extensions.get::<CurrentSession>().cloned()
}

/// This request's origin for the journal.
pub fn request_meta() -> RequestMeta {
    request_parts()
        .ok()
        .and_then(|parts| parts.extensions.get::<RequestMeta>().cloned())
        .unwrap_or_default()
}

/// The session, or `Unauthorized` (401) for a guest.
pub fn require_citizen() -> Result<CurrentSession, AppError> {
    current_session().ok_or(AppError::Unauthorized)
}

/// Who acts in this call and for whom, or `Unauthorized` (401) for a guest. Every server
/// function that reads or changes a citizen's drafts, requests or files starts here, and
/// touches only the subject's.
pub fn require_acting() -> Result<Acting, AppError> {
    require_citizen().map(|session| session.acting())
}

/// The session of an administrator; a citizen gets `Forbidden` (403) and the refusal is
/// journaled.
pub async fn require_admin(what: &str) -> Result<CurrentSession, AppError> {
    let session = require_citizen()?;
    if session.role == Role::Admin {
        return Ok(session);
    }
    let portal = crate::api::portal()?;
    let db = &portal.db;
    let auth = &portal.auth;
    let mut tx = db.begin().await?;
    let event = AuditEvent {
        target: Some(what.to_owned()),
        ..session.acting().event("admin.access", Outcome::Denied)
    };
    crate::audit::db::record(&mut tx, &event, auth.clock.now()).await?;
    tx.commit().await?;
    Err(AppError::Forbidden)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_hide_the_secret_and_separate_issuers() {
        assert_eq!(token_hash("abc").len(), 64);
        assert_ne!(token_hash("abc"), "abc");
        assert_ne!(subject_hash("https://a", "42"), subject_hash("https://b", "42"));
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        assert_ne!(subject_hash("ab", "c"), subject_hash("a", "bc"));
    }

    #[test]
    fn time_left_is_the_nearer_of_the_two_ends() {
        let now = OffsetDateTime::UNIX_EPOCH + Duration::days(20_000);
        let session = CurrentSession {
            id_hash: String::new(),
            citizen_id: CitizenId::default(),
            role: Role::Citizen,
            display_name: String::new(),
            idle_expires_at: now + Duration::minutes(30),
            absolute_expires_at: now + Duration::minutes(10),
            auth_time: None,
            acr: None,
        };
        let left = session.time_left(now);
        assert_eq!(left.seconds_left, 600);
        assert!(!left.extendable);
        let idle_first = CurrentSession {
            absolute_expires_at: now + Duration::hours(12),
            ..session
        };
        assert_eq!(idle_first.time_left(now).seconds_left, 1800);
        assert!(idle_first.time_left(now).extendable);
        assert_eq!(idle_first.time_left(now + Duration::hours(1)).seconds_left, 0);
    }

    #[test]
    fn the_journal_names_the_citizen_concerned_and_who_acted() {
        let own = Acting {
            actor: CitizenId::new("a"),
            subject: CitizenId::new("a"),
        };
        let event = own.event("draft.create", Outcome::Success);
        assert_eq!((event.actor.as_str(), event.subject.as_deref()), ("a", Some("a")));
        let for_another = Acting {
            subject: CitizenId::new("b"),
            ..own
        };
        let event = for_another.event("draft.create", Outcome::Success);
        assert_eq!((event.actor.as_str(), event.subject.as_deref()), ("a", Some("b")));
    }
}
