//! Benchmark of submission and delivery (not a test): against a running portal in development
//! mode with the demo catalogue, points the complaint service at a receiver of its own, then
//! has the three demo citizens each open a draft, save complete answers and submit, over and
//! over, until `requests` are filed. Prints submissions/s, the submit call's latency and the
//! delivery lag (the receiver's clock minus the receipt's `submitted_at`), p50 and p99.
//!
//! ```sh
//! cargo run --release -p server --example submission_bench -- http://127.0.0.1:3300 1000
//! ```
//! `scripts/bench-submissions` runs it on SQLite and on PostgreSQL.

#[path = "../tests/api/common/browser.rs"]
#[expect(dead_code, reason = "the tests' browser, of which the benchmark uses a part")]
mod browser;
mod common;

use axum::{Router, body::Bytes, extract::State, routing::post};
use browser::Browser;
use common::{complaints_version, file_complaint, percentile};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

const CITIZENS: [&str; 3] = ["demo-citizen-1", "demo-citizen-2", "demo-citizen-3"];

/// When each reference arrived at the service.
type Arrivals = Arc<Mutex<HashMap<String, OffsetDateTime>>>;

async fn receive(State(arrivals): State<Arrivals>, body: Bytes) -> &'static str {
    let now = OffsetDateTime::now_utc();
    if let Ok(body) = serde_json::from_slice::<Value>(&body)
        && let Some(reference) = body["request"]["reference"].as_str()
    {
        arrivals.lock().unwrap().entry(reference.to_owned()).or_insert(now);
    }
    "ok"
}

/// Re-publishes the complaint service, one version up, delivering to `receiver`.
async fn point_complaints_at(portal: &str, receiver: &str) {
    let client = reqwest::Client::new();
    let token = "demo-plaintes";
    let url = format!("{portal}/api/v1/services/plaintes");
    let mut manifest: Value = client
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .expect("the portal answers")
        .json()
        .await
        .expect("the demo catalogue is loaded (PORTAL_DEMO_CATALOGUE=true)");
    manifest["version"] = json!(manifest["version"].as_u64().unwrap() + 1);
    manifest["endpoints"] = json!({ "submissions": format!("{receiver}/submissions") });
    let response = client
        .put(&url)
        .bearer_auth(token)
        .json(&manifest)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "publishing: {}", response.status());
}

/// One citizen submitting `count` requests in a row; returns (submit latency, submitted_at).
async fn citizen(portal: String, account: &'static str, count: usize, version: u64) -> Vec<(Duration, String)> {
    let mut browser = Browser::new(&portal);
    let signed_in = browser.dev_sign_in(account, "/fr").await;
    assert_eq!(signed_in.status(), 303, "development sign-in (PORTAL_ENV=development)");
    let mut done = Vec::with_capacity(count);
    for _ in 0..count {
        let (took, receipt) = file_complaint(&mut browser, version).await;
        done.push((
            took,
            receipt["reference"].as_str().unwrap().to_owned() + " " + receipt["submitted_at"].as_str().unwrap(),
        ));
    }
    done
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let portal = args.next().unwrap_or_else(|| "http://127.0.0.1:3300".to_owned());
    let requests: usize = args.next().map_or(600, |n| n.parse().expect("a number of requests"));

    let arrivals = Arrivals::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let receiver = format!("http://{}", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/submissions", post(receive))
        .with_state(arrivals.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    point_complaints_at(&portal, &receiver).await;
    let version = complaints_version(&portal).await;

    let started = Instant::now();
    let per_citizen = requests.div_ceil(CITIZENS.len());
    let tasks: Vec<_> = CITIZENS
        .iter()
        .map(|account| tokio::spawn(citizen(portal.clone(), account, per_citizen, version)))
        .collect();
    let mut submitted = Vec::new();
    for task in tasks {
        submitted.extend(task.await.unwrap());
    }
    let elapsed = started.elapsed();
    let total = submitted.len();
    let deadline = Instant::now() + Duration::from_secs(120);
    while arrivals.lock().unwrap().len() < total && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let arrivals = arrivals.lock().unwrap().clone();
    assert_eq!(arrivals.len(), total, "every request reached the service");

    let mut latency: Vec<f64> = submitted.iter().map(|(took, _)| took.as_secs_f64() * 1000.0).collect();
    let mut lag: Vec<f64> = submitted
        .iter()
        .map(|(_, line)| {
            let (reference, at) = line.split_once(' ').unwrap();
            let at = OffsetDateTime::parse(at, &Rfc3339).unwrap();
            (arrivals[reference] - at).as_seconds_f64() * 1000.0
        })
        .collect();
    latency.sort_by(f64::total_cmp);
    lag.sort_by(f64::total_cmp);
    println!(
        "submissions: {total} in {:.1} s = {:.0}/s (3 citizens, each: open draft, save, submit)",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    println!(
        "submit call: p50 {:.1} ms, p99 {:.1} ms",
        percentile(&latency, 0.5),
        percentile(&latency, 0.99)
    );
    println!(
        "delivery lag (submitted_at to the service): p50 {:.1} ms, p99 {:.1} ms",
        percentile(&lag, 0.5),
        percentile(&lag, 0.99)
    );
}
