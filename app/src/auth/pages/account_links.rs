//! The end of the main navigation, in the header: "Se connecter" for a guest; "Messages" with
//! the number unread (said to screen readers too), the person's name (their profile),
//! administration for administrators, and "Se déconnecter". The
//! sign-out form carries the device key, so that `public/portal.js` forgets this person's
//! draft copies on the device as it posts.

use crate::auth::model::{Role, sign_in_href};
use crate::auth::use_viewer;
use crate::i18n::{t, td_string, use_i18n};
use crate::locale::Page;
use crate::ui::aria_current;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The end of the navigation: "Se connecter" for a guest; the person's name (their profile),
/// administration for administrators, and "Se déconnecter" once signed in.
#[component]
pub fn AccountLinks() -> impl IntoView {
    let i18n = use_i18n();
    let viewer = use_viewer();
    // Read on the server with the page, apart from the viewer, which islands receive: the
    // browser's code never carries the count.
    let unread = Resource::new_blocking(|| (), |_| crate::notifications::api::unread_count());
    let location = use_location();
    let current = move |page: Page| aria_current(location.pathname, page);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let signed_in = viewer.await.ok().and_then(|v| v.signed_in);
                let unread = match signed_in {
                    Some(_) => unread.await.unwrap_or(0),
                    None => 0,
                };
                match signed_in {
                    None => view! {
                        <li class="main-nav__account">
                            <a rel="external" href=move || sign_in_href(&location.pathname.get())>{t!(i18n, auth.sign_in)}</a>
                        </li>
                    }
                    .into_any(),
                    Some(person) => {
                        let admin = (person.role == Role::Admin).then(|| view! {
                            <li>
                                <a href=move || Page::Admin.path(i18n.get_locale()) aria-current=current(Page::Admin)>
                                    {t!(i18n, auth.admin_link)}
                                </a>
                            </li>
                        });
                        let locale = i18n.get_locale_untracked();
                        view! {
                            {admin}
                            <li>
                                <a href=move || Page::Messages.path(i18n.get_locale()) aria-current=current(Page::Messages) data-testid="inbox-link">
                                    {t!(i18n, notifications.inbox.link)}
                                    {(unread > 0).then(|| view! {
                                        " " <span class="count-badge" aria-hidden="true">{unread}</span>
                                        <span class="visually-hidden">
                                            ", " {td_string!(locale, notifications.inbox.link_unread, number = unread).to_string()}
                                        </span>
                                    })}
                                </a>
                            </li>
                            <li class="main-nav__account">
                                <a href=move || Page::Profile.path(i18n.get_locale()) aria-current=current(Page::Profile)>
                                    <span class="visually-hidden">{t!(i18n, auth.account_label)} " "</span>
                                    <span data-testid="account-name">{person.display_name}</span>
                                </a>
                            </li>
                            <li>
                                <form method="post" action="/auth/logout" class="inline-form" data-device-key=person.device_key>
                                    <button type="submit" class="link-button">{t!(i18n, auth.sign_out)}</button>
                                </form>
                            </li>
                        }
                        .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
