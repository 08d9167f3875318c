//! The help page: frequent questions and how to reach us.

use crate::i18n::{t, t_string, use_i18n};
use crate::ui::PageTitle;
use leptos::prelude::*;

/// Help page.
#[component]
pub fn HelpPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle title=t_string!(i18n, site.help.title) />
        <div class="container prose">
            <h1>{t!(i18n, site.help.heading)}</h1>
            <p class="lead">{t!(i18n, site.help.intro)}</p>
            <h2>{t!(i18n, site.help.faq_heading)}</h2>
            <details class="disclosure">
                <summary>{t!(i18n, site.help.q_account)}</summary>
                <p>{t!(i18n, site.help.a_account)}</p>
            </details>
            <details class="disclosure">
                <summary>{t!(i18n, site.help.q_draft)}</summary>
                <p>{t!(i18n, site.help.a_draft)}</p>
            </details>
            <details class="disclosure">
                <summary>{t!(i18n, site.help.q_language)}</summary>
                <p>{t!(i18n, site.help.a_language)}</p>
            </details>
            <h2>{t!(i18n, site.help.contact_heading)}</h2>
            <p>{t!(i18n, site.help.contact_text)}</p>
        </div>
    }
}
