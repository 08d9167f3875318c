//! "Vos appareils" on the message settings page: the devices where the citizen allowed web
//! push, each removable, and the form that adds this one. Allowing notifications and
//! subscribing happen in the browser (`public/push.js`, loaded by this section only), which
//! fills the form with the subscription and posts it; without scripts, or in a browser that
//! cannot push, the section says so and nothing else changes.

use crate::error::AppError;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::notifications::api::{AddDevice, RemoveDevice, refusal};
use crate::notifications::model::Device;
use crate::ui::ErrorNotice;
use crate::ui::when::moment_of;
use leptos::form::ActionForm;
use leptos::nonce::use_nonce;
use leptos::prelude::*;

#[component]
pub fn Devices(devices: Vec<Device>, push_key: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(push_key) = push_key else {
        return view! {
            <section aria-labelledby="devices-heading">
                <h2 id="devices-heading">{t!(i18n, notifications.devices.heading)}</h2>
                <p class="notice notice--warning">{t!(i18n, notifications.devices.unavailable)}</p>
            </section>
        }
        .into_any();
    };
    let add = ServerAction::<AddDevice>::new();
    let failed = add.value().get_untracked().and_then(Result::err);
    let refused = failed.as_ref().is_some_and(
        |e| matches!(e, AppError::InvalidInput { fields } if fields.iter().any(|(f, _)| f == refusal::FIELD_DEVICE)),
    );
    let failed = failed.filter(|_| !refused);
    let empty = devices.is_empty();
    view! {
        <section aria-labelledby="devices-heading" class="devices">
            <h2 id="devices-heading">{t!(i18n, notifications.devices.heading)}</h2>
            <p>{t!(i18n, notifications.devices.intro)}</p>
            {failed.map(|error| view! { <ErrorNotice error /> })}
            {refused.then(|| view! { <p class="notice notice--error" role="alert">{t!(i18n, notifications.devices.refused)}</p> })}
            {empty.then(|| view! { <p>{t!(i18n, notifications.devices.none)}</p> })}
            <ul class="contact-list">
                {devices.into_iter().map(|device| view! { <DeviceEntry device /> }).collect_view()}
            </ul>
            <ActionForm action=add attr:class="form" attr:data-push-form=push_key attr:hidden="">
                <input type="hidden" name="endpoint" value="" />
                <input type="hidden" name="p256dh" value="" />
                <input type="hidden" name="auth" value="" />
                <button type="submit" class="button">{t!(i18n, notifications.devices.add)}</button>
            </ActionForm>
            <div role="status" data-push-said="">
                <p class="notice notice--warning" data-push-says="denied" hidden="">{t!(i18n, notifications.devices.denied)}</p>
                <p class="notice notice--warning" data-push-says="failed" hidden="">{t!(i18n, notifications.devices.failed)}</p>
                <p class="notice notice--warning" data-push-says="unsupported" hidden="">{t!(i18n, notifications.devices.unsupported)}</p>
            </div>
            <noscript><p>{t!(i18n, notifications.devices.needs_script)}</p></noscript>
            <script src="/push.js" defer="" nonce=use_nonce()></script>
        </section>
    }
    .into_any()
}

/// One device: its name, since when, and the button that stops its notices.
#[component]
fn DeviceEntry(device: Device) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let remove = ServerAction::<RemoveDevice>::new();
    let added = format!(
        "{} {}",
        t_string!(i18n, notifications.devices.added),
        moment_of(&device.added_at, locale)
    );
    let name = match device.name.is_empty() {
        true => t_string!(i18n, notifications.devices.unknown).to_owned(),
        false => device.name.clone(),
    };
    let remove_label = td_string!(locale, notifications.devices.remove, name = name.clone()).to_string();
    view! {
        <li class="contact" data-testid="device">
            <p><strong>{name}</strong></p>
            <p class="hint">{added}</p>
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="device" value=device.id.into_string() />
                <button type="submit" class="button button--link">{remove_label}</button>
            </ActionForm>
        </li>
    }
}
