//! Cache headers: built files whose name carries a content hash are cached for a year; fonts
//! for a month; other files for an hour; a guest's pages are revalidated every time; a
//! signed-in person's pages and every API answer are never stored (a phone shared in a family
//! must never show one person's page to another).

use crate::identity::sessions::{SECURE_SESSION_COOKIE, SESSION_COOKIE};
use axum::{
    extract::Request,
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const DEFAULT: &str = "public, max-age=3600";

/// Not stored anywhere: what a signed-in person sees, and every answer of an API.
const PRIVATE: &str = "no-store, private";

pub async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let policy = policy_for(path);
    let personal = path.starts_with("/api/") || carries_session(&request);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let dynamic = content_type.starts_with("text/html") || content_type.starts_with("application/json");
        let policy = match (dynamic, personal) {
            (true, true) => PRIVATE,
            (true, false) if policy == DEFAULT => "no-cache",
            _ => policy,
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
}

/// Whether the request carries a session cookie, valid or not: its answer may be someone's own.
fn carries_session(request: &Request) -> bool {
    request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|pair| pair.trim().split_once('=').map(|(name, _)| name))
        .any(|name| name == SESSION_COOKIE || name == SECURE_SESSION_COOKIE)
}

fn policy_for(path: &str) -> &'static str {
    if path.starts_with("/pkg/") && has_content_hash(path) {
        IMMUTABLE
    } else if path.starts_with("/fonts/") {
        "public, max-age=2592000"
    } else if path == "/healthz" || path == "/readyz" || path == "/metrics" {
        "no-store"
    } else {
        DEFAULT
    }
}

/// `name.<hash>.ext`, where cargo-leptos's hash is long and alphanumeric.
fn has_content_hash(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let mut parts = file.rsplit('.');
    let (_ext, hash) = (parts.next(), parts.next());
    parts.next().is_some()
        && hash.is_some_and(|h| h.len() >= 8 && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hashed_built_files_are_immutable() {
        assert_eq!(policy_for("/pkg/portal.Xy3kq0a9b8c7d6e5.wasm"), IMMUTABLE);
        assert_eq!(policy_for("/pkg/portal.0123456789abcdef.css"), IMMUTABLE);
        assert_ne!(policy_for("/pkg/portal.wasm"), IMMUTABLE);
        assert_ne!(policy_for("/pkg/portal_bg.wasm"), IMMUTABLE);
        assert_ne!(policy_for("/favicon.svg"), IMMUTABLE);
        assert_eq!(policy_for("/healthz"), "no-store");
    }
}
