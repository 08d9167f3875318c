//! "Mes problèmes et idées": the citizen's problem reports and ideas, newest first, each with
//! where it stands and the ministry's answer in the page's language; one marked fixed may be
//! reopened, once.

use super::standing;
use crate::feedback::api::{REOPENED, ReopenFeedback, my_feedback};
use crate::feedback::model::{FeedbackItem, FeedbackKind};
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::when::date_of;
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn MyFeedbackPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let items = Resource::new_blocking(|| (), |_| my_feedback());
    let reopened = is_done(REOPENED);
    view! {
        <PageTitle title=t_string!(i18n, feedback.mine.heading) />
        <div class="container prose">
            <h1>{t!(i18n, feedback.mine.heading)}</h1>
            <div role="status">
                {reopened.then(|| view! { <p class="notice notice--success">{t!(i18n, feedback.mine.reopened)}</p> })}
            </div>
            <p>
                <a href=Page::ReportProblem.path(locale)>{t!(i18n, feedback.problem.heading)}</a>
                " · "
                <a href=Page::SuggestIdea.path(locale)>{t!(i18n, feedback.idea.heading)}</a>
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(items) if items.is_empty() => view! { <p>{t!(i18n, feedback.mine.empty)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="notification-list">
                                {items.into_iter().map(|item| view! { <Item item /> }).collect_view()}
                            </ul>
                        }
                        .into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Item(item: FeedbackItem) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let kind = match item.kind {
        FeedbackKind::Problem => t_string!(i18n, feedback.mine.problem),
        FeedbackKind::Idea => t_string!(i18n, feedback.mine.idea),
    };
    let state = standing(&item, locale);
    let reopen = item.reopenable.then(|| {
        let action = ServerAction::<ReopenFeedback>::new();
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="id" value=item.id.as_str().to_owned() />
                <button type="submit" class="button button--secondary">{t!(i18n, feedback.mine.reopen)}</button>
            </ActionForm>
        }
    });
    view! {
        <li class="notification" data-testid="feedback">
            <h2>{item.title.clone()}</h2>
            <p class="hint">{kind} " · " {date_of(&item.created_at, locale)}</p>
            <p><strong>{t!(i18n, feedback.mine.status)}</strong> " " <span data-testid="feedback-status">{state}</span></p>
            <p>{item.body.clone()}</p>
            {item.answer.map(|answer| view! {
                <h3>{t!(i18n, feedback.mine.answer)}</h3>
                <blockquote class="notification__message">{answer.get(locale).to_owned()}</blockquote>
            })}
            {reopen}
        </li>
    }
}
