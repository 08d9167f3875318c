//! The portal as an installable app: its web app manifest in each language, the page the
//! service worker shows with no network, and the banner that offers a new version.
//!
//! The worker itself is plain JavaScript served by the server (`server/src/routes/pwa.rs`),
//! which writes into it the list of files it keeps and the version they make.

#[cfg(feature = "ssr")]
mod manifest;
mod offline_page;
mod update_banner;

#[cfg(feature = "ssr")]
pub use manifest::manifest;
pub use offline_page::OfflinePage;
pub use update_banner::UpdateBanner;

use crate::i18n::{Locale, use_i18n};
use crate::locale::Page;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// Links the page to the manifest of its language.
#[component]
pub fn ManifestLink() -> impl IntoView {
    let i18n = use_i18n();
    view! { <leptos_meta::Link rel="manifest" href=manifest_path(i18n.get_locale_untracked()) /> }
}

/// The service worker's address: at the root, so that its scope is the whole site.
pub const WORKER_PATH: &str = "/sw.js";

/// The address of the manifest in a language (`/fr/manifest.webmanifest`).
pub fn manifest_path(locale: Locale) -> String {
    format!("/{}/manifest.webmanifest", locale.as_str())
}

/// The pages the worker keeps from its installation, as a guest sees them: each language's
/// home page (the installed app opens on it) and offline page.
pub fn precached_pages() -> Vec<String> {
    Locale::get_all()
        .iter()
        .flat_map(|&locale| [Page::Home.path(locale), Page::Offline.path(locale)])
        .collect()
}
