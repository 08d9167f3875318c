//! The HTML document around the application, rendered only by the server.

use crate::App;
use crate::security::built_file;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// The full HTML document for a page: head (styles, fonts, the page scripts), then the app.
///
/// No page downloads WebAssembly unless it holds an island: `/portal.js` (plain JavaScript,
/// deferred) loads the bundle named in its `data-js`/`data-wasm` only when the page has one,
/// and registers the service worker named in its `data-worker`.
///
/// `<html lang>` is set by the i18n provider from the URL's language, so it is not written here.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    set_security_policy(&options);
    let stylesheet = built_file(&options, "css");
    let bundle = (built_file(&options, "js"), built_file(&options, "wasm"));
    let nonce = use_nonce();
    // The service worker (offline pages, updates): none under `cargo leptos watch`, where
    // `portal.js` removes one left from before, so a developer never sees a stale page.
    let worker = std::env::var_os("LEPTOS_WATCH")
        .is_none()
        .then_some(crate::pwa::WORKER_PATH);
    // Islands mode: what the server renders outside islands is never hydrated, so its
    // resources are not sent again as data (islands turn this back on while they render).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#223654" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link
                    rel="preload"
                    href="/fonts/open-sans-latin-400-normal.woff2"
                    r#as="font"
                    type="font/woff2"
                    crossorigin=""
                />
                <link rel="stylesheet" href=stylesheet />
                <script nonce=nonce.clone()>{HEAD_SCRIPT}</script>
                <script src="/portal.js" defer nonce=nonce data-js=bundle.0 data-wasm=bundle.1
                    data-worker=worker></script>
                <AutoReload options=options.clone() />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Runs before the first paint: marks the page as scripted and drives the menu button.
const HEAD_SCRIPT: &str = include_str!("ui/head.js");

/// Puts this response's Content-Security-Policy, with its per-request script nonce, in the headers.
fn set_security_policy(options: &LeptosOptions) {
    use axum::http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
    let Some(nonce) = use_nonce() else {
        tracing::warn!("no nonce: the page keeps the default policy");
        return;
    };
    let live_reload = std::env::var_os("LEPTOS_WATCH").map(|_| options.reload_port);
    let provider = crate::api::portal()
        .ok()
        .and_then(|portal| portal.auth.provider_origin.clone());
    let policy = crate::security::page_policy(&nonce, live_reload, provider.as_deref());
    match use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<crate::security::PagePolicySlot>().cloned())
    {
        Some(slot) => slot.set(policy.clone()),
        None => tracing::warn!("no policy slot in the request"),
    }
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        tracing::warn!("no response options: the page's policy goes through the slot only");
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
