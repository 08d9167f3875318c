//! The portal's one signature scheme, for what it sends (deliveries to services) and what it
//! receives (an SMS gateway's receipts): `t=<unix seconds>,v1=<hex>`, where `<hex>` is
//! HMAC-SHA256, keyed with a shared secret, of the time and the signed parts joined by `.`.
//! A receiver accepts it only if it is fresh, so a signed body cannot be replayed later.

use hmac::{Hmac, Mac};
use sha2::Sha256;

fn mac(secret: &str, at: i64, parts: &[&str]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(at.to_string().as_bytes());
    for part in parts {
        mac.update(b".");
        mac.update(part.as_bytes());
    }
    mac
}

/// The header's value signing `parts` at `at`.
pub fn sign(secret: &str, at: i64, parts: &[&str]) -> String {
    format!(
        "t={at},v1={}",
        hex::encode(mac(secret, at, parts).finalize().into_bytes())
    )
}

/// Whether `header` signs `parts` with `secret`, no more than `freshness` seconds from `now`.
pub fn verify(secret: &str, header: &str, parts: &[&str], now: i64, freshness: i64) -> bool {
    let (mut at, mut given) = (None, None);
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => at = value.parse::<i64>().ok(),
            Some(("v1", value)) => given = hex::decode(value).ok(),
            _ => {}
        }
    }
    let (Some(at), Some(given)) = (at, given) else {
        return false;
    };
    (now - at).abs() <= freshness && mac(secret, at, parts).verify_slice(&given).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_fresh_signature_of_these_parts_with_this_key_passes() {
        let now = 1_800_000_000;
        let header = sign("k", now, &["key", "body"]);
        assert!(verify("k", &header, &["key", "body"], now, 300));
        assert!(verify("k", &header, &["key", "body"], now + 300, 300));
        assert!(!verify("k", &header, &["key", "body"], now + 301, 300), "too old");
        assert!(!verify("other", &header, &["key", "body"], now, 300));
        assert!(!verify("k", &header, &["other", "body"], now, 300));
        assert!(!verify("k", "", &["body"], now, 300));
        assert!(!verify("k", "t=1800000000,v1=zz", &["body"], now, 300));
    }
}
