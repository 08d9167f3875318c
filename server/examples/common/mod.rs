//! What the benchmarks share: a citizen filing a complete complaint through the server
//! functions the pages call, and percentiles.

use crate::browser::Browser;
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The complaint service's current manifest version.
pub async fn complaints_version(portal: &str) -> u64 {
    let manifest: Value = reqwest::Client::new()
        .get(format!("{portal}/api/v1/services/plaintes"))
        .bearer_auth("demo-plaintes")
        .send()
        .await
        .expect("the portal answers")
        .json()
        .await
        .expect("the demo catalogue is loaded (PORTAL_DEMO_CATALOGUE=true)");
    manifest["version"].as_u64().unwrap()
}

/// Opens a draft of a complaint, saves complete answers and submits it; the submit call's
/// latency and the receipt.
pub async fn file_complaint(browser: &mut Browser, version: u64) -> (Duration, Value) {
    let answers = json!({
        "full_name": "Camille Tremblay", "email": "camille@example.org", "filing_for": "self",
        "institution": "CISSS de Laval", "event_date": "2026-10-01",
        "description": "Attente de quatorze heures sans information.", "consent": true,
    });
    let opened = browser.post("/api/drafts/open", "service=plaintes").await;
    assert_eq!(opened.status(), 200);
    let opened: Value = opened.json().await.unwrap();
    let save = json!({
        "service": "plaintes", "service_version": version,
        "base_revision": opened["revision"].as_u64().unwrap_or(1), "answers": answers,
        "step": 3, "edited_at": OffsetDateTime::now_utc().format(&Rfc3339).unwrap(),
    });
    let saved = browser.post_json("/api/drafts/save", &save).await;
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    let key = uuid::Uuid::new_v4();
    let started = Instant::now();
    let receipt = browser
        .post(
            "/api/requests/submit",
            &format!("service=plaintes&idempotency_key={key}"),
        )
        .await;
    let took = started.elapsed();
    assert_eq!(receipt.status(), 200);
    (took, receipt.json().await.unwrap())
}

/// The `p` percentile (0 to 1) of sorted values.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}
