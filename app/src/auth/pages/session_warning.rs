//! The idle-session warning: two minutes before a session ends for inactivity, a banner says so
//! and offers to stay signed in (WCAG 2.2.1, timing adjustable). It asks the server how much
//! time is left rather than trusting the device's clock, and asking does not extend anything.

use crate::auth::api::{session_time_left, stay_signed_in};
use crate::auth::model::{IDLE_WARNING_SECONDS, sign_in_href};
use crate::auth::use_viewer;
use crate::error::AppError;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Warning {
    Hidden,
    /// Less than two minutes left; `extendable` when activity can push the end back.
    Ending {
        extendable: bool,
    },
    Expired,
}

/// Shown at the top of every page for a signed-in person; empty otherwise.
#[component]
pub fn SessionWarning() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let viewer = use_viewer();
    let warning = RwSignal::new(Warning::Hidden);
    let check = RwSignal::new(0_u32);
    // Effects run only in the browser: the server renders the hidden state.
    Effect::new(move |_| {
        check.track();
        let signed_in = viewer.get().and_then(Result::ok).and_then(|v| v.signed_in).is_some();
        if !signed_in {
            return;
        }
        leptos::task::spawn_local(async move {
            let next_check = match session_time_left().await {
                Ok(left) if left.seconds_left > IDLE_WARNING_SECONDS => {
                    warning.set(Warning::Hidden);
                    left.seconds_left - IDLE_WARNING_SECONDS
                }
                Ok(left) if left.seconds_left > 0 => {
                    warning.set(Warning::Ending {
                        extendable: left.extendable,
                    });
                    left.seconds_left
                }
                Ok(_) | Err(AppError::Unauthorized) => {
                    warning.set(Warning::Expired);
                    return;
                }
                // The network or the server failed: look again in a minute.
                Err(_) => 60,
            };
            let delay = Duration::from_secs(u64::try_from(next_check).unwrap_or(60).max(1));
            set_timeout(move || check.update(|n| *n += 1), delay);
        });
    });
    let stay = move |_| {
        leptos::task::spawn_local(async move {
            let _ = stay_signed_in().await;
            check.update(|n| *n += 1);
        });
    };
    view! {
        {move || match warning.get() {
            Warning::Hidden => ().into_any(),
            Warning::Ending { extendable: true } => view! {
                <div class="session-warning" role="alert">
                    <div class="container session-warning__inner">
                        <p>{t!(i18n, auth.session.warning)}</p>
                        <button type="button" class="button" on:click=stay>{t!(i18n, auth.session.stay)}</button>
                    </div>
                </div>
            }
            .into_any(),
            Warning::Ending { extendable: false } => view! {
                <div class="session-warning" role="alert">
                    <div class="container session-warning__inner">
                        <p>{t!(i18n, auth.session.ending)}</p>
                    </div>
                </div>
            }
            .into_any(),
            Warning::Expired => view! {
                <div class="session-warning session-warning--expired" role="alert">
                    <div class="container session-warning__inner">
                        <p>{t!(i18n, auth.session.expired)}</p>
                        <a class="button" rel="external" href=move || sign_in_href(&location.pathname.get())>
                            {t!(i18n, auth.session.sign_in_again)}
                        </a>
                    </div>
                </div>
            }
            .into_any(),
        }}
    }
}
