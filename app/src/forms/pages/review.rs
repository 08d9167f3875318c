//! The review page of the wizard: every answer, step by step, each step with a button back to
//! change it (a submit button of the review's form when no script runs).

use super::field_input::display_answer;
use crate::drafts::model::Go;
use crate::forms::visibility::is_visible;
use crate::forms::{FormDefinition, RawAnswers};
use crate::i18n::td;
use crate::locale::page_locale;
use leptos::prelude::*;

/// Every answer, step by step, with a way back to change it.
#[component]
pub fn Review(
    form: StoredValue<FormDefinition>,
    answers: RwSignal<RawAnswers>,
    steps: usize,
    change: impl Fn(usize) + Copy + Send + Sync + 'static,
    /// Back from a step sent without script: the heading takes the focus as the page loads.
    autofocus: bool,
) -> impl IntoView {
    let locale = page_locale();
    let sections = (0..steps)
        .map(|index| {
            let rows = move || {
                form.with_value(|f| {
                    let step = &f.steps[index];
                    answers.with(|a| {
                        step.fields
                            .iter()
                            .filter(|field| is_visible(f, field, a))
                            .map(|field| {
                                let label = field.label.get(locale).to_owned();
                                let shown = display_answer(field, a.get(&field.id), locale);
                                view! { <dt>{label}</dt><dd>{shown}</dd> }
                            })
                            .collect_view()
                    })
                })
            };
            let heading = form.with_value(|f| f.steps[index].title.clone());
            let heading_for_link = heading.clone();
            view! {
                <section class="review__step">
                    <h3>{heading.get(locale).to_owned()}</h3>
                    <dl class="facts">{rows}</dl>
                    <p>
                        <button type="submit" name=Go::PART value=Go::Change(index).value() class="button button--link"
                            on:click=move |ev| {
                                ev.prevent_default();
                                change(index);
                            }>
                            {td!(locale, forms.wizard.change)}
                            <span class="visually-hidden">{format!(" : {}", heading_for_link.get(locale))}</span>
                        </button>
                    </p>
                </section>
            }
        })
        .collect_view();
    view! {
        <h2 id="step-heading" tabindex="-1" autofocus=autofocus>{td!(locale, forms.wizard.review_heading)}</h2>
        {sections}
    }
}
