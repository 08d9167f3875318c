//! Server functions of requests: submit a draft, list the citizen's requests, show one, and
//! withdraw one. Every call is the signed-in citizen's own: another citizen's request is "not
//! found", the same as an id that does not exist.

use super::model::{Receipt, RequestDetail, RequestSummary, WithdrawalReceipt};
use crate::error::AppError;
use crate::ids::{RequestId, ServiceId};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

#[cfg(feature = "ssr")]
mod detail;
#[cfg(feature = "ssr")]
mod submit;
#[cfg(feature = "ssr")]
mod withdraw;

/// How the portal delivers to services; provided by the server.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct DeliveryPolicy {
    /// How long a delivery is tried before it is dead-lettered.
    pub retry_for: time::Duration,
    /// Wakes this instance's delivery worker when a job is written.
    pub wake: std::sync::Arc<tokio::sync::Notify>,
}

/// Submits the citizen's draft for a service. `idempotency_key` is made by the browser once
/// per submission: a second call with it (a double click, a retry after a timeout, another
/// tab) answers the first request's receipt and files nothing more.
#[server(endpoint = "requests/submit")]
pub async fn submit_request(service: ServiceId, idempotency_key: String) -> Result<Receipt, AppError> {
    let receipt = submit::submit(service, idempotency_key).await;
    // A plain post (no script on the review page): on to the request's own page, which says
    // it is sent; or back to the review with the errors.
    match &receipt {
        Ok(receipt) => {
            crate::api::go_on_with_done(|locale| crate::locale::request_path(locale, &receipt.id, false), FILED)
        }
        Err(error) => crate::api::return_with_error(SubmitRequest::PATH, error),
    }
    crate::api::answer(receipt)
}

/// What a request's page says when a plain post has just filed it.
pub const FILED: &str = "filed";

/// The citizen's requests, for "Mes démarches".
#[server(endpoint = "requests/list")]
pub async fn my_requests() -> Result<Vec<RequestSummary>, AppError> {
    crate::api::answer(detail::list().await)
}

/// One of the citizen's requests: its timeline and the answers sent.
#[server(endpoint = "requests/show")]
pub async fn show_request(id: RequestId) -> Result<RequestDetail, AppError> {
    crate::api::answer(detail::detail(id).await)
}

/// Withdraws one of the citizen's requests that is still open, with an optional reason (blank
/// for none). The service is told through a durable job.
#[server(endpoint = "requests/withdraw")]
pub async fn withdraw_request(id: RequestId, reason: String) -> Result<WithdrawalReceipt, AppError> {
    let receipt = withdraw::withdraw(id, reason).await;
    if receipt.is_ok() {
        crate::api::return_with_done("withdrawn");
    }
    crate::api::answer(receipt)
}

/// The `request` part of what services receive, the same in every delivery of a request.
#[cfg(feature = "ssr")]
fn request_part(id: &str, reference: &str, service: &str, version: u32, submitted_at: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id,
        "reference": reference,
        "service": service,
        "service_version": version,
        "submitted_at": submitted_at,
    })
}
