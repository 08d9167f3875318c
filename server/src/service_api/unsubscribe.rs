//! `POST /api/v1/unsubscribe/{token}`: the one-click unsubscription an announcement e-mail names
//! in its `List-Unsubscribe` header (RFC 8058). A mail program posts
//! `List-Unsubscribe=One-Click` without any session; the token alone says whose announcements
//! stop coming by e-mail (journaled). A person who opens the address instead is sent to the
//! message settings, where they sign in and choose: a GET changes nothing.

use crate::state::AppState;
use app::audit::{AuditEvent, Outcome};
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

fn locale_of(headers: &HeaderMap) -> app::i18n::Locale {
    app::locale::negotiate(headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()))
}

pub async fn unsubscribe(State(state): State<AppState>, Path(token): Path<String>, headers: HeaderMap) -> Response {
    use app::i18n::td_string;
    let locale = locale_of(&headers);
    let now = state.portal.auth.clock.now();
    let done = async {
        let mut tx = state.portal.db.begin().await?;
        let whose = app::notifications::unsubscribe::redeem(&mut tx, &token, now).await?;
        if let Some(citizen) = &whose {
            let event = AuditEvent::new(citizen.to_string(), "notification.unsubscribed", Outcome::Success)
                .concerning(citizen.as_str());
            app::audit::db::record(&mut tx, &event, now).await?;
        }
        tx.commit().await?;
        Ok::<_, sqlx::Error>(whose)
    }
    .await;
    let text = |said: &str| ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], said.to_owned());
    match done {
        Ok(Some(_)) => (StatusCode::OK, text(td_string!(locale, notifications.unsubscribe.done))).into_response(),
        Ok(None) => (
            StatusCode::NOT_FOUND,
            text(td_string!(locale, notifications.unsubscribe.unknown)),
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "unsubscription not recorded");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                text(td_string!(locale, notifications.unsubscribe.failed)),
            )
                .into_response()
        }
    }
}

/// Someone opened the address: the message settings, in their language.
pub async fn open(headers: HeaderMap) -> Redirect {
    let page = app::locale::Page::MessageSettings.path(locale_of(&headers));
    Redirect::to(&page)
}
