//! "Messages": the citizen's inbox, newest first, each notification with what changed, the
//! service's own words, when, and a link to the request. Rendered by the server only: marking
//! as read is a plain post that comes back here.

use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::locale::{Page, request_path};
use crate::notifications::api::{MARKED_READ, MarkRead, my_inbox};
use crate::notifications::model::{Channel, Delivery, DeliveryState, Inbox, Notification, NotificationKind};
use crate::ui::when::{day_of, moment_of};
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// `/fr/messages`, `/en/messages`.
#[component]
pub fn InboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let inbox = Resource::new_blocking(|| (), |_| my_inbox());
    let marked = is_done(MARKED_READ);
    view! {
        <PageTitle title=t_string!(i18n, notifications.inbox.title) />
        <div class="container prose">
            <h1>{t!(i18n, notifications.inbox.heading)}</h1>
            <p><a href=move || Page::MessageSettings.path(i18n.get_locale())>{t!(i18n, notifications.inbox.settings_link)}</a></p>
            {marked.then(|| view! { <p class="notice" role="status">{t!(i18n, notifications.inbox.marked)}</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match inbox.await {
                        Ok(inbox) => view! { <Notifications inbox /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Notifications(inbox: Inbox) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let Inbox { notifications, unread } = inbox;
    if notifications.is_empty() {
        return view! { <p>{t!(i18n, notifications.inbox.empty)}</p> }.into_any();
    }
    let mark_all = (unread > 0).then(|| {
        let action = ServerAction::<MarkRead>::new();
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="id" value="all" />
                <button type="submit" class="button button--secondary">{t!(i18n, notifications.inbox.mark_all_read)}</button>
            </ActionForm>
        }
    });
    view! {
        <p data-testid="unread">{td_string!(locale, notifications.inbox.unread_count, number = unread).to_string()}</p>
        {mark_all}
        <ul class="notification-list">
            {notifications.into_iter().map(|notification| view! { <Entry notification /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn Entry(notification: Notification) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let Notification {
        id,
        kind,
        request,
        title,
        status,
        message,
        expected_date,
        deadline,
        created_at,
        read,
        deliveries,
    } = notification;
    let what = match kind {
        NotificationKind::ActionRequired => t_string!(i18n, notifications.kind.action_required),
        NotificationKind::StatusChanged => t_string!(i18n, notifications.kind.status_changed),
        NotificationKind::ServiceMessage => t_string!(i18n, notifications.kind.service_message),
        NotificationKind::Announcement => t_string!(i18n, notifications.kind.announcement),
        NotificationKind::FeedbackUpdate => t_string!(i18n, notifications.kind.feedback_update),
    };
    let feedback = (kind == NotificationKind::FeedbackUpdate).then(|| {
        view! { <p><a href=crate::locale::Page::MyFeedback.path(locale)>{t!(i18n, notifications.inbox.see_feedback)}</a></p> }
    });
    let link = request.map(|(request_id, reference)| {
        let href = request_path(locale, &request_id, false);
        view! {
            <p>
                <a href=href>
                    {t!(i18n, notifications.inbox.see_request)}
                    <span class="visually-hidden">" " {reference.clone()}</span>
                </a>
            </p>
        }
    });
    let action = ServerAction::<MarkRead>::new();
    view! {
        <li class="notification" class:notification--unread=!read data-testid="notification">
            <h2>
                {(!read).then(|| view! { <span class="badge">{t!(i18n, notifications.inbox.unread_mark)}</span> " " })}
                {title.get(locale).to_owned()}
            </h2>
            <p><strong>{what}</strong></p>
            {status.map(|status| view! {
                <p>{t!(i18n, notifications.inbox.status)} " " {status.get(locale).to_owned()}</p>
            })}
            {message.map(|message| view! { <blockquote class="notification__message">{message.get(locale).to_owned()}</blockquote> })}
            {deadline.map(|day| view! {
                <p><strong>{t!(i18n, notifications.inbox.deadline)} " " {day_of(&day, locale)}</strong></p>
            })}
            {expected_date.map(|day| view! {
                <p>{t!(i18n, notifications.inbox.expected_date)} " " {day_of(&day, locale)}</p>
            })}
            <p class="hint">{moment_of(&created_at, locale)}</p>
            <Deliveries deliveries />
            {link}
            {feedback}
            {(!read).then(|| view! {
                <ActionForm action attr:class="inline-form">
                    <input type="hidden" name="id" value=id.into_string() />
                    <button type="submit" class="button button--link">{t!(i18n, notifications.inbox.mark_read)}</button>
                </ActionForm>
            })}
        </li>
    }
}

/// Where a notification was sent beyond the inbox: "Avis envoyé par courriel le …".
#[component]
fn Deliveries(deliveries: Vec<Delivery>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    deliveries
        .into_iter()
        .filter_map(|delivery| {
            let when = moment_of(&delivery.at, locale);
            let said = match (delivery.channel, delivery.state) {
                (Channel::Email, DeliveryState::Sent | DeliveryState::Delivered) => {
                    format!("{} {when}", t_string!(i18n, notifications.inbox.sent_by))
                }
                (Channel::Sms, DeliveryState::Sent) => {
                    format!("{} {when}", t_string!(i18n, notifications.inbox.sent_by_sms))
                }
                (Channel::Sms, DeliveryState::Delivered) => {
                    format!("{} {when}", t_string!(i18n, notifications.inbox.delivered_by_sms))
                }
                (Channel::Push, DeliveryState::Sent | DeliveryState::Delivered) => {
                    format!("{} {when}", t_string!(i18n, notifications.inbox.sent_by_push))
                }
                (Channel::Email, DeliveryState::PermanentFailure | DeliveryState::TechnicalFailure) => {
                    t_string!(i18n, notifications.inbox.not_sent_email).to_owned()
                }
                (Channel::Sms, DeliveryState::PermanentFailure | DeliveryState::TechnicalFailure) => {
                    t_string!(i18n, notifications.inbox.not_sent_sms).to_owned()
                }
                _ => return None,
            };
            Some(view! { <p class="notification__deliveries" data-testid="delivery">{said}</p> })
        })
        .collect_view()
}
