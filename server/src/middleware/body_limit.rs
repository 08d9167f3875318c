//! How much a request may send: the `max_body_bytes` setting for everything but attaching a
//! file, which may carry the largest file a form accepts, and a wizard step sent without
//! script, which carries its answers and its files together (up to three of the largest). A
//! body announced larger is refused before it is read; one that grows larger while streaming
//! is cut off where the limit is.
//!
//! Files are received a bounded number at a time (`max_concurrent_uploads`): one more is
//! answered 503 with `Retry-After` at once, before its body is read, so uploads cannot take
//! every connection and every byte of memory.

use app::admin::manifest_api::MANIFEST_MAX_BYTES;
use app::attachments::UPLOAD_OVERHEAD_BYTES;
use app::drafts::api::AttachFile;
use app::drafts::api::SendStep;
use app::forms::model::FILE_MAX_BYTES;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use leptos::server_fn::ServerFn;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// How long a refused upload is told to wait before it tries again.
const UPLOAD_RETRY_AFTER_SECONDS: &str = "5";

/// The body limits, in bytes, and the uploads being received.
#[derive(Clone, Debug)]
pub struct BodyLimits {
    pub default: usize,
    pub upload: usize,
    pub step: usize,
    uploads: Arc<Semaphore>,
}

impl BodyLimits {
    pub fn new(default: usize, concurrent_uploads: u32) -> BodyLimits {
        BodyLimits {
            default,
            upload: FILE_MAX_BYTES as usize + UPLOAD_OVERHEAD_BYTES,
            step: default + 3 * (FILE_MAX_BYTES as usize + UPLOAD_OVERHEAD_BYTES),
            uploads: Arc::new(Semaphore::new(concurrent_uploads as usize)),
        }
    }
}

pub async fn limit_body(State(limits): State<BodyLimits>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let (upload, limit) = if path == AttachFile::PATH {
        (true, limits.upload)
    } else if path == SendStep::PATH {
        (true, limits.step)
    } else if path == app::feedback::api::AttachScreenshot::PATH {
        (true, app::feedback::model::SCREENSHOT_MAX_BYTES + UPLOAD_OVERHEAD_BYTES)
    } else if path.starts_with("/api/v1/services/") && path.ends_with("/signatures") {
        // A document to sign, in base64 inside its JSON (not an upload: no multipart).
        (false, crate::service_api::signatures::BODY_MAX_BYTES)
    } else if path == app::admin::manifest_api::SaveManifest::PATH {
        // A manifest typed in the console, form-encoded (up to three bytes sent for one kept):
        // the editor itself says when it is too long, and keeps the draft saved before.
        (false, limits.default.max(3 * MANIFEST_MAX_BYTES + 4096))
    } else {
        (false, limits.default)
    };
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let locale = || {
        app::locale::negotiate(
            request
                .headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok()),
        )
    };
    if announced.is_some_and(|length| length > limit) {
        return refusal(StatusCode::PAYLOAD_TOO_LARGE, app::security::body_too_large(locale()));
    }
    // The multipart reader needs a boundary; without one there is nothing to read.
    if upload && !has_boundary(&request) {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            app::security::not_multipart(locale()),
        );
    }
    // Held until the answer is ready: the handler has read the whole body by then.
    let _receiving = if upload {
        match limits.uploads.clone().try_acquire_owned() {
            Ok(permit) => Some(permit),
            Err(_) => {
                let mut refused = refusal(StatusCode::SERVICE_UNAVAILABLE, app::security::uploads_busy(locale()));
                refused.headers_mut().insert(
                    header::RETRY_AFTER,
                    header::HeaderValue::from_static(UPLOAD_RETRY_AFTER_SECONDS),
                );
                return refused;
            }
        }
    } else {
        None
    };
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

fn has_boundary(request: &Request) -> bool {
    let Some(content_type) = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let mut parts = content_type.split(';').map(str::trim);
    parts
        .next()
        .is_some_and(|kind| kind.eq_ignore_ascii_case("multipart/form-data"))
        && parts.any(|p| {
            p.split_once('=').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("boundary") && !value.trim().trim_matches('"').is_empty()
            })
        })
}

fn refusal(status: StatusCode, message: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message).into_response()
}
