//! The accessibility statement required by the Québec standard SGQRI 008.

use crate::i18n::{t, t_string, use_i18n};
use crate::ui::PageTitle;
use leptos::prelude::*;

/// Accessibility statement.
#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle title=t_string!(i18n, site.accessibility.title) />
        <div class="container prose">
            <h1>{t!(i18n, site.accessibility.heading)}</h1>
            <p class="lead">{t!(i18n, site.accessibility.intro)}</p>
            <h2>{t!(i18n, site.accessibility.standard_heading)}</h2>
            <p>{t!(i18n, site.accessibility.standard_text)}</p>
            <h2>{t!(i18n, site.accessibility.measures_heading)}</h2>
            <ul>
                <li>{t!(i18n, site.accessibility.measure_keyboard)}</li>
                <li>{t!(i18n, site.accessibility.measure_contrast)}</li>
                <li>{t!(i18n, site.accessibility.measure_structure)}</li>
                <li>{t!(i18n, site.accessibility.measure_testing)}</li>
            </ul>
            <h2>{t!(i18n, site.accessibility.feedback_heading)}</h2>
            <p>{t!(i18n, site.accessibility.feedback_text)}</p>
        </div>
    }
}
