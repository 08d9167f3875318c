//! Language rules: which locale a URL is in, the localized address of each page, and where a
//! request without a valid language prefix is sent.
//!
//! Every page lives under a language prefix (`/fr/…`, `/en/…`) with a slug in that language,
//! so that a link is always in one language and the switch can point at the same page in the
//! other. The server applies [`redirect_for`] before routing; the router reads the locale back
//! from the path with [`locale_of_path`].

use crate::i18n::Locale;
use crate::i18n::use_i18n;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_location;

mod paths;
mod redirect;

pub use paths::*;
pub use redirect::{negotiate, redirect_for};

/// A text that must exist in both languages: what service teams publish (titles, help,
/// labels) carries its French and its English side by side. A missing side deserializes as
/// empty so that the manifest check can name it precisely (`….label.en is missing`).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    #[serde(default)]
    pub fr: String,
    #[serde(default)]
    pub en: String,
}

impl Bilingual {
    /// The text in a language.
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::fr => &self.fr,
            Locale::en => &self.en,
        }
    }

    /// The sides that are blank, as `fr` / `en`.
    pub fn missing(&self) -> impl Iterator<Item = &'static str> + '_ {
        [("fr", &self.fr), ("en", &self.en)]
            .into_iter()
            .filter(|(_, text)| text.trim().is_empty())
            .map(|(side, _)| side)
    }

    /// Whether either language contains every word of `query` (case and accents ignored).
    pub fn matches(&self, query: &str) -> bool {
        let words: Vec<String> = query.split_whitespace().map(fold).collect();
        let (fr, en) = (fold(&self.fr), fold(&self.en));
        words
            .iter()
            .all(|word| fr.contains(word.as_str()) || en.contains(word.as_str()))
    }
}

/// Lower case without French accents, so that "depistage" finds "Dépistage".
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ÿ' => 'y',
            'œ' => 'o',
            other => other,
        })
        .collect()
}

/// The locale named by the first segment of a path (`/en/help` → English).
pub fn locale_of_path(path: &str) -> Option<Locale> {
    let first = path.trim_start_matches('/').split('/').next()?;
    Locale::get_all()
        .iter()
        .copied()
        .find(|locale| locale.as_str() == first)
}

/// The other language: the one the switch in the header offers.
pub fn other(locale: Locale) -> Locale {
    match locale {
        Locale::fr => Locale::en,
        Locale::en => Locale::fr,
    }
}

/// Keeps the i18n context in the language of the URL, before the page renders on the server
/// (so `<html lang>` and every string match). Pages are rendered by the server only, and a
/// language switch is a navigation.
#[component]
pub fn LocaleFromPath() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    location.pathname.with_untracked(|path| {
        if let Some(locale) = locale_of_path(path)
            && i18n.get_locale_untracked() != locale
        {
            i18n.set_locale(locale);
        }
    });
}

/// The page's language, for an island and what it shows. Context does not flow from the
/// server's components into an island in the browser, so there it is read from `<html lang>`,
/// which the server set; while the server renders, from the page's context. It never changes
/// while a page is shown (choosing the other language is a navigation), so an island translates
/// with `td!(locale, …)` and carries no translation context of its own.
pub fn page_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    return document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .and_then(|lang| lang.parse().ok())
        .unwrap_or_default();
    #[cfg(not(feature = "hydrate"))]
    crate::i18n::use_i18n().get_locale_untracked()
}

#[cfg(test)]
mod tests;
