//! Where a request without a valid language prefix is sent, before routing: `/` to the
//! language the browser prefers, an unknown language to French, a trailing slash to the page.

use super::{Locale, Page, locale_of_path};
use leptos_i18n::Locale as _;

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
