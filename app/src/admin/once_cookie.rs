//! A secret shown once to a page without script after a plain form post (a service team's new
//! token, a new service's signing key): carried by a short-lived `HttpOnly` cookie that the
//! page it lands on reads once and clears. Never in an address, never in the journal.

/// How long the cookie lives: enough for the redirect that follows the post.
const MAX_AGE_SECONDS: u32 = 120;

/// The cookie's name under the portal's settings (`__Host-` over HTTPS).
pub fn cookie_name(name: &str, secure: bool) -> String {
    match secure {
        true => format!("__Host-{name}"),
        false => name.to_owned(),
    }
}

fn set(name: &str, value: &str, max_age: u32) {
    let (Some(response), Ok(portal)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        crate::api::portal(),
    ) else {
        return;
    };
    let secure = portal.auth.secure_cookies;
    let cookie = format!(
        "{}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{}",
        cookie_name(name, secure),
        if secure { "; Secure" } else { "" }
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&cookie) {
        response.append_header(axum::http::header::SET_COOKIE, value);
    }
}

/// Gives `secret` (the portal's own 64 hexadecimal digits) to the next page read.
pub fn give(name: &str, secret: &str) {
    set(name, secret, MAX_AGE_SECONDS);
}

/// The secret given to this page, if any, and the cookie cleared: read once.
pub fn take(name: &str) -> Option<String> {
    let secure = crate::api::portal().ok()?.auth.secure_cookies;
    let full_name = cookie_name(name, secure);
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    let secret = parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == full_name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()))?;
    set(name, "", 0);
    Some(secret)
}
