//! The web app manifest of one language: what a phone shows when the portal is installed on
//! its home screen, and where the app opens.

use crate::i18n::{Locale, td_string};
use crate::locale::Page;
use leptos_i18n::Locale as _;
use serde_json::{Value, json};

/// The design tokens' colours (`style/main.css`): the header band (`--color-blue-dark`), the
/// page (`--color-white`).
const THEME_COLOUR: &str = "#223654";
const BACKGROUND_COLOUR: &str = "#ffffff";

/// The manifest in `locale`: its names and description, the home page in that language as
/// the start and the language's pages as the scope, the icons, and shortcuts to the person's
/// requests and to help.
pub fn manifest(locale: Locale) -> Value {
    let home = Page::Home.path(locale);
    let icon = |size: u32, purpose: &str| {
        let suffix = if purpose == "maskable" { "-maskable" } else { "" };
        json!({
            "src": format!("/icons/icon-{size}{suffix}.png"),
            "sizes": format!("{size}x{size}"),
            "type": "image/png",
            "purpose": purpose,
        })
    };
    let shortcut = |page: Page, name: &str| {
        json!({
            "name": name,
            "url": page.path(locale),
            "icons": [{ "src": "/icons/icon-192.png", "sizes": "192x192", "type": "image/png" }],
        })
    };
    json!({
        "id": home,
        "name": td_string!(locale, pwa.manifest.name),
        "short_name": td_string!(locale, pwa.manifest.short_name),
        "description": td_string!(locale, pwa.manifest.description),
        "lang": locale.as_str(),
        "dir": "ltr",
        "start_url": home,
        "scope": home,
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["health", "government"],
        "icons": [icon(192, "any"), icon(512, "any"), icon(192, "maskable"), icon(512, "maskable")],
        "shortcuts": [
            shortcut(Page::MyRequests, td_string!(locale, common.nav.my_requests)),
            shortcut(Page::Help, td_string!(locale, common.nav.help)),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_has_its_own_names_start_and_scope() {
        let fr = manifest(Locale::fr);
        let en = manifest(Locale::en);
        assert_eq!(fr["lang"], "fr");
        assert_eq!(en["lang"], "en");
        assert_eq!(fr["start_url"], "/fr");
        assert_eq!(en["scope"], "/en");
        assert_eq!(fr["display"], "standalone");
        assert_ne!(fr["description"], en["description"]);
        assert_eq!(fr["shortcuts"][0]["name"], "Mes démarches");
        assert_eq!(en["shortcuts"][0]["name"], "My requests");
        assert_eq!(fr["shortcuts"][1]["url"], "/fr/aide");
        assert_eq!(en["shortcuts"][1]["name"], "Help");
    }

    /// Every icon the manifest names is a file of the site, of the size it says.
    #[test]
    fn the_icons_exist_at_their_sizes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public");
        let icons = manifest(Locale::fr)["icons"].as_array().cloned().unwrap_or_default();
        assert_eq!(icons.len(), 4);
        assert!(
            icons
                .iter()
                .any(|i| i["purpose"] == "maskable" && i["sizes"] == "512x512")
        );
        for icon in icons {
            let src = icon["src"].as_str().unwrap_or_default();
            let bytes = std::fs::read(root.join(src.trim_start_matches('/'))).unwrap_or_default();
            assert_eq!(&bytes[1..4], b"PNG", "{src} is a PNG");
            let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
            assert_eq!(format!("{width}x{width}"), icon["sizes"], "{src}");
        }
    }
}
