//! "Publier une nouveauté" on the administration page: a novelty in both languages, for one
//! category of services or all of them. A plain form; a refused field says why beside it.

use super::api::{NOVELTY_TEXT_MAX, NOVELTY_TITLE_MAX, PublishNovelty};
use crate::catalogue::model::Category;
use crate::catalogue::pages::category_label;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::{ErrorNotice, is_done, refusal_of};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn NoveltyForm() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let publish = ServerAction::<PublishNovelty>::new();
    let (refused, other) = refusal_of(publish.value().get_untracked().and_then(Result::err));
    let error_of = |name: &str| {
        refused
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, reason)| match reason.as_str() {
                "too_long" => t_string!(i18n, admin.novelty.too_long).to_owned(),
                "unknown" => t_string!(i18n, admin.novelty.unknown_category).to_owned(),
                _ => t_string!(i18n, admin.novelty.required).to_owned(),
            })
    };
    let field = |name: &'static str, label: String, long: bool| {
        let error = error_of(name);
        let has_error = error.is_some();
        let id = format!("novelty-{name}");
        let error_id = format!("{id}-error");
        let max = if long { NOVELTY_TEXT_MAX } else { NOVELTY_TITLE_MAX }.to_string();
        let input = match long {
            true => view! {
                <textarea id=id.clone() name=name rows="4" maxlength=max required
                    aria-describedby=has_error.then(|| error_id.clone()) aria-invalid=has_error.then_some("true")></textarea>
            }
            .into_any(),
            false => view! {
                <input id=id.clone() type="text" name=name maxlength=max required
                    aria-describedby=has_error.then(|| error_id.clone()) aria-invalid=has_error.then_some("true") />
            }
            .into_any(),
        };
        view! {
            <div class="field" class:field--error=has_error>
                <label for=id>{label}</label>
                {error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
                {input}
            </div>
        }
    };
    let fields = [
        field("title_fr", t_string!(i18n, admin.novelty.title_fr).to_owned(), false),
        field("text_fr", t_string!(i18n, admin.novelty.text_fr).to_owned(), true),
        field("title_en", t_string!(i18n, admin.novelty.title_en).to_owned(), false),
        field("text_en", t_string!(i18n, admin.novelty.text_en).to_owned(), true),
    ];
    let categories = Category::ALL
        .into_iter()
        .map(|c| view! { <option value=c.as_str()>{category_label(c, locale)}</option> })
        .collect_view();
    view! {
        <section aria-labelledby="novelty-heading">
            <h2 id="novelty-heading">{t!(i18n, admin.novelty.heading)}</h2>
            <p>{t!(i18n, admin.novelty.intro)}</p>
            <div role="status">
                {is_done("published").then(|| view! { <p class="notice notice--success">{t!(i18n, admin.novelty.published)}</p> })}
            </div>
            {other.map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=publish attr:class="form">
                {fields}
                <div class="field">
                    <label for="novelty-category">{t!(i18n, admin.novelty.category)}</label>
                    <select id="novelty-category" name="category">
                        <option value="">{t!(i18n, admin.novelty.all_categories)}</option>
                        {categories}
                    </select>
                </div>
                <button type="submit" class="button">{t!(i18n, admin.novelty.publish)}</button>
            </ActionForm>
        </section>
    }
}
