//! The CMS signature inside a sealed PDF (ETSI EN 319 142-1, PAdES baseline B-B): a detached
//! SignedData over the document's byte range, whose signed attributes are the content type,
//! the message digest and the signing certificate (ESS signing-certificate-v2, RFC 5035). No
//! signing-time attribute: PAdES puts the time in the signature dictionary's `/M`.

use super::{Seal, SealError};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

/// id-aa-signingCertificateV2 (RFC 5035).
const SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// ESSCertIDv2 with the default hash (SHA-256), so `hashAlgorithm` is left out (DER).
#[derive(der::Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

/// SigningCertificateV2, naming the seal's own certificate.
#[derive(der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// The DER of a ContentInfo holding the SignedData over content whose SHA-256 is `digest`.
pub(super) fn signed_data(seal: &Seal, digest: &[u8]) -> Result<Vec<u8>, SealError> {
    let failed = |error: &dyn std::fmt::Display| SealError::Build(error.to_string());
    let own = seal.chain.first().ok_or(SealError::Certificates)?;
    let content = EncapsulatedContentInfo {
        econtent_type: der::oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sha256 = AlgorithmIdentifierOwned {
        oid: der::oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let signer = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: own.tbs_certificate.issuer.clone(),
        serial_number: own.tbs_certificate.serial_number.clone(),
    });
    let mut signer_info =
        SignerInfoBuilder::new(&seal.key, signer, sha256.clone(), &content, Some(digest)).map_err(|e| failed(&e))?;
    signer_info
        .add_signed_attribute(signing_certificate(own)?)
        .map_err(|e| failed(&e))?;
    let mut signed_data = SignedDataBuilder::new(&content);
    signed_data.add_digest_algorithm(sha256).map_err(|e| failed(&e))?;
    for certificate in &seal.chain {
        signed_data
            .add_certificate(CertificateChoices::Certificate(certificate.clone()))
            .map_err(|e| failed(&e))?;
    }
    signed_data
        .add_signer_info::<p256::ecdsa::SigningKey, p256::ecdsa::DerSignature>(signer_info)
        .map_err(|e| failed(&e))?
        .build()
        .map_err(|e| failed(&e))?
        .to_der()
        .map_err(|e| failed(&e))
}

/// The signing-certificate-v2 attribute: the SHA-256 of the seal's certificate.
fn signing_certificate(own: &x509_cert::Certificate) -> Result<Attribute, SealError> {
    let failed = |error: der::Error| SealError::Build(error.to_string());
    let hash = Sha256::digest(own.to_der().map_err(failed)?);
    let value = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(hash.to_vec()).map_err(failed)?,
        }],
    };
    let value = Any::from_der(&value.to_der().map_err(failed)?).map_err(failed)?;
    Ok(Attribute {
        oid: SIGNING_CERTIFICATE_V2,
        values: SetOfVec::try_from(vec![value]).map_err(failed)?,
    })
}
