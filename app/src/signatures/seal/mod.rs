//! The portal's seal: its P-256 key and certificate chain, which sign (PAdES,
//! `ETSI.CAdES.detached`) every document a citizen signs through the portal, so anyone can
//! check with a standard PDF reader that the file is the one signed and has not changed since.

mod cms;
mod pdf;
mod timestamp;

pub use pdf::{PdfFault, SignaturePage, read as read_pdf};

use der::{EncodePem, pem::LineEnding};
use p256::ecdsa::SigningKey;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use std::str::FromStr;
use x509_cert::Certificate;

/// Why a seal could not be read, made or used.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("the seal's key is not a P-256 private key in PEM (PKCS #8 or SEC 1)")]
    Key,
    #[error("the seal's certificates are not PEM certificates")]
    Certificates,
    #[error("the seal's first certificate is not the key's")]
    Mismatch,
    #[error("the seal could not be made: {0}")]
    Build(String),
    #[error("the document cannot be sealed: {0}")]
    Document(#[from] PdfFault),
    #[error("the time-stamping authority did not give a time-stamp: {0}")]
    TimeStamp(String),
}

/// The key and certificates that seal signed documents.
pub struct Seal {
    key: SigningKey,
    /// The seal's own certificate first, then the ones that issued it (not the root).
    chain: Vec<Certificate>,
    /// The RFC 3161 authority that time-stamps each signature, when one is configured.
    time_stamper: Option<timestamp::TimeStamper>,
}

impl std::fmt::Debug for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the key: only whose seal it is.
        let subject = self.chain.first().map(|own| own.tbs_certificate.subject.to_string());
        f.debug_struct("Seal")
            .field("subject", &subject)
            .finish_non_exhaustive()
    }
}

impl Seal {
    /// The seal from its private key and certificate chain, both PEM.
    pub fn from_pem(key: &str, certificates: &str) -> Result<Seal, SealError> {
        let secret = p256::SecretKey::from_pkcs8_pem(key)
            .or_else(|_| p256::SecretKey::from_sec1_pem(key))
            .map_err(|_| SealError::Key)?;
        let key = SigningKey::from(&secret);
        let chain = Certificate::load_pem_chain(certificates.as_bytes()).map_err(|_| SealError::Certificates)?;
        let own = chain.first().ok_or(SealError::Certificates)?;
        let public = key.verifying_key().to_encoded_point(false);
        if own
            .tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes()
            != public.as_bytes()
        {
            return Err(SealError::Mismatch);
        }
        Ok(Seal {
            key,
            chain,
            time_stamper: None,
        })
    }

    /// The same seal, each signature time-stamped by the RFC 3161 authority at `url` (PAdES
    /// B-T); signing fails rather than go without when the authority does not answer.
    pub fn with_time_stamps(self, url: &str) -> Result<Seal, SealError> {
        Ok(Seal {
            time_stamper: Some(timestamp::TimeStamper::new(url)?),
            ..self
        })
    }

    /// A new key and a self-signed certificate for it, valid `days` days, both PEM: a seal for
    /// development and tests (production uses a certificate from the ministry's authority).
    pub fn generate(name: &str, days: u32) -> Result<(String, String), SealError> {
        use x509_cert::builder::{Builder, CertificateBuilder, Profile};
        use x509_cert::{name::Name, serial_number::SerialNumber, spki::SubjectPublicKeyInfoOwned, time::Validity};
        let build = |error: &dyn std::fmt::Display| SealError::Build(error.to_string());
        let secret = p256::SecretKey::random(&mut rand::rngs::OsRng);
        let key = SigningKey::from(&secret);
        let subject = Name::from_str(&format!("CN={name},O=Votre sante")).map_err(|e| build(&e))?;
        let serial = SerialNumber::new(&rand::random::<[u8; 16]>().map(|byte| byte & 0x7f)).map_err(|e| build(&e))?;
        let validity =
            Validity::from_now(std::time::Duration::from_secs(u64::from(days) * 86_400)).map_err(|e| build(&e))?;
        let public = SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(|e| build(&e))?;
        let profile = Profile::Leaf {
            issuer: subject.clone(),
            enable_key_agreement: false,
            enable_key_encipherment: false,
        };
        let certificate = CertificateBuilder::new(profile, serial, validity, subject, public, &key)
            .map_err(|e| build(&e))?
            .build::<p256::ecdsa::DerSignature>()
            .map_err(|e| build(&e))?;
        let certificate = certificate.to_pem(LineEnding::LF).map_err(|e| build(&e))?;
        let key = secret.to_pkcs8_pem(LineEnding::LF).map_err(|e| build(&e))?;
        Ok((key.to_string(), certificate))
    }

    /// `original` with `page` appended and the seal's signature over the whole, at `at`,
    /// time-stamped when an authority is configured.
    pub async fn seal(
        &self,
        original: &[u8],
        page: &SignaturePage,
        at: time::OffsetDateTime,
    ) -> Result<Vec<u8>, SealError> {
        let prepared = pdf::prepare(original, page, at)?;
        let mut signature = cms::signed_data(self, &prepared.digest)?;
        if let Some(time_stamper) = &self.time_stamper {
            signature = time_stamper.stamp(&signature).await?;
        }
        pdf::finish(prepared, &signature)
    }
}
