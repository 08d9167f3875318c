//! Language rules: which locale a URL is in, the localized address of each page, and where a
//! request without a valid language prefix is sent.
//!
//! Every page lives under a language prefix (`/fr/…`, `/en/…`) with a slug in that language,
//! so that a link is always in one language and the switch can point at the same page in the
//! other. The server applies [`redirect_for`] before routing; the router reads the locale back
//! from the path with [`locale_of_path`].

use crate::i18n::{Locale, use_i18n};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_location;

/// Every page of the shell, independent of language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    MyRequests,
    Help,
    Accessibility,
    ServerError,
    Profile,
    SignInHistory,
    SignInError,
    DevSignIn,
    SignOut,
    Admin,
}

impl Page {
    /// All pages, for the language switch and for tests.
    pub const ALL: [Page; 11] = [
        Page::Home,
        Page::MyRequests,
        Page::Help,
        Page::Accessibility,
        Page::ServerError,
        Page::Profile,
        Page::SignInHistory,
        Page::SignInError,
        Page::DevSignIn,
        Page::SignOut,
        Page::Admin,
    ];

    /// The page's slug in a language (empty for the home page).
    pub const fn slug(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Page::Home, _) => "",
            (Page::MyRequests, Locale::fr) => "mes-demarches",
            (Page::MyRequests, Locale::en) => "my-requests",
            (Page::Help, Locale::fr) => "aide",
            (Page::Help, Locale::en) => "help",
            (Page::Accessibility, Locale::fr) => "accessibilite",
            (Page::Accessibility, Locale::en) => "accessibility",
            (Page::ServerError, Locale::fr) => "erreur",
            (Page::ServerError, Locale::en) => "error",
            (Page::Profile, Locale::fr) => "profil",
            (Page::Profile, Locale::en) => "profile",
            (Page::SignInHistory, Locale::fr) => "historique-de-connexion",
            (Page::SignInHistory, Locale::en) => "sign-in-history",
            (Page::SignInError, Locale::fr) => "erreur-de-connexion",
            (Page::SignInError, Locale::en) => "sign-in-error",
            (Page::DevSignIn, Locale::fr) => "connexion-developpement",
            (Page::DevSignIn, Locale::en) => "development-sign-in",
            (Page::SignOut, Locale::fr) => "deconnexion",
            (Page::SignOut, Locale::en) => "sign-out",
            (Page::Admin, _) => "administration",
        }
    }

    /// Whether the page shows personal data: a guest asking for it is sent to sign in.
    pub const fn requires_session(self) -> bool {
        matches!(
            self,
            Page::MyRequests | Page::Profile | Page::SignInHistory | Page::Admin
        )
    }

    /// The page's absolute path in a language, e.g. `/fr/aide`; the home page is `/fr`.
    pub fn path(self, locale: Locale) -> String {
        match self.slug(locale) {
            "" => format!("/{}", locale.as_str()),
            slug => format!("/{}/{slug}", locale.as_str()),
        }
    }

    /// The page and language an absolute path names, if any.
    pub fn from_path(path: &str) -> Option<(Page, Locale)> {
        let locale = locale_of_path(path)?;
        let rest = path.trim_matches('/').split_once('/').map_or("", |(_, rest)| rest);
        Page::ALL
            .into_iter()
            .find(|page| page.slug(locale) == rest)
            .map(|page| (page, locale))
    }
}

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

/// The address of the current page in the other language: same page when it is known, the
/// other language's home page otherwise (an unknown page has no translation).
pub fn switch_path(path: &str, current: Locale) -> String {
    let target = other(current);
    if let Some((id, form)) = service_of_path(path, current) {
        return service_path(target, id, form);
    }
    if let Some((id, withdraw)) = request_of_path(path, current) {
        return request_path(target, id, withdraw);
    }
    match Page::from_path(path) {
        Some((page, _)) => page.path(target),
        None => Page::Home.path(target),
    }
}

/// The slug of a service's request form under its page (`/fr/services/plaintes/demande`).
pub const fn form_slug(locale: Locale) -> &'static str {
    match locale {
        Locale::fr => "demande",
        Locale::en => "request",
    }
}

/// A service's help page, or with `form` its request form, in a language.
pub fn service_path(locale: Locale, id: &str, form: bool) -> String {
    match form {
        false => format!("/{}/services/{id}", locale.as_str()),
        true => format!("/{}/services/{id}/{}", locale.as_str(), form_slug(locale)),
    }
}

/// The service (and whether its form) a path in `locale` names.
pub fn service_of_path(path: &str, locale: Locale) -> Option<(&str, bool)> {
    item_of_path(path, locale, "services", form_slug(locale))
}

/// `/{locale}/{section}/{id}` gives `(id, false)`, `/{locale}/{section}/{id}/{sub}` gives
/// `(id, true)`; anything else none.
fn item_of_path<'a>(path: &'a str, locale: Locale, section: &str, sub: &str) -> Option<(&'a str, bool)> {
    let mut segments = path.trim_matches('/').split('/');
    if segments.next() != Some(locale.as_str()) || segments.next() != Some(section) {
        return None;
    }
    let id = segments.next().filter(|id| !id.is_empty())?;
    match (segments.next(), segments.next()) {
        (None, _) => Some((id, false)),
        (Some(slug), None) if slug == sub => Some((id, true)),
        _ => None,
    }
}

/// The slug of a request's withdrawal under its page (`/fr/mes-demarches/{id}/retrait`).
pub const fn withdraw_slug(locale: Locale) -> &'static str {
    match locale {
        Locale::fr => "retrait",
        Locale::en => "withdraw",
    }
}

/// A request's page under "Mes démarches", or with `withdraw` its withdrawal, in a language.
pub fn request_path(locale: Locale, id: &str, withdraw: bool) -> String {
    let page = Page::MyRequests.path(locale);
    match withdraw {
        false => format!("{page}/{id}"),
        true => format!("{page}/{id}/{}", withdraw_slug(locale)),
    }
}

/// The request (and whether its withdrawal) a path in `locale` names.
pub fn request_of_path(path: &str, locale: Locale) -> Option<(&str, bool)> {
    item_of_path(path, locale, Page::MyRequests.slug(locale), withdraw_slug(locale))
}

/// The preferred locale of an `Accept-Language` header: the first supported language by
/// quality, French when none is supported (the portal's default).
pub fn negotiate(accept_language: Option<&str>) -> Locale {
    let mut ranges: Vec<(&str, f32)> = accept_language
        .unwrap_or_default()
        .split(',')
        .filter_map(|range| {
            let mut parts = range.trim().split(';');
            let tag = parts.next()?.trim();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && quality > 0.0).then_some((tag, quality))
        })
        .collect();
    // A stable sort keeps the header's order between equal qualities.
    ranges.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranges
        .into_iter()
        .find_map(|(tag, _)| {
            let primary = tag.split('-').next().unwrap_or(tag).to_ascii_lowercase();
            Locale::get_all().iter().copied().find(|l| l.as_str() == primary)
        })
        .unwrap_or(Locale::fr)
}

/// Where the server sends a request before routing it, if anywhere:
/// - `/` goes to the home page in the language `Accept-Language` prefers;
/// - a path whose first segment looks like a language tag the portal does not offer
///   (`/de/…`, `/es-MX/…`) goes to the same path in French.
///
/// Every other path is left to the router (a page, a static file, or the 404 page).
pub fn redirect_for(path: &str, accept_language: Option<&str>) -> Option<String> {
    if path == "/" || path.is_empty() {
        return Some(Page::Home.path(negotiate(accept_language)));
    }
    // A page's address with a trailing slash ("/fr/", "/en/help/") names the same page: one
    // address for each. Only under a language: the APIs and built files keep their own.
    if let Some(without) = path.strip_suffix('/') {
        let first = without.trim_start_matches('/').split('/').next().unwrap_or_default();
        if locale_of_path(without).is_some() || looks_like_language_tag(first) {
            return Some(redirect_for(without, accept_language).unwrap_or_else(|| without.to_owned()));
        }
    }
    let trimmed = path.trim_start_matches('/');
    let (first, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    if locale_of_path(path).is_some() || !looks_like_language_tag(first) {
        return None;
    }
    Some(match rest {
        "" => Page::Home.path(Locale::fr),
        rest => format!("/{}/{rest}", Locale::fr.as_str()),
    })
}

/// `xx`, `xxx`, `xx-YY` or `xx_YY`: the shapes of a language prefix in a URL.
fn looks_like_language_tag(segment: &str) -> bool {
    let (lang, region) = match segment.split_once(['-', '_']) {
        Some((lang, region)) => (lang, Some(region)),
        None => (segment, None),
    };
    let lang_ok = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_alphabetic());
    let region_ok = region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_alphabetic()));
    // "pkg" is where the built site lives and "api" where the APIs do; three letters, never a
    // language.
    lang_ok && region_ok && !matches!(segment, "pkg" | "api")
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
mod tests {
    use super::*;

    #[test]
    fn every_page_round_trips_through_its_path_in_both_languages() {
        for page in Page::ALL {
            for locale in [Locale::fr, Locale::en] {
                assert_eq!(Page::from_path(&page.path(locale)), Some((page, locale)));
            }
        }
        assert_eq!(Page::from_path("/fr/"), Some((Page::Home, Locale::fr)));
    }

    #[test]
    fn slugs_are_distinct_within_a_language() {
        for locale in [Locale::fr, Locale::en] {
            let mut slugs: Vec<_> = Page::ALL.iter().map(|p| p.slug(locale)).collect();
            slugs.sort_unstable();
            slugs.dedup();
            assert_eq!(slugs.len(), Page::ALL.len());
        }
    }

    #[test]
    fn a_page_path_in_the_wrong_language_is_not_a_page() {
        assert_eq!(Page::from_path("/en/aide"), None);
        assert_eq!(Page::from_path("/fr/help"), None);
        assert_eq!(Page::from_path("/fr/nowhere"), None);
    }

    #[test]
    fn the_switch_keeps_the_page_and_falls_back_to_home() {
        assert_eq!(switch_path("/fr/aide", Locale::fr), "/en/help");
        assert_eq!(switch_path("/en/my-requests", Locale::en), "/fr/mes-demarches");
        assert_eq!(switch_path("/fr", Locale::fr), "/en");
        assert_eq!(switch_path("/fr/inconnue", Locale::fr), "/en");
        assert_eq!(
            switch_path("/fr/services/plaintes", Locale::fr),
            "/en/services/plaintes"
        );
        assert_eq!(
            switch_path("/en/services/plaintes/request", Locale::en),
            "/fr/services/plaintes/demande"
        );
        assert_eq!(switch_path("/fr/services/plaintes/x/y", Locale::fr), "/en");
        assert_eq!(switch_path("/fr/mes-demarches/abc", Locale::fr), "/en/my-requests/abc");
        assert_eq!(
            switch_path("/en/my-requests/abc/withdraw", Locale::en),
            "/fr/mes-demarches/abc/retrait"
        );
        assert_eq!(switch_path("/fr/mes-demarches/abc/withdraw", Locale::fr), "/en");
    }

    #[test]
    fn bilingual_search_ignores_case_accents_and_language() {
        let text = Bilingual {
            fr: "Dépistage du cancer".into(),
            en: "Cancer screening".into(),
        };
        assert!(text.matches("depistage"));
        assert!(text.matches("CANCER Screening"));
        assert!(text.matches(""));
        assert!(!text.matches("plainte"));
        assert_eq!(text.missing().count(), 0);
        assert_eq!(
            Bilingual {
                fr: "x".into(),
                en: " ".into()
            }
            .missing()
            .collect::<Vec<_>>(),
            ["en"]
        );
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(negotiate(None), Locale::fr);
        assert_eq!(negotiate(Some("")), Locale::fr);
        assert_eq!(negotiate(Some("en-US,en;q=0.9")), Locale::en);
        assert_eq!(negotiate(Some("de-DE, en;q=0.5, fr;q=0.8")), Locale::fr);
        assert_eq!(negotiate(Some("es, en-CA;q=0.3")), Locale::en);
        assert_eq!(negotiate(Some("en;q=0, fr;q=0.1")), Locale::fr);
        assert_eq!(negotiate(Some("zh")), Locale::fr);
        assert_eq!(negotiate(Some("EN")), Locale::en);
    }

    #[test]
    fn hostile_accept_language_headers_fall_back_to_french() {
        assert_eq!(negotiate(Some(";;;,,,q=abc")), Locale::fr);
        assert_eq!(negotiate(Some("en;q=NaN")), Locale::fr);
        assert_eq!(negotiate(Some(&"x,".repeat(10_000))), Locale::fr);
    }

    #[test]
    fn the_root_redirects_by_accept_language() {
        assert_eq!(redirect_for("/", None).as_deref(), Some("/fr"));
        assert_eq!(redirect_for("/", Some("en-CA")).as_deref(), Some("/en"));
    }

    #[test]
    fn an_unknown_language_prefix_redirects_to_french() {
        assert_eq!(redirect_for("/de", None).as_deref(), Some("/fr"));
        assert_eq!(redirect_for("/es/aide", None).as_deref(), Some("/fr/aide"));
        assert_eq!(redirect_for("/en-US/help", None).as_deref(), Some("/fr/help"));
        assert_eq!(redirect_for("/fr/", None).as_deref(), Some("/fr"));
        assert_eq!(redirect_for("/en/", None).as_deref(), Some("/en"));
        assert_eq!(redirect_for("/fr/aide/", None).as_deref(), Some("/fr/aide"));
        assert_eq!(redirect_for("/fr/aide//", None).as_deref(), Some("/fr/aide"));
        assert_eq!(redirect_for("/de/", None).as_deref(), Some("/fr"));
        for kept in ["/api/v1/services/", "/pkg/", "/fonts/"] {
            assert_eq!(redirect_for(kept, None), None, "{kept}");
        }
    }

    #[test]
    fn known_prefixes_and_other_paths_are_left_to_the_router() {
        for path in [
            "/fr",
            "/en/help",
            "/pkg/votre-sante.js",
            "/api/v1/openapi.json",
            "/fonts/a.woff2",
            "/healthz",
            "/nowhere",
        ] {
            assert_eq!(redirect_for(path, None), None, "{path}");
        }
    }
}
