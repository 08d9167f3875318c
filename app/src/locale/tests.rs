//! The language rules' cases: paths, slugs, negotiation, redirects.

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
