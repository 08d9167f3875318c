//! Security headers on every response. Rendered pages set their own Content-Security-Policy
//! with the hydration nonce (see `app::shell`); everything else gets the strict default.

use app::security::PagePolicySlot;
use axum::{
    extract::{Request, State},
    http::{HeaderName, HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// Whether HSTS is sent: only when citizens reach the portal over HTTPS.
#[derive(Clone, Copy, Debug)]
pub struct Hsts(pub bool);

pub async fn security_headers(State(Hsts(hsts)): State<Hsts>, mut request: Request, next: Next) -> Response {
    let page_policy = PagePolicySlot::default();
    request.extensions_mut().insert(page_policy.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        // A rendered page whose own header was lost on the way still gets its policy.
        match page_policy.get().and_then(|policy| HeaderValue::from_str(&policy).ok()) {
            Some(policy) => {
                headers.insert(header::CONTENT_SECURITY_POLICY, policy);
            }
            None => set(headers, header::CONTENT_SECURITY_POLICY, app::security::DEFAULT_POLICY),
        }
    }
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(
        headers,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    set(
        headers,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    );
    if hsts {
        set(
            headers,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        );
    }
    response
}
