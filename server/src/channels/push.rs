//! Web push (RFC 8030), each message encrypted for its device (RFC 8291, aes128gcm) and signed
//! with the portal's VAPID key (RFC 8292), by `web-push-native`; sent with the portal's own HTTP
//! client, under the same destination rules as deliveries to services: a subscription's
//! endpoint is https:// (http:// in development), never inside the network unless an operator
//! allowed its host, and redirects are never followed. A subscription is the browser's word, so
//! it is checked when it is kept and again by the resolver at every push.
//!
//! What the push service answers: 201 (or any 2xx) taken; 404 or 410 the subscription is gone
//! (the device is removed, the next channel takes over); anything else is tried again, and a
//! push that never goes ends as a technical failure.

use crate::destinations::Destinations;
use app::notifications::channels::{Push, PushSender, SendFailure, Sending, Subscription, Unusable};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use std::time::Duration;
use web_push_native::jwt_simple::algorithms::ES256KeyPair;
use web_push_native::p256::elliptic_curve::sec1::ToEncodedPoint as _;
use web_push_native::{Auth, WebPushBuilder, p256};

/// How long a push service keeps a message for a device that is off (the inbox has it anyway).
const TIME_TO_LIVE: Duration = Duration::from_secs(24 * 60 * 60);

/// The 32 bytes of a base64url private key (the parsers below panic on any other length).
fn scalar(private: &str) -> Result<Vec<u8>, String> {
    let bytes = B64.decode(private.trim()).map_err(|e| e.to_string())?;
    match bytes.len() {
        32 => Ok(bytes),
        n => Err(format!("{n} bytes, not 32")),
    }
}

/// The key pair a base64url private key (32 bytes) names.
pub fn key_pair(private: &str) -> Result<ES256KeyPair, String> {
    ES256KeyPair::from_bytes(&scalar(private)?).map_err(|e| e.to_string())
}

/// The public key browsers subscribe with: the uncompressed point, base64url.
fn public_key_of(private: &str) -> Result<String, String> {
    let bytes = scalar(private)?;
    let secret = p256::SecretKey::from_slice(&bytes).map_err(|e| e.to_string())?;
    Ok(B64.encode(secret.public_key().to_encoded_point(false).as_bytes()))
}

/// A new VAPID key pair: the private key and its public key, base64url.
pub fn generate_keys() -> (String, String) {
    let private = B64.encode(ES256KeyPair::generate().to_bytes());
    let public = public_key_of(&private).expect("a key just made is a key");
    (private, public)
}

pub struct WebPush {
    client: reqwest::Client,
    destinations: Destinations,
    key_pair: ES256KeyPair,
    public_key: String,
    subject: String,
}

impl WebPush {
    pub fn new(private: &str, subject: &str, destinations: Destinations) -> Result<WebPush, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .dns_resolver(crate::destinations::resolver(&destinations))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(WebPush {
            client,
            destinations,
            key_pair: key_pair(private)?,
            public_key: public_key_of(private)?,
            subject: subject.to_owned(),
        })
    }

    /// The push request for one message, encrypted for its device and signed.
    fn request(&self, push: &Push) -> Result<reqwest::Request, Unusable> {
        let endpoint: axum::http::Uri = push.to.endpoint.parse().map_err(|_| Unusable::Endpoint)?;
        let (public, auth) = keys(&push.to).ok_or(Unusable::Keys)?;
        let body = serde_json::json!({ "title": push.title, "url": push.url }).to_string();
        let mut request = WebPushBuilder::new(endpoint, public, auth)
            .with_valid_duration(TIME_TO_LIVE)
            .with_vapid(&self.key_pair, &self.subject)
            .build(body)
            .map_err(|_| Unusable::Keys)?;
        let urgency = if push.urgent { "high" } else { "normal" };
        request
            .headers_mut()
            .insert("urgency", axum::http::HeaderValue::from_static(urgency));
        reqwest::Request::try_from(request).map_err(|_| Unusable::Endpoint)
    }

    async fn deliver(&self, push: &Push) -> Result<(), SendFailure> {
        if self.check(&push.to).is_err() {
            return Err(SendFailure::Permanent("a subscription the rules refuse".to_owned()));
        }
        let request = self
            .request(push)
            .map_err(|_| SendFailure::Permanent("a subscription that cannot be pushed to".to_owned()))?;
        let response = match self.client.execute(request).await {
            Ok(response) => response,
            Err(error) if crate::destinations::refused_by_resolver(&error) => {
                return Err(SendFailure::Permanent("an endpoint inside the network".to_owned()));
            }
            Err(error) if error.is_timeout() => return Err(SendFailure::Temporary("timeout".to_owned())),
            Err(_) => return Err(SendFailure::Temporary("no connection".to_owned())),
        };
        match response.status().as_u16() {
            200..=299 => Ok(()),
            status @ (404 | 410) => Err(SendFailure::Permanent(format!("HTTP {status}"))),
            status => {
                // 400/401/403/413 say the portal sent something wrong (its key, its clock): an
                // operator's matter, logged, and the device is kept.
                if status != 429 && status < 500 {
                    tracing::error!(status, "a push service refused the portal's push");
                }
                Err(SendFailure::Temporary(format!("HTTP {status}")))
            }
        }
    }
}

/// A subscription's keys: the device's P-256 public key and its 16-byte secret.
fn keys(subscription: &Subscription) -> Option<(p256::PublicKey, Auth)> {
    let public = B64.decode(&subscription.p256dh).ok()?;
    let auth = B64.decode(&subscription.auth).ok()?;
    let public = p256::PublicKey::from_sec1_bytes(&public).ok()?;
    (auth.len() == 16).then(|| (public, Auth::clone_from_slice(&auth)))
}

impl PushSender for WebPush {
    fn public_key(&self) -> &str {
        &self.public_key
    }

    fn check(&self, subscription: &Subscription) -> Result<(), Unusable> {
        self.destinations
            .check(&subscription.endpoint)
            .map_err(|_| Unusable::Endpoint)?;
        keys(subscription).map(|_| ()).ok_or(Unusable::Keys)
    }

    fn send<'a>(&'a self, push: &'a Push) -> Sending<'a> {
        Box::pin(self.deliver(push))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device() -> (p256::SecretKey, Subscription) {
        let secret = p256::SecretKey::random(&mut web_push_native::p256::elliptic_curve::rand_core::OsRng);
        let subscription = Subscription {
            endpoint: "https://push.example/send/abc".into(),
            p256dh: B64.encode(secret.public_key().to_encoded_point(false).as_bytes()),
            auth: B64.encode([7u8; 16]),
        };
        (secret, subscription)
    }

    fn web_push(env: crate::config::Environment) -> WebPush {
        let settings = crate::config::Settings {
            env,
            ..crate::config::Settings::default()
        };
        let (private, _) = generate_keys();
        WebPush::new(
            &private,
            "mailto:ops@example.ca",
            crate::destinations::from_settings(&settings),
        )
        .unwrap()
    }

    #[test]
    fn a_push_is_encrypted_for_its_device_alone_and_signed() {
        let push = web_push(crate::config::Environment::Production);
        let (secret, to) = device();
        let message = Push {
            to,
            title: "Du nouveau".into(),
            url: "/fr/messages".into(),
            urgent: true,
        };
        let request = push.request(&message).unwrap();
        let headers = request.headers();
        assert_eq!(headers["content-encoding"], "aes128gcm");
        assert_eq!(headers["urgency"], "high");
        assert_eq!(headers["ttl"], "86400");
        let authorization = headers["authorization"].to_str().unwrap();
        assert!(authorization.starts_with("vapid t=") && authorization.contains(&format!("k={}", push.public_key)));
        let body = request.body().and_then(|b| b.as_bytes()).unwrap().to_vec();
        assert!(!String::from_utf8_lossy(&body).contains("Du nouveau"));
        let plain = web_push_native::decrypt(body, &secret, &Auth::clone_from_slice(&[7u8; 16])).unwrap();
        let plain: serde_json::Value = serde_json::from_slice(&plain).unwrap();
        assert_eq!(
            plain,
            serde_json::json!({ "title": "Du nouveau", "url": "/fr/messages" })
        );
    }

    #[test]
    fn a_subscription_must_name_a_public_https_endpoint_and_real_keys() {
        let push = web_push(crate::config::Environment::Production);
        let (_, good) = device();
        assert!(push.check(&good).is_ok());
        for endpoint in [
            "http://push.example/send/abc",
            "https://127.0.0.1/send",
            "https://169.254.169.254/latest/meta-data",
            "https://localhost:9000/",
            "https://[::1]/",
            "file:///etc/passwd",
            "not a url",
        ] {
            let bad = Subscription {
                endpoint: endpoint.into(),
                ..good.clone()
            };
            assert_eq!(push.check(&bad), Err(Unusable::Endpoint), "{endpoint}");
        }
        for (p256dh, auth) in [("AAAA", good.auth.as_str()), (good.p256dh.as_str(), "c2hvcnQ")] {
            let bad = Subscription {
                p256dh: p256dh.into(),
                auth: auth.into(),
                ..good.clone()
            };
            assert_eq!(push.check(&bad), Err(Unusable::Keys));
        }
    }

    #[test]
    fn generated_keys_read_back() {
        let (private, public) = generate_keys();
        assert_eq!(public_key_of(&private).unwrap(), public);
        assert_eq!(B64.decode(&public).unwrap().len(), 65);
        assert!(key_pair("AAAA").is_err());
        assert!(key_pair(&B64.encode([0u8; 32])).is_err(), "zero is no key");
    }
}
