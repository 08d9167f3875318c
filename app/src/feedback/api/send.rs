//! Sending a problem report or an idea: robots are turned away first (the honeypot, a form sent
//! sooner than a person fills it, a forged ticket), then the fields are checked, then the rate
//! limit (per address for a guest, per citizen when signed in). The page and browser go along
//! only for a problem, and only with the sender's consent; nothing of a request's form ever does.

use super::{CITIZEN_PER_HOUR, GUEST_PER_HOUR, refused};
use crate::audit::{AuditEvent, Outcome};
use crate::auth::model::ReturnTo;
use crate::error::AppError;
use crate::feedback::db::{self, NewFeedback};
use crate::feedback::model::{BODY_MAX, FeedbackKind, TITLE_MAX};
use crate::feedback::tickets::Refused;

pub struct Form {
    pub kind: String,
    pub title: String,
    pub body: String,
    pub language: String,
    pub page: Option<String>,
    pub context: bool,
    pub honeypot: String,
    pub ticket: String,
}

pub async fn send(form: Form) -> Result<crate::ids::FeedbackId, AppError> {
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let meta = crate::auth::session::request_meta();
    let session = crate::auth::session::current_session();
    let acting = session.as_ref().map(|s| s.acting());
    let journal = |outcome, details| AuditEvent {
        details: Some(details),
        ..match &acting {
            Some(acting) => AuditEvent {
                ip: meta.ip.clone(),
                ..acting.event("feedback.sent", outcome)
            },
            None => meta.event("guest", "feedback.sent", outcome),
        }
    };
    // A robot: the field no person sees is filled, or the form came back too soon.
    let robot = match portal.feedback.check(&form.ticket, now) {
        _ if !form.honeypot.trim().is_empty() => Some("honeypot"),
        Err(Refused::TooFast) => Some("too_fast"),
        Err(Refused::Forged) => Some("forged"),
        Err(Refused::Expired) => return Err(refused("form", "expired")),
        Ok(()) => None,
    };
    if let Some(why) = robot {
        let mut tx = portal.db.begin().await?;
        crate::audit::db::record(
            &mut tx,
            &journal(Outcome::Denied, serde_json::json!({ "reason": why })),
            now,
        )
        .await?;
        tx.commit().await?;
        let reason = if why == "too_fast" { "too_fast" } else { "refused" };
        return Err(refused("form", reason));
    }
    let kind = FeedbackKind::parse(&form.kind).ok_or_else(|| refused("kind", "unknown"))?;
    let (title, body) = (form.title.trim(), form.body.trim());
    let mut problems = Vec::new();
    for (name, value, max) in [("title", title, TITLE_MAX), ("body", body, BODY_MAX)] {
        if value.is_empty() {
            problems.push((name.to_owned(), "required".to_owned()));
        } else if value.chars().count() > max {
            problems.push((name.to_owned(), "too_long".to_owned()));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::InvalidInput { fields: problems });
    }
    let language = if form.language == "en" { "en" } else { "fr" };
    // Only a problem, only with consent: the portal page (its path, never its query) and the browser.
    let page = form
        .page
        .as_deref()
        .and_then(ReturnTo::parse)
        .map(|page| page.as_str().split(['?', '#']).next().unwrap_or_default().to_owned());
    let browser = meta.user_agent.clone().unwrap_or_default();
    let context = (kind == FeedbackKind::Problem && form.context)
        .then_some(page.as_deref())
        .flatten()
        .map(|page| (page, browser.as_str()));
    let origin = portal.feedback.origin(meta.ip.as_deref().unwrap_or("unknown"));
    let citizen = acting.as_ref().map(|acting| &acting.subject);
    let mut tx = portal.db.begin().await?;
    let limit = if citizen.is_some() {
        CITIZEN_PER_HOUR
    } else {
        GUEST_PER_HOUR
    };
    if db::sent_since(&mut tx, citizen, &origin, now - time::Duration::hours(1)).await? >= limit {
        return Err(refused("form", "too_many"));
    }
    let new = NewFeedback {
        kind,
        citizen_id: citizen,
        origin: &origin,
        title,
        body,
        language,
        context,
    };
    let id = db::add(&mut tx, &new, now).await?;
    let event = AuditEvent {
        target: Some(id.to_string()),
        ..journal(Outcome::Success, serde_json::json!({ "kind": kind.as_str() }))
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(id)
}
