//! Cross-site request forgery: a state-changing request (any method but GET, HEAD, OPTIONS) is
//! refused unless its `Origin` — or, when a browser sends none, its `Referer` — is the portal
//! itself. This comes on top of `SameSite=Lax` session cookies.

use super::SharedIdentity;
use axum::{
    extract::{Request, State},
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub async fn refuse_cross_site(State(identity): State<SharedIdentity>, request: Request, next: Next) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || is_service_call(request.uri().path(), request.headers())
    {
        return next.run(request).await;
    }
    if same_origin(request.headers(), &identity.public_origin) {
        return next.run(request).await;
    }
    tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site request refused");
    let accept_language = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let locale = app::locale::negotiate(accept_language);
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        app::security::cross_site_refusal(locale),
    )
        .into_response()
}

/// A service team's call: a Bearer token, or the service API's address, and no cookie. Without
/// a cookie there is no ambient authority for a forged request to borrow; the service API
/// answers 401 itself to a call without a valid token.
fn is_service_call(path: &str, headers: &HeaderMap) -> bool {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer"));
    (bearer || path.starts_with("/api/v1/")) && !headers.contains_key(header::COOKIE)
}

/// Whether the request says it comes from the portal: its origin is the public URL's, or the
/// address the request was sent to (`Host`), which a page on another site cannot make its own.
fn same_origin(headers: &HeaderMap, public_origin: &str) -> bool {
    let claimed = headers
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .filter(|origin| *origin != "null")
        .map(str::to_owned)
        .or_else(|| {
            let referer = headers.get(header::REFERER)?.to_str().ok()?;
            Some(url::Url::parse(referer).ok()?.origin().ascii_serialization())
        });
    let Some(claimed) = claimed else { return false };
    if claimed == public_origin {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    let claimed_host = url::Url::parse(&claimed)
        .ok()
        .map(|url| match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => String::new(),
        });
    matches!((host, claimed_host), (Some(host), Some(claimed)) if !claimed.is_empty() && host == claimed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn only_the_portal_itself_may_change_state() {
        let public = "https://portail.example";
        assert!(same_origin(
            &headers(&[(header::ORIGIN, "https://portail.example")]),
            public
        ));
        assert!(same_origin(
            &headers(&[(header::REFERER, "https://portail.example/fr/profil")]),
            public
        ));
        assert!(same_origin(
            &headers(&[
                (header::ORIGIN, "http://127.0.0.1:3100"),
                (header::HOST, "127.0.0.1:3100")
            ]),
            public
        ));
        assert!(!same_origin(
            &headers(&[(header::ORIGIN, "https://evil.example")]),
            public
        ));
        assert!(!same_origin(
            &headers(&[
                (header::ORIGIN, "https://evil.example"),
                (header::HOST, "portail.example")
            ]),
            public
        ));
        assert!(!same_origin(&headers(&[(header::ORIGIN, "null")]), public));
        assert!(!same_origin(&headers(&[]), public));
        assert!(!same_origin(&headers(&[(header::REFERER, "not a url")]), public));
    }

    #[test]
    fn service_calls_carry_a_token_and_no_cookie() {
        assert!(is_service_call(
            "/api/profile",
            &headers(&[(header::AUTHORIZATION, "Bearer abc")])
        ));
        assert!(!is_service_call(
            "/api/v1/services/x",
            &headers(&[(header::AUTHORIZATION, "Bearer abc"), (header::COOKIE, "x=1")])
        ));
        assert!(is_service_call("/api/v1/services/x", &headers(&[])));
        assert!(!is_service_call("/api/profile", &headers(&[])));
        assert!(!is_service_call(
            "/api/v1/services/x",
            &headers(&[(header::COOKIE, "x=1")])
        ));
    }
}
