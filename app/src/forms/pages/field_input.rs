//! One question of a form, rendered from its definition: label, hint, error, and the input of
//! its kind, bound to the answers. Labels, hints and errors are tied to the input for
//! assistive technologies (`for`, `aria-describedby`, `aria-invalid`, fieldsets and legends).

use super::choice_input::choice_inputs;
use super::file_input::FileControl;
use crate::attachments::kinds::{human_size, labels};
use crate::forms::answers::FileRef;
use crate::forms::model::{Claim, Field, FieldKind};
use crate::forms::nam::HealthInsuranceNumber;
use crate::forms::parse::{parse_email, parse_phone, parse_postal_code};
use crate::forms::{FieldError, RawAnswers};
use crate::i18n::{Locale, td, td_string};
use crate::ids::ServiceId;
use crate::locale::page_locale;
use crate::moment::day;
use leptos::prelude::*;
use serde_json::Value;

/// The element id of a field's input (the first one, for choices): error links point at it.
pub fn input_id(field: &str) -> String {
    format!("field-{field}")
}

fn text_of(answers: &RawAnswers, id: &str) -> String {
    answers.get(id).and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn set_text(answers: RwSignal<RawAnswers>, id: &str, text: String) {
    answers.update(|a| {
        if text.is_empty() {
            a.remove(id);
        } else {
            a.insert(id.to_owned(), Value::String(text));
        }
    });
}

/// A question with its label, hint and error.
#[component]
pub fn FieldInput(
    field: Field,
    /// The service whose form this is (a file is attached to the citizen's draft for it).
    service: ServiceId,
    answers: RwSignal<RawAnswers>,
    error: Signal<Option<FieldError>>,
) -> impl IntoView {
    let locale = page_locale();
    let id = field.id.clone();
    let dom_id = input_id(&id);
    let hint_id = format!("{dom_id}-hint");
    let error_id = format!("{dom_id}-error");
    // A file refused on its way to the portal is this field's error until the next choice.
    let refused = RwSignal::new(None::<FieldError>);
    let error = Signal::derive(move || refused.get().or_else(|| error.get()));
    let file_rules = match &field.kind {
        FieldKind::File { accept, max_bytes } => Some((labels(accept), *max_bytes)),
        _ => None,
    };
    let has_hint = field.hint.is_some() || file_rules.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let optional = if field.required {
        ""
    } else {
        td_string!(locale, forms.wizard.optional)
    };
    let label_text = format!("{}{optional}", field.label.get(locale));
    let hint = has_hint.then(|| {
        let mut text = field
            .hint
            .as_ref()
            .map(|h| h.get(locale).to_owned())
            .unwrap_or_default();
        if let Some((kinds, max_bytes)) = &file_rules {
            let size = human_size(*max_bytes, locale);
            let rules = td_string!(locale, forms.wizard.file_rules, kinds = kinds, size = size).to_string();
            text = if text.is_empty() {
                rules
            } else {
                format!("{text} {rules}")
            };
        }
        view! { <p class="hint" id=hint_id.clone()>{text}</p> }
    });
    let error_view = move || {
        error.get().map(|e| {
            view! {
                <p class="field-error" id=error_id.clone()>
                    <span class="visually-hidden">{td!(locale, forms.wizard.error_prefix)}</span>
                    {e.message(locale)}
                </p>
            }
        })
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    let grouped = matches!(
        field.kind,
        FieldKind::YesNo | FieldKind::SingleChoice { .. } | FieldKind::MultipleChoice { .. }
    );
    if grouped {
        let inputs = choice_inputs(&field, &dom_id, answers, locale);
        return view! {
            <div class="field" class:field--error=move || error.with(Option::is_some)>
                <fieldset aria-describedby=described_by aria-invalid=invalid>
                    <legend>{label_text}</legend>
                    {hint}
                    {error_view}
                    {inputs}
                </fieldset>
            </div>
        }
        .into_any();
    }
    if field.kind == FieldKind::Consent {
        let (id_checked, id_change) = (id.clone(), id.clone());
        return view! {
            <div class="field" class:field--error=move || error.with(Option::is_some)>
                {hint}
                {error_view}
                <div class="choice">
                    <input id=dom_id.clone() type="checkbox" name=id.clone() aria-describedby=described_by aria-invalid=invalid
                        checked=answers.with_untracked(|a| a.get(&id) == Some(&Value::Bool(true)))
                        prop:checked=move || answers.with(|a| a.get(&id_checked) == Some(&Value::Bool(true)))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            answers.update(|a| {
                                if on { a.insert(id_change.clone(), Value::Bool(true)); } else { a.remove(&id_change); }
                            });
                        } />
                    <label for=dom_id>{label_text}</label>
                </div>
            </div>
        }
        .into_any();
    }
    if let FieldKind::File { accept, max_bytes } = field.kind.clone() {
        return view! {
            <div class="field" class:field--error=move || error.with(Option::is_some)>
                <label for=dom_id.clone()>{label_text}</label>
                {hint}
                {error_view}
                <FileControl service field=id dom_id accept max_bytes answers refused
                    described_by=Signal::derive(described_by) invalid=Signal::derive(invalid) />
            </div>
        }
        .into_any();
    }
    let _ = service;
    let (input_type, autocomplete, inputmode) = input_attributes(&field);
    let today = time::OffsetDateTime::now_utc().date();
    let (min, max) = match &field.kind {
        FieldKind::Date { min, max } => (min.map(|m| day(m.on(today))), max.map(|m| day(m.on(today)))),
        _ => (None, None),
    };
    let max_length = match &field.kind {
        FieldKind::ShortText { .. } | FieldKind::LongText { .. } | FieldKind::Email => Some(field.kind.max_length()),
        _ => None,
    };
    let (id_value, id_input) = (id.clone(), id.clone());
    // Only this field's own changes reach its input: writing the value back while the person
    // types elsewhere (or is halfway through a date) would undo what they are typing.
    let value = Memo::new(move |_| answers.with(|a| text_of(a, &id_value)));
    let on_input = move |ev: leptos::ev::Event| set_text(answers, &id_input, event_target_value(&ev));
    // A date input reports "" until its three parts are filled; it is read when complete.
    let is_date = matches!(field.kind, FieldKind::Date { .. });
    let on_date_input = on_input.clone();
    // The saved answer is in the page the server renders (`value`, a text area's text), so the
    // form reads and sends it without script too; `prop:value` carries the browser's changes.
    let value_at_first = value.get_untracked();
    let control = if matches!(field.kind, FieldKind::LongText { .. }) {
        let text_at_first = crate::ui::textarea_text(value_at_first);
        view! {
            <textarea id=dom_id.clone() name=id.clone() rows="6" maxlength=max_length aria-describedby=described_by
                aria-invalid=invalid inner_html=text_at_first prop:value=value on:input=on_input></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=dom_id.clone() name=id.clone() type=input_type autocomplete=autocomplete inputmode=inputmode
                min=min max=max maxlength=max_length spellcheck=(input_type != "text").then_some("false")
                aria-describedby=described_by aria-invalid=invalid value=value_at_first prop:value=value
                on:input=move |ev| if !is_date { on_input(ev) }
                on:change=move |ev| if is_date { on_date_input(ev) } />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <label for=dom_id>{label_text}</label>
            {hint}
            {error_view}
            {control}
        </div>
    }
    .into_any()
}

/// The input type, autocomplete token and input mode that suit a field on a phone.
fn input_attributes(field: &Field) -> (&'static str, Option<&'static str>, Option<&'static str>) {
    let by_claim = match field.prefill {
        Some(Claim::FullName) => Some("name"),
        Some(Claim::Email) => Some("email"),
        Some(Claim::BirthDate) => Some("bday"),
        None => None,
    };
    match field.kind {
        FieldKind::Email => ("email", by_claim.or(Some("email")), None),
        FieldKind::Phone => ("tel", Some("tel"), None),
        FieldKind::Date { .. } => ("date", by_claim, None),
        FieldKind::WholeNumber { .. } => ("text", None, Some("numeric")),
        FieldKind::PostalCode => ("text", Some("postal-code"), None),
        FieldKind::HealthInsuranceNumber { .. } => ("text", Some("off"), None),
        _ => ("text", by_claim, None),
    }
}

/// An answer as the review page shows it, in a language.
pub fn display_answer(field: &Field, value: Option<&Value>, locale: Locale) -> String {
    let not_answered = || td_string!(locale, forms.wizard.not_answered).to_owned();
    let Some(value) = value.filter(|v| !crate::forms::visibility::is_empty(v)) else {
        return not_answered();
    };
    let option_label = |v: &str| {
        field
            .kind
            .options()
            .iter()
            .find(|o| o.value == v)
            .map_or_else(|| v.to_owned(), |o| o.label.get(locale).to_owned())
    };
    match (&field.kind, value) {
        (FieldKind::YesNo, Value::String(v)) => match v.as_str() {
            "yes" => td_string!(locale, forms.wizard.yes).to_owned(),
            "no" => td_string!(locale, forms.wizard.no).to_owned(),
            other => other.to_owned(),
        },
        // In words, as people read dates: "1er octobre 2026", "October 1, 2026".
        (FieldKind::Date { .. }, Value::String(v)) => crate::ui::when::day_of(v, locale),
        (FieldKind::Consent, Value::Bool(true)) => td_string!(locale, forms.wizard.consent_given).to_owned(),
        (FieldKind::SingleChoice { .. }, Value::String(v)) => option_label(v),
        (FieldKind::MultipleChoice { .. }, Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .map(option_label)
            .collect::<Vec<_>>()
            .join(", "),
        // As the portal keeps them once valid: `H2X 1Y4`, `514-555-0123`, `ABCD12345678`.
        (FieldKind::PostalCode, Value::String(v)) => parse_postal_code(v).unwrap_or_else(|| v.clone()),
        (FieldKind::Phone, Value::String(v)) => parse_phone(v).unwrap_or_else(|| v.clone()),
        (FieldKind::Email, Value::String(v)) => parse_email(v.trim()).unwrap_or_else(|| v.clone()),
        (FieldKind::HealthInsuranceNumber { .. }, Value::String(v)) => {
            HealthInsuranceNumber::parse(v).map_or_else(|_| v.clone(), |nam| nam.as_str().to_owned())
        }
        (FieldKind::File { .. }, file) => serde_json::from_value::<FileRef>(file.clone()).map_or_else(
            |_| not_answered(),
            |file| format!("{} ({})", file.name, human_size(file.size, locale)),
        ),
        (_, Value::String(v)) => v.clone(),
        (_, other) => other.to_string(),
    }
}
