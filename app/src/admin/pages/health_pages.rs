//! "Renseignements de santé", for administrators: every page with its dates and state, the way
//! to write a new one or edit one, and withdrawing or showing one again; and the editor, a
//! plain form whose text is kept as the administrator's draft, checked field by field and
//! previewed as a citizen will read it, then published.

use super::Forbidden;
use crate::catalogue::model::Category;
use crate::catalogue::pages::category_label;
use crate::error::AppError;
use crate::health::api::{
    CHECK, CHECKED, HealthEditor, HealthPageItem, PUBLISH, PUBLISHED, REFUSED, RESTORED, SET_ASIDE, SET_ASIDE_DONE,
    SaveHealthPage, ShowHealthPage, WITHDRAWN, health_page_records, open_health_page,
};
use crate::health::model::{BODY_MAX, SUMMARY_MAX, TITLE_MAX};
use crate::health::pages::HealthBody;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::locale::{Page, health_path};
use crate::ui::when::{date_of, day_of, moment_of};
use crate::ui::{ErrorNotice, PageTitle, is_done, refusal_of};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The editor of `page` (none: a new page).
pub fn health_editor_path(locale: Locale, page: Option<&str>) -> String {
    match page {
        Some(id) => format!("{}?page={id}", Page::AdminHealthEditor.path(locale)),
        None => Page::AdminHealthEditor.path(locale),
    }
}

/// What a done of the list says.
fn said_on_list(locale: Locale) -> Option<&'static str> {
    [
        (PUBLISHED, td_string!(locale, health.admin.published)),
        (WITHDRAWN, td_string!(locale, health.admin.withdrawn)),
        (RESTORED, td_string!(locale, health.admin.restored)),
    ]
    .into_iter()
    .find(|(done, _)| is_done(done))
    .map(|(_, said)| said)
}

#[component]
pub fn HealthPagesPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let read = Resource::new_blocking(|| (), |_| health_page_records());
    let show = ServerAction::<ShowHealthPage>::new();
    let failed = show.value().get_untracked().and_then(Result::err);
    let said = said_on_list(locale);
    view! {
        <PageTitle title=t_string!(i18n, health.admin.title) />
        <div class="container">
            <p><a href=Page::Admin.path(locale)>{t!(i18n, journal.back_to_console)}</a></p>
            <h1>{t!(i18n, health.admin.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let failed = failed.clone();
                    Suspend::new(async move {
                        match read.await {
                            Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(pages) => view! {
                                <p>{t!(i18n, health.admin.intro)}</p>
                                <div role="status">
                                    {said.map(|said| view! { <p class="notice notice--success">{said}</p> })}
                                </div>
                                {failed.map(|error| view! { <ErrorNotice error /> })}
                                <p><a class="button" href=health_editor_path(locale, None)>{t!(i18n, health.admin.new_page)}</a></p>
                                <PagesTable pages show locale />
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn PagesTable(pages: Vec<HealthPageItem>, show: ServerAction<ShowHealthPage>, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    if pages.is_empty() {
        return view! { <p>{t!(i18n, health.none)}</p> }.into_any();
    }
    let rows = pages
        .into_iter()
        .map(|page| {
            let title = page.title.get(locale).to_owned();
            let shown = page.withdrawn_at.is_none();
            let (state, button) = super::services_page::showing(page.withdrawn_at.as_ref(), locale);
            let (button_label, edit_label) = (
                format!("{button} : {title}"),
                format!("{} : {title}", t_string!(i18n, health.admin.edit)),
            );
            let (id, edit) = (page.id.clone(), health_editor_path(locale, Some(&page.id)));
            view! {
                <tr data-testid="health-record" data-id=page.id.clone()>
                    <td><a href=health_path(locale, &page.id)>{title}</a><br /><span class="mono">{page.id.clone()}</span></td>
                    <td>{category_label(page.category, locale)}</td>
                    <td>{date_of(&page.published_at, locale)}</td>
                    <td>{day_of(&page.reviewed_on, locale)}</td>
                    <td data-testid="health-state">{state}</td>
                    <td>
                        <ActionForm action=show>
                            <input type="hidden" name="id" value=id />
                            <input type="hidden" name="shown" value=(!shown).to_string() />
                            <button type="submit" class="button button--secondary" aria-label=button_label>{button}</button>
                        </ActionForm>
                        <a href=edit aria-label=edit_label>{t!(i18n, health.admin.edit)}</a>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="health-caption">
            <table class="table">
                <caption id="health-caption">{t!(i18n, health.admin.caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, health.admin.page)}</th>
                        <th scope="col">{t!(i18n, admin.services.category)}</th>
                        <th scope="col">{t!(i18n, health.published_on)}</th>
                        <th scope="col">{t!(i18n, health.reviewed_on)}</th>
                        <th scope="col">{t!(i18n, admin.services.state)}</th>
                        <th scope="col">{t!(i18n, admin.services.action)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Why a field stands in the way, in words.
fn refusal_text(field: &str, why: &str, locale: Locale) -> String {
    match why {
        "required" => td_string!(locale, health.admin.errors.required).to_owned(),
        "too_long" => {
            let max = match field {
                "title_fr" | "title_en" => TITLE_MAX,
                "summary_fr" | "summary_en" => SUMMARY_MAX,
                _ => BODY_MAX,
            };
            td_string!(locale, health.admin.errors.too_long, max = max).to_string()
        }
        "date" => td_string!(locale, health.admin.errors.date).to_owned(),
        "future" => td_string!(locale, health.admin.errors.future).to_owned(),
        "taken" => td_string!(locale, health.admin.errors.taken).to_owned(),
        "moved" => td_string!(locale, health.admin.errors.moved).to_owned(),
        _ => match field {
            "id" => td_string!(locale, health.admin.errors.id).to_owned(),
            "category" => td_string!(locale, health.admin.errors.category).to_owned(),
            _ => td_string!(locale, health.admin.errors.invalid).to_owned(),
        },
    }
}

/// A field's label, in words.
fn field_label(field: &str, locale: Locale) -> &'static str {
    match field {
        "id" => td_string!(locale, health.admin.fields.id),
        "category" => td_string!(locale, health.admin.fields.category),
        "title_fr" => td_string!(locale, health.admin.fields.title_fr),
        "title_en" => td_string!(locale, health.admin.fields.title_en),
        "summary_fr" => td_string!(locale, health.admin.fields.summary_fr),
        "summary_en" => td_string!(locale, health.admin.fields.summary_en),
        "body_fr" => td_string!(locale, health.admin.fields.body_fr),
        "body_en" => td_string!(locale, health.admin.fields.body_en),
        _ => td_string!(locale, health.admin.fields.reviewed_on),
    }
}

#[component]
pub fn HealthEditorPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let page = use_query_map().with_untracked(|q| q.get("page").unwrap_or_default());
    let read = Resource::new_blocking(move || page.clone(), open_health_page);
    let save = ServerAction::<SaveHealthPage>::new();
    let (too_long, other) = refusal_of(save.value().get_untracked().and_then(Result::err));
    let said = [
        (CHECKED, t_string!(i18n, health.admin.checked)),
        (REFUSED, t_string!(i18n, health.admin.refused)),
        (SET_ASIDE_DONE, t_string!(i18n, health.admin.set_aside_done)),
    ]
    .into_iter()
    .find(|(done, _)| is_done(done))
    .map(|(_, said)| said);
    view! {
        <PageTitle title=t_string!(i18n, health.admin.editor_title) />
        <div class="container">
            <p><a href=Page::AdminHealth.path(locale)>{t!(i18n, health.admin.back)}</a></p>
            <Suspense fallback=|| ()>
                {move || {
                    let (too_long, other) = (too_long.clone(), other.clone());
                    Suspend::new(async move {
                        match read.await {
                            Err(AppError::Forbidden) => view! { <h1>{t!(i18n, health.admin.new_page)}</h1> <Forbidden /> }.into_any(),
                            Err(error) => view! { <h1>{t!(i18n, health.admin.new_page)}</h1> <ErrorNotice error /> }.into_any(),
                            Ok(editor) => {
                                // A refusal before anything was saved (too long) joins the checks'.
                                let mut refused = too_long;
                                refused.extend(editor.refused.clone());
                                view! {
                                    <h1>{match &editor.page {
                                        Some(_) => format!("{} : {}", t_string!(i18n, health.admin.edit), editor.fields.title_fr),
                                        None => t_string!(i18n, health.admin.new_page).to_owned(),
                                    }}</h1>
                                    <p>{t!(i18n, health.admin.editor_intro)}</p>
                                    {editor.draft_saved_at.clone().map(|at| view! {
                                        <p class="notice" data-testid="draft-saved">{format!("{} {}", t_string!(i18n, admin.manifest.draft_saved), moment_of(&at, locale))}</p>
                                    })}
                                    <div role="status">{said.map(|said| view! { <p class="notice">{said}</p> })}</div>
                                    {other.map(|error| view! { <ErrorNotice error /> })}
                                    <Refusals refused=refused.clone() locale />
                                    <EditorForm editor=editor.clone() refused save locale />
                                    {editor.preview.map(|page| view! {
                                        <section aria-labelledby="preview-heading" class="preview" data-testid="health-preview">
                                            <h2 id="preview-heading">{t!(i18n, health.admin.preview)}</h2>
                                            <HealthBody page nested=true />
                                        </section>
                                    })}
                                }
                                .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// What stands in the way, first, each linked to its field.
#[component]
fn Refusals(refused: Vec<(String, String)>, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    if refused.is_empty() {
        return ().into_any();
    }
    view! {
        <section class="callout callout--error" aria-labelledby="problems-heading" id="health-problems">
            <h2 id="problems-heading">{format!("{} ({})", t_string!(i18n, admin.manifest.problems_heading), refused.len())}</h2>
            <ul data-testid="health-problems">
                {refused
                    .into_iter()
                    .map(|(field, why)| view! {
                        <li data-field=field.clone()>
                            <a href=format!("#health-{field}")>{field_label(&field, locale)}</a>
                            " — " {refusal_text(&field, &why, locale)}
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn EditorForm(
    editor: HealthEditor,
    refused: Vec<(String, String)>,
    save: ServerAction<SaveHealthPage>,
    locale: Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    let fields = editor.fields.clone();
    let error_of = move |name: &str, refused: &[(String, String)]| {
        refused
            .iter()
            .find(|(field, _)| field == name)
            .map(|(field, why)| refusal_text(field, why, locale))
    };
    let category_error = error_of("category", &refused);
    let field = move |name: &'static str, value: String, long: Option<usize>, max: usize| {
        let id = format!("health-{name}");
        let error = error_of(name, &refused);
        let has_error = error.is_some();
        let error_id = format!("{id}-error");
        let described = error.as_ref().map(|_| error_id.clone());
        let invalid = error.as_ref().map(|_| "true");
        let control = match long {
            Some(rows) => view! {
                <textarea id=id.clone() name=name rows=rows.to_string() maxlength=max.to_string()
                    aria-describedby=described aria-invalid=invalid inner_html=crate::ui::textarea_text(value)></textarea>
            }
            .into_any(),
            None => view! {
                <input id=id.clone() type="text" name=name value=value maxlength=max.to_string()
                    aria-describedby=described aria-invalid=invalid />
            }
            .into_any(),
        };
        view! {
            <div class="field" class:field--code=long.is_some() class:field--error=has_error>
                <label for=id>{field_label(name, locale)}</label>
                {error.map(|message| view! { <p class="field-error" id=error_id>{message}</p> })}
                {control}
            </div>
        }
    };
    let category = Category::parse(&fields.category);
    view! {
        <ActionForm action=save attr:class="form form--wide">
            <input type="hidden" name="page" value=editor.page.clone().unwrap_or_default() />
            {field("id", fields.id.clone(), None, 60)}
            <div class="field" class:field--error=category_error.is_some()>
                <label for="health-category">{field_label("category", locale)}</label>
                {category_error.clone().map(|message| view! { <p class="field-error" id="health-category-error">{message}</p> })}
                <select id="health-category" name="category"
                    aria-describedby=category_error.as_ref().map(|_| "health-category-error") aria-invalid=category_error.as_ref().map(|_| "true")>
                    {Category::ALL
                        .into_iter()
                        .map(|c| view! { <option value=c.as_str() selected=category == Some(c)>{category_label(c, locale)}</option> })
                        .collect_view()}
                </select>
            </div>
            {field("title_fr", fields.title_fr.clone(), None, TITLE_MAX)}
            {field("title_en", fields.title_en.clone(), None, TITLE_MAX)}
            {field("summary_fr", fields.summary_fr.clone(), Some(2), SUMMARY_MAX)}
            {field("summary_en", fields.summary_en.clone(), Some(2), SUMMARY_MAX)}
            <p class="hint" id="health-markdown-hint">{t!(i18n, health.admin.markdown_hint)}</p>
            {field("body_fr", fields.body_fr.clone(), Some(16), BODY_MAX)}
            {field("body_en", fields.body_en.clone(), Some(16), BODY_MAX)}
            {field("reviewed_on", fields.reviewed_on.clone(), None, 10)}
            <div class="form__actions">
                <button type="submit" class="button button--secondary" name="intent" value=CHECK>{t!(i18n, admin.manifest.check)}</button>
                <button type="submit" class="button" name="intent" value=PUBLISH>{t!(i18n, admin.manifest.publish)}</button>
                {editor.draft_saved_at.is_some().then(|| view! {
                    <button type="submit" class="button button--secondary" name="intent" value=SET_ASIDE>{t!(i18n, admin.manifest.set_aside)}</button>
                })}
            </div>
        </ActionForm>
    }
}
