//! The delivery worker: takes due jobs from the outbox and carries them to the services, signed,
//! with their idempotency key; records what the service answered on the request's timeline and
//! in the journal; tries again with backoff, and dead-letters what a service refuses or what
//! could not be delivered in time.
//!
//! Signature (the service contract): `X-Portal-Signature: t=<unix seconds>,v1=<hex>`, where
//! `<hex>` is HMAC-SHA256, keyed with the service's secret, of `"<t>.<body>"`.

use app::audit::{AuditEvent, Outcome};
use app::db::Database;
use app::outbox::db::{self as outbox, Job, JobKind};
use app::requests::db as requests;
use app::requests::model::{EventKind, RequestEvent};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;
use time::OffsetDateTime;

/// How the worker behaves; from the settings.
#[derive(Clone, Debug)]
pub struct DeliverySettings {
    /// How long one attempt may take before it counts as failed.
    pub timeout: Duration,
    /// How long a worker holds a job it claimed; after that another may take it over.
    pub lease: Duration,
    /// How often an idle worker looks for due jobs (retries, other instances' jobs).
    pub poll: Duration,
    /// How many deliveries this instance carries at the same time.
    pub workers: u32,
    /// Rung when this instance writes a job, so that it goes out at once.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
}

/// The signature header's value for `body` at `at`.
pub fn signature(secret: &str, at: i64, body: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(format!("{at}.{body}").as_bytes());
    format!("t={at},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// What one attempt came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Attempt {
    /// 2xx: the service has it.
    Acknowledged,
    /// 4xx other than 408/429: the service will never take it as it is.
    Refused(String),
    /// Anything else (5xx, 408, 429, timeout, no connection): worth trying again.
    Failed(String),
}

/// Sends one job.
pub async fn attempt(client: &reqwest::Client, job: &Job, secret: &str, now: OffsetDateTime) -> Attempt {
    let response = client
        .post(&job.url)
        .header("content-type", "application/json")
        .header("idempotency-key", &job.id)
        .header("x-portal-signature", signature(secret, now.unix_timestamp(), &job.body))
        .body(job.body.clone())
        .send()
        .await;
    match response {
        Ok(response) if response.status().is_success() => Attempt::Acknowledged,
        Ok(response) => {
            let status = response.status();
            let said = format!("HTTP {}", status.as_u16());
            if status.is_client_error() && status.as_u16() != 408 && status.as_u16() != 429 {
                Attempt::Refused(said)
            } else {
                Attempt::Failed(said)
            }
        }
        Err(error) if error.is_timeout() => Attempt::Failed("timeout".to_owned()),
        Err(_) => Attempt::Failed("no connection".to_owned()),
    }
}

/// Delivers due jobs until the process stops, `settings.workers` at a time; this runs in every
/// portal instance. Each worker claims its own jobs, so a slow service holds up one worker, not
/// every delivery.
pub async fn run(db: Database, clock: app::clock::Clock, settings: DeliverySettings) {
    let client = match reqwest::Client::builder().timeout(settings.timeout).build() {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "cannot build the delivery client: nothing will be delivered");
            return;
        }
    };
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..settings.workers.max(1) {
        // Names the worker in the journal: which process carried each delivery.
        let worker = format!("worker-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple());
        workers.spawn(work(
            db.clone(),
            clock.clone(),
            client.clone(),
            settings.clone(),
            worker,
        ));
    }
    // Dropping the set (the process stops) stops the workers.
    while workers.join_next().await.is_some() {}
}

/// One worker: a job at a time, then the next; asleep until woken or the poll interval passes.
async fn work(
    db: Database,
    clock: app::clock::Clock,
    client: reqwest::Client,
    settings: DeliverySettings,
    worker: String,
) {
    loop {
        match deliver_one(&db, &clock, &client, &settings, &worker).await {
            Ok(true) => {}
            Ok(false) => {
                tokio::select! {
                    () = tokio::time::sleep(settings.poll) => {}
                    () = settings.wake.notified() => {}
                }
            }
            Err(error) => {
                tracing::warn!(%error, "delivery worker: database error");
                tokio::time::sleep(settings.poll).await;
            }
        }
    }
}

/// Claims and sends one due job; false when none is due.
pub async fn deliver_one(
    db: &Database,
    clock: &app::clock::Clock,
    client: &reqwest::Client,
    settings: &DeliverySettings,
    worker: &str,
) -> Result<bool, sqlx::Error> {
    let lease = time::Duration::try_from(settings.lease).unwrap_or(time::Duration::MINUTE);
    let (job, secret) = {
        let mut conn = db.pool().acquire().await?;
        let Some(job) = outbox::claim(&mut conn, worker, clock.now(), lease).await? else {
            return Ok(false);
        };
        let secret = outbox::signing_secret(&mut conn, &job.service_id).await?;
        (job, secret)
    };
    let outcome = match secret {
        Some(secret) => attempt(client, &job, &secret, clock.now()).await,
        None => Attempt::Failed("no signing secret".to_owned()),
    };
    let now = clock.now();
    let mut tx = db.begin().await?;
    let journal = |action: &str, outcome: Outcome, said: Option<&str>| AuditEvent {
        target: Some(job.request_id.clone()),
        details: Some(serde_json::json!({
            "job": job.id, "kind": job.kind.as_str(), "attempt": job.attempts, "outcome": said, "worker": worker,
        })),
        ..AuditEvent::new("system", action, outcome)
    };
    let event = match outcome {
        Attempt::Acknowledged => {
            if !outbox::delivered(&mut tx, &job.id, worker, now).await? {
                return Ok(true); // the lease ran out and another worker took the job over
            }
            let kind = match job.kind {
                JobKind::Submission => EventKind::Delivered,
                JobKind::Withdrawal => EventKind::WithdrawalDelivered,
            };
            let line = RequestEvent {
                kind,
                status: None,
                message: None,
                expected_date: None,
                action_required: false,
                at: app::audit::db::timestamp(now),
            };
            requests::add_event(&mut tx, &job.request_id, &line, None).await?;
            if job.kind == JobKind::Submission {
                requests::mark_delivered(&mut tx, &job.request_id, now).await?;
            }
            journal("delivery.acknowledged", Outcome::Success, None)
        }
        Attempt::Refused(said) => {
            if !outbox::dead(&mut tx, &job.id, worker, &said, now).await? {
                return Ok(true);
            }
            tracing::warn!(job = %job.id, %said, "delivery refused by the service: dead-lettered");
            journal("delivery.refused", Outcome::Failure, Some(&said))
        }
        Attempt::Failed(said) => {
            let wait = app::outbox::retry::backoff(job.attempts, rand::random::<f64>());
            let next = now + time::Duration::try_from(wait).unwrap_or(time::Duration::HOUR);
            if app::audit::db::timestamp(next) > job.give_up_at {
                if !outbox::dead(&mut tx, &job.id, worker, &said, now).await? {
                    return Ok(true);
                }
                tracing::warn!(job = %job.id, %said, "delivery given up: dead-lettered");
                journal("delivery.given_up", Outcome::Failure, Some(&said))
            } else {
                if !outbox::retry_at(&mut tx, &job.id, worker, next, &said).await? {
                    return Ok(true);
                }
                journal("delivery.failed", Outcome::Failure, Some(&said))
            }
        }
    };
    app::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(true)
}
