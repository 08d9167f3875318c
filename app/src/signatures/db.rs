//! Documents to sign in the database: written once by a service (a replay of its own id finds
//! the row), decided once by their citizen (signed, declined) or by their deadline (expired).

use super::model::{SignatureState, SignatureView};
use crate::ids::{CitizenId, RequestId, ServiceId, SignatureId};
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// A document a service asks to be signed, already checked.
pub struct NewSignature<'a> {
    pub service: &'a ServiceId,
    pub service_signature_id: &'a str,
    pub citizen: &'a CitizenId,
    pub request: Option<&'a RequestId>,
    pub title: &'a Bilingual,
    pub explanation: &'a Bilingual,
    pub document_name: &'a str,
    pub document: &'a [u8],
    pub pages: u32,
    pub deadline: &'a str,
}

/// What the portal keeps as proof of a decision (JSON in `evidence`, journaled too).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    pub decision: SignatureState,
    /// The signer's pseudonym and verified name.
    pub signer: CitizenId,
    pub signer_name: String,
    /// Who acted, when someone acts for the signer (delegated access).
    pub acting: Option<CitizenId>,
    pub auth_time: Option<Moment>,
    pub acr: Option<String>,
    pub at: Moment,
    pub document_sha256: String,
    pub consent_version: String,
    pub consent_language: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The sealed document's SHA-256 (a signature).
    pub signed_sha256: Option<String>,
}

/// A stored document to sign, without its bytes.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredSignature {
    pub id: SignatureId,
    pub service: ServiceId,
    pub service_signature_id: String,
    pub citizen: CitizenId,
    pub request_reference: Option<String>,
    pub title: Bilingual,
    pub explanation: Bilingual,
    pub document_name: String,
    pub document_sha256: String,
    pub document_size: u64,
    pub pages: u32,
    pub deadline: String,
    pub state: SignatureState,
    pub decline_reason: Option<String>,
    pub evidence: Option<Evidence>,
    pub signed_sha256: Option<String>,
    pub created_at: Moment,
    pub decided_at: Option<Moment>,
}

impl StoredSignature {
    /// As its citizen sees it.
    pub fn view(&self, service_name: Bilingual, fresh: bool) -> SignatureView {
        SignatureView {
            id: self.id.clone(),
            service_name,
            title: self.title.clone(),
            explanation: self.explanation.clone(),
            document_name: self.document_name.clone(),
            document_sha256: self.document_sha256.clone(),
            document_size: self.document_size,
            pages: self.pages,
            deadline: self.deadline.clone(),
            state: self.state,
            request_reference: self.request_reference.clone(),
            asked_at: self.created_at.clone(),
            decided_at: self.decided_at.clone(),
            decline_reason: self.decline_reason.clone(),
            signed_sha256: self.signed_sha256.clone(),
            fresh,
        }
    }
}

/// A query of documents to sign, without their bytes, ending with `$rest`.
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT s.id, s.service_id, s.service_signature_id, s.citizen_id, r.reference, s.title_fr, s.title_en, ",
            "s.explanation_fr, s.explanation_en, s.document_name, s.document_sha256, LENGTH(s.document) AS size, ",
            "s.pages, s.deadline, s.state, s.decline_reason, s.evidence, s.signed_sha256, s.created_at, s.decided_at ",
            "FROM signature_requests s LEFT JOIN requests r ON r.id = s.request_id ",
            $rest
        )
    };
}

/// Whether a document was newly asked or asked before with the same id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    Created(SignatureId),
    /// The service's id was used before: the first one stands.
    AlreadyAsked(SignatureId),
}

/// Keeps a document to sign (pending); a replay of the service's id changes nothing.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn add(conn: &mut AnyConnection, new: &NewSignature<'_>, now: OffsetDateTime) -> Result<Added, sqlx::Error> {
    if let Some(found) = of_service(conn, new.service, new.service_signature_id).await? {
        return Ok(Added::AlreadyAsked(found.id));
    }
    let id = SignatureId::new(uuid::Uuid::new_v4().to_string());
    sqlx::query(
        "INSERT INTO signature_requests (id, service_id, service_signature_id, citizen_id, request_id, title_fr, \
         title_en, explanation_fr, explanation_en, document_name, document, document_sha256, pages, deadline, state, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
    )
    .bind(&id)
    .bind(new.service)
    .bind(new.service_signature_id)
    .bind(new.citizen)
    .bind(new.request)
    .bind(&new.title.fr)
    .bind(&new.title.en)
    .bind(&new.explanation.fr)
    .bind(&new.explanation.en)
    .bind(new.document_name)
    .bind(new.document)
    .bind(hex::encode(Sha256::digest(new.document)))
    .bind(i64::from(new.pages))
    .bind(new.deadline)
    .bind(SignatureState::Pending.as_str())
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(Added::Created(id))
}

/// A service's document by the service's own id.
pub async fn of_service(
    conn: &mut AnyConnection,
    service: &ServiceId,
    service_signature_id: &str,
) -> Result<Option<StoredSignature>, sqlx::Error> {
    sqlx::query(select!("WHERE s.service_id = $1 AND s.service_signature_id = $2"))
        .bind(service)
        .bind(service_signature_id)
        .fetch_optional(conn)
        .await?
        .map(|row| read(&row))
        .transpose()
}

/// A citizen's document; none if it is another's.
pub async fn of_citizen(
    conn: &mut AnyConnection,
    citizen: &CitizenId,
    id: &SignatureId,
) -> Result<Option<StoredSignature>, sqlx::Error> {
    sqlx::query(select!("WHERE s.id = $1 AND s.citizen_id = $2"))
        .bind(id)
        .bind(citizen)
        .fetch_optional(conn)
        .await?
        .map(|row| read(&row))
        .transpose()
}

/// A document by its id, whoever's it is (the portal's own work: expiry, telling services).
pub async fn by_id(conn: &mut AnyConnection, id: &SignatureId) -> Result<Option<StoredSignature>, sqlx::Error> {
    sqlx::query(select!("WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .map(|row| read(&row))
        .transpose()
}

/// The request a document belongs to, if any.
pub async fn request_of(conn: &mut AnyConnection, id: &SignatureId) -> Result<Option<RequestId>, sqlx::Error> {
    let row = sqlx::query("SELECT request_id FROM signature_requests WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(row
        .map(|row| row.try_get::<Option<RequestId>, _>("request_id"))
        .transpose()?
        .flatten())
}

/// The documents to sign of a citizen's request, the newest first.
pub async fn of_request(
    conn: &mut AnyConnection,
    citizen: &CitizenId,
    request: &RequestId,
) -> Result<Vec<super::model::SignatureLine>, sqlx::Error> {
    let rows = sqlx::query(select!(
        "WHERE s.citizen_id = $1 AND s.request_id = $2 ORDER BY s.created_at DESC"
    ))
    .bind(citizen)
    .bind(request)
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            let stored = read(row)?;
            Ok(super::model::SignatureLine {
                id: stored.id,
                title: stored.title,
                deadline: stored.deadline,
                state: stored.state,
            })
        })
        .collect()
}

/// Once none of a request's documents waits for the citizen, the request no longer shows
/// "action required" for them: only when the action its last asking line asked was a
/// signature (a service's own request for something else stands until its next status).
pub async fn settle_request(
    conn: &mut AnyConnection,
    request: &RequestId,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE requests SET action_required = 0, updated_at = $2 WHERE id = $1 AND action_required = 1 \
         AND NOT EXISTS (SELECT 1 FROM signature_requests WHERE request_id = $1 AND state = 'pending') \
         AND (SELECT service_event_id FROM request_events WHERE request_id = $1 AND action_required = 1 \
              ORDER BY at DESC LIMIT 1) LIKE 'signature:%'",
    )
    .bind(request)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(())
}

/// The bytes of a document as the service sent it (`signed`: false) or as sealed (true).
pub async fn bytes(conn: &mut AnyConnection, id: &SignatureId, signed: bool) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let query = if signed {
        "SELECT signed_document AS content FROM signature_requests WHERE id = $1"
    } else {
        "SELECT document AS content FROM signature_requests WHERE id = $1"
    };
    let row = sqlx::query(query).bind(id).fetch_optional(conn).await?;
    Ok(row
        .map(|row| row.try_get::<Option<Vec<u8>>, _>("content"))
        .transpose()?
        .flatten())
}

/// Records a pending document's decision; false if it was no longer pending (decided by
/// another request meanwhile: the first decision stands).
pub async fn decide(
    conn: &mut AnyConnection,
    id: &SignatureId,
    evidence: &Evidence,
    decline_reason: Option<&str>,
    signed: Option<&[u8]>,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let evidence_json = serde_json::to_string(evidence).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let done = sqlx::query(
        "UPDATE signature_requests SET state = $2, evidence = $3, decline_reason = $4, signed_document = $5, \
         signed_sha256 = $6, decided_at = $7 WHERE id = $1 AND state = 'pending'",
    )
    .bind(id)
    .bind(evidence.decision.as_str())
    .bind(evidence_json)
    .bind(decline_reason)
    .bind(signed)
    .bind(evidence.signed_sha256.as_deref())
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks expired the pending documents whose deadline is before `today` (YYYY-MM-DD in
/// Québec); their ids.
pub async fn expire(
    conn: &mut AnyConnection,
    today: &str,
    now: OffsetDateTime,
) -> Result<Vec<SignatureId>, sqlx::Error> {
    let rows = sqlx::query(
        "UPDATE signature_requests SET state = 'expired', decided_at = $2 WHERE state = 'pending' AND deadline < $1 \
         RETURNING id",
    )
    .bind(today)
    .bind(Moment::at(now))
    .fetch_all(conn)
    .await?;
    rows.iter().map(|row| row.try_get("id")).collect()
}

fn read(row: &AnyRow) -> Result<StoredSignature, sqlx::Error> {
    let state: String = row.try_get("state")?;
    let evidence = row
        .try_get::<Option<String>, _>("evidence")?
        .map(|json| serde_json::from_str(&json).map_err(|e| sqlx::Error::Decode(Box::new(e))))
        .transpose()?;
    Ok(StoredSignature {
        id: row.try_get("id")?,
        service: row.try_get("service_id")?,
        service_signature_id: row.try_get("service_signature_id")?,
        citizen: row.try_get("citizen_id")?,
        request_reference: row.try_get("reference")?,
        title: Bilingual {
            fr: row.try_get("title_fr")?,
            en: row.try_get("title_en")?,
        },
        explanation: Bilingual {
            fr: row.try_get("explanation_fr")?,
            en: row.try_get("explanation_en")?,
        },
        document_name: row.try_get("document_name")?,
        document_sha256: row.try_get("document_sha256")?,
        document_size: row.try_get::<i64, _>("size")?.max(0) as u64,
        pages: row.try_get::<i64, _>("pages")?.clamp(0, i64::from(u32::MAX)) as u32,
        deadline: row.try_get("deadline")?,
        state: SignatureState::parse(&state).ok_or_else(|| sqlx::Error::Decode(format!("state {state}").into()))?,
        decline_reason: row.try_get("decline_reason")?,
        evidence,
        signed_sha256: row.try_get("signed_sha256")?,
        created_at: Moment::from_text(row.try_get::<String, _>("created_at")?),
        decided_at: row.try_get::<Option<String>, _>("decided_at")?.map(Moment::from_text),
    })
}
