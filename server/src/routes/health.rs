//! `/healthz` (the process answers) and `/readyz` (the database answers too).

use app::db::Database;
use axum::{Json, extract::State, http::StatusCode};
use serde_json::{Value, json};

/// Alive: the process can answer requests.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// Ready: the database answers; 503 otherwise (the cause goes to the log, not to the caller).
pub async fn readyz(State(db): State<Database>) -> (StatusCode, Json<Value>) {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, Json(json!({ "status": "ok", "database": "ok" }))),
        Err(error) => {
            tracing::warn!(%error, "readiness check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "unavailable", "database": "unreachable" })),
            )
        }
    }
}
