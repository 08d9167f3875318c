//! The header band: "Québec" wordmark placeholder, portal name, language switch and the main
//! navigation, which ends with the account links it is given (the identity domain's).
//! Rendered by the server only. On narrow screens the navigation folds behind a
//! menu button, driven by the few lines of `head.js` that run before the first paint; without
//! JavaScript the navigation stays open and the button hidden, so nothing depends on scripts.

use crate::i18n::{t, t_string, use_i18n};
use crate::locale::{Page, other, switch_path};
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_location;

/// The government header band with the portal's navigation; `account` ends the navigation's
/// list with its own `<li>`s.
#[component]
pub fn Header(#[prop(into)] account: ViewFn) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let href = move |page: Page| page.path(i18n.get_locale());
    let switch_href = move || location.pathname.with(|path| switch_path(path, i18n.get_locale()));
    let other_lang = move || other(i18n.get_locale()).as_str();
    let current = move |page: Page| aria_current(location.pathname, page);

    view! {
        <header class="site-header">
            <div class="site-header__band">
                <div class="container site-header__inner">
                    <a class="site-header__brand" href=move || href(Page::Home)>
                        <span class="wordmark" aria-hidden="true">{t!(i18n, common.wordmark)}</span>
                        <span class="visually-hidden">{t!(i18n, common.wordmark_label)}</span>
                        <span class="site-header__name" aria-hidden="true">{t!(i18n, common.portal_name)}</span>
                    </a>
                    <div class="site-header__tools">
                        <nav aria-label=move || t_string!(i18n, common.language.switch_label)>
                            <a
                                class="lang-switch"
                                href=switch_href
                                hreflang=other_lang
                                lang=other_lang
                                title=move || t_string!(i18n, common.language.other_hint)
                            >
                                {t!(i18n, common.language.other_name)}
                            </a>
                        </nav>
                        // Shown by the stylesheet once `head.js` marked the page as scripted.
                        <button
                            type="button"
                            class="menu-button"
                            aria-controls="main-nav"
                            aria-expanded="false"
                            aria-label=move || t_string!(i18n, common.nav.menu_open)
                            data-label-open=move || t_string!(i18n, common.nav.menu_open)
                            data-label-close=move || t_string!(i18n, common.nav.menu_close)
                        >
                            <span aria-hidden="true">{t!(i18n, common.nav.menu)}</span>
                        </button>
                    </div>
                </div>
            </div>
            <nav
                id="main-nav"
                class="main-nav"
                aria-label=move || t_string!(i18n, common.nav.label)
            >
                <ul class="container main-nav__list">
                    <li><a href=move || href(Page::Home) aria-current=current(Page::Home)>{t!(i18n, common.nav.home)}</a></li>
                    <li><a href=move || href(Page::MyRequests) aria-current=current(Page::MyRequests)>{t!(i18n, common.nav.my_requests)}</a></li>
                    <li><a href=move || href(Page::Help) aria-current=current(Page::Help)>{t!(i18n, common.nav.help)}</a></li>
                    {account.run()}
                </ul>
            </nav>
        </header>
    }
}

/// `aria-current="page"` for the link to the page being shown.
pub fn aria_current(pathname: Memo<String>, page: Page) -> impl Fn() -> Option<&'static str> + Copy {
    move || {
        pathname
            .with(|path| Page::from_path(path).map(|(p, _)| p) == Some(page))
            .then_some("page")
    }
}
