//! The HTML document around the application, rendered only by the server.

use crate::App;
use leptos::prelude::*;
use leptos_meta::MetaTags;

/// The full HTML document for a page: head (styles, fonts, hydration scripts), then the app.
///
/// `<html lang>` is set by the i18n provider from the URL's language, so it is not written here.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_security_policy(&options);
    let stylesheet = stylesheet_href(&options);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="theme-color" content="#223654" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <link
                    rel="preload"
                    href="/fonts/open-sans-latin-400-normal.woff2"
                    r#as="font"
                    type="font/woff2"
                    crossorigin=""
                />
                <link rel="stylesheet" href=stylesheet />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The stylesheet's address: `/pkg/<name>.<hash>.css` when cargo-leptos hashed the files.
fn stylesheet_href(options: &LeptosOptions) -> String {
    #[cfg(feature = "ssr")]
    let hash = crate::security::asset_hash(options, "css");
    #[cfg(not(feature = "ssr"))]
    let hash: Option<String> = None;
    match hash {
        Some(hash) => format!("/{}/{}.{hash}.css", options.site_pkg_dir, options.output_name),
        None => format!("/{}/{}.css", options.site_pkg_dir, options.output_name),
    }
}

/// Puts this response's Content-Security-Policy, with its per-request script nonce, in the headers.
#[cfg(feature = "ssr")]
fn set_security_policy(options: &LeptosOptions) {
    use axum::http::{HeaderValue, header::CONTENT_SECURITY_POLICY};
    let Some(nonce) = use_nonce() else {
        tracing::warn!("no nonce: the page keeps the default policy");
        return;
    };
    let live_reload = std::env::var_os("LEPTOS_WATCH").map(|_| options.reload_port);
    let provider = use_context::<crate::auth::session::AuthContext>().and_then(|auth| auth.provider_origin);
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
