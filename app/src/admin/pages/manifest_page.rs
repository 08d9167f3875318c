//! "Manifeste d'un service": an administrator writes a new service's manifest or the next
//! version of one, in a plain form. "Vérifier" keeps the text as their draft and lists every
//! problem by its path, in the words of the service API, or shows the tile and the help page
//! as a citizen will see them; "Publier" publishes it through the service API's own
//! operation. Nothing typed is lost to a refusal: the draft stays until published or set aside.

use super::Forbidden;
use crate::admin::manifest_api::{
    CHECK, CHECKED, MANIFEST_MAX_BYTES, ManifestEditor, PUBLISH, REFUSED, SET_ASIDE, SET_ASIDE_DONE, SaveManifest,
    Verdict, open_manifest,
};
use crate::catalogue::pages::{HelpBody, TileCard};
use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::locale::Page;
use crate::ui::when::moment_of;
use crate::ui::{ErrorNotice, PageTitle, is_done, refusal_of};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The address of the editor of `service` (none: a new service).
pub fn manifest_path(locale: Locale, service: Option<&str>) -> String {
    match service {
        Some(id) => format!("{}?service={id}", Page::AdminManifest.path(locale)),
        None => Page::AdminManifest.path(locale),
    }
}

#[component]
pub fn ManifestPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let service = use_query_map().with_untracked(|q| q.get("service").unwrap_or_default());
    let read = Resource::new_blocking(move || service.clone(), open_manifest);
    let save = ServerAction::<SaveManifest>::new();
    let (refused, other) = refusal_of(save.value().get_untracked().and_then(Result::err));
    let said = [
        (CHECKED, t_string!(i18n, admin.manifest.checked)),
        (REFUSED, t_string!(i18n, admin.manifest.refused)),
        (SET_ASIDE_DONE, t_string!(i18n, admin.manifest.set_aside_done)),
    ]
    .into_iter()
    .find(|(done, _)| is_done(done))
    .map(|(_, said)| said);
    view! {
        <PageTitle title=t_string!(i18n, admin.manifest.title) />
        <div class="container">
            <p><a href=Page::AdminServices.path(locale)>{t!(i18n, admin.manifest.back)}</a></p>
            <Suspense fallback=|| ()>
                {move || {
                    let (refused, other) = (refused.clone(), other.clone());
                    Suspend::new(async move {
                        match read.await {
                            Err(AppError::Forbidden) => view! { <h1>{t!(i18n, admin.manifest.heading_new)}</h1> <Forbidden /> }.into_any(),
                            Err(error) => view! { <h1>{t!(i18n, admin.manifest.heading_new)}</h1> <ErrorNotice error /> }.into_any(),
                            Ok(editor) => view! {
                                <Heading editor=editor.clone() locale />
                                <div role="status">
                                    {said.map(|said| view! { <p class="notice" class:notice--success=!editor.verdict.blocks()>{said}</p> })}
                                </div>
                                {other.map(|error| view! { <ErrorNotice error /> })}
                                <Findings verdict=editor.verdict.clone() locale />
                                <Editor editor=editor.clone() save refused locale />
                                <Preview verdict=editor.verdict />
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
fn Heading(editor: ManifestEditor, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    let heading = match (&editor.title, &editor.service) {
        (Some(title), _) => format!(
            "{} : {}",
            t_string!(i18n, admin.manifest.heading_edit),
            title.get(locale)
        ),
        (None, Some(id)) => format!("{} : {id}", t_string!(i18n, admin.manifest.heading_edit)),
        (None, None) => t_string!(i18n, admin.manifest.heading_new).to_owned(),
    };
    view! {
        <h1>{heading}</h1>
        <p>{t!(i18n, admin.manifest.intro)}</p>
        {editor.current_version.map(|version| view! {
            <p data-testid="current-version">{format!("{} {version}", t_string!(i18n, admin.manifest.current_version))}</p>
        })}
        {editor.draft_saved_at.map(|at| view! {
            <p class="notice" data-testid="draft-saved">{format!("{} {}", t_string!(i18n, admin.manifest.draft_saved), moment_of(&at, locale))}</p>
        })}
    }
}

/// What the checks found, first: the sentence of each problem, its path in code.
#[component]
fn Findings(verdict: Verdict, locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    let problems: Vec<(String, String)> = match verdict {
        Verdict::Empty => return view! { <p>{t!(i18n, admin.manifest.empty)}</p> }.into_any(),
        Verdict::Ready { .. } => {
            return view! { <p class="notice notice--success" data-testid="manifest-ready">{t!(i18n, admin.manifest.ready)}</p> }
                .into_any();
        }
        Verdict::Syntax { line, column } => vec![(
            String::new(),
            td_string!(locale, admin.manifest.syntax, line = line, column = column).to_string(),
        )],
        Verdict::StaleVersion { current } => vec![(
            "version".to_owned(),
            td_string!(locale, api.errors.stale_version, current = current).to_string(),
        )],
        Verdict::Taken { id } => vec![(
            "id".to_owned(),
            td_string!(locale, admin.manifest.taken, id = id.as_str()).to_string(),
        )],
        Verdict::Problems { problems } => problems.iter().map(|p| (p.path.clone(), p.message(locale))).collect(),
    };
    let count = problems.len();
    view! {
        <section class="callout callout--error" aria-labelledby="problems-heading" id="manifest-problems">
            <h2 id="problems-heading">{format!("{} ({count})", t_string!(i18n, admin.manifest.problems_heading))}</h2>
            <ul data-testid="manifest-problems">
                {problems
                    .into_iter()
                    .map(|(path, sentence)| {
                        let named = (!path.is_empty()).then(|| view! { <code class="mono">{path.clone()}</code> " — " });
                        view! { <li data-path=path>{named}{sentence}</li> }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn Editor(
    editor: ManifestEditor,
    save: ServerAction<SaveManifest>,
    refused: Vec<(String, String)>,
    locale: Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    let too_long = refused
        .iter()
        .any(|(part, why)| part == "manifest" && why == "too_long");
    let error =
        too_long.then(|| td_string!(locale, admin.manifest.too_long, size = MANIFEST_MAX_BYTES / 1024).to_string());
    let has_problems = editor.verdict.blocks();
    let described = match (error.is_some(), has_problems) {
        (true, _) => "manifest-hint manifest-text-error",
        (false, true) => "manifest-hint manifest-problems",
        (false, false) => "manifest-hint",
    };
    let service = editor.service.as_ref().map(|id| id.to_string()).unwrap_or_default();
    let has_draft = editor.draft_saved_at.is_some();
    view! {
        <ActionForm action=save attr:class="form form--wide">
            <input type="hidden" name="service" value=service />
            <div class="field field--code" class:field--error=too_long || has_problems>
                <label for="manifest-text">{t!(i18n, admin.manifest.label)}</label>
                <p class="hint" id="manifest-hint">{t!(i18n, admin.manifest.hint)}</p>
                {error.map(|message| view! { <p class="field-error" id="manifest-text-error">{message}</p> })}
                <textarea id="manifest-text" name="manifest" rows="24" spellcheck="false" autocapitalize="off"
                    class="mono" aria-describedby=described aria-invalid=(too_long || has_problems).then_some("true")
                    inner_html=crate::ui::textarea_text(editor.text)></textarea>
            </div>
            <div class="form__actions">
                <button type="submit" class="button button--secondary" name="intent" value=CHECK>{t!(i18n, admin.manifest.check)}</button>
                <button type="submit" class="button" name="intent" value=PUBLISH>{t!(i18n, admin.manifest.publish)}</button>
                {has_draft.then(|| view! {
                    <button type="submit" class="button button--secondary" name="intent" value=SET_ASIDE>{t!(i18n, admin.manifest.set_aside)}</button>
                })}
            </div>
        </ActionForm>
    }
}

/// The tile and the help page as a citizen will see them, once nothing stands in the way.
#[component]
fn Preview(verdict: Verdict) -> impl IntoView {
    let i18n = use_i18n();
    let Verdict::Ready { preview, icon } = verdict else {
        return ().into_any();
    };
    let tile = preview.tile(icon, true);
    view! {
        <section aria-labelledby="preview-tile-heading" class="preview" data-testid="preview-tile">
            <h2 id="preview-tile-heading">{t!(i18n, admin.manifest.preview_tile)}</h2>
            <ul class="tile-grid"><TileCard tile /></ul>
        </section>
        <section aria-labelledby="preview-help-heading" class="preview" data-testid="preview-help">
            <h2 id="preview-help-heading">{t!(i18n, admin.manifest.preview_help)}</h2>
            <div class="preview__page"><HelpBody service=*preview nested=true /></div>
        </section>
    }
    .into_any()
}
