//! The control of a file field: the file attached (with a way to remove it), the file picker,
//! and what is happening, said aloud. Choosing a file sends it at once; the portal checks its
//! type by content and answers with the reference the draft keeps.

use crate::attachments::kinds::human_size;
use crate::drafts::model::Go;
use crate::forms::RawAnswers;
use crate::forms::answers::{FieldError, FileRef};
use crate::i18n::{td, td_string};
use crate::ids::ServiceId;
use crate::locale::page_locale;
use leptos::prelude::*;

/// Where a file stands on its way to the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Sending {
    Idle,
    InProgress,
    Done,
    Removed,
}

/// The file picker and the attached file of one field.
#[component]
pub fn FileControl(
    service: ServiceId,
    field: String,
    dom_id: String,
    accept: Vec<String>,
    max_bytes: u64,
    answers: RwSignal<RawAnswers>,
    /// The problem of the last file chosen, shown as the field's error.
    refused: RwSignal<Option<FieldError>>,
    #[prop(into)] described_by: Signal<Option<String>>,
    #[prop(into)] invalid: Signal<Option<&'static str>>,
) -> impl IntoView {
    let locale = page_locale();
    let sending = RwSignal::new(Sending::Idle);
    let attached = {
        let field = field.clone();
        Memo::new(move |_| {
            answers.with(|a| {
                a.get(&field)
                    .and_then(|v| serde_json::from_value::<FileRef>(v.clone()).ok())
            })
        })
    };
    let name_id = format!("{dom_id}-file");
    let remove_value = Go::Remove(field.clone()).value();
    let remove = {
        let (field, dom_id) = (field.clone(), dom_id.clone());
        move |ev: leptos::ev::MouseEvent| {
            // Without script, the button sends the step, and the server removes the file.
            ev.prevent_default();
            answers.update(|a| {
                a.remove(&field);
            });
            refused.set(None);
            sending.set(Sending::Removed);
            // The button is gone: the picker takes the focus, where the next step is.
            #[cfg(feature = "hydrate")]
            if let Some(input) = document().get_element_by_id(&dom_id) {
                use wasm_bindgen::JsCast;
                if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                    let _ = input.focus();
                }
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = &dom_id;
        }
    };
    let on_change = {
        let field = field.clone();
        move |ev: leptos::ev::Event| {
            #[cfg(feature = "hydrate")]
            send(ev, service.clone(), field.clone(), max_bytes, answers, refused, sending);
            #[cfg(not(feature = "hydrate"))]
            let _ = (ev, &service, &field, max_bytes);
        }
    };
    let status = move || match sending.get() {
        Sending::Idle => String::new(),
        Sending::InProgress => td_string!(locale, forms.wizard.file_sending).to_owned(),
        Sending::Done => td_string!(locale, forms.wizard.file_sent).to_owned(),
        Sending::Removed => td_string!(locale, forms.wizard.file_removed).to_owned(),
    };
    view! {
        {move || attached.get().map(|file| {
            let size = human_size(file.size, locale);
            view! {
                <p class="attachment">
                    <span id=name_id.clone()>
                        {td!(locale, forms.wizard.file_attached)} " " <strong>{file.name.clone()}</strong> " (" {size} ")"
                    </span>
                    " "
                    <button type="submit" name=Go::PART value=remove_value.clone() class="button button--link"
                        aria-describedby=name_id.clone() on:click=remove.clone()>
                        {td!(locale, forms.wizard.file_remove)}
                    </button>
                </p>
            }
        })}
        <input id=dom_id type="file" name=field accept=accept.join(",") aria-describedby=described_by aria-invalid=invalid
            aria-busy=move || (sending.get() == Sending::InProgress).then_some("true") on:change=on_change />
        <p class="file-status" role="status">{status}</p>
    }
}

/// Sends the chosen file; its reference becomes the answer, or its problem the field's error.
#[cfg(feature = "hydrate")]
fn send(
    ev: leptos::ev::Event,
    service: ServiceId,
    field: String,
    max_bytes: u64,
    answers: RwSignal<RawAnswers>,
    refused: RwSignal<Option<FieldError>>,
    sending: RwSignal<Sending>,
) {
    use crate::drafts::api::attach_file;
    use crate::error::AppError;
    use crate::forms::answers::Problem;
    let input: web_sys::HtmlInputElement = event_target(&ev);
    let Some(file) = input.files().and_then(|files| files.get(0)) else {
        return;
    };
    let problem = |problem, limit: Option<String>| FieldError {
        field: field.clone(),
        problem,
        limit,
    };
    // Said at once, without sending megabytes over a phone's connection to hear it.
    if file.size() > max_bytes as f64 {
        refused.set(Some(problem(Problem::FileTooLarge, Some(max_bytes.to_string()))));
        sending.set(Sending::Idle);
        input.set_value("");
        return;
    }
    let Ok(form) = web_sys::FormData::new() else { return };
    let filled = form.append_with_str("service", &service).is_ok()
        && form.append_with_str("field", &field).is_ok()
        && form.append_with_blob_and_filename("file", &file, &file.name()).is_ok();
    if !filled {
        refused.set(Some(problem(Problem::FileNotSent, None)));
        return;
    }
    refused.set(None);
    sending.set(Sending::InProgress);
    let not_sent = problem(Problem::FileNotSent, None);
    leptos::task::spawn_local(async move {
        let result = attach_file(form.into()).await;
        // Cleared, so that choosing the same file again is a change too.
        input.set_value("");
        match result {
            Ok(file) => {
                if let Ok(value) = serde_json::to_value(&file) {
                    answers.update(|a| {
                        a.insert(field, value);
                    });
                }
                sending.set(Sending::Done);
            }
            Err(AppError::InvalidAnswers { errors }) => {
                refused.set(errors.into_iter().next().or(Some(not_sent)));
                sending.set(Sending::Idle);
            }
            Err(_) => {
                refused.set(Some(not_sent));
                sending.set(Sending::Idle);
            }
        }
    });
}
