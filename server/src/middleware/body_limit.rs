//! How much a request may send: the `max_body_bytes` setting for everything but attaching a
//! file, which may carry the largest file a form accepts, and a wizard step sent without
//! script, which carries its answers and its files together (up to three of the largest). A
//! body announced larger is refused before it is read; one that grows larger while streaming
//! is cut off where the limit is.

use app::attachments::api::{AttachFile, UPLOAD_OVERHEAD_BYTES};
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

/// The body limits, in bytes.
#[derive(Clone, Copy, Debug)]
pub struct BodyLimits {
    pub default: usize,
    pub upload: usize,
    pub step: usize,
}

impl BodyLimits {
    pub fn new(default: usize) -> BodyLimits {
        BodyLimits {
            default,
            upload: FILE_MAX_BYTES as usize + UPLOAD_OVERHEAD_BYTES,
            step: default + 3 * (FILE_MAX_BYTES as usize + UPLOAD_OVERHEAD_BYTES),
        }
    }
}

pub async fn limit_body(State(limits): State<BodyLimits>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let (upload, limit) = if path == AttachFile::PATH {
        (true, limits.upload)
    } else if path == SendStep::PATH {
        (true, limits.step)
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
