//! The answer when a handler panics: a 500 page in both languages (the language of the page
//! that failed is not known any more), with the texts of the app's 500 page from `locales/`.

use axum::{
    body::Body,
    http::{Response, StatusCode, header},
};
use std::{any::Any, sync::LazyLock};

static PAGE: LazyLock<String> = LazyLock::new(|| {
    let section = |json: &str| -> serde_json::Value {
        serde_json::from_str::<serde_json::Value>(json)
            .map(|v| v["server_error"].clone())
            .unwrap_or_default()
    };
    let fr = section(include_str!("../../../locales/fr/site.json"));
    let en = section(include_str!("../../../locales/en/site.json"));
    let text = |v: &serde_json::Value, key: &str| v[key].as_str().unwrap_or_default().to_owned();
    let block = |lang: &str, v: &serde_json::Value, home: &str| {
        format!(
            "<section lang=\"{lang}\"><h1>{}</h1><p>{}</p><p><a href=\"{home}\">{}</a></p></section>",
            text(v, "heading"),
            text(v, "text"),
            text(v, "home_link")
        )
    };
    format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} | {}</title></head><body><main>{}{}</main></body></html>",
        text(&fr, "title"),
        text(&en, "title"),
        block("fr", &fr, "/fr"),
        block("en", &en, "/en"),
    )
});

/// Used by `CatchPanicLayer`; the panic itself is logged, never shown.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = detail, "a request handler panicked");
    let mut response = Response::new(Body::from(PAGE.as_str()));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}
