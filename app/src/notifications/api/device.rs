//! Web push devices of the signed-in citizen: adding one (its subscription checked), removing one.

use super::refusal::*;
use crate::audit::Outcome;
use crate::error::AppError;
use crate::ids::DeviceId;
use crate::notifications::channels::Subscription;
use crate::notifications::devices;

fn refused(reason: &str) -> AppError {
    AppError::InvalidInput {
        fields: vec![(FIELD_DEVICE.to_owned(), reason.to_owned())],
    }
}

pub async fn add(endpoint: String, p256dh: String, auth: String) -> Result<(), AppError> {
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let Some(push) = &portal.channels.push else {
        return Err(refused(NO_PUSH));
    };
    let subscription = Subscription {
        endpoint: endpoint.trim().to_owned(),
        p256dh: p256dh.trim().to_owned(),
        auth: auth.trim().to_owned(),
    };
    let too_long =
        subscription.endpoint.len() > 2048 || subscription.p256dh.len() > 200 || subscription.auth.len() > 100;
    if too_long || push.check(&subscription).is_err() {
        return Err(refused(UNUSABLE_DEVICE));
    }
    let user_agent = leptos::prelude::use_context::<axum::http::request::Parts>().and_then(|parts| {
        parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    });
    let name = user_agent
        .as_deref()
        .and_then(crate::auth::device::describe)
        .unwrap_or_default();
    let now = portal.auth.clock.now();
    let mut tx = portal.db.begin().await?;
    let id = devices::keep(&mut tx, &acting.subject, &name, &subscription, now).await?;
    let event = crate::audit::AuditEvent {
        target: Some(id.to_string()),
        ..acting.event("push_device.added", Outcome::Success)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove(id: DeviceId) -> Result<(), AppError> {
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let mut tx = portal.db.begin().await?;
    if !devices::remove(&mut tx, &acting.subject, &id).await? {
        return Err(AppError::NotFound);
    }
    let event = crate::audit::AuditEvent {
        target: Some(id.to_string()),
        ..acting.event("push_device.removed", Outcome::Success)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(())
}
