//! The submitting side of requests, for the suites that follow requests: a service back-end the
//! test runs, a portal delivering to it, a citizen with a complete complaint draft, and
//! submitting it.

use super::browser::Browser;
use super::{Backend, TestApp, spawn_with};
use axum::{Router, body::Bytes, extract::State, http::HeaderMap, http::StatusCode, routing::post};
use serde_json::{Value, json};
use server::config::Settings;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A service back-end: records every delivery and answers with the status it is told to,
/// after the delay it is told to (a redirection points at its other route).
#[derive(Clone, Default)]
pub struct Service {
    pub received: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    pub answer: Arc<Mutex<u16>>,
    pub delay: Arc<Mutex<Duration>>,
}

impl Service {
    /// Listens on a free port; returns the service and its base URL.
    pub async fn start() -> (Service, String) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        (Service::serve(listener), address)
    }

    /// Serves on a listener the test bound (a port chosen before the service was up).
    pub fn serve(listener: tokio::net::TcpListener) -> Service {
        let service = Service::default();
        *service.answer.lock().unwrap() = 200;
        async fn receive(
            State(service): State<Service>,
            headers: HeaderMap,
            body: Bytes,
        ) -> (StatusCode, [(&'static str, &'static str); 1]) {
            service
                .received
                .lock()
                .unwrap()
                .push((headers, String::from_utf8_lossy(&body).into_owned()));
            let delay = *service.delay.lock().unwrap();
            tokio::time::sleep(delay).await;
            let status = StatusCode::from_u16(*service.answer.lock().unwrap()).unwrap();
            (status, [("location", "/withdrawals")])
        }
        let router = Router::new()
            .route("/submissions", post(receive))
            .route("/withdrawals", post(receive))
            .with_state(service.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        service
    }

    pub fn answer(&self, status: u16) {
        *self.answer.lock().unwrap() = status;
    }

    /// How long each answer waits from now on.
    pub fn wait(&self, delay: Duration) {
        *self.delay.lock().unwrap() = delay;
    }

    pub fn count(&self) -> usize {
        self.received.lock().unwrap().len()
    }

    /// The deliveries received, as JSON, in order.
    pub fn bodies(&self) -> Vec<Value> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|(_, body)| serde_json::from_str(body).unwrap())
            .collect()
    }

    /// The `Idempotency-Key` of each delivery received, in order.
    pub fn keys(&self) -> Vec<String> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .map(|(headers, _)| headers["idempotency-key"].to_str().unwrap().to_owned())
            .collect()
    }
}

/// The complaint manifest at `version`, delivering to `service`.
pub fn complaints_to(service: &str, version: u32) -> Value {
    let mut manifest: Value = serde_json::from_str(app::catalogue::demo::COMPLAINTS).unwrap();
    manifest["version"] = json!(version);
    manifest["endpoints"] = json!({
        "submissions": format!("{service}/submissions"),
        "withdrawals": format!("{service}/withdrawals"),
    });
    manifest
}

/// A portal whose complaint service delivers to `service` (version 2 of the demo manifest).
pub async fn portal(backend: Backend, service: &str) -> TestApp {
    portal_with(backend, service, |s| s).await
}

/// Like [`portal`], with settings of the test's own.
pub async fn portal_with(backend: Backend, service: &str, adjust: impl FnOnce(Settings) -> Settings) -> TestApp {
    let app = spawn_with(backend, |s| {
        adjust(Settings {
            demo_catalogue: true,
            ..s
        })
    })
    .await;
    let response = app
        .client
        .put(app.url("/api/v1/services/plaintes"))
        .bearer_auth(server::service_api::demo::demo_token("plaintes"))
        .json(&complaints_to(service, 2))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    app
}

pub async fn citizen_with_complete_draft(app: &TestApp) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in("demo-citizen-1", "/fr").await.status(), 303);
    super::start_draft(&mut browser, "plaintes").await;
    let answers = json!({
        "full_name": "Camille Tremblay", "email": "camille@example.org", "filing_for": "self",
        "institution": "CISSS de Laval", "event_date": "2026-10-01",
        "description": "Attente de quatorze heures sans information.", "consent": true,
    });
    let save = json!({
        "service": "plaintes", "service_version": 2, "base_revision": 1, "answers": answers,
        "step": 3, "edited_at": "2026-11-24T10:00:00Z",
    });
    let response = browser.post_json("/api/drafts/save", &save).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    browser
}

pub async fn submit(browser: &mut Browser, key: &str) -> (u16, Value) {
    let response = browser
        .post(
            "/api/requests/submit",
            &format!("service=plaintes&idempotency_key={key}"),
        )
        .await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

pub async fn scalar(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(app.db.pool()).await.unwrap()
}

/// Waits (up to 10 s) until `done` holds; the worker polls every quarter second.
pub async fn eventually(mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..100 {
        if done().await {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("not done after 10 s");
}

pub const KEY: &str = "7b0c9f0e-4c1d-4a8e-9d2a-1f3e5a7c9b11";

/// A status event from a service; returns (status, JSON answer).
pub async fn report(app: &TestApp, service: &str, token: &str, reference: &str, event: Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/services/{service}/requests/{reference}/events")))
        .bearer_auth(token)
        .json(&event)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A service's message about one of its requests; (status, JSON answer).
pub async fn write(app: &TestApp, service: &str, token: &str, reference: &str, message: Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(&format!("/api/v1/services/{service}/requests/{reference}/messages")))
        .bearer_auth(token)
        .json(&message)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A status of Camille's complaint, as its service reports it (demo token); the status code.
pub async fn complaint_status(app: &TestApp, reference: &str, event_id: &str, status: &str) -> u16 {
    let token = server::service_api::demo::demo_token("plaintes");
    let event = json!({"event_id": event_id, "status": status});
    report(app, "plaintes", &token, reference, event).await.0
}

/// Where files are sent.
pub const UPLOAD: &str = "/api/attachments/add";

/// A `multipart/form-data` body of text parts and one file part, as a browser's `FormData`.
pub fn multipart(service: &str, field: &str, file_name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----portal-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in [("service", service), ("field", field)] {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Attaches a file; returns (status, JSON answer).
pub async fn attach(browser: &mut Browser, field: &str, file_name: &str, content: &[u8]) -> (u16, Value) {
    let (content_type, body) = multipart("plaintes", field, file_name, content);
    let response = browser.post_bytes(UPLOAD, &content_type, body).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}
