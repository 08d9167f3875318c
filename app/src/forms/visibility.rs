//! Which questions show: a field's condition reads another field's answer, itself shown, so
//! hiding cascades. The browser prunes what a change hides before saving; the server refuses an
//! answer to a hidden field.

use super::answers::RawAnswers;
use super::model::{Field, FormDefinition};
use serde_json::Value;

/// Drops the answers of fields that the other answers now hide (the browser does this before
/// saving, so that a changed "yes" to "no" does not leave a hidden answer behind).
pub fn prune_hidden(form: &FormDefinition, answers: &mut RawAnswers) {
    let hidden: Vec<String> = form
        .fields()
        .filter(|(_, field)| answers.contains_key(&field.id) && !is_visible(form, field, answers))
        .map(|(_, field)| field.id.clone())
        .collect();
    for id in hidden {
        answers.remove(&id);
    }
}

/// Whether a field shows, given the answers: its condition holds and the field the condition
/// reads is itself shown.
pub fn is_visible(form: &FormDefinition, field: &Field, answers: &RawAnswers) -> bool {
    visible_at_depth(form, field, answers, 0)
}

fn visible_at_depth(form: &FormDefinition, field: &Field, answers: &RawAnswers, depth: usize) -> bool {
    let Some(condition) = &field.visible_when else {
        return true;
    };
    // The manifest check refuses cycles; the depth bound keeps an unchecked form safe anyway.
    let Some(source) = form.field(&condition.field).filter(|_| depth < 32) else {
        return false;
    };
    if !visible_at_depth(form, source, answers, depth + 1) {
        return false;
    }
    let Some(value) = answers.get(&condition.field).filter(|v| !is_empty(v)) else {
        return false;
    };
    if condition.one_of.is_empty() {
        return true;
    }
    match value {
        Value::String(text) => condition.one_of.iter().any(|v| v == text),
        Value::Array(items) => items.iter().any(|item| {
            item.as_str()
                .is_some_and(|text| condition.one_of.iter().any(|v| v == text))
        }),
        Value::Bool(true) => condition.one_of.iter().any(|v| v == "true"),
        _ => false,
    }
}

/// Whether a value counts as not answered.
pub fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null | Value::Bool(false) => true,
        Value::String(text) => text.trim().is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    }
}
