//! A citizen's documents to sign, as files: `/signatures/{id}/document.pdf` (as the service sent
//! it; `?inline=1` to read it in the browser) and `/signatures/{id}/signed.pdf` (sealed, once
//! signed). Only their citizen gets them; never cached.

use crate::service_api::signatures::pdf_response;
use crate::state::AppState;
use app::auth::session::CurrentSession;
use app::ids::SignatureId;
use app::signatures::db as signatures;
use axum::{
    Extension, Router,
    extract::{Path, Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signatures/{id}/document.pdf", get(document))
        .route("/signatures/{id}/signed.pdf", get(signed))
}

#[derive(Deserialize)]
struct Shown {
    inline: Option<String>,
}

async fn document(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    Path(id): Path<SignatureId>,
    Query(shown): Query<Shown>,
) -> Response {
    file(&state, session, &id, false, shown.inline.is_some()).await
}

async fn signed(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    Path(id): Path<SignatureId>,
) -> Response {
    file(&state, session, &id, true, false).await
}

async fn file(
    state: &AppState,
    session: Option<Extension<CurrentSession>>,
    id: &SignatureId,
    sealed: bool,
    inline: bool,
) -> Response {
    let Some(Extension(session)) = session else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let found = async {
        let mut conn = state.portal.db.pool().acquire().await?;
        let Some(stored) = signatures::of_citizen(&mut conn, &session.acting().subject, id).await? else {
            return Ok(None);
        };
        let content = signatures::bytes(&mut conn, id, sealed).await?;
        Ok::<_, sqlx::Error>(content.map(|content| (stored, content)))
    }
    .await;
    let (stored, content) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(%error, "cannot read a document to sign");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let sha256 = if sealed {
        stored.signed_sha256.clone()
    } else {
        Some(stored.document_sha256.clone())
    };
    let name = match sealed {
        false => stored.document_name.clone(),
        true => format!("{}-signe.pdf", stored.document_name.trim_end_matches(".pdf")),
    };
    let mut response = pdf_response(content, sha256.as_deref());
    let disposition = if inline { "inline" } else { "attachment" };
    if let Ok(value) = HeaderValue::from_str(&format!("{disposition}; {}", crate::service_api::filename(&name))) {
        response.headers_mut().insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
