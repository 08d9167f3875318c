//! What every server function uses on the server: the context the server provides, and how an
//! error reaches the client with its HTTP status.

use crate::error::AppError;
use leptos::prelude::use_context;

/// What the server gives every page and server function, built once at start (the server's
/// `state.rs`) and provided as one context: the database, the sign-in rules and clock, the
/// policies from the settings, and the caches.
#[derive(Clone, Debug)]
pub struct Portal {
    pub db: crate::db::Database,
    pub auth: crate::auth::session::AuthContext,
    pub drafts: crate::drafts::api::DraftPolicy,
    pub deliveries: crate::requests::api::DeliveryPolicy,
    /// The home page's tiles, cleared when a tile changes.
    pub tiles: crate::catalogue::db::TileCache,
    /// The home page's "Nouveautés", cleared when one is published.
    pub news: crate::fresh::Fresh<Vec<crate::notifications::model::Announcement>>,
    /// The health information pages on show (the home page's), cleared when one changes.
    pub health: crate::fresh::Fresh<Vec<crate::health::api::HealthPageItem>>,
    /// The manifest versions read so far.
    pub manifests: crate::catalogue::db::ManifestCache,
    /// Where a service's endpoints may send health data (checked at every publication).
    pub destinations: crate::catalogue::destinations::Destinations,
    /// The channels beyond the inbox (the e-mail of a verification code goes out at once).
    pub channels: crate::notifications::channels::Channels,
    /// Signs the feedback form's ticket and hashes senders' addresses (one key for every node).
    pub feedback: crate::feedback::tickets::TicketKey,
    /// Seals the documents citizens sign; none when the operator configured no seal (the
    /// portal then takes no document to sign).
    pub seal: Option<std::sync::Arc<crate::signatures::seal::Seal>>,
}

impl Portal {
    /// When the channels beyond the inbox hear of a notification: after the folding time, tried
    /// as long as deliveries are.
    pub fn notify_schedule(&self) -> crate::notifications::delivery::Schedule {
        crate::notifications::delivery::Schedule {
            retry_for: self.deliveries.retry_for,
            fold: self.channels.timing.fold,
        }
    }
}

/// The portal's context, for a server function or a page rendering on the server.
pub fn portal() -> Result<std::sync::Arc<Portal>, AppError> {
    context()
}

/// A value the server provided to pages and server functions.
fn context<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    use_context::<T>().ok_or_else(|| {
        tracing::error!(missing = std::any::type_name::<T>(), "context not provided");
        AppError::Internal
    })
}

/// Passes a server function's result through, giving an error its HTTP status (401, 403, 422…)
/// instead of the blanket 500 of the server-function machinery. A plain HTML form post keeps
/// its redirect back to the page, which shows the error: a browser does not follow a 422.
pub fn answer<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result
        && posted_from().is_none()
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
    return_with_done_and(what, &[]);
}

/// Like [`return_with_done`], with more of the query (`name=value`, encoded) for that page.
pub fn return_with_done_and(what: &str, more: &[(&str, &str)]) {
    if let Some(path) = posted_from() {
        leptos_axum::redirect(&format!("{path}?{}={what}{}", crate::ui::DONE, query_of(more)));
    }
}

fn query_of(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| format!("&{name}={}", crate::auth::model::encode_path(value)))
        .collect()
}

/// A value of the query of the page a plain HTML form post came from, as written there (for
/// values that need no decoding, such as the portal's own tokens).
pub fn posted_query(name: &str) -> Option<String> {
    let parts = use_context::<axum::http::request::Parts>()?;
    let referer = parts.headers.get(axum::http::header::REFERER)?.to_str().ok()?;
    let query = referer.split_once('?')?.1.split('#').next()?;
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// After a plain HTML form post that failed, sends the browser back to the page it came from
/// with the error in the address (`__path`, `__err`), which that page's `ServerAction` of the
/// function reads. An earlier post's error in the address is dropped, not repeated.
pub fn return_with_error(function: &str, error: &AppError) {
    return_with_error_keeping(function, error, &[]);
}

/// Like [`return_with_error`], keeping `kept` in the page's query.
pub fn return_with_error_keeping(function: &str, error: &AppError, kept: &[(&str, &str)]) {
    use leptos::server_fn::error::ServerFnUrlError;
    let Some(path) = posted_from() else {
        return;
    };
    if let Ok(url) = ServerFnUrlError::new(function, error.clone()).to_url(&format!("http://portal{path}")) {
        let kept: String = query_of(kept);
        leptos_axum::redirect(&format!("{}?{}{kept}", url.path(), url.query().unwrap_or_default()));
    }
}

/// After a plain HTML form post that succeeded, sends the browser to another page of the site
/// with `?done=<what>`, in the language of the page the post came from. A call from a script
/// gets the function's value, as always.
pub fn go_on_with_done(page: impl FnOnce(crate::i18n::Locale) -> String, what: &str) {
    if let Some(from) = posted_from() {
        let locale = crate::locale::locale_of_path(&from).unwrap_or_default();
        leptos_axum::redirect(&format!("{}?{}={what}", page(locale), crate::ui::DONE));
    }
}

/// The page a plain HTML form post came from (its path, without query), when this call is one.
fn posted_from() -> Option<String> {
    use axum::http::header::{ACCEPT, REFERER};
    let parts = use_context::<axum::http::request::Parts>()?;
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    if !header(ACCEPT).is_some_and(|accept| accept.contains("text/html")) {
        return None;
    }
    header(REFERER).and_then(own_path).map(str::to_owned)
}

/// The path of an address on this site, without its query: never another site's.
pub(crate) fn own_path(referer: &str) -> Option<&str> {
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
