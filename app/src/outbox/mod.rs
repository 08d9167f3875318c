//! The outbox: deliveries to services written in the same transaction as what they announce
//! (a submission, a withdrawal), then carried by a worker until the service acknowledges them.
//! Nothing is lost if the portal stops between the two; the job's id is the `Idempotency-Key`
//! that protects the service when a delivery is repeated.

#[cfg(feature = "ssr")]
pub mod db;
pub mod retry;

use serde::{Deserialize, Serialize};

/// A delivery that ended without the service's acknowledgement (refused, or tried for too
/// long), as administrators see it before replaying it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub id: String,
    pub reference: String,
    pub service_id: String,
    /// `submission` or `withdrawal`.
    pub kind: String,
    pub attempts: u32,
    /// What the last attempt came to: "HTTP 422", "timeout"; never a body.
    pub last_error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}
