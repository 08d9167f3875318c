//! Submitting a draft: the server validates the whole form again, files the request with its
//! reference, freezes the answers and the form version, deletes the draft, and writes the
//! delivery to the service in the same transaction.

use super::super::model::Receipt;
use crate::audit::{AuditEvent, Outcome};
use crate::auth::session::require_acting;
use crate::catalogue::ServiceManifest;
use crate::error::AppError;
use crate::forms::Scope;
use crate::ids::{CitizenId, ServiceId};
use crate::jobs::{About, JobKind, db::NewJob};
use crate::moment::Moment;
use crate::requests::db::{self as requests_db, Filed, NewRequest};
use serde_json::json;
use sqlx::AnyConnection;

/// A key the browser made: 16 to 100 letters, digits or dashes.
fn check_key(key: &str) -> Result<(), AppError> {
    let fits = (16..=100).contains(&key.len()) && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if fits {
        return Ok(());
    }
    Err(AppError::InvalidInput {
        fields: vec![("idempotency_key".to_owned(), "common.errors.invalid_input".to_owned())],
    })
}

async fn receipt(
    conn: &mut AnyConnection,
    filed: Filed,
    service: &ServiceId,
    version: u32,
    submitted_at: Moment,
) -> Result<Receipt, AppError> {
    let manifest = crate::api::portal()?
        .manifests
        .version(conn, service, version)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Receipt {
        id: filed.id,
        reference: filed.reference,
        title: manifest.title.clone(),
        submitted_at,
        processing_time: manifest.help.processing_time.clone(),
    })
}

/// The receipt of the citizen's request filed with this key, if there is one.
async fn already_filed(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    key: &str,
    service: &ServiceId,
) -> Result<Option<Receipt>, AppError> {
    let Some((filed, version, submitted_at)) = requests_db::by_key(conn, citizen_id, key).await? else {
        return Ok(None);
    };
    receipt(conn, filed, service, version, submitted_at).await.map(Some)
}

/// What the service receives: the request and its answers, typed (see the contract).
fn payload(filed: &Filed, manifest: &ServiceManifest, answers: &crate::forms::ValidAnswers, at: &Moment) -> String {
    json!({
        "kind": "submission",
        "request": super::request_part(&filed.id, &filed.reference, &manifest.id, manifest.version, at),
        "answers": answers,
    })
    .to_string()
}

pub async fn submit(service: ServiceId, key: String) -> Result<Receipt, AppError> {
    let acting = require_acting()?;
    check_key(&key)?;
    let portal = crate::api::portal()?;
    let db = &portal.db;
    let auth = &portal.auth;
    let policy = &portal.deliveries;
    let now = auth.clock.now();
    let mut tx = db.begin().await?;
    if let Some(done) = already_filed(&mut tx, &acting.subject, &key, &service).await? {
        return Ok(done);
    }
    let Some(stored) = crate::drafts::db::find(&mut tx, &acting.subject, &service).await? else {
        // Sent meanwhile, perhaps with this very key by a try that was still running.
        return already_filed(&mut tx, &acting.subject, &key, &service)
            .await?
            .ok_or(AppError::NotFound);
    };
    let manifest = crate::catalogue::api::form_version(&mut tx, &service, Some(stored.draft.service_version)).await?;
    let valid = crate::attachments::check::validate_with_files(
        &mut tx,
        &acting.subject,
        &service,
        &manifest.form,
        stored.draft.answers,
        Scope::All,
        now.date(),
    )
    .await?
    .map_err(|errors| AppError::InvalidAnswers { errors })?;
    // The draft is taken first: a submission of the same draft running at the same moment
    // (another tab, a retry) waits here until this one commits, then finds no draft.
    if !crate::drafts::db::delete(&mut tx, &acting.subject, &service).await? {
        return already_filed(&mut tx, &acting.subject, &key, &service)
            .await?
            .ok_or(AppError::NotFound);
    }
    let filed = requests_db::create(
        &mut tx,
        &NewRequest {
            citizen_id: &acting.subject,
            service_id: &service,
            service_version: manifest.version,
            answers: &valid,
            idempotency_key: &key,
        },
        now,
    )
    .await?;
    crate::attachments::db::hand_to_request(&mut tx, &acting.subject, &service, &filed.id, &valid).await?;
    let at = Moment::at(now);
    let body = payload(&filed, &manifest, &valid, &at);
    let job = NewJob {
        kind: JobKind::DeliverSubmission,
        about: &About::Request(filed.id.clone()),
        destination: &manifest.endpoints.submissions,
        body: &body,
        waits_for: None,
    };
    crate::jobs::db::enqueue(&mut tx, &job, now, policy.retry_for).await?;
    let event = AuditEvent {
        target: Some(filed.reference.clone()),
        details: Some(json!({ "service": service, "version": manifest.version })),
        ..acting.event("request.submit", Outcome::Success)
    }
    .about_request(service.as_str(), &filed.reference);
    crate::audit::db::record(&mut tx, &event, now).await?;
    crate::usage::marks::count(
        &mut tx,
        crate::usage::model::Measure::Submitted,
        Some(service.as_str()),
        now,
    )
    .await?;
    tx.commit().await?;
    policy.wake.notify_one();
    Ok(Receipt {
        id: filed.id,
        reference: filed.reference,
        title: manifest.title.clone(),
        submitted_at: at,
        processing_time: manifest.help.processing_time.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_the_browsers_own_shape() {
        assert!(check_key("7b0c9f0e-4c1d-4a8e-9d2a-1f3e5a7c9b11").is_ok());
        assert!(check_key("short").is_err());
        assert!(check_key(&"a".repeat(101)).is_err());
        assert!(check_key("7b0c9f0e 4c1d 4a8e 9d2a 1f3e5a7c9b11").is_err());
    }
}
