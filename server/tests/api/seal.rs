//! The seal of signed documents, checked by verifiers that are not our code: pyHanko (PAdES),
//! poppler's pdfsig (NSS), qpdf's structure check and `openssl cms -verify` over the byte
//! range, on a PDF with a classic cross-reference table and on one with object streams.

use crate::common::pki::TestPki;
use crate::common::tsa::TestTsa;
use app::signatures::seal::{PdfFault, Seal, SignaturePage, read_pdf};

const REQUEST: &[u8] = include_bytes!("fixtures/request-to-sign.pdf");

fn page() -> SignaturePage {
    SignaturePage {
        title: "Attestation de signature électronique".into(),
        paragraphs: vec![
            "Signé par Émilie Bouchard le 7 décembre 2026 à 13 h 05 (heure de l’Est).".into(),
            "Empreinte SHA-256 du document : 3f1a…".into(),
            "En signant, je confirme avoir lu le document (version fr-1 du texte de consentement).".into(),
        ],
        stamp: vec![
            "Signé électroniquement par Émilie Bouchard".into(),
            "Scellé par Votre santé".into(),
        ],
        field: "Signature 1".into(),
    }
}

fn at() -> time::OffsetDateTime {
    time::macros::datetime!(2026-12-07 18:05:00 UTC)
}

fn assert_valid(pki: &TestPki, signed: &[u8], name: &str) {
    let file = pki.path(name);
    std::fs::write(&file, signed).unwrap();
    let (sound, said) = pki.qpdf_check(&file);
    assert!(sound, "qpdf --check: {said}");
    let (valid, said) = pki.pyhanko(&file);
    assert!(valid, "pyHanko: {said}");
    for finding in [
        "The signer's certificate is trusted.",
        "The signature is cryptographically sound.",
        "The signature covers the entire file.",
        "The signature is judged VALID.",
    ] {
        assert!(said.contains(finding), "pyHanko: {said}");
    }
    let said = pki.pdfsig(&file);
    assert!(
        said.contains("Signature Validation: Signature is Valid."),
        "pdfsig: {said}"
    );
    assert!(
        said.contains("Certificate Validation: Certificate is Trusted."),
        "pdfsig: {said}"
    );
    assert!(said.contains("ETSI.CAdES.detached"), "pdfsig: {said}");
    let (verified, said) = pki.openssl_cms_verify(signed);
    assert!(verified, "openssl cms -verify: {said}");
}

fn assert_broken(pki: &TestPki, signed: &[u8], name: &str) {
    let file = pki.path(name);
    std::fs::write(&file, signed).unwrap();
    let (valid, said) = pki.pyhanko(&file);
    assert!(!valid, "pyHanko accepted a changed file: {said}");
    let said = pki.pdfsig(&file);
    assert!(
        !said.contains("Signature is Valid."),
        "pdfsig accepted a changed file: {said}"
    );
}

#[tokio::test]
async fn a_sealed_document_is_valid_for_independent_verifiers_and_one_changed_byte_breaks_it() {
    let pki = TestPki::new();
    let seal = Seal::from_pem(&pki.seal_key, &pki.seal_certificate).unwrap();
    assert_eq!(read_pdf(REQUEST), Ok(2));
    let signed = seal.seal(REQUEST, &page(), at()).await.unwrap();
    // The original bytes are kept as they were: an incremental update follows them.
    assert_eq!(&signed[..REQUEST.len()], REQUEST);
    assert_eq!(read_pdf(&signed), Ok(3));
    assert_valid(&pki, &signed, "signed.pdf");

    // One byte of the original document changed: both verifiers refuse it.
    let mut changed = signed.clone();
    let byte = String::from_utf8_lossy(&changed).find("612").unwrap();
    assert!(byte < REQUEST.len());
    changed[byte + 2] = b'3';
    assert_broken(&pki, &changed, "changed.pdf");

    // A document written with object streams and a cross-reference stream is sealed too.
    let original = pki.path("original.pdf");
    std::fs::write(&original, REQUEST).unwrap();
    let status = std::process::Command::new("qpdf")
        .args(["--object-streams=generate", "original.pdf", "compact.pdf"])
        .current_dir(pki.dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let compact = std::fs::read(pki.path("compact.pdf")).unwrap();
    let signed = seal.seal(&compact, &page(), at()).await.unwrap();
    assert_valid(&pki, &signed, "signed-compact.pdf");
}

#[tokio::test]
async fn what_cannot_be_sealed_is_refused_by_name() {
    assert_eq!(read_pdf(b"GIF89a"), Err(PdfFault::NotPdf));
    let pki = TestPki::new();
    let status = std::process::Command::new("qpdf")
        .args(["--empty", "empty.pdf"])
        .current_dir(pki.dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        read_pdf(&std::fs::read(pki.path("empty.pdf")).unwrap()),
        Err(PdfFault::NoPage)
    );
    // A key that is not the certificate's.
    let (other_key, _) = Seal::generate("Autre", 1).unwrap();
    assert!(Seal::from_pem(&other_key, &pki.seal_certificate).is_err());
    assert!(Seal::from_pem("not a key", &pki.seal_certificate).is_err());
    assert!(Seal::from_pem(&pki.seal_key, "not a certificate").is_err());
    // A generated development seal is readable and seals.
    let (key, certificate) = Seal::generate("Votre sante (developpement)", 30).unwrap();
    let seal = Seal::from_pem(&key, &certificate).unwrap();
    assert!(seal.seal(REQUEST, &page(), at()).await.is_ok());
}

/// With a time-stamping authority (here `openssl ts -reply`), each signature carries its
/// RFC 3161 token (PAdES B-T), which pyHanko validates against the test authority; one that
/// does not answer makes sealing fail rather than go without.
#[tokio::test]
async fn a_time_stamped_seal_is_valid_and_its_time_stamp_too() {
    let pki = TestPki::new();
    let tsa = TestTsa::start(&pki).await;
    let seal = Seal::from_pem(&pki.seal_key, &pki.seal_certificate)
        .unwrap()
        .with_time_stamps(&tsa.url)
        .unwrap();
    let signed = seal.seal(REQUEST, &page(), at()).await.unwrap();
    assert_eq!(tsa.stamped(), 1);
    assert_valid(&pki, &signed, "stamped.pdf");
    let (_, said) = pki.pyhanko(&pki.path("stamped.pdf"));
    for finding in [
        "This timestamp is backed by a time stamping authority.",
        "The timestamp token is cryptographically sound.",
        "The TSA certificate is trusted.",
    ] {
        assert!(said.contains(finding), "pyHanko: {said}");
    }
    let unreachable = Seal::from_pem(&pki.seal_key, &pki.seal_certificate)
        .unwrap()
        .with_time_stamps("http://127.0.0.1:9/tsa")
        .unwrap();
    assert!(matches!(
        unreachable.seal(REQUEST, &page(), at()).await,
        Err(app::signatures::seal::SealError::TimeStamp(_))
    ));
}
