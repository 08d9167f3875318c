//! The wizard's error summary: every problem of the step (or, on the review, of the form), each
//! a link to its field; on the review, a link goes back to the field's step first.

use super::field_input::input_id;
use crate::forms::{FieldError, FormDefinition};
use crate::i18n::td;
use crate::locale::page_locale;
use crate::ui::focus_soon;
use leptos::prelude::*;

/// Shown once the citizen asked to go on (`shown`) and something is wrong.
#[component]
pub fn ErrorSummary(
    form: StoredValue<FormDefinition>,
    errors: Memo<Vec<FieldError>>,
    shown: RwSignal<bool>,
    /// The step on screen; `steps` is the review.
    step: RwSignal<usize>,
    steps: usize,
    /// Back from a step sent without script with errors: the summary takes the focus as the
    /// page loads.
    autofocus: bool,
) -> impl IntoView {
    let locale = page_locale();
    move || {
        let list = errors.get();
        (shown.get() && !list.is_empty()).then(|| {
            let items = list
                .into_iter()
                .map(|error| {
                    let label = form.with_value(|f| f.field(&error.field).map(|f| f.label.get(locale).to_owned()));
                    let target = form.with_value(|f| f.fields().find(|(_, f)| f.id == error.field).map(|(s, _)| s));
                    let id = input_id(&error.field);
                    let href = format!("#{id}");
                    let message = error.message(locale);
                    let text = match label {
                        Some(label) => format!("{label} : {message}"),
                        None => message,
                    };
                    view! {
                        <li>
                            <a href=href on:click=move |ev| {
                                ev.prevent_default();
                                if let Some(target) = target && step.get_untracked() == steps {
                                    step.set(target);
                                }
                                focus_soon(id.clone());
                            }>{text}</a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title"
                    autofocus=autofocus>
                    <h2 id="error-summary-title">{td!(locale, forms.wizard.error_summary)}</h2>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}
