//! The page footer: ministry, help and accessibility links, reporting a problem (naming the
//! page it is on) and suggesting an idea, copyright.

use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use leptos::prelude::*;

/// The government footer.
#[component]
pub fn Footer() -> impl IntoView {
    let i18n = use_i18n();
    let href = move |page: Page| page.path(i18n.get_locale());
    // The page a problem is reported from, which the form sends along only with consent.
    let report = move || {
        let from = super::current_path();
        format!(
            "{}?page={}",
            href(Page::ReportProblem),
            crate::auth::model::encode_path(&from)
        )
    };
    view! {
        <footer class="site-footer">
            <div class="container">
                <nav aria-label=move || t_string!(i18n, common.footer.label)>
                    <ul class="site-footer__links">
                        <li><a href=move || href(Page::Help)>{t!(i18n, common.footer.help)}</a></li>
                        <li><a href=move || href(Page::Accessibility)>{t!(i18n, common.footer.accessibility)}</a></li>
                        <li><a href=report>{t!(i18n, common.footer.report_problem)}</a></li>
                        <li><a href=move || href(Page::SuggestIdea)>{t!(i18n, common.footer.suggest_idea)}</a></li>
                    </ul>
                </nav>
                <p class="site-footer__ministry">{t!(i18n, common.footer.ministry)}</p>
                <p class="site-footer__copyright">
                    <span class="wordmark wordmark--small">{t!(i18n, common.wordmark)}</span>
                    " "
                    {t!(i18n, common.footer.copyright)}
                </p>
            </div>
        </footer>
    }
}
