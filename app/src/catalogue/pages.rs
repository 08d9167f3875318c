//! Catalogue pages: the tile grid of the home page (filter by category, search in either
//! language) and a service's help page with its "Commencer / Start" action.

use super::api::{Tile, service_details, tiles};
use super::model::{Audience, Category, Icon};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::ids::ServiceId;
use crate::locale::{Bilingual, service_path};
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The home page's services: a grid of tiles that a category and a search narrow down. The
/// filter is a plain GET form read by the server: it needs no script at all.
#[component]
pub fn TileGrid() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let all = Resource::new_blocking(|| (), |_| tiles());
    let search = query.with_untracked(|q| q.get("q").unwrap_or_default());
    let category = query.with_untracked(|q| q.get("category").and_then(|c| Category::parse(&c)));
    let shown_search = search.clone();
    view! {
        <form class="tile-filter" method="get" role="search" aria-labelledby="services-heading">
            <div class="field">
                <label for="tile-search">{t!(i18n, catalogue.filter.search_label)}</label>
                <input id="tile-search" name="q" type="search" value=search />
            </div>
            <div class="field">
                <label for="tile-category">{t!(i18n, catalogue.filter.category_label)}</label>
                <select id="tile-category" name="category">
                    <option value="" selected=category.is_none()>{t!(i18n, catalogue.filter.all)}</option>
                    {Category::ALL
                        .into_iter()
                        .map(|c| view! {
                            <option value=c.as_str() selected=category == Some(c)>
                                {category_label(c, i18n.get_locale())}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary">{t!(i18n, catalogue.filter.apply)}</button>
        </form>
        <Suspense fallback=|| ()>
            {move || {
                let search = shown_search.clone();
                Suspend::new(async move {
                    match all.await {
                        Ok(all) => {
                            let shown: Vec<Tile> = all.into_iter().filter(|t| t.shows_for(category, &search)).collect();
                            let count = match shown.len() {
                                0 => t_string!(i18n, catalogue.filter.none).to_owned(),
                                1 => t_string!(i18n, catalogue.filter.one).to_owned(),
                                n => format!("{n} {}", t_string!(i18n, catalogue.filter.many)),
                            };
                            view! {
                                <p class="tile-count" role="status">{count}</p>
                                <ul class="tile-grid">
                                    {shown.into_iter().map(|tile| view! { <TileCard tile /> }).collect_view()}
                                </ul>
                            }
                            .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// One tile, as the home page shows it (the console's preview too).
#[component]
pub fn TileCard(tile: Tile) -> impl IntoView {
    let i18n = use_i18n();
    let heading_id = format!("tile-{}", tile.id);
    let labelled_by = heading_id.clone();
    let id = tile.id.clone();
    let start_id = tile.id.clone();
    let (title, summary) = (tile.title.clone(), tile.summary.clone());
    let title_for_start = tile.title.clone();
    view! {
        <li class="tile" aria-labelledby=labelled_by>
            <ServiceIcon icon=tile.icon />
            <h3 id=heading_id>
                <a href=move || service_path(i18n.get_locale(), &id, false)>{move || title.get(i18n.get_locale()).to_owned()}</a>
            </h3>
            <Show when=move || tile.is_new>
                <p class="badge">{t!(i18n, catalogue.tile.badge_new)}</p>
            </Show>
            <p>{move || summary.get(i18n.get_locale()).to_owned()}</p>
            <p class="tile__actions">
                <a class="button" href=move || service_path(i18n.get_locale(), &start_id, true)>
                    {t!(i18n, catalogue.tile.start)}
                    <span class="visually-hidden">{move || format!(" : {}", title_for_start.get(i18n.get_locale()))}</span>
                </a>
            </p>
        </li>
    }
}

/// A category's name in a language.
pub fn category_label(category: Category, locale: Locale) -> &'static str {
    match category {
        Category::Prevention => td_string!(locale, catalogue.category.prevention),
        Category::Care => td_string!(locale, catalogue.category.care),
        Category::Rights => td_string!(locale, catalogue.category.rights),
        Category::Family => td_string!(locale, catalogue.category.family),
    }
}

/// A tile's pictogram, drawn inline (no image request, colours from the stylesheet).
#[component]
pub fn ServiceIcon(icon: Icon) -> impl IntoView {
    let path = match icon {
        Icon::Ribbon => {
            "M12 2c2.5 0 4 2 4 4.5 0 2-1.2 4.3-2.6 6.4L18 21l-2.5 1-3.5-6.3L8.5 22 6 21l4.6-8.1C9.2 10.8 8 8.5 8 6.5 8 4 9.5 2 12 2zm0 2.2c-1.2 0-1.8 1-1.8 2.3 0 1.2.7 2.8 1.8 4.4 1.1-1.6 1.8-3.2 1.8-4.4 0-1.3-.6-2.3-1.8-2.3z"
        }
        Icon::Speech => {
            "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm2 5v2h12V8H6zm0 4v2h8v-2H6z"
        }
        Icon::Family => {
            "M8 3a3 3 0 1 1 0 6 3 3 0 0 1 0-6zm8 2a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM2 20v-4a5 5 0 0 1 10 0v4H2zm11 0v-3.5a4 4 0 0 1 8 0V20h-8z"
        }
        Icon::Stethoscope => {
            "M5 2h2v2H6v5a4 4 0 0 0 8 0V4h-1V2h3v7a6 6 0 0 1-5 5.9V16a4 4 0 0 0 8 0v-1.2a2.5 2.5 0 1 1 2 0V16a6 6 0 0 1-12 0v-1.1A6 6 0 0 1 4 9V2h1z"
        }
        Icon::Document => "M6 2h8l6 6v14H6V2zm7 1.5V9h5.5L13 3.5zM8 12v2h10v-2H8zm0 4v2h10v-2H8z",
        Icon::Heart => "M12 21s-8-5.2-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 5.8-8 11-8 11z",
    };
    view! {
        <svg class="tile__icon" viewBox="0 0 24 24" width="40" height="40" aria-hidden="true" focusable="false">
            <path d=path fill="currentColor" />
        </svg>
    }
}

/// A heading of the help page (by language) and its text.
type HelpSection = (fn(Locale) -> &'static str, Bilingual);

/// What a service's help page says: its title, summary and help sections, then the way in.
/// `nested`: inside another page (the console's preview), one heading level down and the way
/// in left out.
#[component]
pub fn HelpBody(service: super::api::ServiceInfo, nested: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = move || i18n.get_locale();
    let help = service.help.clone();
    let sections: [HelpSection; 5] = [
        (|l| td_string!(l, catalogue.service.about), help.about),
        (|l| td_string!(l, catalogue.service.eligibility), help.eligibility),
        (|l| td_string!(l, catalogue.service.documents), help.documents),
        (
            |l| td_string!(l, catalogue.service.processing_time),
            help.processing_time,
        ),
        (|l| td_string!(l, catalogue.service.contact), help.contact),
    ];
    let start = service.id.clone();
    let title = service.title.clone();
    let summary = service.summary.clone();
    let heading = {
        let title = title.clone();
        move || title.get(locale()).to_owned()
    };
    view! {
        {match nested {
            false => view! { <h1>{heading}</h1> }.into_any(),
            true => view! { <h3>{heading}</h3> }.into_any(),
        }}
        <p class="lead">{move || summary.get(locale()).to_owned()}</p>
        <p class="meta">
            {move || category_label(service.category, locale())}
            {move || (service.audience == Audience::SignedIn).then(|| format!(" · {}", t_string!(i18n, catalogue.service.signed_in_only)))}
        </p>
        {sections
            .into_iter()
            .map(|(heading, text)| match nested {
                false => view! { <h2>{move || heading(locale())}</h2> <p>{move || text.get(locale()).to_owned()}</p> }.into_any(),
                true => view! { <h4>{move || heading(locale())}</h4> <p>{move || text.get(locale()).to_owned()}</p> }.into_any(),
            })
            .collect_view()}
        {(!nested).then(|| view! {
            <p class="notice">{t!(i18n, catalogue.service.drafts_note)}</p>
            <p>
                <a class="button" href=move || service_path(locale(), &start, true)>
                    {t!(i18n, catalogue.tile.start)}
                </a>
            </p>
        })}
    }
}

/// A service's help page: what it is, who can use it, what to have at hand, how long it takes,
/// whom to contact, then the way in.
#[component]
pub fn ServicePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| ServiceId::new(p.get("service").unwrap_or_default()));
    let details = Resource::new_blocking(id, service_details);
    view! {
        <div class="container prose">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(service) => view! {
                            <PageTitle title=service.title.get(i18n.get_locale_untracked()) />
                            <HelpBody service nested=false />
                        }
                        .into_any(),
                        Err(error) => view! {
                            <PageTitle title=t_string!(i18n, catalogue.service.title) />
                            <h1>{t!(i18n, catalogue.service.title)}</h1>
                            <ErrorNotice error />
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
