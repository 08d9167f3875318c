//! Server functions of the console's service tokens: list them (never the token), issue one
//! for a service, rotate one (a new token; the old one ends within a day) and revoke one. A new
//! token is shown once: to a script in the answer, to a page without script through a
//! once-read cookie (`admin::once_cookie`). Administrators only; every change journaled.

use crate::error::AppError;
use crate::ids::ServiceId;
use crate::moment::Moment;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;
use serde::{Deserialize, Serialize};

/// A service team's token as the console lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenView {
    pub id: String,
    pub service: ServiceId,
    pub label: String,
    pub created_at: Moment,
    pub expires_at: Option<Moment>,
    pub revoked_at: Option<Moment>,
    /// Neither revoked nor expired when it was read.
    pub live: bool,
}

/// A token just issued: the only time it is seen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedToken {
    pub id: String,
    pub token: String,
    pub expires_at: Moment,
}

/// What the tokens page says after a plain post.
pub const ISSUED: &str = "issued";
pub const REVOKED: &str = "revoked";
/// The cookie that carries a new token to the tokens page once (a page without script).
pub const NEW_TOKEN_COOKIE: &str = "vs_new_token";
/// The longest label.
pub const LABEL_MAX: usize = 100;
/// How long a rotated token keeps working beside its replacement.
pub const ROTATION_OVERLAP_HOURS: i64 = 24;

#[server(endpoint = "admin/tokens")]
pub async fn service_tokens() -> Result<Vec<TokenView>, AppError> {
    crate::api::answer(server::list().await)
}

/// Issues a token for `service`, named `label`, valid `days` (1 to 730).
#[server(endpoint = "admin/tokens/issue")]
pub async fn issue_service_token(service: String, label: String, days: String) -> Result<IssuedToken, AppError> {
    let issued = server::issue(service, label, days).await;
    server::after_post(&issued, ISSUED, <IssueServiceToken as ServerFn>::PATH);
    crate::api::answer(issued)
}

/// A new token for the same service and label; the old one ends within a day.
#[server(endpoint = "admin/tokens/rotate")]
pub async fn rotate_service_token(id: String) -> Result<IssuedToken, AppError> {
    let issued = server::rotate(id).await;
    server::after_post(&issued, ISSUED, <RotateServiceToken as ServerFn>::PATH);
    crate::api::answer(issued)
}

/// Revokes a token at once.
#[server(endpoint = "admin/tokens/revoke")]
pub async fn revoke_service_token(id: String) -> Result<(), AppError> {
    let revoked = server::revoke(id).await;
    match &revoked {
        Ok(()) => crate::api::return_with_done(REVOKED),
        Err(error) => crate::api::return_with_error(<RevokeServiceToken as ServerFn>::PATH, error),
    }
    crate::api::answer(revoked)
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::{IssuedToken, LABEL_MAX, NEW_TOKEN_COOKIE, ROTATION_OVERLAP_HOURS, TokenView};
    use crate::audit::Outcome;
    use crate::auth::api_tokens::{self, MAX_VALIDITY_DAYS};
    use crate::auth::session::{CurrentSession, require_admin};
    use crate::error::AppError;
    use crate::ids::ServiceId;
    use crate::moment::Moment;
    use serde_json::json;

    fn refused(part: &str, why: &str) -> AppError {
        AppError::InvalidInput {
            fields: vec![(part.to_owned(), why.to_owned())],
        }
    }

    pub async fn list() -> Result<Vec<TokenView>, AppError> {
        require_admin("admin.tokens").await?;
        let portal = crate::api::portal()?;
        let now = Moment::at(portal.auth.clock.now());
        let mut conn = portal.db.pool().acquire().await?;
        Ok(api_tokens::list(&mut conn)
            .await?
            .into_iter()
            .map(|t| TokenView {
                live: t.revoked_at.is_none() && t.expires_at.as_ref().is_none_or(|end| *end > now),
                id: t.id,
                service: t.service,
                label: t.label,
                created_at: t.created_at,
                expires_at: t.expires_at,
                revoked_at: t.revoked_at,
            })
            .collect())
    }

    /// After a plain form post: the new token in its once-read cookie and back to the page, or
    /// the refusal back to the page.
    pub fn after_post(issued: &Result<IssuedToken, AppError>, done: &str, function: &str) {
        match issued {
            Ok(issued) => {
                crate::admin::once_cookie::give(NEW_TOKEN_COOKIE, &issued.token);
                crate::api::return_with_done(done);
            }
            Err(error) => crate::api::return_with_error(function, error),
        }
    }

    pub async fn issue(service: String, label: String, days: String) -> Result<IssuedToken, AppError> {
        let session = require_admin("admin.tokens").await?;
        let label = label.trim().to_owned();
        if label.is_empty() {
            return Err(refused("label", "required"));
        }
        if label.chars().count() > LABEL_MAX {
            return Err(refused("label", "too_long"));
        }
        if label.chars().any(char::is_control) {
            return Err(refused("label", "invalid"));
        }
        let days = days
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_VALIDITY_DAYS).contains(d))
            .ok_or_else(|| refused("days", "days"))?;
        let service = ServiceId::new(service.trim().to_owned());
        let portal = crate::api::portal()?;
        let mut tx = portal.db.begin().await?;
        if !crate::catalogue::db::exists(&mut tx, &service).await? {
            return Err(refused("service", "unknown"));
        }
        let issued = issue_in(&mut tx, &session, &service, &label, days, "api_token.issue", None).await?;
        tx.commit().await?;
        Ok(issued)
    }

    async fn issue_in(
        tx: &mut sqlx::AnyConnection,
        session: &CurrentSession,
        service: &ServiceId,
        label: &str,
        days: u32,
        action: &str,
        replaces: Option<&str>,
    ) -> Result<IssuedToken, AppError> {
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let token = crate::auth::session::new_secret_token();
        let valid_for = time::Duration::days(i64::from(days));
        let id = api_tokens::issue(tx, service, label, &token, now, valid_for).await?;
        let expires_at = Moment::at(now + valid_for);
        let event = crate::audit::AuditEvent {
            details: Some(json!({ "token_id": id, "label": label, "expires_at": expires_at, "replaces": replaces })),
            ..session.acting().event(action, Outcome::Success)
        }
        .about_service(service.as_str());
        crate::audit::db::record(tx, &event, now).await?;
        Ok(IssuedToken { id, token, expires_at })
    }

    pub async fn rotate(id: String) -> Result<IssuedToken, AppError> {
        let session = require_admin("admin.tokens").await?;
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let mut tx = portal.db.begin().await?;
        let old = api_tokens::live(&mut tx, &id, now).await?.ok_or(AppError::NotFound)?;
        let days = match &old.expires_at {
            Some(expires) => expires.utc().zip(old.created_at.utc()).map_or(365, |(end, start)| {
                (end - start).whole_days().clamp(1, i64::from(MAX_VALIDITY_DAYS)) as u32
            }),
            None => 365,
        };
        let issued = issue_in(
            &mut tx,
            &session,
            &old.service,
            &old.label,
            days,
            "api_token.rotate",
            Some(&old.id),
        )
        .await?;
        api_tokens::expire_by(&mut tx, &old.id, now + time::Duration::hours(ROTATION_OVERLAP_HOURS)).await?;
        tx.commit().await?;
        Ok(issued)
    }

    pub async fn revoke(id: String) -> Result<(), AppError> {
        let session = require_admin("admin.tokens").await?;
        let portal = crate::api::portal()?;
        let now = portal.auth.clock.now();
        let mut tx = portal.db.begin().await?;
        let found = api_tokens::live(&mut tx, &id, now).await?;
        let Some(found) = found else {
            return Err(AppError::NotFound);
        };
        api_tokens::revoke(&mut tx, &id, now).await?;
        let event = crate::audit::AuditEvent {
            details: Some(json!({ "token_id": id })),
            ..session.acting().event("api_token.revoke", Outcome::Success)
        }
        .about_service(found.service.as_str());
        crate::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
