//! "Paramètres des messages": where the ministry's messages reach the citizen beyond the inbox.
//! Their e-mail addresses and mobile numbers, each verified with a code before it is used, the
//! devices they allowed web push on, and the topics each channel carries. Rendered by the server only: every form is a plain post that comes back
//! here with what it did or why it was refused.

use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::notifications::api::{
    AddContact, CODE_SENT, CONTACT_REMOVED, CONTACT_VERIFIED, DEVICE_ADDED, DEVICE_REMOVED, FOLLOWING_SAVED,
    PREFERENCES_SAVED, RemoveContact, ResendCode, SavePreferences, VerifyContact, my_settings, refusal,
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
    } else if is_done(FOLLOWING_SAVED) {
        Some(t_string!(i18n, notifications.following.saved))
    } else if is_done(DEVICE_ADDED) {
        Some(t_string!(i18n, notifications.devices.added_done))
    } else if is_done(DEVICE_REMOVED) {
        Some(t_string!(i18n, notifications.devices.removed_done))
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
        refusal::INVALID_MOBILE => td_string!(locale, notifications.settings.invalid_mobile).to_owned(),
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
    let Settings {
        preferences,
        contacts,
        email_available,
        sms_available,
        push_key,
        devices,
        following,
    } = settings;
    let push_available = push_key.is_some();
    let has_device = !devices.is_empty();
    let usable = |channel: Channel| contacts.iter().any(|c| c.channel == channel && c.verified && !c.failed);
    let (email_verified, sms_verified) = (usable(Channel::Email), usable(Channel::Sms));
    let of = |channel: Channel| {
        contacts
            .iter()
            .filter(|c| c.channel == channel)
            .cloned()
            .collect::<Vec<_>>()
    };
    let (emails, mobiles) = (of(Channel::Email), of(Channel::Sms));
    view! {
        <Contacts channel=Channel::Email contacts=emails available=email_available />
        <Contacts channel=Channel::Sms contacts=mobiles available=sms_available />
        <super::devices::Devices devices push_key />
        <Choices preferences email_verified sms_verified sms_available push_available has_device />
        <super::following::FollowingForm following />
    }
}

/// The citizen's addresses of one channel, and the form that adds one.
#[component]
fn Contacts(channel: Channel, contacts: Vec<Contact>, available: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let add = ServerAction::<AddContact>::new();
    let field = if channel == Channel::Sms {
        refusal::FIELD_MOBILE
    } else {
        refusal::FIELD_ADDRESS
    };
    // The one add form refused names its field: the error shows in that form only.
    let add_error = add
        .value()
        .get_untracked()
        .and_then(Result::err)
        .filter(|e| !matches!(e, AppError::InvalidInput { fields } if fields.iter().any(|(f, _)| f != field)));
    let add_message = add_error.as_ref().and_then(|e| refusal_message(locale, e));
    let other_error = add_error.filter(|_| add_message.is_none() && channel == Channel::Email);
    let has_error = add_message.is_some();
    let sms = channel == Channel::Sms;
    let heading_id = if sms { "mobiles-heading" } else { "emails-heading" };
    let input_id = if sms { "new-mobile" } else { "new-email" };
    let hint_id = format!("{input_id}-hint");
    let error_id = format!("{input_id}-error");
    let described = if has_error {
        format!("{hint_id} {error_id}")
    } else {
        hint_id.clone()
    };
    let heading = match sms {
        true => t_string!(i18n, notifications.settings.mobiles_heading),
        false => t_string!(i18n, notifications.settings.emails_heading),
    };
    let unavailable = (!available).then(|| {
        let said = match sms {
            true => t_string!(i18n, notifications.settings.sms_unavailable),
            false => t_string!(i18n, notifications.settings.email_unavailable),
        };
        view! { <p class="notice notice--warning">{said}</p> }
    });
    let none = match sms {
        true => t_string!(i18n, notifications.settings.no_mobile),
        false => t_string!(i18n, notifications.settings.no_email),
    };
    let (label, hint) = match sms {
        true => (
            t_string!(i18n, notifications.settings.add_mobile_label),
            t_string!(i18n, notifications.settings.add_mobile_hint),
        ),
        false => (
            t_string!(i18n, notifications.settings.add_label),
            t_string!(i18n, notifications.settings.add_hint),
        ),
    };
    let form = available.then(|| {
        view! {
            <ActionForm action=add attr:class="form">
                <input type="hidden" name="channel" value=channel.as_str() />
                <div class="field" class:field--error=has_error>
                    <label for=input_id>{label}</label>
                    <p class="hint" id=hint_id.clone()>{hint}</p>
                    {add_message.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
                    <input
                        id=input_id
                        type=if sms { "tel" } else { "email" }
                        name="address"
                        autocomplete=if sms { "tel" } else { "email" }
                        required
                        maxlength=if sms { "32" } else { "254" }
                        aria-describedby=described
                        aria-invalid=has_error.then_some("true")
                        autofocus=has_error
                    />
                </div>
                <button type="submit" class="button">{t!(i18n, notifications.settings.add)}</button>
            </ActionForm>
        }
    });
    view! {
        <section aria-labelledby=heading_id>
            <h2 id=heading_id>{heading}</h2>
            {unavailable}
            {other_error.map(|error| view! { <ErrorNotice error /> })}
            {(contacts.is_empty() && available).then(|| view! { <p>{none}</p> })}
            <ul class="contact-list">
                {contacts.into_iter().map(|contact| view! { <ContactEntry contact /> }).collect_view()}
            </ul>
            {form}
        </section>
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

/// The topics each channel carries; the inbox has every message whatever is chosen.
#[component]
fn Choices(
    preferences: crate::notifications::model::Preferences,
    email_verified: bool,
    sms_verified: bool,
    sms_available: bool,
    push_available: bool,
    has_device: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SavePreferences>::new();
    let failed = save.value().get_untracked().and_then(Result::err);
    let topics = [
        (
            Topic::RequestUpdates,
            "request_updates",
            t_string!(i18n, notifications.settings.topic_request_updates),
        ),
        (
            Topic::ActionRequired,
            "action_required",
            t_string!(i18n, notifications.settings.topic_action_required),
        ),
        (
            Topic::Announcements,
            "announcements",
            t_string!(i18n, notifications.settings.topic_announcements),
        ),
    ];
    let boxes = move |channel: Channel| {
        topics
            .iter()
            .map(|(topic, name, label)| {
                let name = format!("{name}_{}", channel.as_str());
                let id = format!("choice-{name}");
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() name=name checked=preferences.wants(*topic, channel) />
                        <label for=id>{*label}</label>
                    </div>
                }
            })
            .collect_view()
    };
    let by_sms = sms_available.then(|| {
        view! {
            <fieldset class="fieldset">
                <legend>{t!(i18n, notifications.settings.by_sms)}</legend>
                {(!sms_verified).then(|| view! { <p class="hint">{t!(i18n, notifications.settings.needs_verified_mobile)}</p> })}
                {boxes(Channel::Sms)}
            </fieldset>
        }
    });
    let by_push = push_available.then(|| {
        view! {
            <fieldset class="fieldset">
                <legend>{t!(i18n, notifications.devices.by_push)}</legend>
                {(!has_device).then(|| view! { <p class="hint">{t!(i18n, notifications.devices.needs_device)}</p> })}
                {boxes(Channel::Push)}
            </fieldset>
        }
    });
    view! {
        <section aria-labelledby="choices-heading">
            <h2 id="choices-heading">{t!(i18n, notifications.settings.choices_heading)}</h2>
            <p>{t!(i18n, notifications.settings.choices_order)}</p>
            {failed.map(|error| view! { <ErrorNotice error /> })}
            <ActionForm action=save attr:class="form">
                <fieldset class="fieldset">
                    <legend>{t!(i18n, notifications.settings.by_email)}</legend>
                    {(!email_verified).then(|| view! { <p class="hint">{t!(i18n, notifications.settings.needs_verified)}</p> })}
                    {boxes(Channel::Email)}
                </fieldset>
                {by_sms}
                {by_push}
                <button type="submit" class="button">{t!(i18n, notifications.settings.save)}</button>
            </ActionForm>
        </section>
    }
}
