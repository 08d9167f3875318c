//! Withdrawing a request: the citizen's own, still open (`Standing::is_open`). The request
//! becomes "Retirée", the service is told through a durable job in the same transaction, and the
//! journal records it (never the reason, which may speak of health).

use super::super::model::{REASON_MAX, Stage, WithdrawalReceipt};
use crate::audit::{AuditEvent, Outcome};
use crate::auth::session::require_acting;
use crate::error::AppError;
use crate::ids::RequestId;
use crate::jobs::{About, JobKind, db::NewJob};
use crate::moment::Moment;
use crate::requests::db as requests_db;
use serde_json::json;

/// The reason as kept: trimmed, none when blank; refused when too long or holding control
/// characters other than line breaks and tabs.
fn clean_reason(reason: &str) -> Result<Option<String>, AppError> {
    let reason = reason.trim();
    let refused = |key: &str| AppError::InvalidInput {
        fields: vec![("reason".to_owned(), key.to_owned())],
    };
    if reason.chars().count() > REASON_MAX {
        return Err(refused("requests.withdraw.reason_too_long"));
    }
    if reason
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(refused("common.errors.invalid_input"));
    }
    Ok((!reason.is_empty()).then(|| reason.to_owned()))
}

pub async fn withdraw(id: RequestId, reason: String) -> Result<WithdrawalReceipt, AppError> {
    let acting = require_acting()?;
    let reason = clean_reason(&reason)?;
    let portal = crate::api::portal()?;
    let db = &portal.db;
    let auth = &portal.auth;
    let policy = &portal.deliveries;
    let now = auth.clock.now();
    let mut tx = db.begin().await?;
    let stored = requests_db::find(&mut tx, &acting.subject, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let request = &stored.listed;
    let manifest = portal
        .manifests
        .version(&mut tx, &request.service_id, request.service_version)
        .await?
        .ok_or(AppError::NotFound)?;
    // Already withdrawn or closed by a final status (perhaps an instant ago, which the
    // conditional update sees): nothing is written.
    if !stored.standing().can_transition_to(Stage::Withdrawn)
        || !requests_db::withdraw(&mut tx, &acting.subject, &request.id, reason.as_deref(), now).await?
    {
        return Err(AppError::Conflict);
    }
    let at = Moment::at(now);
    let body = json!({
        "kind": "withdrawal",
        "request": super::request_part(
            &request.id, &request.reference, &request.service_id, request.service_version, &stored.submitted_at,
        ),
        "withdrawal": { "at": at, "reason": reason },
    })
    .to_string();
    let url = manifest
        .endpoints
        .withdrawals
        .as_deref()
        .unwrap_or(&manifest.endpoints.submissions);
    // The service hears of the withdrawal only once it has the request.
    let about = About::Request(request.id.clone());
    let submission = crate::jobs::db::find(&mut tx, JobKind::DeliverSubmission, &about).await?;
    let job = NewJob {
        kind: JobKind::DeliverWithdrawal,
        about: &about,
        destination: url,
        body: &body,
        waits_for: submission.as_deref(),
    };
    crate::jobs::db::enqueue(&mut tx, &job, now, policy.retry_for).await?;
    let event = AuditEvent {
        target: Some(request.reference.clone()),
        details: Some(json!({ "service": request.service_id, "with_reason": reason.is_some() })),
        ..acting.event("request.withdraw", Outcome::Success)
    }
    .about_request(request.service_id.as_str(), &request.reference);
    crate::audit::db::record(&mut tx, &event, now).await?;
    let service = Some(request.service_id.as_str());
    crate::usage::marks::count(&mut tx, crate::usage::model::Measure::Withdrawn, service, now).await?;
    tx.commit().await?;
    policy.wake.notify_one();
    Ok(WithdrawalReceipt {
        id: request.id.clone(),
        reference: request.reference.clone(),
        title: manifest.title.clone(),
        withdrawn_at: at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(clean_reason("  ").unwrap(), None);
        assert_eq!(
            clean_reason(" J’ai eu un rendez-vous.\n").unwrap().as_deref(),
            Some("J’ai eu un rendez-vous.")
        );
        assert!(clean_reason(&"é".repeat(REASON_MAX)).is_ok());
        assert!(clean_reason(&"é".repeat(REASON_MAX + 1)).is_err());
        assert!(clean_reason("a\u{0}b").is_err());
    }
}
