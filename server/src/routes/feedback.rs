//! `GET /api/admin/feedback/{id}/screenshot`: the screenshot joined to a problem report, for
//! administrators only (the console's board links it); journaled, never cached.

use crate::state::AppState;
use app::audit::{AuditEvent, Outcome};
use app::auth::{model::Role, session::CurrentSession};
use app::ids::FeedbackId;
use axum::{
    Extension, Router,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/feedback/{id}/screenshot", get(screenshot))
}

async fn screenshot(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    Path(id): Path<FeedbackId>,
) -> Response {
    let Some(Extension(session)) = session else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let now = state.portal.auth.clock.now();
    let admin = session.role == Role::Admin;
    let found = async {
        let mut tx = state.portal.db.begin().await?;
        let found = if admin {
            app::feedback::screenshots::of(&mut tx, &id).await?
        } else {
            None
        };
        let outcome = if admin { Outcome::Success } else { Outcome::Denied };
        let event = AuditEvent {
            target: Some(id.to_string()),
            ..AuditEvent::new(session.citizen_id.as_str(), "feedback.screenshot_viewed", outcome)
        };
        app::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(found)
    }
    .await;
    match found {
        Err(error) => {
            tracing::error!(%error, "cannot read a screenshot");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
        Ok(_) if !admin => StatusCode::FORBIDDEN.into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Ok(Some((media_type, content))) => {
            let mut response = content.into_response();
            let headers = response.headers_mut();
            let media_type = HeaderValue::from_str(&media_type).unwrap_or(HeaderValue::from_static("image/png"));
            headers.insert(header::CONTENT_TYPE, media_type);
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            response
        }
    }
}
