//! "Paramètres des messages": where the ministry's messages reach the citizen beyond the inbox.
//! Their e-mail addresses, each verified with a code before it is used, and the topics each
//! channel carries. Rendered by the server only: every form is a plain post that comes back
//! here with what it did or why it was refused.

use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::notifications::api::{
    AddEmail, CODE_SENT, CONTACT_REMOVED, CONTACT_VERIFIED, PREFERENCES_SAVED, RemoveContact, ResendCode,
    SavePreferences, VerifyContact, my_settings, refusal,
};
use crate::notifications::model::{Channel, Contact, Settings, Topic};
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// `/fr/parametres-des-messages`, `/en/message-settings`.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let settings = Resource::new_blocking(|| (), |_| my_settings());
    view! {
        <PageTitle title=t_string!(i18n, notifications.settings.title) />
        <div class="container prose">
            <h1>{t!(i18n, notifications.settings.heading)}</h1>
            <p>{t!(i18n, notifications.settings.intro)}</p>
            <p>{t!(i18n, notifications.settings.privacy)}</p>
            <Done />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match settings.await {
                        Ok(settings) => view! { <SettingsForms settings /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// What the last post did, said in a status region.
#[component]
fn Done() -> impl IntoView {
    let i18n = use_i18n();
    let said = if is_done(PREFERENCES_SAVED) {
        Some(t_string!(i18n, notifications.settings.saved))
    } else if is_done(CODE_SENT) {
        Some(t_string!(i18n, notifications.settings.code_sent))
    } else if is_done(CONTACT_VERIFIED) {
        Some(t_string!(i18n, notifications.settings.verified))
    } else if is_done(CONTACT_REMOVED) {
        Some(t_string!(i18n, notifications.settings.removed))
    } else {
        None
    };
    view! {
        <div role="status">{said.map(|said| view! { <p class="notice notice--success">{said}</p> })}</div>
    }
}

/// The message of a refused contact form, by the reason the server named.
fn refusal_message(locale: Locale, error: &AppError) -> Option<String> {
    let AppError::InvalidInput { fields } = error else {
        return None;
    };
    let (_, reason) = fields.first()?;
    let (reason, left) = reason.split_once(':').unwrap_or((reason, ""));
    Some(match reason {
        refusal::INVALID_EMAIL => td_string!(locale, notifications.settings.invalid_email).to_owned(),
        refusal::TOO_MANY_CODES => td_string!(locale, notifications.settings.too_many_codes).to_owned(),
        refusal::NOT_SENT => td_string!(locale, notifications.settings.not_sent).to_owned(),
        refusal::WRONG_CODE => {
            td_string!(locale, notifications.settings.wrong_code, left = left.to_owned()).to_string()
        }
        refusal::SPENT_CODE => td_string!(locale, notifications.settings.spent_code).to_owned(),
        _ => error.user_message(locale).to_owned(),
    })
}

#[component]
fn SettingsForms(settings: Settings) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let add = ServerAction::<AddEmail>::new();
    let add_error = add.value().get_untracked().and_then(Result::err);
    let add_message = add_error.as_ref().and_then(|e| refusal_message(locale, e));
    let other_error = add_error.filter(|_| add_message.is_none());
    let has_error = add_message.is_some();
    let emails: Vec<Contact> = settings
        .contacts
        .into_iter()
        .filter(|c| c.channel == Channel::Email)
        .collect();
    let any_verified = emails.iter().any(|c| c.verified && !c.failed);
    let unavailable = (!settings.email_available)
        .then(|| view! { <p class="notice notice--warning">{t!(i18n, notifications.settings.email_unavailable)}</p> });
    view! {
        <section aria-labelledby="emails-heading">
            <h2 id="emails-heading">{t!(i18n, notifications.settings.emails_heading)}</h2>
            {unavailable}
            {other_error.map(|error| view! { <ErrorNotice error /> })}
            {(emails.is_empty()).then(|| view! { <p>{t!(i18n, notifications.settings.no_email)}</p> })}
            <ul class="contact-list">
                {emails.into_iter().map(|contact| view! { <ContactEntry contact /> }).collect_view()}
            </ul>
            <ActionForm action=add attr:class="form">
                <div class="field" class:field--error=has_error>
                    <label for="new-email">{t!(i18n, notifications.settings.add_label)}</label>
                    <p class="hint" id="new-email-hint">{t!(i18n, notifications.settings.add_hint)}</p>
                    {add_message.map(|message| view! { <p class="field-error" id="new-email-error">{message}</p> })}
                    <input
                        id="new-email"
                        type="email"
                        name="address"
                        autocomplete="email"
                        required
                        maxlength="254"
                        aria-describedby=if has_error { "new-email-hint new-email-error" } else { "new-email-hint" }
                        aria-invalid=has_error.then_some("true")
                        autofocus=has_error
                    />
                </div>
                <button type="submit" class="button">{t!(i18n, notifications.settings.add)}</button>
            </ActionForm>
        </section>
        <Choices preferences=settings.preferences any_verified />
    }
}

/// One address: its state, and what can be done with it.
#[component]
fn ContactEntry(contact: Contact) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let verify = ServerAction::<VerifyContact>::new();
    let resend = ServerAction::<ResendCode>::new();
    let remove = ServerAction::<RemoveContact>::new();
    // A refused code or resend names the contact it was for.
    let field = format!("{}:{}", refusal::FIELD_CODE, contact.id);
    let for_me = |error: Option<AppError>| {
        error
            .filter(|e| matches!(e, AppError::InvalidInput { fields } if fields.iter().any(|(f, _)| *f == field)))
            .and_then(|e| refusal_message(locale, &e))
    };
    let code_error = for_me(verify.value().get_untracked().and_then(Result::err))
        .or_else(|| for_me(resend.value().get_untracked().and_then(Result::err)));
    let has_error = code_error.is_some();
    let id = contact.id.clone().into_string();
    let code_id = format!("code-{id}");
    let error_id = format!("code-error-{id}");
    let state = match (contact.verified, contact.failed) {
        (_, true) => {
            view! { <span class="badge badge--warning">{t!(i18n, notifications.settings.state_failed)}</span> }
                .into_any()
        }
        (true, false) => {
            view! { <span class="badge badge--success">{t!(i18n, notifications.settings.state_verified)}</span> }
                .into_any()
        }
        (false, false) => {
            view! { <span class="badge">{t!(i18n, notifications.settings.state_pending)}</span> }.into_any()
        }
    };
    let pending = !contact.verified || contact.failed;
    let address = contact.address.clone();
    let verify_form = pending.then(|| {
        let (verify_id, resend_id) = (id.clone(), id.clone());
        let code_label = td_string!(locale, notifications.settings.code_label, address = address.clone()).to_string();
        view! {
            <ActionForm action=verify attr:class="form">
                <input type="hidden" name="contact" value=verify_id />
                <div class="field" class:field--error=has_error>
                    <label for=code_id.clone()>{code_label}</label>
                    {code_error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
                    <input
                        id=code_id.clone()
                        type="text"
                        name="code"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        pattern="[0-9 ]*"
                        maxlength="9"
                        required
                        aria-describedby=has_error.then(|| error_id.clone())
                        aria-invalid=has_error.then_some("true")
                        autofocus=has_error
                    />
                </div>
                <button type="submit" class="button">{t!(i18n, notifications.settings.verify)}</button>
            </ActionForm>
            <ActionForm action=resend attr:class="inline-form">
                <input type="hidden" name="contact" value=resend_id />
                <button type="submit" class="button button--link">{t!(i18n, notifications.settings.resend)}</button>
            </ActionForm>
        }
    });
    let remove_label = td_string!(locale, notifications.settings.remove, address = address.clone()).to_string();
    view! {
        <li class="contact" data-testid="contact">
            <p><strong>{contact.address.clone()}</strong> " " {state}</p>
            {verify_form}
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="contact" value=id />
                <button type="submit" class="button button--link">{remove_label}</button>
            </ActionForm>
        </li>
    }
}

/// The topics e-mail carries; the inbox has every message whatever is chosen.
#[component]
fn Choices(preferences: crate::notifications::model::Preferences, any_verified: bool) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePreferences>::new();
    let failed = save.value().get_untracked().and_then(Result::err);
    let boxes = [
        (
            Topic::RequestUpdates,
            "request_updates_email",
            t_string!(i18n, notifications.settings.topic_request_updates),
        ),
        (
            Topic::ActionRequired,
            "action_required_email",
            t_string!(i18n, notifications.settings.topic_action_required),
        ),
        (
            Topic::Announcements,
            "announcements_email",
            t_string!(i18n, notifications.settings.topic_announcements),
        ),
    ];
    view! {
        <section aria-labelledby="choices-heading">
            <h2 id="choices-heading">{t!(i18n, notifications.settings.choices_heading)}</h2>
            {failed.map(|error| view! { <ErrorNotice error /> })}
            {(!any_verified).then(|| view! { <p class="hint">{t!(i18n, notifications.settings.needs_verified)}</p> })}
            <ActionForm action=save attr:class="form">
                <fieldset class="fieldset">
                    <legend>{t!(i18n, notifications.settings.by_email)}</legend>
                    {boxes
                        .into_iter()
                        .map(|(topic, name, label)| {
                            let id = format!("choice-{name}");
                            view! {
                                <div class="choice">
                                    <input type="checkbox" id=id.clone() name=name checked=preferences.wants(topic, Channel::Email) />
                                    <label for=id>{label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="button">{t!(i18n, notifications.settings.save)}</button>
            </ActionForm>
        </section>
    }
}
