//! Server functions of the identity domain. Each one authorizes first; those that change
//! something do it in one transaction with their journal entry.

use super::model::{Profile, SessionTime, SignInRecord, Viewer};
use crate::error::AppError;
use leptos::prelude::*;

/// Who is looking at the page: a guest or a signed-in person (name and role only).
#[server(endpoint = "viewer")]
pub async fn current_viewer() -> Result<Viewer, AppError> {
    use super::model::SignedIn;
    use super::session::current_session;
    let portal = crate::api::portal()?;
    Ok(Viewer {
        signed_in: current_session().map(|session| SignedIn {
            device_key: super::session::token_hash(&format!("device:{}", session.citizen_id))[..16].to_owned(),
            display_name: session.display_name,
            role: session.role,
        }),
        dev_sign_in: portal.auth.dev_sign_in,
    })
}

/// How long the session has left. Asking does not count as activity: the server leaves this
/// endpoint out when it extends sessions.
#[server(endpoint = "session/time_left")]
pub async fn session_time_left() -> Result<SessionTime, AppError> {
    use super::session::require_citizen;
    crate::api::answer(
        async {
            let session = require_citizen()?;
            let portal = crate::api::portal()?;
            let auth = &portal.auth;
            Ok(session.time_left(auth.clock.now()))
        }
        .await,
    )
}

/// "Stay signed in": the request itself extended the session (as every request does); this
/// answers the new time left, as [`session_time_left`] computes it.
#[server(endpoint = "session/stay")]
pub async fn stay_signed_in() -> Result<SessionTime, AppError> {
    session_time_left().await
}

/// The identity claims and preferences the portal holds for the signed-in citizen.
#[server(endpoint = "profile")]
pub async fn my_profile() -> Result<Profile, AppError> {
    use super::session::require_citizen;

    crate::api::answer(
        async {
            let session = require_citizen()?;
            let portal = crate::api::portal()?;
            let db = &portal.db;
            let mut conn = db.pool().acquire().await?;
            Ok(super::db::profile(&mut conn, &session.citizen_id, session.role).await?)
        }
        .await,
    )
}

/// Saves the language the citizen prefers for pages and notifications. The argument is
/// optional so that a request without it gets the same 422 as any other bad value.
#[server(endpoint = "profile/language")]
pub async fn set_preferred_language(language: Option<String>) -> Result<(), AppError> {
    use super::session::require_citizen;
    use crate::audit::{AuditEvent, Outcome};

    crate::api::answer(
        async {
            let session = require_citizen()?;
            let Some(language) = language.filter(|l| matches!(l.as_str(), "fr" | "en")) else {
                return Err(AppError::InvalidInput {
                    fields: vec![("language".to_owned(), "common.errors.invalid_input".to_owned())],
                });
            };
            let portal = crate::api::portal()?;
            let db = &portal.db;
            let auth = &portal.auth;
            let mut tx = db.begin().await?;
            super::db::set_preferred_language(&mut tx, &session.citizen_id, &language).await?;
            let event = AuditEvent {
                target: Some(language.clone()),
                ..session.acting().event("profile.language", Outcome::Success)
            };
            crate::audit::db::record(&mut tx, &event, auth.clock.now()).await?;
            tx.commit().await?;
            crate::api::return_with_done("language");
            Ok(())
        }
        .await,
    )
}

/// The signed-in citizen's recent sign-ins, newest first, so they can spot someone else's use.
#[server(endpoint = "profile/sign_ins")]
pub async fn my_sign_ins() -> Result<Vec<SignInRecord>, AppError> {
    use super::session::require_citizen;

    crate::api::answer(
        async {
            let session = require_citizen()?;
            let portal = crate::api::portal()?;
            let db = &portal.db;
            let mut conn = db.pool().acquire().await?;
            let rows = super::db::sign_ins(&mut conn, &session.citizen_id, 20).await?;
            Ok(rows
                .into_iter()
                .map(|(record, user_agent)| SignInRecord {
                    device: user_agent.as_deref().and_then(super::device::describe),
                    ..record
                })
                .collect())
        }
        .await,
    )
}
