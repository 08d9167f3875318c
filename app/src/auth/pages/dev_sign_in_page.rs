//! The development sign-in: pick a fictitious person. Offered only when the portal runs in
//! development mode without an identity provider (the server refuses to start otherwise), and
//! it says plainly that it is not a real sign-in.

use crate::auth::model::{DEMO_ACCOUNTS, ReturnTo, Role};
use crate::auth::use_viewer;
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::{PageTitle, set_status};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// One button per demo account; each posts to `/auth/dev-login`.
#[component]
pub fn DevSignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    let query = use_query_map();
    let return_to = move || {
        query
            .with(|q| q.get("return_to").as_deref().and_then(ReturnTo::parse))
            .map_or_else(|| format!("/{}", i18n.get_locale()), |r| r.as_str().to_owned())
    };
    view! {
        <PageTitle title=t_string!(i18n, auth.dev.title) />
        <div class="container prose">
            <h1>{t!(i18n, auth.dev.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let offered = viewer.await.map(|v| v.dev_sign_in).unwrap_or(false);
                    if !offered {
                        set_status(404);
                        return view! { <p>{t!(i18n, auth.dev.not_offered)}</p> }.into_any();
                    }
                    let accounts = DEMO_ACCOUNTS
                        .into_iter()
                        .map(|account| {
                            let role = move || match account.role {
                                Role::Citizen => t_string!(i18n, auth.dev.citizen),
                                Role::Admin => t_string!(i18n, auth.dev.admin),
                            };
                            view! {
                                <li>
                                    <form method="post" action="/auth/dev-login">
                                        <input type="hidden" name="account" value=account.subject />
                                        <input type="hidden" name="return_to" value=return_to />
                                        <button type="submit" class="button button--secondary">
                                            {t!(i18n, auth.dev.sign_in_as)} " " {account.display_name} " (" {role} ")"
                                        </button>
                                    </form>
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <p class="notice notice--warning" role="note">{t!(i18n, auth.dev.warning)}</p>
                        <h2>{t!(i18n, auth.dev.choose)}</h2>
                        <ul class="button-list">{accounts}</ul>
                    }
                    .into_any()
                })}
            </Suspense>
        </div>
    }
}
