//! "Services": every service ever published, on show or withdrawn, with its versions, a link to
//! its help page as a citizen sees it, and the plain form that withdraws its tile or shows it
//! again (the same operation as the service team's API).

use super::Forbidden;
use super::manifest_path;
use super::service_controls::{BadgeForm, Controls, OrderButtons};
use crate::admin::manifest_api::PUBLISHED;
use crate::admin::services_api::{BADGE_SET, MOVED, RESTORED, ShowService, WITHDRAWN, service_records};
use crate::catalogue::model::ServiceRecord;
use crate::catalogue::pages::category_label;
use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::locale::{Page, service_path};
use crate::ui::when::moment_of;
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ServicesPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let read = Resource::new_blocking(|| (), |_| service_records());
    let show = ServerAction::<ShowService>::new();
    let controls = Controls {
        reorder: ServerAction::new(),
        badge: ServerAction::new(),
    };
    let failed = show
        .value()
        .get_untracked()
        .and_then(Result::err)
        .or_else(|| controls.reorder.value().get_untracked().and_then(Result::err))
        .or_else(|| controls.badge.value().get_untracked().and_then(Result::err));
    let said = [
        (WITHDRAWN, t_string!(i18n, admin.services.withdrawn)),
        (RESTORED, t_string!(i18n, admin.services.restored)),
        (MOVED, t_string!(i18n, admin.services.moved)),
        (BADGE_SET, t_string!(i18n, admin.services.badge_set)),
        (PUBLISHED, t_string!(i18n, admin.manifest.published)),
    ]
    .into_iter()
    .find(|(done, _)| is_done(done))
    .map(|(_, said)| said);
    let signing_key = is_done(PUBLISHED).then(new_signing_key).flatten();
    view! {
        <PageTitle title=t_string!(i18n, admin.services.title) />
        <div class="container">
            <p><a href=Page::Admin.path(locale)>{t!(i18n, journal.back_to_console)}</a></p>
            <h1>{t!(i18n, admin.services.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let (failed, signing_key) = (failed.clone(), signing_key.clone());
                    Suspend::new(async move {
                        match read.await {
                            Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(records) => view! {
                                <p>{t!(i18n, admin.services.intro)}</p>
                                <div role="status">
                                    {said.map(|said| view! { <p class="notice notice--success">{said}</p> })}
                                    {signing_key.map(|key| view! {
                                        <div class="notice notice--success">
                                            <p>{t!(i18n, admin.manifest.signing_key)}</p>
                                            <p><code class="mono" data-testid="signing-key">{key}</code></p>
                                        </div>
                                    })}
                                </div>
                                <p><a class="button" href=manifest_path(locale, None)>{t!(i18n, admin.manifest.new_link)}</a></p>
                                {failed.map(|error| view! { <ErrorNotice error /> })}
                                <Records records show controls locale />
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// What is on show (a service, a health information page) says of itself in the console: its
/// state in words, and the button that changes it ("Retirer" or "Afficher de nouveau").
pub(super) fn showing(withdrawn_at: Option<&crate::moment::Moment>, locale: Locale) -> (String, &'static str) {
    use crate::i18n::td_string;
    match withdrawn_at {
        None => (
            td_string!(locale, admin.services.on_show).to_owned(),
            td_string!(locale, admin.services.withdraw),
        ),
        Some(at) => (
            format!(
                "{} {}",
                td_string!(locale, admin.services.withdrawn_on),
                moment_of(at, locale)
            ),
            td_string!(locale, admin.services.restore),
        ),
    }
}

/// A new service's signing key, after its first publication from the console: read once.
fn new_signing_key() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::admin::once_cookie::take(crate::admin::manifest_api::SIGNING_KEY_COOKIE);
    #[cfg(not(feature = "ssr"))]
    None
}

#[component]
fn Records(
    records: Vec<ServiceRecord>,
    show: ServerAction<ShowService>,
    controls: Controls,
    locale: Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = records.len();
    let rows = records
        .into_iter()
        .enumerate()
        .map(|(at, record)| {
            let title = match locale {
                Locale::fr => record.tile.title.fr.clone(),
                Locale::en => record.tile.title.en.clone(),
            };
            let help = service_path(locale, record.id.as_str(), false);
            let shown = record.withdrawn_at.is_none();
            let (state, button) = showing(record.withdrawn_at.as_ref(), locale);
            let label = format!("{button} {title}");
            let (id_attr, id_text, id_form) = (record.id.to_string(), record.id.to_string(), record.id.to_string());
            let edit = manifest_path(locale, Some(record.id.as_str()));
            let (top, bottom) = (at == 0, at + 1 == count);
            let (order_id, badge_id, badge) = (record.id.to_string(), record.id.to_string(), record.new_badge);
            let (order_title, badge_title) = (title.clone(), title.clone());
            let edit_label = format!("{} : {title}", t_string!(i18n, admin.manifest.edit));
            let (category, current, first) = (
                record.tile.category,
                record.current_version,
                record.first_published.clone(),
            );
            let versions = record
                .versions
                .iter()
                .map(|(version, at)| view! { <li>{format!("v{version} — {}", moment_of(at, locale))}</li> })
                .collect_view();
            view! {
                <tr data-testid="service-record" data-id=id_attr>
                    <td><a href=help>{title}</a><br /><span class="mono">{id_text}</span></td>
                    <td>{category_label(category, locale)}</td>
                    <td data-testid="service-state">{state}</td>
                    <td>
                        <details>
                            <summary>{format!("v{current}")}</summary>
                            <ul>{versions}</ul>
                        </details>
                    </td>
                    <td>{moment_of(&first, locale)}</td>
                    <td>
                        <span data-testid="service-position">{at + 1}</span>
                        <OrderButtons controls id=order_id title=order_title first=top last=bottom />
                    </td>
                    <td><BadgeForm controls id=badge_id title=badge_title badge /></td>
                    <td>
                        <ActionForm action=show>
                            <input type="hidden" name="id" value=id_form />
                            <input type="hidden" name="shown" value=(!shown).to_string() />
                            <button type="submit" class="button button--secondary" aria-label=label>{button}</button>
                        </ActionForm>
                        <a href=edit aria-label=edit_label>{t!(i18n, admin.manifest.edit)}</a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="services-caption">
            <table class="table">
                <caption id="services-caption">{t!(i18n, admin.services.caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, admin.services.service)}</th>
                        <th scope="col">{t!(i18n, admin.services.category)}</th>
                        <th scope="col">{t!(i18n, admin.services.state)}</th>
                        <th scope="col">{t!(i18n, admin.services.version)}</th>
                        <th scope="col">{t!(i18n, admin.services.first_published)}</th>
                        <th scope="col">{t!(i18n, admin.services.position)}</th>
                        <th scope="col">{t!(i18n, admin.services.badge)}</th>
                        <th scope="col">{t!(i18n, admin.services.action)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
