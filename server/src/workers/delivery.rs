//! Deliveries to services: a job about a request, sent to the service's endpoint, signed, with
//! its idempotency key. What the service answered decides the job's fate (`jobs::Attempt`).
//!
//! Signature (the service contract): `X-Portal-Signature: t=<unix seconds>,v1=<hex>`, where
//! `<hex>` is HMAC-SHA256, keyed with the service's secret, of `"<t>.<idempotency key>.<body>"`:
//! whoever cannot sign cannot replay a body under another key, nor a key with another body.

use super::jobs::Attempt;
use crate::destinations::{Destinations, refused_by_resolver};
use app::db::Database;
use app::jobs::{About, db::Job};
use std::time::Duration;
use time::OffsetDateTime;

/// The HTTP client deliveries go out with: one attempt may take `timeout`; redirects are never
/// followed, and names resolve only to addresses the destination rules allow.
pub fn client(timeout: Duration, destinations: &Destinations) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(crate::destinations::resolver(destinations))
        .build()
}

/// The signature header's value for the delivery `key` with `body`, at `at`.
pub fn signature(secret: &str, at: i64, key: &str, body: &str) -> String {
    crate::signing::sign(secret, at, &[key, body])
}

/// Delivers a job about a request to its service, signed with the service's key; a destination
/// the rules refuse (plain HTTP outside development, an address inside the network) is refused
/// for good, before anything is sent.
pub async fn deliver(
    client: &reqwest::Client,
    destinations: &Destinations,
    db: &Database,
    job: &Job,
    now: OffsetDateTime,
) -> Result<Attempt, sqlx::Error> {
    if let Err(problem) = destinations.check(&job.destination) {
        return Ok(Attempt::Refused(format!("destination refused ({problem:?})")));
    }
    let About::Request(request) = &job.about else {
        return Ok(Attempt::Refused("not a request".to_owned()));
    };
    let secret = app::requests::db::signing_secret_of(&mut *db.pool().acquire().await?, request).await?;
    Ok(match secret {
        Some(secret) => attempt(client, job, &secret, now).await,
        None => Attempt::Failed("no signing secret".to_owned()),
    })
}

/// Sends one job: 2xx is acknowledged; a redirect, a 4xx other than 408 and 429, or a host
/// that resolves only inside the network is refused for good; anything else (5xx, 408, 429,
/// timeout, no connection) is worth trying again.
pub async fn attempt(client: &reqwest::Client, job: &Job, secret: &str, now: OffsetDateTime) -> Attempt {
    let response = client
        .post(&job.destination)
        .header("content-type", "application/json")
        .header("idempotency-key", &job.id)
        .header(
            "x-portal-signature",
            signature(secret, now.unix_timestamp(), &job.id, &job.body),
        )
        .body(job.body.clone())
        .send()
        .await;
    match response {
        Ok(response) if response.status().is_success() => Attempt::Acknowledged,
        Ok(response) => {
            let status = response.status();
            let said = format!("HTTP {}", status.as_u16());
            if status.is_redirection() {
                Attempt::Refused(format!("{said} (redirects are not followed)"))
            } else if status.is_client_error() && status.as_u16() != 408 && status.as_u16() != 429 {
                Attempt::Refused(said)
            } else {
                Attempt::Failed(said)
            }
        }
        Err(error) if refused_by_resolver(&error) => {
            Attempt::Refused("destination refused (resolves inside the network)".to_owned())
        }
        Err(error) if error.is_timeout() => Attempt::Failed("timeout".to_owned()),
        Err(_) => Attempt::Failed("no connection".to_owned()),
    }
}
