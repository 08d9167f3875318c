//! Sends `/` to the home page in the visitor's language and unknown language prefixes to
//! French, before routing (the rules are in `app::locale::redirect_for`).

use axum::{
    extract::Request,
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub async fn language_redirect(request: Request, next: Next) -> Response {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let accept_language = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let Some(mut target) = app::locale::redirect_for(request.uri().path(), accept_language) else {
        return next.run(request).await;
    };
    if let Some(query) = request.uri().query() {
        target = format!("{target}?{query}");
    }
    match HeaderValue::from_str(&target) {
        Ok(location) => (
            StatusCode::FOUND,
            [
                (header::LOCATION, location),
                (header::VARY, HeaderValue::from_static("Accept-Language")),
            ],
        )
            .into_response(),
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}
