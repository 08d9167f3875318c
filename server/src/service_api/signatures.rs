//! `POST /api/v1/services/{id}/signatures`: a service asks the citizen of one of its requests to
//! sign a PDF (≤ 10 MiB, recognised by content) by a deadline, with a title and an explanation
//! in French and English. The request shows "action required" with the document to sign, and
//! the citizen's inbox hears of it (a service message asking an action, so the request's
//! channels carry it). The service's own id makes a replay harmless (200, the first stands).
//!
//! `GET …/signatures/{signature_id}`: where it stands, with the evidence once decided;
//! `GET …/signatures/{signature_id}/signed.pdf`: the sealed document, once signed.

use super::events::{check_id, check_words, read_body, refusal};
use super::{ApiError, Caller, Fault, require_json};
use crate::state::AppState;
use app::audit::{AuditEvent, Outcome};
use app::catalogue::check::ProblemCode;
use app::i18n::{Locale, td_string};
use app::ids::ServiceId;
use app::locale::Bilingual;
use app::requests::messages::{self, MessageReport};
use app::signatures::db::{self as signatures, Added, NewSignature, StoredSignature};
use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

/// The largest document a service may ask to be signed.
pub const DOCUMENT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// The largest body of a signature request: the document in base64 and its words.
pub const BODY_MAX_BYTES: usize = DOCUMENT_MAX_BYTES / 3 * 4 + 256 * 1024;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignatureRequest {
    /// The service's own id of this signature request.
    signature_id: String,
    /// The reference of the request it belongs to, whose citizen signs.
    request: String,
    title: Bilingual,
    explanation: Bilingual,
    /// YYYY-MM-DD: signable until that day ends in Québec.
    deadline: String,
    document: Document,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document {
    name: String,
    /// The PDF, base64 (RFC 4648, with padding).
    content_base64: String,
}

pub(super) async fn ask(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ServiceId>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "signature.ask").await?;
    require_json(&headers, locale)?;
    let sent: SignatureRequest = read_body(&body, locale)?;
    check_id(&sent.signature_id, "signature_id", locale)?;
    check_words(&sent.title, "title", locale)?;
    check_words(&sent.explanation, "explanation", locale)?;
    let now = state.portal.auth.clock.now();
    let today = app::notifications::timing::day_in_quebec(now);
    match app::moment::parse_day(&sent.deadline) {
        Some(day) if day >= today => {}
        _ => return Err(ApiError::new(Fault::InvalidDeadline, locale).at("deadline", ProblemCode::InvalidDate)),
    }
    let name = sent.document.name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(ApiError::new(Fault::InvalidDocument, locale).at("document.name", ProblemCode::Missing));
    }
    let content = base64::engine::general_purpose::STANDARD
        .decode(sent.document.content_base64.as_bytes())
        .map_err(|_| {
            ApiError::new(Fault::InvalidDocument, locale).at("document.content_base64", ProblemCode::Malformed)
        })?;
    if content.len() > DOCUMENT_MAX_BYTES {
        return Err(ApiError::new(Fault::DocumentTooLarge, locale).at("document.content_base64", ProblemCode::TooLong));
    }
    let pages = app::signatures::seal::read_pdf(&content).map_err(|_| {
        ApiError::new(Fault::InvalidDocument, locale).at("document.content_base64", ProblemCode::Unsupported)
    })?;
    if state.portal.seal.is_none() {
        return Err(ApiError::new(Fault::SignatureUnavailable, locale));
    }

    let mut tx = state.portal.db.begin().await.map_err(ApiError::database(locale))?;
    let request = app::requests::db::for_service(&mut tx, &id, &sent.request)
        .await
        .map_err(ApiError::database(locale))?
        .ok_or_else(|| ApiError::new(Fault::NoSuchRequest, locale).at("request", ProblemCode::Missing))?;
    let new = NewSignature {
        service: &id,
        service_signature_id: &sent.signature_id,
        citizen: &request.citizen_id,
        request: Some(&request.id),
        title: &sent.title,
        explanation: &sent.explanation,
        document_name: name,
        document: &content,
        pages: u32::try_from(pages).unwrap_or(u32::MAX),
        deadline: &sent.deadline,
    };
    let added = signatures::add(&mut tx, &new, now)
        .await
        .map_err(ApiError::database(locale))?;
    let created = matches!(added, Added::Created(_));
    if created {
        // The request's timeline and the citizen's inbox: "a document to sign", an action due.
        let (french, english) = (Locale::fr, Locale::en);
        let words = Bilingual {
            fr: td_string!(french, signatures.asked, title = sent.title.fr.as_str()).to_string(),
            en: td_string!(english, signatures.asked, title = sent.title.en.as_str()).to_string(),
        };
        let message_id = format!("signature:{}", sent.signature_id);
        let report = MessageReport {
            message_id: &message_id,
            message: &words,
            action_required: true,
            deadline: Some(&sent.deadline),
        };
        messages::add(
            &mut tx,
            &state.portal.manifests,
            &id,
            &sent.request,
            &report,
            state.portal.notify_schedule(),
            now,
        )
        .await
        .map_err(|refused| refusal(refused, locale))?;
        let journal = AuditEvent {
            target: Some(sent.request.clone()),
            details: Some(json!({
                "signature_id": sent.signature_id,
                "document_sha256": hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&content)),
                "deadline": sent.deadline,
            })),
            ..AuditEvent::new(format!("service:{id}"), "signature.ask", Outcome::Success)
        }
        .about_request(id.as_str(), &sent.request);
        app::audit::db::record(&mut tx, &journal, now)
            .await
            .map_err(ApiError::database(locale))?;
    }
    let stored = signatures::of_service(&mut tx, &id, &sent.signature_id)
        .await
        .map_err(ApiError::database(locale))?
        .ok_or_else(|| ApiError::new(Fault::Internal, locale))?;
    tx.commit().await.map_err(ApiError::database(locale))?;
    state.portal.deliveries.wake.notify_one();
    let code = if created { StatusCode::CREATED } else { StatusCode::OK };
    let mut answer = standing(&stored);
    answer["replayed"] = (!created).into();
    Ok((code, Json(answer)).into_response())
}

/// `GET …/signatures/{signature_id}`.
pub(super) async fn read(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, signature_id)): Path<(ServiceId, String)>,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "signature.read").await?;
    let stored = find(&state, &id, &signature_id, locale).await?;
    Ok(Json(standing(&stored)).into_response())
}

/// `GET …/signatures/{signature_id}/signed.pdf`, journaled.
pub(super) async fn signed_pdf(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, signature_id)): Path<(ServiceId, String)>,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "signature.fetch").await?;
    let stored = find(&state, &id, &signature_id, locale).await?;
    let mut conn = super::connection(&state, locale).await?;
    let Some(content) = signatures::bytes(&mut conn, &stored.id, true)
        .await
        .map_err(ApiError::database(locale))?
    else {
        return Err(ApiError::new(Fault::NotSigned, locale));
    };
    drop(conn);
    let event = AuditEvent {
        target: stored.request_reference.clone(),
        reference: stored.request_reference.clone(),
        details: Some(json!({ "signature_id": signature_id })),
        ..AuditEvent::new(format!("service:{id}"), "signature.fetch", Outcome::Success)
    }
    .about_service(id.as_str());
    super::record(&state, &event, locale).await?;
    Ok(pdf_response(content, stored.signed_sha256.as_deref()))
}

/// A PDF to download, never cached, never sniffed.
pub fn pdf_response(content: Vec<u8>, sha256: Option<&str>) -> Response {
    let mut response = content.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Some(value) = sha256.and_then(|sha256| HeaderValue::from_str(sha256).ok()) {
        headers.insert("x-content-sha256", value);
    }
    response
}

async fn find(
    state: &AppState,
    id: &ServiceId,
    signature_id: &str,
    locale: Locale,
) -> Result<StoredSignature, ApiError> {
    let mut conn = super::connection(state, locale).await?;
    signatures::of_service(&mut conn, id, signature_id)
        .await
        .map_err(ApiError::database(locale))?
        .ok_or_else(|| ApiError::new(Fault::NoSuchSignature, locale))
}

/// What a service reads of its signature request.
fn standing(stored: &StoredSignature) -> serde_json::Value {
    json!({
        "signature_id": stored.service_signature_id,
        "request": stored.request_reference,
        "state": stored.state.as_str(),
        "deadline": stored.deadline,
        "document_sha256": stored.document_sha256,
        "asked_at": stored.created_at.as_str(),
        "decided_at": stored.decided_at.as_ref().map(|at| at.as_str()),
        "decline_reason": stored.decline_reason,
        "signed_sha256": stored.signed_sha256,
        "evidence": stored.evidence,
    })
}
