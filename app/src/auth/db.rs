//! Identity queries, each inside the caller's transaction: citizens, sessions and sign-in
//! attempts (service teams' API tokens are in [`super::api_tokens`]).

use super::model::{Profile, Role, SignInRecord};
use super::session::{CurrentSession, token_hash};
use crate::ids::CitizenId;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row};
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

/// The identity claims kept for a citizen: only what display and form prefill need.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Claims {
    pub display_name: Option<String>,
    pub email: Option<String>,
    /// Whether the provider says it verified the e-mail (`email_verified`): only then may the
    /// ministry's messages go to it without a code.
    pub email_verified: bool,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// `fr` or `en`, when the provider says and the citizen has not chosen.
    pub locale: Option<String>,
}

/// Creates the citizen on first sign-in, refreshes their claims afterwards, and returns our id.
#[tracing::instrument(skip_all)]
pub async fn upsert_citizen(
    conn: &mut AnyConnection,
    subject_hash: &str,
    claims: &Claims,
    now: OffsetDateTime,
) -> Result<String, sqlx::Error> {
    let language = claims
        .locale
        .as_deref()
        .filter(|l| matches!(*l, "fr" | "en"))
        .unwrap_or("fr");
    let row = sqlx::query(
        "INSERT INTO citizens (id, subject_hash, display_name, email, birth_date, preferred_language, created_at, last_sign_in_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (subject_hash) DO UPDATE SET display_name = $3, email = $4, birth_date = $5, last_sign_in_at = $7 \
         RETURNING id",
    )
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(subject_hash)
    .bind(&claims.display_name)
    .bind(&claims.email)
    .bind(&claims.birth_date)
    .bind(language)
    .bind(Moment::at(now))
    .fetch_one(&mut *conn)
    .await?;
    let id: String = row.try_get("id")?;
    if let Some(email) = claims.email.as_deref().filter(|_| claims.email_verified) {
        crate::notifications::contacts::vouched_email(conn, &CitizenId::new(id.clone()), email, now).await?;
    }
    Ok(id)
}

/// A session to open.
#[derive(Clone, Debug)]
pub struct NewSession<'a> {
    pub token: &'a str,
    pub citizen_id: &'a str,
    pub role: Role,
    pub now: OffsetDateTime,
    pub idle_expires_at: OffsetDateTime,
    pub absolute_expires_at: OffsetDateTime,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// When and how the person authenticated at the provider for this session.
    pub auth_time: Option<OffsetDateTime>,
    pub acr: Option<&'a str>,
}

#[tracing::instrument(skip_all)]
pub async fn create_session(conn: &mut AnyConnection, session: &NewSession<'_>) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id_hash, citizen_id, role, created_at, idle_expires_at, absolute_expires_at, ip, user_agent, \
         auth_time, acr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(token_hash(session.token))
    .bind(session.citizen_id)
    .bind(session.role.as_str())
    .bind(Moment::at(session.now))
    .bind(Moment::at(session.idle_expires_at))
    .bind(Moment::at(session.absolute_expires_at))
    .bind(session.ip)
    .bind(session.user_agent)
    .bind(session.auth_time.map(Moment::at))
    .bind(session.acr)
    .execute(conn)
    .await?;
    Ok(())
}

/// Why a session is over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    Idle,
    Absolute,
}

impl Expiry {
    pub fn as_str(self) -> &'static str {
        match self {
            Expiry::Idle => "idle",
            Expiry::Absolute => "absolute",
        }
    }

    /// Whether a session is over at `now`, and why (the absolute lifetime wins a tie).
    pub fn of(session: &CurrentSession, now: OffsetDateTime) -> Option<Expiry> {
        if session.absolute_expires_at <= now {
            Some(Expiry::Absolute)
        } else if session.idle_expires_at <= now {
            Some(Expiry::Idle)
        } else {
            None
        }
    }
}

/// The session a token opens, with its citizen's name, whether or not it has expired.
#[tracing::instrument(skip_all)]
pub async fn find_session(conn: &mut AnyConnection, token: &str) -> Result<Option<CurrentSession>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT s.id_hash, s.citizen_id, s.role, s.idle_expires_at, s.absolute_expires_at, s.auth_time, s.acr, \
         c.display_name \
         FROM sessions s JOIN citizens c ON c.id = s.citizen_id WHERE s.id_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let role: String = row.try_get("role")?;
    Ok(Some(CurrentSession {
        id_hash: row.try_get("id_hash")?,
        citizen_id: row.try_get("citizen_id")?,
        role: Role::parse(&role).ok_or_else(|| decode_error("role", &role))?,
        display_name: row.try_get::<Option<String>, _>("display_name")?.unwrap_or_default(),
        idle_expires_at: parse_time(&row.try_get::<String, _>("idle_expires_at")?)?,
        absolute_expires_at: parse_time(&row.try_get::<String, _>("absolute_expires_at")?)?,
        auth_time: row
            .try_get::<Option<String>, _>("auth_time")?
            .map(|at| parse_time(&at))
            .transpose()?,
        acr: row.try_get("acr")?,
    }))
}

/// Pushes the idle expiry of a session back (never past its absolute end).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn touch_session(
    conn: &mut AnyConnection,
    id_hash: &str,
    idle_expires_at: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET idle_expires_at = $2 WHERE id_hash = $1")
        .bind(id_hash)
        .bind(Moment::at(idle_expires_at))
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends one session; returns whose it was.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn delete_session(conn: &mut AnyConnection, id_hash: &str) -> Result<Option<CitizenId>, sqlx::Error> {
    let row = sqlx::query("DELETE FROM sessions WHERE id_hash = $1 RETURNING citizen_id")
        .bind(id_hash)
        .fetch_optional(conn)
        .await?;
    row.map(|row| row.try_get("citizen_id")).transpose()
}

/// Ends every session of a citizen ("sign out everywhere"); returns how many there were.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn delete_citizen_sessions(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE citizen_id = $1")
        .bind(citizen_id)
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

/// Removes every session over at `now` and returns (citizen, why) for each, for the journal.
#[tracing::instrument(skip_all)]
pub async fn purge_expired_sessions(
    conn: &mut AnyConnection,
    now: OffsetDateTime,
) -> Result<Vec<(String, Expiry)>, sqlx::Error> {
    let now = Moment::at(now);
    let rows = sqlx::query(
        "DELETE FROM sessions WHERE idle_expires_at <= $1 OR absolute_expires_at <= $1 \
         RETURNING citizen_id, absolute_expires_at",
    )
    .bind(&now)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let absolute: Moment = row.try_get("absolute_expires_at")?;
            let why = if absolute <= now {
                Expiry::Absolute
            } else {
                Expiry::Idle
            };
            Ok((row.try_get("citizen_id")?, why))
        })
        .collect()
}

/// The profile page's facts about a citizen.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn profile(conn: &mut AnyConnection, citizen_id: &CitizenId, role: Role) -> Result<Profile, sqlx::Error> {
    let row = sqlx::query(
        "SELECT display_name, email, birth_date, preferred_language, \
         (SELECT COUNT(*) FROM sessions WHERE citizen_id = $1) AS open_sessions \
         FROM citizens WHERE id = $1",
    )
    .bind(citizen_id)
    .fetch_one(conn)
    .await?;
    Ok(Profile {
        display_name: row.try_get("display_name")?,
        email: row.try_get("email")?,
        birth_date: row.try_get("birth_date")?,
        preferred_language: row.try_get("preferred_language")?,
        role,
        open_sessions: row.try_get("open_sessions")?,
    })
}

/// Records the language a citizen prefers (`fr` or `en`, checked by the caller and the schema).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn set_preferred_language(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    language: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE citizens SET preferred_language = $2 WHERE id = $1")
        .bind(citizen_id)
        .bind(language)
        .execute(conn)
        .await?;
    Ok(())
}

/// A citizen's recent successful sign-ins, newest first, read from the audit journal (the one
/// record of them), with the raw user agent for the caller to describe.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn sign_ins(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    limit: i64,
) -> Result<Vec<(SignInRecord, Option<String>)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT occurred_at, ip, details FROM audit_events \
         WHERE actor = $1 AND action = 'auth.sign_in' AND outcome = 'success' \
         ORDER BY seq DESC LIMIT $2",
    )
    .bind(citizen_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let details: Option<String> = row.try_get("details")?;
            let user_agent = details
                .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
                .and_then(|value| value.get("user_agent")?.as_str().map(str::to_owned));
            let record = SignInRecord {
                occurred_at: row.try_get("occurred_at")?,
                device: None,
                ip: row.try_get("ip")?,
            };
            Ok((record, user_agent))
        })
        .collect()
}

/// A sign-in started at the provider, waiting for its callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInAttempt {
    pub nonce: String,
    pub pkce_verifier: String,
    pub return_to: String,
    pub locale: String,
    pub expires_at: OffsetDateTime,
    /// The person must authenticate again at the provider (to sign a document).
    pub fresh: bool,
    /// When it began (set when it is stored).
    pub started_at: OffsetDateTime,
}

#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn insert_attempt(
    conn: &mut AnyConnection,
    state: &str,
    attempt: &SignInAttempt,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sign_in_attempts (state_hash, nonce, pkce_verifier, return_to, locale, created_at, expires_at, fresh) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token_hash(state))
    .bind(&attempt.nonce)
    .bind(&attempt.pkce_verifier)
    .bind(&attempt.return_to)
    .bind(&attempt.locale)
    .bind(Moment::at(now))
    .bind(Moment::at(attempt.expires_at))
    .bind(i32::from(attempt.fresh))
    .execute(conn)
    .await?;
    Ok(())
}

/// What the callback found for a `state`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Claimed {
    /// First use: the attempt, now marked used.
    Fresh(SignInAttempt),
    /// Used before: a replay.
    Reused,
    /// Never issued (or purged long ago).
    Unknown,
}

/// Marks the attempt behind `state` used, atomically: of two callbacks racing with one state,
/// exactly one gets it.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn claim_attempt(conn: &mut AnyConnection, state: &str, now: OffsetDateTime) -> Result<Claimed, sqlx::Error> {
    let hash = token_hash(state);
    let claimed = sqlx::query(
        "UPDATE sign_in_attempts SET used_at = $2 WHERE state_hash = $1 AND used_at IS NULL \
         RETURNING nonce, pkce_verifier, return_to, locale, expires_at, fresh, created_at",
    )
    .bind(&hash)
    .bind(Moment::at(now))
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(row) = claimed {
        return Ok(Claimed::Fresh(SignInAttempt {
            nonce: row.try_get("nonce")?,
            pkce_verifier: row.try_get("pkce_verifier")?,
            return_to: row.try_get("return_to")?,
            locale: row.try_get("locale")?,
            expires_at: parse_time(&row.try_get::<String, _>("expires_at")?)?,
            fresh: row.try_get::<i32, _>("fresh")? != 0,
            started_at: parse_time(&row.try_get::<String, _>("created_at")?)?,
        }));
    }
    let known = sqlx::query("SELECT 1 AS found FROM sign_in_attempts WHERE state_hash = $1")
        .bind(&hash)
        .fetch_optional(conn)
        .await?;
    Ok(if known.is_some() {
        Claimed::Reused
    } else {
        Claimed::Unknown
    })
}

/// Forgets attempts that ended before `before` (used ones are kept until then, to tell a replay
/// from a forgery).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn purge_attempts(conn: &mut AnyConnection, before: OffsetDateTime) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sign_in_attempts WHERE expires_at < $1")
        .bind(Moment::at(before))
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

fn parse_time(text: &str) -> Result<OffsetDateTime, sqlx::Error> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|_| decode_error("time", text))
}

fn decode_error(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unexpected {what} in the database: {value:?}").into())
}
