//! A citizen's decision on a document to sign. Signing needs the citizen's own document, still
//! pending and within its deadline, a fresh authentication (`FRESH_FOR_MINUTES`), the consent
//! box, and the very bytes first shown (their SHA-256). The portal then seals the document,
//! keeps the evidence, journals it in the hash chain, and tells the service through a durable
//! job, in one transaction. Declining needs no fresh authentication and may give a reason.
//! Every refusal writes nothing.

use super::db::{self as signatures, Evidence, StoredSignature};
use super::model::{CONSENT_VERSION, FRESH_FOR_MINUTES, REASON_MAX, SignatureState};
use super::seal::SignaturePage;
use crate::api::Portal;
use crate::audit::Outcome;
use crate::auth::session::{CurrentSession, request_meta};
use crate::error::AppError;
use crate::i18n::{Locale, td_string};
use crate::ids::SignatureId;
use crate::jobs::{About, JobKind, db::NewJob};
use crate::moment::Moment;
use leptos_i18n::Locale as _;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use time::OffsetDateTime;

fn refused(key: &str) -> AppError {
    AppError::InvalidInput {
        fields: vec![("signature".to_owned(), key.to_owned())],
    }
}

/// Whether the session's authentication is recent enough to sign at `now`.
pub fn is_fresh(session: &CurrentSession, now: OffsetDateTime) -> bool {
    session.auth_time.is_some_and(|at| {
        now - at <= time::Duration::minutes(FRESH_FOR_MINUTES) && at <= now + time::Duration::minutes(1)
    })
}

/// The citizen's pending document, or the refusal: another's is not found (and the attempt
/// journaled); a decided or expired one is refused. Deadlines passed are applied first, in
/// their own transaction, so an expiry found here stands whatever follows.
async fn pending(
    portal: &Portal,
    session: &CurrentSession,
    id: &SignatureId,
    now: OffsetDateTime,
) -> Result<StoredSignature, AppError> {
    let mut tx = portal.db.begin().await?;
    if expire_due(&mut tx, portal, now).await? > 0 {
        portal.deliveries.wake.notify_one();
    }
    let acting = session.acting();
    let found = signatures::of_citizen(&mut tx, &acting.subject, id).await?;
    if found.is_none() {
        let event = crate::audit::AuditEvent {
            target: Some(id.to_string()),
            ..acting.event("signature.open", Outcome::Denied)
        };
        crate::audit::db::record(&mut tx, &event, now).await?;
    }
    tx.commit().await?;
    match found {
        None => Err(AppError::NotFound),
        Some(stored) if stored.state == SignatureState::Pending => Ok(stored),
        Some(stored) if stored.state == SignatureState::Expired => Err(refused("signatures.errors.expired")),
        Some(_) => Err(refused("signatures.errors.decided")),
    }
}

/// Marks expired the documents whose deadline passed, telling their services; how many.
pub async fn expire_due(conn: &mut AnyConnection, portal: &Portal, now: OffsetDateTime) -> Result<usize, AppError> {
    let today = crate::notifications::timing::day_in_quebec(now).to_string();
    let expired = signatures::expire(conn, &today, now).await?;
    for id in &expired {
        if let Some(request) = signatures::request_of(conn, id).await? {
            signatures::settle_request(conn, &request, now).await?;
        }
        if let Some(stored) = signatures::by_id(conn, id).await? {
            tell_service(conn, portal, &stored, now).await?;
            let event = crate::audit::AuditEvent {
                target: stored.request_reference.clone(),
                reference: stored.request_reference.clone(),
                details: Some(json!({ "signature_id": stored.service_signature_id })),
                ..crate::audit::AuditEvent::new("portal", "signature.expired", Outcome::Success)
            }
            .about_service(stored.service.as_str())
            .concerning(stored.citizen.as_str());
            crate::audit::db::record(conn, &event, now).await?;
        }
    }
    Ok(expired.len())
}

/// Signs the citizen's document `id`, with `consent` given, in `locale` (the consent text's).
pub async fn sign(id: &SignatureId, consent: bool, locale: Locale) -> Result<(), AppError> {
    let session = crate::auth::session::require_citizen()?;
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let stored = pending(&portal, &session, id, now).await?;
    if !is_fresh(&session, now) {
        return Err(refused("signatures.errors.stale"));
    }
    if !consent {
        return Err(refused("signatures.errors.consent"));
    }
    let seal = portal.seal.clone().ok_or(AppError::Unavailable)?;
    // Sealing (and a time-stamping authority's answer) holds no transaction: the decision is
    // written after, only if the document is still pending then.
    let mut conn = portal.db.pool().acquire().await?;
    let document = signatures::bytes(&mut conn, id, false)
        .await?
        .ok_or(AppError::NotFound)?;
    if hex::encode(Sha256::digest(&document)) != stored.document_sha256 {
        tracing::error!(signature = %id, "a document to sign no longer matches its fingerprint");
        return Err(refused("signatures.errors.changed"));
    }
    let service = portal
        .manifests
        .current(&mut conn, &stored.service)
        .await?
        .map(|manifest| manifest.title.get(locale).to_owned())
        .unwrap_or_else(|| stored.service.to_string());
    drop(conn);
    let page = signature_page(&stored, &session, &service, locale, now);
    let signed = seal.seal(&document, &page, now).await.map_err(|error| {
        tracing::error!(signature = %id, %error, "the document could not be sealed");
        match error {
            super::seal::SealError::TimeStamp(_) => AppError::Unavailable,
            _ => AppError::Internal,
        }
    })?;
    let evidence = Evidence {
        signed_sha256: Some(hex::encode(Sha256::digest(&signed))),
        ..evidence_of(&session, &stored, SignatureState::Signed, locale, now)
    };
    let mut tx = portal.db.begin().await?;
    decide(&mut tx, &portal, &stored, &evidence, None, Some(&signed), now).await?;
    tx.commit().await?;
    portal.deliveries.wake.notify_one();
    Ok(())
}

/// Declines the citizen's document `id`, with an optional reason (blank for none).
pub async fn decline(id: &SignatureId, reason: &str, locale: Locale) -> Result<(), AppError> {
    let session = crate::auth::session::require_citizen()?;
    let reason = reason.trim();
    if reason.chars().count() > REASON_MAX {
        return Err(refused("signatures.errors.reason_too_long"));
    }
    if reason
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(refused("common.errors.invalid_input"));
    }
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let stored = pending(&portal, &session, id, now).await?;
    let evidence = evidence_of(&session, &stored, SignatureState::Declined, locale, now);
    let mut tx = portal.db.begin().await?;
    let reason = (!reason.is_empty()).then_some(reason);
    decide(&mut tx, &portal, &stored, &evidence, reason, None, now).await?;
    tx.commit().await?;
    portal.deliveries.wake.notify_one();
    Ok(())
}

/// The evidence of a decision made now in this session (the signed document's hash aside).
fn evidence_of(
    session: &CurrentSession,
    stored: &StoredSignature,
    decision: SignatureState,
    locale: Locale,
    now: OffsetDateTime,
) -> Evidence {
    let meta = request_meta();
    let acting = session.acting();
    Evidence {
        decision,
        signer: acting.subject.clone(),
        signer_name: session.display_name.clone(),
        acting: (!acting.for_themself()).then(|| acting.actor.clone()),
        auth_time: session.auth_time.map(Moment::at),
        acr: session.acr.clone(),
        at: Moment::at(now),
        document_sha256: stored.document_sha256.clone(),
        consent_version: CONSENT_VERSION.to_owned(),
        consent_language: locale.as_str().to_owned(),
        ip: meta.ip,
        user_agent: meta.user_agent,
        signed_sha256: None,
    }
}

/// Records the decision, journals its evidence and tells the service, in the caller's
/// transaction; a decision made meanwhile by another request stands (conflict).
async fn decide(
    conn: &mut AnyConnection,
    portal: &Portal,
    stored: &StoredSignature,
    evidence: &Evidence,
    reason: Option<&str>,
    signed: Option<&[u8]>,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    if !signatures::decide(conn, &stored.id, evidence, reason, signed, now).await? {
        return Err(refused("signatures.errors.decided"));
    }
    let decided = signatures::by_id(conn, &stored.id).await?.ok_or(AppError::Internal)?;
    tell_service(conn, portal, &decided, now).await?;
    if let Some(request) = signatures::request_of(conn, &stored.id).await? {
        signatures::settle_request(conn, &request, now).await?;
    }
    let action = match evidence.decision {
        SignatureState::Signed => "signature.signed",
        _ => "signature.declined",
    };
    let mut details = serde_json::to_value(evidence).map_err(|_| AppError::Internal)?;
    details["signature_id"] = stored.service_signature_id.clone().into();
    // The journal keeps the evidence; the reason (which may speak of health) stays in the row.
    let event = crate::audit::AuditEvent {
        target: stored.request_reference.clone(),
        reference: stored.request_reference.clone(),
        service_id: Some(stored.service.to_string()),
        details: Some(details),
        ..crate::auth::session::Acting {
            actor: evidence.acting.clone().unwrap_or_else(|| evidence.signer.clone()),
            subject: evidence.signer.clone(),
        }
        .event(action, Outcome::Success)
    };
    crate::audit::db::record(conn, &event, now).await?;
    Ok(())
}

/// Writes the durable job that tells the service of a decision (after the request's own
/// delivery, which it waits for).
async fn tell_service(
    conn: &mut AnyConnection,
    portal: &Portal,
    stored: &StoredSignature,
    now: OffsetDateTime,
) -> Result<(), AppError> {
    let Some(request_id) = signatures::request_of(conn, &stored.id).await? else {
        return Ok(());
    };
    let manifest = portal
        .manifests
        .current(conn, &stored.service)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = json!({
        "kind": "signature",
        "request": {
            "id": request_id,
            "reference": stored.request_reference,
            "service": stored.service,
        },
        "signature": {
            "signature_id": stored.service_signature_id,
            "request": stored.request_reference,
            "state": stored.state.as_str(),
            "decided_at": stored.decided_at.as_ref().map(|at| at.as_str()),
            "document_sha256": stored.document_sha256,
            "signed_sha256": stored.signed_sha256,
            "decline_reason": stored.decline_reason,
            "signed_document": (stored.state == SignatureState::Signed).then(|| format!(
                "/api/v1/services/{}/signatures/{}/signed.pdf",
                stored.service, stored.service_signature_id
            )),
        },
    })
    .to_string();
    let about = About::Request(request_id);
    let submission = crate::jobs::db::find(conn, JobKind::DeliverSubmission, &about).await?;
    let job = NewJob {
        kind: JobKind::DeliverSignature,
        about: &about,
        destination: &manifest.endpoints.submissions,
        body: &body,
        waits_for: submission.as_deref(),
    };
    crate::jobs::db::enqueue(conn, &job, now, portal.deliveries.retry_for).await?;
    Ok(())
}

/// What the visible signature page says, in the signer's language.
fn signature_page(
    stored: &StoredSignature,
    session: &CurrentSession,
    service: &str,
    locale: Locale,
    now: OffsetDateTime,
) -> SignaturePage {
    let at = |at: OffsetDateTime| {
        at.to_offset(time::UtcOffset::UTC)
            .format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute]:[second]"
            ))
            .unwrap_or_default()
    };
    let name = session.display_name.as_str();
    let title = stored.title.get(locale);
    let consent = td_string!(locale, signatures.consent, title = title).to_string();
    let mut paragraphs = vec![
        td_string!(locale, signatures.sealed.signed_by, name = name, at = at(now)).to_string(),
        td_string!(
            locale,
            signatures.sealed.document,
            title = title,
            pages = stored.pages,
            service = service
        )
        .to_string(),
        td_string!(
            locale,
            signatures.sealed.fingerprint,
            sha256 = stored.document_sha256.as_str()
        )
        .to_string(),
    ];
    if let Some(authenticated) = session.auth_time {
        paragraphs.push(td_string!(locale, signatures.sealed.authentication, at = at(authenticated)).to_string());
    }
    paragraphs.push(
        td_string!(
            locale,
            signatures.sealed.consent,
            version = CONSENT_VERSION,
            text = consent
        )
        .to_string(),
    );
    paragraphs.push(td_string!(locale, signatures.sealed.seal).to_owned());
    SignaturePage {
        title: td_string!(locale, signatures.sealed.title).to_owned(),
        paragraphs,
        stamp: vec![
            td_string!(locale, signatures.sealed.stamp_signed, name = name).to_string(),
            td_string!(locale, signatures.sealed.stamp_at, at = at(now)).to_string(),
            td_string!(locale, signatures.sealed.stamp_seal).to_owned(),
        ],
        field: format!("Signature {}", stored.id),
    }
}
