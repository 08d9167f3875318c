//! `GET /api/v1/services/{id}/requests/{reference}/files/{file}`: a service fetches a file its
//! request carries. The delivery names each file (`id`, `name`, `size`, `media_type`); the
//! content stays in the portal until the service asks for it with its token. Every fetch is
//! journaled.

use super::{ApiError, Caller, Fault};
use crate::state::AppState;
use app::audit::{AuditEvent, Outcome};
use app::ids::ServiceId;
use axum::{
    extract::{Path, State},
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// `filename*=` of RFC 6266 / 8187: UTF-8, every byte but unreserved ones percent-encoded.
pub fn filename(name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("filename*=UTF-8''{encoded}")
}

fn disposition(name: &str) -> String {
    format!("attachment; {}", filename(name))
}

pub(super) async fn fetch(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, reference, file)): Path<(ServiceId, String, String)>,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "request.file").await?;
    let db_error = ApiError::database(locale);
    let mut conn = super::connection(&state, locale).await?;
    let Some((found, sha256, content)) = app::attachments::db::of_request(&mut conn, &id, &reference, &file)
        .await
        .map_err(db_error)?
    else {
        return Err(ApiError::new(Fault::NoSuchFile, locale));
    };
    drop(conn);
    let event = AuditEvent {
        details: Some(json!({ "file": found.id })),
        ..AuditEvent::new(format!("service:{id}"), "request.file", Outcome::Success)
    }
    .about_request(id.as_str(), &reference);
    super::record(&state, &event, locale).await?;
    let mut response = content.into_response();
    let headers = response.headers_mut();
    let media_type =
        HeaderValue::from_str(&found.media_type).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, media_type);
    if let Ok(value) = HeaderValue::from_str(&disposition(&found.name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(value) = HeaderValue::from_str(&sha256) {
        headers.insert("x-content-sha256", value);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_travel_as_utf8_without_breaking_the_header() {
        assert_eq!(disposition("preuve.pdf"), "attachment; filename*=UTF-8''preuve.pdf");
        assert_eq!(
            disposition("relevé d’août.pdf"),
            "attachment; filename*=UTF-8''relev%C3%A9%20d%E2%80%99ao%C3%BBt.pdf"
        );
        assert_eq!(disposition("a\";b.pdf"), "attachment; filename*=UTF-8''a%22%3Bb.pdf");
    }
}
