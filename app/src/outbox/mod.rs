//! The outbox: deliveries to services written in the same transaction as what they announce
//! (a submission, a withdrawal), then carried by a worker until the service acknowledges them.
//! Nothing is lost if the portal stops between the two; the job's id is the `Idempotency-Key`
//! that protects the service when a delivery is repeated.

#[cfg(feature = "ssr")]
pub mod db;
pub mod retry;
