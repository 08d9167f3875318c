//! `GET /api/admin/feedback/{id}/screenshot`: the screenshot joined to a problem report, for
//! administrators only (the console's board links it); journaled, never cached.
//! `GET /api/admin/feedback.csv?kind=…&status=…&language=…&from=…&until=…`: the board's view
//! as CSV, every item it matches (up to 10,000), administrators only, journaled.

use crate::state::AppState;
use app::audit::{AuditEvent, Outcome};
use app::auth::{model::Role, session::CurrentSession};
use app::ids::FeedbackId;
use axum::{
    Extension, Router,
    extract::{Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/feedback/{id}/screenshot", get(screenshot))
        .route("/api/admin/feedback.csv", get(export))
}

/// The most items one export holds.
const EXPORT_MAX: i64 = 10_000;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct BoardQuery {
    kind: String,
    status: String,
    language: String,
    from: String,
    until: String,
    lang: String,
}

async fn export(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    Query(asked): Query<BoardQuery>,
) -> Response {
    use app::i18n::{Locale, td_string};
    let locale = if asked.lang == "en" { Locale::en } else { Locale::fr };
    let plain = crate::routes::journal::refusal;
    let Some(Extension(session)) = session else {
        return plain(StatusCode::UNAUTHORIZED, td_string!(locale, journal.export.signed_out));
    };
    let Ok(filter) = app::feedback::api::triage::board_filter(
        &asked.kind,
        &asked.status,
        &asked.language,
        &asked.from,
        &asked.until,
    ) else {
        return plain(
            StatusCode::UNPROCESSABLE_ENTITY,
            td_string!(locale, journal.export.invalid),
        );
    };
    let admin = session.role == Role::Admin;
    let now = state.portal.auth.clock.now();
    let read = async {
        let mut tx = state.portal.db.begin().await?;
        let event = match admin {
            true => AuditEvent {
                details: Some(serde_json::json!({
                    "kind": asked.kind, "status": asked.status, "language": asked.language,
                    "from": asked.from, "until": asked.until,
                })),
                ..session.acting().event("feedback.export", Outcome::Success)
            },
            false => AuditEvent {
                target: Some("feedback.export".to_owned()),
                ..session.acting().event("admin.access", Outcome::Denied)
            },
        };
        app::audit::db::record(&mut tx, &event, now).await?;
        let items = match admin {
            true => app::feedback::db::board(&mut tx, &filter, EXPORT_MAX).await?,
            false => Vec::new(),
        };
        tx.commit().await?;
        Ok::<_, sqlx::Error>(items)
    }
    .await;
    let items = match read {
        Err(error) => {
            tracing::error!(%error, "cannot export the board");
            return plain(
                StatusCode::SERVICE_UNAVAILABLE,
                td_string!(locale, journal.export.unavailable),
            );
        }
        Ok(_) if !admin => return plain(StatusCode::FORBIDDEN, td_string!(locale, journal.export.forbidden)),
        Ok(items) => items,
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record([
        "id",
        "kind",
        "status",
        "votes",
        "language",
        "title",
        "body",
        "answer_fr",
        "answer_en",
        "created_at",
        "updated_at",
        "signed_in",
        "reopened",
        "page",
        "browser",
        "screenshot",
    ]);
    use crate::routes::journal::neutral;
    for board in &items {
        let item = &board.item;
        let answer = item.answer.as_ref();
        let _ = writer.write_record([
            item.id.to_string(),
            item.kind.as_str().to_owned(),
            item.status.as_str().to_owned(),
            board.votes.to_string(),
            board.language.clone(),
            neutral(&item.title),
            neutral(&item.body),
            neutral(answer.map_or("", |a| a.fr.as_str())),
            neutral(answer.map_or("", |a| a.en.as_str())),
            item.created_at.to_string(),
            item.updated_at.to_string(),
            board.signed_in.to_string(),
            board.reopened.to_string(),
            neutral(board.page.as_deref().unwrap_or_default()),
            neutral(board.browser.as_deref().unwrap_or_default()),
            board.screenshot.to_string(),
        ]);
    }
    let mut response = writer.into_inner().unwrap_or_default().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"problemes-et-idees.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
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
