//! "Mon historique de connexion": the citizen's own recent sign-ins, so they can spot someone
//! else's use of their identity.

use crate::auth::api::my_sign_ins;
use crate::auth::model::SignInRecord;
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;

/// The signed-in citizen's last sign-ins: when, from which device and address.
#[component]
pub fn SignInHistoryPage() -> impl IntoView {
    let i18n = use_i18n();
    let sign_ins = Resource::new_blocking(|| (), |_| my_sign_ins());
    view! {
        <PageTitle title=t_string!(i18n, auth.history.title) />
        <div class="container prose">
            <h1>{t!(i18n, auth.history.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match sign_ins.await {
                        Ok(records) => view! { <History records /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn History(records: Vec<SignInRecord>) -> impl IntoView {
    let i18n = use_i18n();
    let listing = if records.is_empty() {
        view! { <p>{t!(i18n, auth.history.empty)}</p> }.into_any()
    } else {
        let rows = records
            .into_iter()
            .map(|record| {
                let when = record.occurred_at.get(..19).unwrap_or(&record.occurred_at).replace('T', " ");
                let device = record.device;
                view! {
                    <tr>
                        <td>{when}</td>
                        <td>{move || device.clone().unwrap_or_else(|| t_string!(i18n, auth.history.unknown_device).to_owned())}</td>
                        <td>{record.ip.unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="history-caption">
                <table class="table">
                    <caption id="history-caption">{t!(i18n, auth.history.caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, auth.history.when)}</th>
                            <th scope="col">{t!(i18n, auth.history.device)}</th>
                            <th scope="col">{t!(i18n, auth.history.ip)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <p>{t!(i18n, auth.history.intro)}</p>
        {listing}
        <p><a href=move || Page::Profile.path(i18n.get_locale())>{t!(i18n, auth.history.profile_link)}</a></p>
    }
}
