//! A test public-key infrastructure made with `openssl` (not our code): a certificate
//! authority and the portal's seal certificate it issues, plus the independent verifiers of a
//! signed PDF (pyHanko, poppler's pdfsig, qpdf, openssl cms), each run as a program.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A test authority and the seal it issued, in a temporary folder.
pub struct TestPki {
    pub dir: tempfile::TempDir,
    /// The seal's private key (PEM) and its certificate (PEM), as an operator configures them.
    pub seal_key: String,
    pub seal_certificate: String,
}

fn run(program: &str, args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|error| {
            panic!("cannot run {program} (scripts/setup.sh setup_pdf_verifiers installs it): {error}")
        })
}

fn ok(program: &str, args: &[&str], dir: &Path) -> String {
    let output = run(program, args, dir);
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

impl TestPki {
    pub fn new() -> TestPki {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path();
        ok(
            "openssl",
            &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"],
            at,
        );
        let ca = [
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-subj",
            "/CN=Autorite d'essai/O=Votre sante tests",
            "-days",
            "30",
            "-out",
            "ca.pem",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ];
        ok("openssl", &ca, at);
        issue(at, "seal", "/CN=Votre sante - sceau d'essai/O=MSSS", "");
        TestPki {
            seal_key: std::fs::read_to_string(at.join("seal.key")).unwrap(),
            seal_certificate: std::fs::read_to_string(at.join("seal.pem")).unwrap(),
            dir,
        }
    }

    /// A time-stamping certificate (critical extended key usage timeStamping) from the test
    /// authority, and `openssl ts`'s configuration for it; the folder they are in.
    pub fn time_stamping(&self) -> PathBuf {
        let at = self.dir.path();
        std::fs::write(
            at.join("tsa.cnf"),
            "[ tsa ]\ndefault_tsa = portal_tests\n[ portal_tests ]\ndir = .\nserial = ./tsa-serial\n\
             crypto_device = builtin\nsigner_cert = ./tsa.pem\ncerts = ./ca.pem\nsigner_key = ./tsa.key\n\
             signer_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\n\
             accuracy = secs:1\nordering = yes\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n",
        )
        .unwrap();
        std::fs::write(at.join("tsa-serial"), "01\n").unwrap();
        issue(
            at,
            "tsa",
            "/CN=Horodatage d'essai/O=Votre sante tests",
            "extendedKeyUsage=critical,timeStamping\n",
        );
        at.to_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// What pyHanko says of `pdf`'s signatures, trusting the test authority, and whether it
    /// found them all valid and trusted (its exit status).
    pub fn pyhanko(&self, pdf: &Path) -> (bool, String) {
        let ca = self.path("ca.pem");
        let output = run(
            "pyhanko",
            &[
                "sign",
                "validate",
                "--pretty-print",
                "--trust",
                ca.to_str().unwrap(),
                "--trust-replace",
                pdf.to_str().unwrap(),
            ],
            self.dir.path(),
        );
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.success(), text)
    }

    /// What poppler's pdfsig says of `pdf`, with the test authority in an NSS database.
    pub fn pdfsig(&self, pdf: &Path) -> String {
        let nss = self.path("nss");
        if !nss.exists() {
            std::fs::create_dir(&nss).unwrap();
            let db = format!("sql:{}", nss.display());
            ok("certutil", &["-N", "-d", &db, "--empty-password"], self.dir.path());
            let ca = self.path("ca.pem");
            ok(
                "certutil",
                &[
                    "-A",
                    "-d",
                    &db,
                    "-n",
                    "test-ca",
                    "-t",
                    "CT,C,C",
                    "-i",
                    ca.to_str().unwrap(),
                ],
                self.dir.path(),
            );
        }
        let output = run(
            "pdfsig",
            &["-nssdir", &format!("sql:{}", nss.display()), pdf.to_str().unwrap()],
            self.dir.path(),
        );
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    }

    /// Whether `qpdf --check` finds the file sound.
    pub fn qpdf_check(&self, pdf: &Path) -> (bool, String) {
        let output = run("qpdf", &["--check", pdf.to_str().unwrap()], self.dir.path());
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        )
    }

    /// `openssl cms -verify` of the last signature's CMS over its byte range.
    pub fn openssl_cms_verify(&self, signed: &[u8]) -> (bool, String) {
        let (range, cms) = last_signature(signed);
        let content: Vec<u8> = range
            .chunks(2)
            .flat_map(|pair| signed[pair[0]..pair[0] + pair[1]].to_vec())
            .collect();
        std::fs::write(self.path("content.bin"), content).unwrap();
        std::fs::write(self.path("signature.der"), cms).unwrap();
        let output = run(
            "openssl",
            &[
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                "signature.der",
                "-content",
                "content.bin",
                "-CAfile",
                "ca.pem",
                "-purpose",
                "any",
                "-out",
                "/dev/null",
            ],
            self.dir.path(),
        );
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

/// A P-256 key `{name}.key` and its certificate `{name}.pem` from the test authority, for
/// signing (digitalSignature, nonRepudiation) and whatever `extra` extensions say.
fn issue(at: &Path, name: &str, subject: &str, extra: &str) {
    let extensions = format!("{name}-extensions.cnf");
    std::fs::write(
        at.join(&extensions),
        format!(
            "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n{extra}\
             subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
        ),
    )
    .unwrap();
    let (key, request, certificate) = (format!("{name}.key"), format!("{name}.csr"), format!("{name}.pem"));
    ok(
        "openssl",
        &["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", &key],
        at,
    );
    ok(
        "openssl",
        &["req", "-new", "-key", &key, "-subj", subject, "-out", &request],
        at,
    );
    let sign = [
        "x509",
        "-req",
        "-in",
        &request,
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "30",
        "-out",
        &certificate,
        "-extfile",
        &extensions,
    ];
    ok("openssl", &sign, at);
}

/// The last signature's `/ByteRange` and its CMS (the `/Contents` bytes without the padding).
pub fn last_signature(signed: &[u8]) -> (Vec<usize>, Vec<u8>) {
    let text = String::from_utf8_lossy(signed);
    let at = text.rfind("/ByteRange").expect("a signature");
    let open = at + text[at..].find('[').unwrap();
    let close = open + text[open..].find(']').unwrap();
    let range: Vec<usize> = text[open + 1..close]
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    let hex = &signed[range[1] + 1..range[2] - 1];
    let cms = hex_decode(hex);
    // The DER's own length says where it ends: the rest is the placeholder's zeros.
    let length = der_length(&cms);
    (range, cms[..length].to_vec())
}

fn hex_decode(hex: &[u8]) -> Vec<u8> {
    hex.chunks(2)
        .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
        .collect()
}

fn der_length(der: &[u8]) -> usize {
    match der[1] {
        n if n < 0x80 => 2 + n as usize,
        n => {
            let bytes = (n & 0x7f) as usize;
            let length = der[2..2 + bytes]
                .iter()
                .fold(0usize, |sum, byte| sum << 8 | *byte as usize);
            2 + bytes + length
        }
    }
}
