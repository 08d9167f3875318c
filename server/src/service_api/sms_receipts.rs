//! `POST /api/v1/sms/receipts`: the SMS gateway says what became of a message it accepted.
//! The body is `{"id": "<the gateway's id>", "status": "delivered" | "failed"}`, signed with
//! the receipt key: `X-Gateway-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`,
//! at most 5 minutes old. A failure marks the number and sends the notice on the citizen's next
//! channel. The same receipt twice is applied once.

use crate::state::AppState;
use app::notifications::delivery::{Receipt, receipt};
use app::notifications::model::Channel;
use axum::{
    Json,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

/// How old a signed receipt may be.
const FRESHNESS_SECONDS: i64 = 300;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptBody {
    id: String,
    status: String,
    /// When the gateway learned it (informative).
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "accepted as the contract allows it; the portal keeps its own time"
    )]
    at: Option<String>,
}

fn refuse(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

pub async fn receive(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(secret) = &state.sms_receipt_secret else {
        return refuse(StatusCode::NOT_FOUND, "no_sms_gateway");
    };
    let now = state.portal.auth.clock.now();
    let header = headers
        .get("x-gateway-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let text = std::str::from_utf8(&body).unwrap_or_default();
    if !crate::signing::verify(
        secret.expose(),
        header,
        &[text],
        now.unix_timestamp(),
        FRESHNESS_SECONDS,
    ) {
        tracing::warn!("SMS receipt refused: bad or missing signature");
        return refuse(StatusCode::UNAUTHORIZED, "bad_signature");
    }
    let Ok(parsed) = serde_json::from_slice::<ReceiptBody>(&body) else {
        return refuse(StatusCode::BAD_REQUEST, "malformed");
    };
    let said = match parsed.status.as_str() {
        "delivered" => Receipt::Delivered,
        "failed" => Receipt::Failed,
        _ => return refuse(StatusCode::UNPROCESSABLE_ENTITY, "unknown_status"),
    };
    let policy = &state.portal.deliveries;
    let applied = async {
        let mut tx = state.portal.db.begin().await?;
        let found = receipt(
            &mut tx,
            Channel::Sms,
            &parsed.id,
            said,
            state.portal.notify_schedule(),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(found)
    }
    .await;
    match applied {
        Ok(true) => {
            policy.wake.notify_one();
            (
                StatusCode::OK,
                Json(json!({ "id": parsed.id, "status": parsed.status })),
            )
                .into_response()
        }
        Ok(false) => refuse(StatusCode::NOT_FOUND, "no_such_message"),
        Err(error) => {
            tracing::error!(%error, "SMS receipt not applied");
            refuse(StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        }
    }
}
