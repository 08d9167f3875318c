//! "Problèmes et idées": the administrators' board. A plain GET filter (kind, status, the
//! sender's language, Québec days), the items most recently changed first with their votes,
//! and on each the forms that change its status and answer, or merge it as a duplicate.

use super::Forbidden;
use super::board_item::{BoardCard, merged_now};
use super::journal_form::refusal_message;
use crate::error::AppError;
use crate::feedback::api::feedback_board;
use crate::feedback::model::{BoardItem, FeedbackKind, FeedbackStatus, status_label};
use crate::i18n::{Locale, t, t_string, td_string, use_i18n};
use crate::locale::Page;
use crate::ui::{ErrorNotice, PageTitle};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The board's filter as the address gives it: kind, status, language, from, until.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Asked {
    pub kind: String,
    pub status: String,
    pub language: String,
    pub from: String,
    pub until: String,
}

impl Asked {
    fn parts(&self) -> [(&'static str, &str); 5] {
        [
            ("kind", &self.kind),
            ("status", &self.status),
            ("language", &self.language),
            ("from", &self.from),
            ("until", &self.until),
        ]
    }

    fn query_string(&self) -> String {
        self.parts()
            .into_iter()
            .filter(|(_, value)| !value.trim().is_empty())
            .map(|(name, value)| format!("{name}={}", crate::auth::model::encode_path(value.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// A status in words, for a kind ("fixed" for a problem, "done" for an idea).
pub fn status_words(status: FeedbackStatus, kind: FeedbackKind, locale: Locale) -> String {
    let label = status_label(status, kind);
    match locale {
        Locale::fr => label.fr,
        Locale::en => label.en,
    }
}

/// A refusal of the board's forms, in words.
pub fn board_refusal(why: &str, locale: Locale) -> &'static str {
    match why {
        "invalid_day" | "range" => refusal_message(why, locale),
        "required" => td_string!(locale, feedback.board.errors.required),
        "too_long" => td_string!(locale, feedback.board.errors.too_long),
        "unchanged" => td_string!(locale, feedback.board.errors.unchanged),
        "same" => td_string!(locale, feedback.board.errors.same),
        "other_kind" => td_string!(locale, feedback.board.errors.other_kind),
        "merged" => td_string!(locale, feedback.board.errors.merged),
        _ => td_string!(locale, feedback.board.errors.unknown),
    }
}

#[component]
pub fn BoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let asked = use_query_map().with_untracked(|q| {
        let part = |name: &str| q.get(name).unwrap_or_default();
        Asked {
            kind: part("kind"),
            status: part("status"),
            language: part("language"),
            from: part("from"),
            until: part("until"),
        }
    });
    let read_asked = asked.clone();
    let read = Resource::new_blocking(
        || (),
        move |_| {
            let a = read_asked.clone();
            feedback_board(a.kind, a.status, a.language, a.from, a.until)
        },
    );
    view! {
        <PageTitle title=t_string!(i18n, feedback.board.title) />
        <div class="container">
            <p><a href=Page::Admin.path(locale)>{t!(i18n, journal.back_to_console)}</a></p>
            <h1>{t!(i18n, feedback.board.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let asked = asked.clone();
                    Suspend::new(async move {
                        match read.await {
                            Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                            Err(AppError::InvalidInput { fields }) => view! {
                                <p>{t!(i18n, feedback.board.intro)}</p>
                                <Filter asked refused=fields />
                            }
                            .into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok(items) => view! {
                                <p>{t!(i18n, feedback.board.intro)}</p>
                                <Filter asked=asked.clone() refused=Vec::new() />
                                <Items items asked />
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
fn Filter(asked: Asked, refused: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let error_of = |part: &str| {
        refused
            .iter()
            .find(|(p, _)| p == part)
            .map(|(_, why)| board_refusal(why, locale))
    };
    let select = |part: &'static str, label: String, chosen: String, options: Vec<(&'static str, String)>| {
        let id = format!("board-{part}");
        let error = error_of(part);
        let error_id = format!("{id}-error");
        let options = options
            .into_iter()
            .map(|(value, label)| view! { <option value=value selected=chosen == value>{label}</option> })
            .collect_view();
        view! {
            <div class="field" class:field--error=error.is_some()>
                <label for=id.clone()>{label}</label>
                {error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
                <select id=id name=part aria-describedby=error.map(|_| error_id.clone()) aria-invalid=error.map(|_| "true")>
                    {options}
                </select>
            </div>
        }
    };
    let day = |part: &'static str, label: String, value: String| {
        let id = format!("board-{part}");
        let error = error_of(part);
        let error_id = format!("{id}-error");
        let described = match error {
            Some(_) => format!("{error_id} board-days-hint"),
            None => "board-days-hint".to_owned(),
        };
        view! {
            <div class="field" class:field--error=error.is_some()>
                <label for=id.clone()>{label}</label>
                {error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
                <input id=id type="date" name=part value=value aria-describedby=described aria-invalid=error.map(|_| "true") />
            </div>
        }
    };
    let kinds = vec![
        ("", t_string!(i18n, feedback.board.any_kind).to_owned()),
        ("problem", t_string!(i18n, feedback.board.kind_problem).to_owned()),
        ("idea", t_string!(i18n, feedback.board.kind_idea).to_owned()),
    ];
    let mut statuses = vec![("", t_string!(i18n, feedback.board.any_status).to_owned())];
    statuses.extend(
        FeedbackStatus::ALL
            .into_iter()
            .map(|s| (s.as_str(), status_words(s, FeedbackKind::Problem, locale))),
    );
    let languages = vec![
        ("", t_string!(i18n, feedback.board.any_language).to_owned()),
        ("fr", t_string!(i18n, feedback.board.french).to_owned()),
        ("en", t_string!(i18n, feedback.board.english).to_owned()),
    ];
    let (here, reset) = (Page::AdminFeedback.path(locale), Page::AdminFeedback.path(locale));
    view! {
        <section aria-labelledby="board-filter-heading">
            <h2 id="board-filter-heading">{t!(i18n, feedback.board.filter_heading)}</h2>
            <form method="get" action=here class="form form--grid">
                {select("kind", t_string!(i18n, feedback.board.kind).to_owned(), asked.kind.clone(), kinds)}
                {select("status", t_string!(i18n, feedback.board.status).to_owned(), asked.status.clone(), statuses)}
                {select("language", t_string!(i18n, feedback.board.language).to_owned(), asked.language.clone(), languages)}
                <p class="hint" id="board-days-hint">{t!(i18n, feedback.board.days_hint)}</p>
                {day("from", t_string!(i18n, feedback.board.from).to_owned(), asked.from.clone())}
                {day("until", t_string!(i18n, feedback.board.until).to_owned(), asked.until.clone())}
                <div class="form-actions">
                    <button type="submit" class="button">{t!(i18n, feedback.board.filter)}</button>
                    " "
                    <a href=reset>{t!(i18n, feedback.board.reset)}</a>
                </div>
            </form>
        </section>
    }
}

#[component]
fn Items(items: Vec<BoardItem>, asked: Asked) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let filtered = asked.query_string();
    let lang = format!("lang={}", leptos_i18n::Locale::as_str(locale));
    let export = match filtered.as_str() {
        "" => format!("/api/admin/feedback.csv?{lang}"),
        filtered => format!("/api/admin/feedback.csv?{filtered}&{lang}"),
    };
    // What a duplicate can be merged into: the others of its kind on the board.
    let others: Vec<(String, FeedbackKind, String)> = items
        .iter()
        .map(|b| (b.item.id.to_string(), b.item.kind, b.item.title.clone()))
        .collect();
    let list = match items.is_empty() {
        true => view! { <p>{t!(i18n, feedback.board.empty)}</p> }.into_any(),
        false => {
            let cards = items
                .into_iter()
                .map(|item| view! { <BoardCard item others=others.clone() /> })
                .collect_view();
            view! { <ul class="board" aria-label=t_string!(i18n, feedback.board.list)>{cards}</ul> }.into_any()
        }
    };
    view! {
        <section aria-labelledby="board-list-heading">
            <h2 id="board-list-heading">{t!(i18n, feedback.board.list)}</h2>
            <p>
                <a class="button button--secondary" href=export download="problemes-et-idees.csv">{t!(i18n, feedback.board.export_csv)}</a>
            </p>
            <p class="hint">{t!(i18n, feedback.board.export_hint)}</p>
            <div role="status">
                {merged_now().then(|| view! { <p class="notice notice--success">{t!(i18n, feedback.board.merged)}</p> })}
            </div>
            {list}
        </section>
    }
}
