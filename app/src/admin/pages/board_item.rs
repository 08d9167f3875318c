//! One problem report or idea on the board: what was sent and with what, its votes, and the
//! two plain forms that act on it (status and answer; merge as a duplicate). After a post, the
//! board comes back with `?item=<id>` and the notice or the refusal shows on that item only.

use super::board_page::{board_refusal, status_words};
use crate::feedback::api::{BOARD_ITEM, MERGED, MergeFeedback, STATUS_SET, SetFeedbackStatus};
use crate::feedback::model::{ANSWER_MAX, BoardItem, FeedbackKind, FeedbackStatus};
use crate::i18n::{t, t_string, use_i18n};
use crate::ui::when::moment_of;
use crate::ui::{ErrorNotice, is_done, refusal_of};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn BoardCard(item: BoardItem, others: Vec<(String, FeedbackKind, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let id = item.item.id.to_string();
    let kind = item.item.kind;
    let this_one = use_query_map().with_untracked(|q| q.get(BOARD_ITEM).as_deref() == Some(id.as_str()));
    let set = ServerAction::<SetFeedbackStatus>::new();
    let merge = ServerAction::<MergeFeedback>::new();
    let failed = match this_one {
        true => set
            .value()
            .get_untracked()
            .and_then(Result::err)
            .or_else(|| merge.value().get_untracked().and_then(Result::err)),
        false => None,
    };
    let (refused, other_error) = refusal_of(failed);
    let refusals = refused
        .iter()
        .map(|(_, why)| view! { <li>{board_refusal(why, locale)}</li> })
        .collect_view();
    let done = match (this_one, is_done(STATUS_SET)) {
        (true, true) => Some(t_string!(i18n, feedback.board.status_set)),
        _ => None,
    };
    let kind_label = match kind {
        FeedbackKind::Problem => t_string!(i18n, feedback.board.kind_problem),
        FeedbackKind::Idea => t_string!(i18n, feedback.board.kind_idea),
    };
    let heading_id = format!("board-item-{id}");
    let prefix = format!("board-{id}");
    let statuses = FeedbackStatus::ALL
        .into_iter()
        .map(|s| {
            let selected = s == item.item.status;
            view! { <option value=s.as_str() selected=selected>{status_words(s, kind, locale)}</option> }
        })
        .collect_view();
    let targets = others
        .into_iter()
        .filter(|(other, other_kind, _)| *other != id && *other_kind == kind)
        .map(|(other, _, title)| view! { <option value=other>{title}</option> })
        .collect::<Vec<_>>();
    let can_merge = !targets.is_empty();
    let screenshot = item.screenshot.then(|| format!("/api/admin/feedback/{id}/screenshot"));
    let answer = item.item.answer.clone();
    let (status_id, hint_id, fr_id, en_id, into_id) = (
        format!("{prefix}-status"),
        format!("{prefix}-answer-hint"),
        format!("{prefix}-answer-fr"),
        format!("{prefix}-answer-en"),
        format!("{prefix}-into"),
    );
    let (id_attr, id_set, id_merge) = (id.clone(), id.clone(), id);
    let merge_form = can_merge.then(move || {
        view! {
            <details>
                <summary>{t!(i18n, feedback.board.merge_heading)}</summary>
                <ActionForm action=merge attr:class="form">
                    <input type="hidden" name="id" value=id_merge />
                    <div class="field">
                        <label for=into_id.clone()>{t!(i18n, feedback.board.merge_label)}</label>
                        <select id=into_id name="into" required>
                            <option value="">{t!(i18n, feedback.board.merge_choose)}</option>
                            {targets}
                        </select>
                    </div>
                    <button type="submit" class="button button--secondary">{t!(i18n, feedback.board.merge)}</button>
                </ActionForm>
            </details>
        }
    });
    view! {
        <li class="board__item card" data-testid="board-item" data-id=id_attr>
            <h3 id=heading_id.clone()>{item.item.title.clone()}</h3>
            <div role="status">
                {done.map(|said| view! { <p class="notice notice--success">{said}</p> })}
            </div>
            {(!refused.is_empty()).then(|| view! {
                <div class="error-summary" role="alert" tabindex="-1" autofocus>
                    <h4>{t!(i18n, feedback.board.errors.refused)}</h4>
                    <ul>{refusals}</ul>
                </div>
            })}
            {other_error.map(|error| view! { <ErrorNotice error /> })}
            <dl class="facts">
                <dt>{t!(i18n, feedback.board.kind)}</dt><dd>{kind_label}</dd>
                <dt>{t!(i18n, feedback.board.status)}</dt><dd data-testid="board-status">{status_words(item.item.status, kind, locale)}</dd>
                <dt>{t!(i18n, feedback.board.votes)}</dt><dd data-testid="board-votes">{item.votes}</dd>
                <dt>{t!(i18n, feedback.board.language)}</dt><dd>{item.language.clone()}</dd>
                <dt>{t!(i18n, feedback.board.received)}</dt><dd>{moment_of(&item.item.created_at, locale)}</dd>
                <dt>{t!(i18n, feedback.board.updated)}</dt><dd>{moment_of(&item.item.updated_at, locale)}</dd>
                {item.page.clone().map(|page| view! { <dt>{t!(i18n, feedback.board.page)}</dt><dd class="mono">{page}</dd> })}
                {item.browser.clone().map(|browser| view! { <dt>{t!(i18n, feedback.board.browser)}</dt><dd>{browser}</dd> })}
            </dl>
            <p>{match item.signed_in {
                true => t_string!(i18n, feedback.board.sender_citizen),
                false => t_string!(i18n, feedback.board.sender_guest),
            }}</p>
            {item.reopened.then(|| view! { <p>{t!(i18n, feedback.board.reopened)}</p> })}
            {screenshot.map(|href| view! { <p><a href=href>{t!(i18n, feedback.board.screenshot)}</a></p> })}
            <p class="board__body">{item.item.body.clone()}</p>
            {answer.map(|answer| view! {
                <p><strong>{t!(i18n, feedback.board.answer_now)}</strong></p>
                <p lang="fr">{answer.fr}</p>
                <p lang="en">{answer.en}</p>
            })}
            <details>
                <summary>{t!(i18n, feedback.board.change_heading)}</summary>
                <ActionForm action=set attr:class="form">
                    <input type="hidden" name="id" value=id_set />
                    <div class="field">
                        <label for=status_id.clone()>{t!(i18n, feedback.board.new_status)}</label>
                        <select id=status_id name="status">{statuses}</select>
                    </div>
                    <p class="hint" id=hint_id.clone()>{t!(i18n, feedback.board.answer_hint)}</p>
                    <div class="field">
                        <label for=fr_id.clone()>{t!(i18n, feedback.board.answer_fr)}</label>
                        <textarea id=fr_id name="answer_fr" rows="3" maxlength=ANSWER_MAX.to_string()
                            lang="fr" aria-describedby=hint_id.clone()></textarea>
                    </div>
                    <div class="field">
                        <label for=en_id.clone()>{t!(i18n, feedback.board.answer_en)}</label>
                        <textarea id=en_id name="answer_en" rows="3" maxlength=ANSWER_MAX.to_string()
                            lang="en" aria-describedby=hint_id></textarea>
                    </div>
                    <button type="submit" class="button">{t!(i18n, feedback.board.save)}</button>
                </ActionForm>
            </details>
            {merge_form}
        </li>
    }
}

/// Whether the board came back from a merge (said once, above the list).
pub fn merged_now() -> bool {
    is_done(MERGED)
}
