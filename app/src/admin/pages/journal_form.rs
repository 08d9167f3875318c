//! The journal's search form: a GET to the journal page itself, each field keeping what was
//! typed; a refused part is named in a summary at the top (focused) and beside its field.

use crate::audit::search::{JournalQuery, PART_MAX};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::locale::Page;
use leptos::prelude::*;

/// A refused part's message.
pub fn refusal_message(why: &str, locale: Locale) -> &'static str {
    match why {
        "too_long" => td_string!(locale, journal.search.errors.too_long),
        "unknown_outcome" => td_string!(locale, journal.search.errors.unknown_outcome),
        "invalid_day" => td_string!(locale, journal.search.errors.invalid_day),
        "range" => td_string!(locale, journal.search.errors.range),
        "invalid_cursor" => td_string!(locale, journal.search.errors.invalid_cursor),
        "required" => td_string!(locale, journal.search.errors.required),
        "one_journey" => td_string!(locale, journal.search.errors.one_journey),
        "invalid_anchor" => td_string!(locale, journal.search.errors.invalid_anchor),
        _ => td_string!(locale, journal.search.errors.invalid),
    }
}

/// Links to each refused field, focused when the page opens.
#[component]
pub fn RefusalSummary(
    refused: Vec<(String, String)>,
    prefix: &'static str,
    /// A refusal's message (the journal's, unless the page has its own).
    #[prop(default = refusal_message)]
    message: fn(&str, Locale) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    (!refused.is_empty()).then(|| {
        let items = refused
            .into_iter()
            .map(|(part, why)| {
                let href = format!("#{prefix}-{part}");
                view! { <li><a href=href>{message(&why, locale)}</a></li> }
            })
            .collect_view();
        view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus aria-labelledby=format!("{prefix}-refused")>
                <h2 id=format!("{prefix}-refused")>{t!(i18n, journal.search.refused)}</h2>
                <ul>{items}</ul>
            </div>
        }
    })
}

#[component]
pub fn SearchForm(query: JournalQuery, refused: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let error_of = |part: &str| {
        refused
            .iter()
            .find(|(p, _)| p == part)
            .map(|(_, why)| refusal_message(why, locale))
    };
    let field = |part: &'static str, label: String, value: String, kind: &'static str, hint: Option<String>| {
        let id = format!("journal-{part}");
        let error = error_of(part);
        let error_id = format!("{id}-error");
        let hint_id = format!("{id}-hint");
        let described = [error.map(|_| error_id.clone()), hint.as_ref().map(|_| hint_id.clone())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        view! {
            <div class="field" class:field--error=error.is_some()>
                <label for=id.clone()>{label}</label>
                {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
                {error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
                <input id=id type=kind name=part value=value maxlength=PART_MAX.to_string()
                    aria-describedby=(!described.is_empty()).then_some(described)
                    aria-invalid=error.is_some().then_some("true") />
            </div>
        }
    };
    let outcome_error = error_of("outcome");
    let outcome = query.outcome.clone();
    let option = move |value: &'static str, label: String| {
        view! { <option value=value selected=outcome == value>{label}</option> }
    };
    let days_hint = t_string!(i18n, journal.search.days_hint).to_owned();
    view! {
        <section aria-labelledby="search-heading">
            <h2 id="search-heading">{t!(i18n, journal.search.heading)}</h2>
            <RefusalSummary refused=refused.clone() prefix="journal" />
            <p>{t!(i18n, journal.search.intro)}</p>
            <form method="get" action=Page::AdminJournal.path(locale) class="form form--grid" role="search">
                {field("citizen", t_string!(i18n, journal.search.citizen).to_owned(), query.citizen.clone(), "text", None)}
                {field("reference", t_string!(i18n, journal.search.reference).to_owned(), query.reference.clone(), "text", None)}
                {field("service", t_string!(i18n, journal.search.service).to_owned(), query.service.clone(), "text", None)}
                {field("action", t_string!(i18n, journal.search.action).to_owned(), query.action.clone(), "text", None)}
                <div class="field" class:field--error=outcome_error.is_some()>
                    <label for="journal-outcome">{t!(i18n, journal.search.outcome)}</label>
                    {outcome_error.map(|message| view! { <p class="field-error" id="journal-outcome-error">{message}</p> })}
                    <select id="journal-outcome" name="outcome"
                        aria-describedby=outcome_error.map(|_| "journal-outcome-error")
                        aria-invalid=outcome_error.map(|_| "true")>
                        {option("", t_string!(i18n, journal.search.any_outcome).to_owned())}
                        {option("success", t_string!(i18n, journal.outcomes.success).to_owned())}
                        {option("failure", t_string!(i18n, journal.outcomes.failure).to_owned())}
                        {option("denied", t_string!(i18n, journal.outcomes.denied).to_owned())}
                    </select>
                </div>
                {field("ip", t_string!(i18n, journal.search.ip).to_owned(), query.ip.clone(), "text", None)}
                {field("from", t_string!(i18n, journal.search.from).to_owned(), query.from.clone(), "date", Some(days_hint.clone()))}
                {field("until", t_string!(i18n, journal.search.until).to_owned(), query.until.clone(), "date", Some(days_hint))}
                <div class="form-actions">
                    <button type="submit" class="button">{t!(i18n, journal.search.submit)}</button>
                    " "
                    <a href=Page::AdminJournal.path(locale)>{t!(i18n, journal.search.reset)}</a>
                </div>
            </form>
        </section>
    }
}
