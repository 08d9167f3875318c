//! The SMS gateway of the tests: a small HTTP receiver of the portal's gateway contract on
//! 127.0.0.1, with magic numbers for each outcome, and signed delivery receipts posted back.
//!
//! - `+15145550100`: accepted (202 with an id);
//! - `+15145550150`: a notice (its key ends in `:sms`) gets 503 the first time, then is accepted;
//! - `+15145550199`: refused for good (400);
//! - anything else: accepted.

use axum::{Json, Router, extract::State, http::HeaderMap, http::StatusCode, routing::post};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

pub const TOKEN: &str = "test-gateway-token";
pub const RECEIPT_SECRET: &str = "test-receipt-key";
pub const DELIVERED: &str = "+15145550100";
pub const FLAKY: &str = "+15145550150";
pub const REFUSED: &str = "+15145550199";

/// A message the gateway accepted: its id, the idempotency key, and the body.
#[derive(Clone, Debug)]
pub struct Received {
    pub id: String,
    pub key: String,
    pub body: Value,
}

#[derive(Clone, Default)]
struct Shared {
    accepted: Arc<Mutex<Vec<Received>>>,
    flaky_seen: Arc<Mutex<Vec<String>>>,
}

pub struct Gateway {
    shared: Shared,
    pub url: String,
}

async fn receive(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&format!("Bearer {TOKEN}")) {
        return (StatusCode::UNAUTHORIZED, Json(json!({})));
    }
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let to = body["to"].as_str().unwrap_or_default().to_owned();
    if to == REFUSED {
        return (StatusCode::BAD_REQUEST, Json(json!({"error": "not a mobile"})));
    }
    if to == FLAKY && key.ends_with(":sms") {
        let mut seen = shared.flaky_seen.lock().unwrap();
        if !seen.contains(&key) {
            seen.push(key);
            return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({})));
        }
    }
    let mut accepted = shared.accepted.lock().unwrap();
    // The same key twice is the same message.
    if let Some(known) = accepted.iter().find(|r| r.key == key) {
        return (StatusCode::ACCEPTED, Json(json!({"id": known.id})));
    }
    let id = format!("gw-{}", accepted.len() + 1);
    accepted.push(Received {
        id: id.clone(),
        key,
        body,
    });
    (StatusCode::ACCEPTED, Json(json!({"id": id})))
}

impl Gateway {
    pub async fn start() -> Gateway {
        let shared = Shared::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/messages", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/messages", post(receive))
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Gateway { shared, url }
    }

    /// Every message accepted, oldest first.
    pub fn accepted(&self) -> Vec<Received> {
        self.shared.accepted.lock().unwrap().clone()
    }

    pub fn to(&self, number: &str) -> Vec<Received> {
        self.accepted().into_iter().filter(|r| r.body["to"] == number).collect()
    }

    /// The 6-digit code of the last message to `number`.
    pub fn last_code(&self, number: &str) -> String {
        let last = self.to(number).pop().expect("a code message");
        let text = last.body["text"].as_str().unwrap().to_owned();
        regex::Regex::new(r"\b\d{6}\b")
            .unwrap()
            .find(&text)
            .expect("a code")
            .as_str()
            .to_owned()
    }
}

/// The portal's settings to send text messages through `gateway`.
pub fn texting_to(settings: server::config::Settings, gateway: &Gateway) -> server::config::Settings {
    let mut settings = settings;
    settings.sms.sms_gateway_url = Some(url::Url::parse(&gateway.url).unwrap());
    settings.sms.sms_gateway_token = Some(server::config::Secret::new(TOKEN));
    settings.sms.sms_receipt_secret = Some(server::config::Secret::new(RECEIPT_SECRET));
    settings
}

/// Posts a receipt as the gateway does; the portal's status code.
pub async fn receipt(app: &super::TestApp, id: &str, status: &str, secret: &str) -> u16 {
    let body = json!({"id": id, "status": status}).to_string();
    app.client
        .post(app.url("/api/v1/sms/receipts"))
        .header("content-type", "application/json")
        .header(
            "x-gateway-signature",
            server::signing::sign(secret, time::OffsetDateTime::now_utc().unix_timestamp(), &[&body]),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}
