//! What every server function uses on the server: the context the server provides, and how an
//! error reaches the client with its HTTP status.

use crate::error::AppError;
use leptos::prelude::use_context;

/// A value the server provided to pages and server functions (database, clock, settings).
pub fn context<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    use_context::<T>().ok_or_else(|| {
        tracing::error!(missing = std::any::type_name::<T>(), "context not provided");
        AppError::Internal
    })
}

/// Passes a server function's result through, giving an error its HTTP status (401, 403, 422…)
/// instead of the blanket 500 of the server-function machinery.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && let Some(response) = use_context::<leptos_axum::ResponseOptions>()
        && let Ok(status) = axum::http::StatusCode::from_u16(error.status_code())
    {
        response.set_status(status);
    }
    result
}

/// After a plain HTML form post (no script ran: the browser asks for HTML), sends the browser
/// back to the page it came from with `?done=<what>`, so that page can say it is done (post,
/// redirect, get). A call from a script gets the function's value instead, as always.
pub fn return_with_done(what: &str) {
    use axum::http::header::{ACCEPT, REFERER};
    let Some(parts) = use_context::<axum::http::request::Parts>() else {
        return;
    };
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if !header(ACCEPT).is_some_and(|accept| accept.contains("text/html")) {
        return;
    }
    if let Some(path) = header(REFERER).and_then(own_path) {
        leptos_axum::redirect(&format!("{path}?{}={what}", crate::ui::DONE));
    }
}

/// The path of an address on this site, without its query: never another site's.
fn own_path(referer: &str) -> Option<&str> {
    let after_scheme = referer.split_once("://").map_or(referer, |(_, rest)| rest);
    let path = &after_scheme[after_scheme.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    (path.starts_with('/') && !path.starts_with("//") && !path.contains('\\')).then_some(path)
}

#[cfg(test)]
mod tests {
    use super::own_path;

    #[test]
    fn only_a_path_of_this_site_is_kept() {
        assert_eq!(
            own_path("http://127.0.0.1:3000/fr/profil?__err=x#top"),
            Some("/fr/profil")
        );
        assert_eq!(own_path("https://sante.quebec/en/profile"), Some("/en/profile"));
        assert_eq!(own_path("https://sante.quebec"), None);
        assert_eq!(own_path("https://sante.quebec//evil.example/x"), None);
        assert_eq!(own_path("https://sante.quebec/\\evil.example"), None);
    }
}
