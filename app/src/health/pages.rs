//! Health information for citizens: the home page's section (the newest pages, narrowed by the
//! same search and category as the services), the list of every page, and one page, its text
//! rendered on the server as safe HTML, with its publication and review dates.

use super::api::{HealthPageItem, health_page, health_pages};
use super::model::HealthPageView;
use crate::catalogue::model::Category;
use crate::catalogue::pages::category_label;
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::{Page, health_path};
use crate::ui::when::{date_of, day_of};
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// How many pages the home page shows.
const ON_HOME: usize = 6;

/// The home page's "Renseignements de santé": the newest pages that match the services'
/// search and category (the same plain GET form), and the way to all of them.
#[component]
pub fn HealthOnHome() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let search = query.with_untracked(|q| q.get("q").unwrap_or_default());
    let category = query.with_untracked(|q| q.get("category").and_then(|c| Category::parse(&c)));
    let read = Resource::new_blocking(|| (), |_| health_pages());
    view! {
        <section aria-labelledby="health-heading" class="health">
            <h2 id="health-heading">{t!(i18n, health.home_heading)}</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let search = search.clone();
                    Suspend::new(async move {
                        // The home page works without them: an error shows as none.
                        let pages: Vec<HealthPageItem> = read
                            .await
                            .unwrap_or_default()
                            .into_iter()
                            .filter(|p| p.shows_for(category, &search))
                            .take(ON_HOME)
                            .collect();
                        match pages.is_empty() {
                            true => view! { <p>{t!(i18n, health.none)}</p> }.into_any(),
                            false => view! { <Items pages top=false /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
            <p><a href=move || Page::HealthInformation.path(i18n.get_locale())>{t!(i18n, health.all)}</a></p>
        </section>
    }
}

/// The pages as a list; `top`: right under the page's title (their headings one level up).
#[component]
fn Items(pages: Vec<HealthPageItem>, top: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <ul class="health__list">
            {pages
                .into_iter()
                .map(|page| {
                    let link = view! { <a href=health_path(locale, &page.id)>{page.title.get(locale).to_owned()}</a> };
                    let heading = match top {
                        true => view! { <h2>{link}</h2> }.into_any(),
                        false => view! { <h3>{link}</h3> }.into_any(),
                    };
                    view! {
                    <li class="health__item" data-testid="health-item">
                        {heading}
                        <p class="hint">
                            {category_label(page.category, locale)} " · "
                            {format!("{} {}", t_string!(i18n, health.reviewed_on), day_of(&page.reviewed_on, locale))}
                        </p>
                        <p>{page.summary.get(locale).to_owned()}</p>
                    </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// "Renseignements de santé": every page on show.
#[component]
pub fn HealthInformationPage() -> impl IntoView {
    let i18n = use_i18n();
    let read = Resource::new_blocking(|| (), |_| health_pages());
    view! {
        <PageTitle title=t_string!(i18n, health.list_title) />
        <div class="container">
            <h1>{t!(i18n, health.list_heading)}</h1>
            <p class="lead">{t!(i18n, health.list_intro)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match read.await {
                        Ok(pages) if pages.is_empty() => view! { <p>{t!(i18n, health.none)}</p> }.into_any(),
                        Ok(pages) => view! { <Items pages top=true /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

/// One page, as a citizen reads it.
#[component]
pub fn HealthPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("page").unwrap_or_default());
    let read = Resource::new_blocking(move || id.clone(), health_page);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match read.await {
                    Ok(page) => view! { <HealthBody page nested=false /> }.into_any(),
                    Err(error) => view! {
                        <PageTitle title=t_string!(i18n, health.list_title) />
                        <div class="container"><ErrorNotice error /></div>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

/// A page's title, dates and text; `nested`, inside the console's preview (headings one level
/// down, no page title).
#[component]
pub fn HealthBody(page: HealthPageView, nested: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let title = page.title.get(locale).to_owned();
    let dates = format!(
        "{} · {} {} · {} {}",
        category_label(page.category, locale),
        t_string!(i18n, health.published_on),
        date_of(&page.published_at, locale),
        t_string!(i18n, health.reviewed_on),
        day_of(&page.reviewed_on, locale),
    );
    // Safe HTML: made on the server from Markdown with raw HTML as text and links checked
    // (`health::markdown`).
    let html = page.html.get(locale).to_owned();
    let summary = page.summary.get(locale).to_owned();
    match nested {
        false => view! {
            <PageTitle title=title.clone() />
            <div class="container">
                <p><a href=Page::HealthInformation.path(locale)>{t!(i18n, health.back)}</a></p>
                <article class="health-page">
                    <h1>{title}</h1>
                    <p class="lead">{summary}</p>
                    <p class="hint" data-testid="health-dates">{dates}</p>
                    <div class="prose" inner_html=html></div>
                </article>
            </div>
        }
        .into_any(),
        true => view! {
            <article class="health-page">
                <h3>{title}</h3>
                <p class="lead">{summary}</p>
                <p class="hint">{dates}</p>
                <div class="prose prose--nested" inner_html=html></div>
            </article>
        }
        .into_any(),
    }
}
