//! A document to sign, where it stands, and the consent text a signer accepts.

use crate::ids::SignatureId;
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// Where a document to sign stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureState {
    /// Waiting for the citizen, until its deadline.
    Pending,
    Signed,
    Declined,
    /// The deadline passed unsigned.
    Expired,
}

impl SignatureState {
    pub const ALL: [SignatureState; 4] = [
        SignatureState::Pending,
        SignatureState::Signed,
        SignatureState::Declined,
        SignatureState::Expired,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            SignatureState::Pending => "pending",
            SignatureState::Signed => "signed",
            SignatureState::Declined => "declined",
            SignatureState::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<SignatureState> {
        SignatureState::ALL.into_iter().find(|state| state.as_str() == text)
    }
}

/// The consent text's version: a signer accepts this one, in the page's language, and the
/// evidence names it. A new wording gets a new version (and new keys in the locales).
pub const CONSENT_VERSION: &str = "consentement-2026-12-v1";

/// How long after an authentication at the provider a citizen may sign.
pub const FRESH_FOR_MINUTES: i64 = 10;

/// The longest reason a citizen may give for declining.
pub const REASON_MAX: usize = 1000;

/// A document to sign, as its citizen sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureView {
    pub id: SignatureId,
    pub service_name: Bilingual,
    pub title: Bilingual,
    pub explanation: Bilingual,
    pub document_name: String,
    pub document_sha256: String,
    pub document_size: u64,
    pub pages: u32,
    /// YYYY-MM-DD: signable until that day ends in Québec.
    pub deadline: String,
    pub state: SignatureState,
    pub request_reference: Option<String>,
    pub asked_at: Moment,
    pub decided_at: Option<Moment>,
    pub decline_reason: Option<String>,
    /// The sealed document's SHA-256, once signed.
    pub signed_sha256: Option<String>,
    /// Whether this session's authentication is recent enough to sign now.
    pub fresh: bool,
}

/// A document to sign as a request's page lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignatureLine {
    pub id: SignatureId,
    pub title: Bilingual,
    pub deadline: String,
    pub state: SignatureState,
}
