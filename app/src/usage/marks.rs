//! The visit behind a request (the page's language, the device class) and the marks written
//! where things happen.

use super::model::{Device, Mark, Measure, Visit};
use crate::i18n::Locale;
use sqlx::AnyConnection;
use time::OffsetDateTime;

/// The device class of a user agent; none for a crawler (it is not counted).
pub fn device_of(user_agent: Option<&str>) -> Option<Option<Device>> {
    let Some(agent) = user_agent.filter(|a| !a.trim().is_empty()) else {
        return Some(None);
    };
    let Some(parsed) = woothee::parser::Parser::new().parse(agent) else {
        return Some(Some(Device::Other));
    };
    match parsed.category {
        "crawler" => None,
        "pc" => Some(Some(Device::Computer)),
        "smartphone" | "mobilephone" => Some(Some(Device::Phone)),
        _ => Some(Some(Device::Other)),
    }
}

/// The visit of a person's request, from its language and user agent; none for a crawler.
pub fn visit(language: Option<Locale>, user_agent: Option<&str>) -> Option<Visit> {
    device_of(user_agent).map(|device| Visit { language, device })
}

/// The visit of the request being served: the language of its page (the address, or for a
/// server function the page it was called from) and its user agent; none for a crawler.
pub fn current_visit() -> Option<Visit> {
    use axum::http::header::{REFERER, USER_AGENT};
    let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let language = crate::locale::locale_of_path(parts.uri.path())
        .or_else(|| crate::locale::locale_of_path(crate::api::own_path(header(REFERER)?)?));
    visit(language, header(USER_AGENT))
}

/// Counts `measure` for `service` in the request being served (nothing for a crawler).
pub async fn count(
    conn: &mut AnyConnection,
    measure: Measure,
    service: Option<&str>,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    match current_visit() {
        Some(visit) => super::db::record(conn, &Mark::new(measure, service, visit), now).await,
        None => Ok(()),
    }
}

/// Counts the steps a draft reached for the first time: `from` (exclusive) to `to`
/// (inclusive), from 1.
pub async fn count_steps(
    conn: &mut AnyConnection,
    service: &str,
    from: u32,
    to: u32,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let Some(visit) = current_visit() else {
        return Ok(());
    };
    for step in from + 1..=to {
        let mark = Mark {
            step,
            ..Mark::new(Measure::StepReached, Some(service), visit)
        };
        super::db::record(conn, &mark, now).await?;
    }
    Ok(())
}

/// Counts a service's answer to a request: its first status and, when final, its decision,
/// with the time since the request was sent. A service's call has no visit.
pub async fn count_answer(
    conn: &mut AnyConnection,
    service: &str,
    first: bool,
    decision: bool,
    seconds: i64,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let measures = [(first, Measure::FirstStatus), (decision, Measure::Decision)];
    for (_, measure) in measures.into_iter().filter(|(yes, _)| *yes) {
        let mark = Mark {
            seconds: Some(seconds.max(0)),
            ..Mark::new(measure, Some(service), Visit::default())
        };
        super::db::record(conn, &mark, now).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agents_fall_in_three_classes_and_crawlers_in_none() {
        let phone = "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) \
                     Chrome/131.0.0.0 Mobile Safari/537.36";
        let computer = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                        Chrome/131.0.0.0 Safari/537.36";
        let bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
        assert_eq!(device_of(Some(phone)), Some(Some(Device::Phone)));
        assert_eq!(device_of(Some(computer)), Some(Some(Device::Computer)));
        assert_eq!(device_of(Some("curl/8.5.0")), Some(Some(Device::Other)));
        assert_eq!(device_of(Some(bot)), None);
        assert_eq!(device_of(None), Some(None));
    }
}
