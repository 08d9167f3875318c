//! Cache headers: built files whose name carries a content hash are cached for a year; fonts
//! for a month; other files for an hour; pages and API answers are revalidated every time.

use axum::{
    extract::Request,
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const DEFAULT: &str = "public, max-age=3600";

pub async fn cache_control(request: Request, next: Next) -> Response {
    let policy = policy_for(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let dynamic = content_type.starts_with("text/html") || content_type.starts_with("application/json");
        let policy = if dynamic && policy == DEFAULT {
            "no-cache"
        } else {
            policy
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    response
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
