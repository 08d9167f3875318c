//! "Nouveautés / What's new" on the home page, for everyone: the latest new services and the
//! administrators' news, each with its date and, for a service, the way to it.

use crate::i18n::{t, t_string, use_i18n};
use crate::locale::{health_path, service_path};
use crate::notifications::api::whats_new;
use crate::notifications::model::{Announcement, AnnouncementKind};
use crate::ui::when::date_of;
use leptos::prelude::*;

#[component]
pub fn WhatsNew() -> impl IntoView {
    let i18n = use_i18n();
    let news = Resource::new_blocking(|| (), |_| whats_new());
    view! {
        <section aria-labelledby="news-heading" class="news">
            <h2 id="news-heading">{t!(i18n, notifications.news.heading)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    // The home page works without its news: an error shows as none.
                    let news = news.await.unwrap_or_default();
                    if news.is_empty() {
                        view! { <p>{t!(i18n, notifications.news.none)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="news__list">
                                {news.into_iter().map(|one| view! { <NewsItem one /> }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn NewsItem(one: Announcement) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let kind = match one.kind {
        AnnouncementKind::NewService => t_string!(i18n, notifications.news.new_service),
        AnnouncementKind::Novelty => t_string!(i18n, notifications.news.novelty),
    };
    let link = match (&one.service, &one.page) {
        (Some(service), _) => Some((
            service_path(locale, service, false),
            t_string!(i18n, notifications.news.see_service),
        )),
        (None, Some(page)) => Some((health_path(locale, page), t_string!(i18n, notifications.news.see_page))),
        (None, None) => None,
    }
    .map(|(href, see)| {
        let label = format!("{see} {}", one.title.get(locale));
        view! { <p><a href=href>{label}</a></p> }
    });
    view! {
        <li class="news__item" data-testid="news">
            <h3>{one.title.get(locale).to_owned()}</h3>
            <p class="hint">{kind} " · " {date_of(&one.published_at, locale)}</p>
            <p>{one.text.get(locale).to_owned()}</p>
            {link}
        </li>
    }
}
