//! The RFC 3161 time-stamp of the seal's signature (PAdES B-T): the SHA-256 of the signature
//! value goes to the configured time-stamping authority, and its token joins the signer's
//! unsigned attributes (`id-aa-timeStampToken`), so the time of signing no longer rests on the
//! portal's word alone.

use super::SealError;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerInfo, SignerInfos};
use der::asn1::{BitString, ObjectIdentifier, OctetString, SetOfVec, Uint};
use der::{Any, Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

/// id-aa-timeStampToken (RFC 3161, appendix A).
const TIME_STAMP_TOKEN: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

#[derive(Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

/// TimeStampReq, without a policy or extensions.
#[derive(Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    nonce: Uint,
    /// The authority's certificate in the token, so a verifier needs nothing else.
    cert_req: bool,
}

#[derive(Sequence)]
struct StatusInfo {
    status: u8,
    #[asn1(optional = "true")]
    status_string: Option<Any>,
    #[asn1(optional = "true")]
    fail_info: Option<BitString>,
}

#[derive(Sequence)]
struct TimeStampResp {
    status: StatusInfo,
    #[asn1(optional = "true")]
    token: Option<Any>,
}

/// A time-stamping authority the portal asks over HTTP (`application/timestamp-query`).
pub struct TimeStamper {
    url: String,
    http: reqwest::Client,
}

impl TimeStamper {
    pub fn new(url: &str) -> Result<TimeStamper, SealError> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|error| SealError::Build(error.to_string()))?;
        Ok(TimeStamper {
            url: url.to_owned(),
            http,
        })
    }

    /// `cms` (a ContentInfo holding SignedData) with the authority's token on its signer.
    pub async fn stamp(&self, cms: &[u8]) -> Result<Vec<u8>, SealError> {
        let failed = |error: der::Error| SealError::Build(error.to_string());
        let info = ContentInfo::from_der(cms).map_err(failed)?;
        let mut signed: SignedData = info.content.decode_as().map_err(failed)?;
        let mut signers: Vec<SignerInfo> = signed.signer_infos.0.iter().cloned().collect();
        let signer = signers
            .first_mut()
            .ok_or_else(|| SealError::Build("no signer".into()))?;
        let token = self.token(&Sha256::digest(signer.signature.as_bytes())).await?;
        let stamp = Attribute {
            oid: TIME_STAMP_TOKEN,
            values: SetOfVec::try_from(vec![token]).map_err(failed)?,
        };
        signer.unsigned_attrs = Some(SetOfVec::try_from(vec![stamp]).map_err(failed)?);
        signed.signer_infos = SignerInfos::try_from(signers).map_err(failed)?;
        ContentInfo {
            content_type: info.content_type,
            content: Any::encode_from(&signed).map_err(failed)?,
        }
        .to_der()
        .map_err(failed)
    }

    /// The authority's token over `digest` (SHA-256), checked granted.
    async fn token(&self, digest: &[u8]) -> Result<Any, SealError> {
        let failed = |error: der::Error| SealError::Build(error.to_string());
        let unreachable = |error: reqwest::Error| SealError::TimeStamp(error.to_string());
        let request = TimeStampReq {
            version: 1,
            message_imprint: MessageImprint {
                hash_algorithm: AlgorithmIdentifierOwned {
                    oid: der::oid::db::rfc5912::ID_SHA_256,
                    parameters: None,
                },
                hashed_message: OctetString::new(digest).map_err(failed)?,
            },
            // Positive and never zero-led: the top bit cleared, the first byte never zero.
            nonce: Uint::new(&rand::random::<[u8; 8]>().map(|b| (b & 0x7f) | 0x01)).map_err(failed)?,
            cert_req: true,
        };
        let response = self
            .http
            .post(&self.url)
            .header("content-type", "application/timestamp-query")
            .body(request.to_der().map_err(failed)?)
            .send()
            .await
            .map_err(unreachable)?;
        if !response.status().is_success() {
            return Err(SealError::TimeStamp(format!("HTTP {}", response.status().as_u16())));
        }
        let body = response.bytes().await.map_err(unreachable)?;
        let answer = TimeStampResp::from_der(&body).map_err(failed)?;
        // 0 granted, 1 granted with modifications; anything else is a refusal.
        match (answer.status.status, answer.token) {
            (0 | 1, Some(token)) => Ok(token),
            (status, _) => Err(SealError::TimeStamp(format!("the authority answered status {status}"))),
        }
    }
}
