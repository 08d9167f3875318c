//! The answers of a choice question (yes/no, one choice, several choices): a radio button or
//! a checkbox per option, checked as the answers say, for the page the server renders and for
//! the browser's changes.

use crate::forms::RawAnswers;
use crate::forms::model::{Field, FieldKind};
use crate::i18n::Locale;
use crate::locale::Bilingual;
use leptos::prelude::*;
use serde_json::Value;

/// One input per option of `field`; the first has the field's `dom_id`, which its label and
/// error summary link point at.
pub fn choice_inputs(field: &Field, dom_id: &str, answers: RwSignal<RawAnswers>, locale: Locale) -> impl IntoView {
    let id = field.id.clone();
    let options: Vec<(String, Bilingual)> = match &field.kind {
        FieldKind::YesNo => vec![
            (
                "yes".to_owned(),
                Bilingual {
                    fr: "Oui".into(),
                    en: "Yes".into(),
                },
            ),
            (
                "no".to_owned(),
                Bilingual {
                    fr: "Non".into(),
                    en: "No".into(),
                },
            ),
        ],
        kind => kind
            .options()
            .iter()
            .map(|o| (o.value.clone(), o.label.clone()))
            .collect(),
    };
    let multiple = matches!(field.kind, FieldKind::MultipleChoice { .. });
    options
        .into_iter()
        .enumerate()
        .map(|(n, (value, label))| {
            let input_dom_id = if n == 0 {
                dom_id.to_owned()
            } else {
                format!("{dom_id}-{n}")
            };
            let (id_checked, value_checked) = (id.clone(), value.clone());
            let checked = move || {
                answers.with(|a| match a.get(&id_checked) {
                    Some(Value::String(v)) => *v == value_checked,
                    Some(Value::Array(items)) => items.iter().any(|i| i.as_str() == Some(value_checked.as_str())),
                    _ => false,
                })
            };
            let (id_change, value_change) = (id.clone(), value.clone());
            let on_change = move |ev: leptos::ev::Event| {
                let on = event_target_checked(&ev);
                answers.update(|a| {
                    if multiple {
                        let mut items: Vec<Value> =
                            a.get(&id_change).and_then(Value::as_array).cloned().unwrap_or_default();
                        items.retain(|i| i.as_str() != Some(value_change.as_str()));
                        if on {
                            items.push(Value::String(value_change.clone()));
                        }
                        if items.is_empty() {
                            a.remove(&id_change);
                        } else {
                            a.insert(id_change.clone(), Value::Array(items));
                        }
                    } else if on {
                        a.insert(id_change.clone(), Value::String(value_change.clone()));
                    }
                });
            };
            // `checked` for the page the server renders (read without script too);
            // `prop:checked` for the browser's changes.
            let checked_at_first = checked();
            view! {
                <div class="choice">
                    <input id=input_dom_id.clone() type=if multiple { "checkbox" } else { "radio" } name=id.clone()
                        value=value.clone() checked=checked_at_first prop:checked=checked on:change=on_change />
                    <label for=input_dom_id>{label.get(locale).to_owned()}</label>
                </div>
            }
        })
        .collect_view()
}
