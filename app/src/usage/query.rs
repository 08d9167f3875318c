//! What a statistics page or export asks for, as typed in the console's form or an address
//! ([`UsageQuery`], plain text), checked once into a [`UsageFilter`]: a refused part is named
//! with the key of its message and nothing is read.

use super::model::Period;
use crate::error::AppError;
use crate::moment::parse_day;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

/// The most periods one page draws (a year of days, three years of weeks, ten of months).
pub const MOST_PERIODS: i64 = 366;
const MOST_WEEKS: i64 = 157;
const MOST_MONTHS: i64 = 120;
/// The longest service id accepted in a query.
const SERVICE_MAX: usize = 100;

/// A statistics query as typed: each part empty when not used.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UsageQuery {
    /// A service's id; empty for every service.
    pub service: String,
    /// `day`, `week` or `month`; empty for days.
    pub period: String,
    /// First day, `YYYY-MM-DD`; empty for the default span ending `until`.
    pub from: String,
    /// Last day included, `YYYY-MM-DD`; empty for today.
    pub until: String,
}

/// A checked query: a service or all, how days are grouped, and the days (in Québec).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageFilter {
    pub service: Option<String>,
    pub period: Period,
    pub from: Date,
    pub until: Date,
}

impl UsageQuery {
    /// The query as an address's query string (without `?`), empty parts left out.
    pub fn to_query_string(&self) -> String {
        [
            ("service", &self.service),
            ("period", &self.period),
            ("from", &self.from),
            ("until", &self.until),
        ]
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(name, value)| format!("{name}={}", crate::auth::model::encode_path(value.trim())))
        .collect::<Vec<_>>()
        .join("&")
    }

    /// Checks every part against `today` (in Québec). The refusals' keys: `too_long`,
    /// `invalid` (a service id with characters an id cannot hold), `unknown_period`,
    /// `invalid_day`, `range` (a last day before the first), `too_many` (more periods than a
    /// page draws).
    pub fn check(&self, today: Date) -> Result<UsageFilter, AppError> {
        let mut refused: Vec<(String, String)> = Vec::new();
        let mut refuse = |part: &str, why: &str| refused.push((part.to_owned(), why.to_owned()));
        let service = match self.service.trim() {
            "" => None,
            id if id.chars().count() > SERVICE_MAX => {
                refuse("service", "too_long");
                None
            }
            id if !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') => {
                refuse("service", "invalid");
                None
            }
            id => Some(id.to_owned()),
        };
        let period = match self.period.trim() {
            "" => Some(Period::Day),
            text => Period::parse(text).or_else(|| {
                refuse("period", "unknown_period");
                None
            }),
        };
        let mut day = |part: &str, value: &str| match value.trim() {
            "" => Ok(None),
            text => parse_day(text).map(Some).ok_or_else(|| refuse(part, "invalid_day")),
        };
        let until = day("until", &self.until);
        let from = day("from", &self.from);
        let (Some(period), Ok(until), Ok(from)) = (period, until, from) else {
            return Err(AppError::InvalidInput { fields: refused });
        };
        let until = until.unwrap_or(today);
        let from = from.unwrap_or_else(|| default_start(period, until));
        if until < from {
            refused.push(("until".to_owned(), "range".to_owned()));
        } else if periods_between(period, from, until) > most_periods(period) {
            refused.push(("from".to_owned(), "too_many".to_owned()));
        }
        if !refused.is_empty() {
            return Err(AppError::InvalidInput { fields: refused });
        }
        Ok(UsageFilter {
            service,
            period,
            from,
            until,
        })
    }
}

impl UsageFilter {
    /// What was asked, as the journal records it.
    pub fn describe(&self) -> serde_json::Value {
        serde_json::json!({
            "service": self.service,
            "period": self.period.as_str(),
            "from": crate::moment::day(self.from),
            "until": crate::moment::day(self.until),
        })
    }
}

/// The first day of the period a day falls in.
pub fn period_start(period: Period, day: Date) -> Date {
    match period {
        Period::Day => day,
        Period::Week => day - Duration::days(i64::from(day.weekday().number_days_from_monday())),
        Period::Month => day.replace_day(1).unwrap_or(day),
    }
}

/// The first day of the period after the one starting `start`.
pub fn next_period(period: Period, start: Date) -> Date {
    match period {
        Period::Day => start + Duration::days(1),
        Period::Week => start + Duration::days(7),
        Period::Month => {
            let (year, month) = match start.month() {
                time::Month::December => (start.year() + 1, time::Month::January),
                month => (start.year(), month.next()),
            };
            Date::from_calendar_date(year, month, 1).unwrap_or(start)
        }
    }
}

/// Thirty days, twelve weeks or twelve months ending with `until`'s.
fn default_start(period: Period, until: Date) -> Date {
    match period {
        Period::Day => until - Duration::days(29),
        Period::Week => period_start(Period::Week, until) - Duration::days(7 * 11),
        Period::Month => {
            let mut start = period_start(Period::Month, until);
            for _ in 0..11 {
                start = period_start(Period::Month, start - Duration::days(1));
            }
            start
        }
    }
}

fn most_periods(period: Period) -> i64 {
    match period {
        Period::Day => MOST_PERIODS,
        Period::Week => MOST_WEEKS,
        Period::Month => MOST_MONTHS,
    }
}

fn periods_between(period: Period, from: Date, until: Date) -> i64 {
    let days = (until - from).whole_days() + 1;
    match period {
        Period::Day => days,
        Period::Week => days / 7 + 1,
        Period::Month => days / 28 + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn query(service: &str, period: &str, from: &str, until: &str) -> UsageQuery {
        UsageQuery {
            service: service.into(),
            period: period.into(),
            from: from.into(),
            until: until.into(),
        }
    }

    fn refusals(query: &UsageQuery) -> Vec<(String, String)> {
        match query.check(date!(2026 - 12 - 07)) {
            Err(AppError::InvalidInput { fields }) => fields,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn an_empty_query_is_the_last_thirty_days_of_every_service() {
        let filter = UsageQuery::default().check(date!(2026 - 12 - 07)).unwrap();
        assert_eq!(filter.service, None);
        assert_eq!(filter.period, Period::Day);
        assert_eq!(
            (filter.from, filter.until),
            (date!(2026 - 11 - 08), date!(2026 - 12 - 07))
        );
        let weeks = query("", "week", "", "").check(date!(2026 - 12 - 07)).unwrap();
        assert_eq!(weeks.from, date!(2026 - 09 - 21));
        assert_eq!(weeks.from.weekday(), time::Weekday::Monday);
        let months = query("", "month", "", "2026-03-15")
            .check(date!(2026 - 12 - 07))
            .unwrap();
        assert_eq!(months.from, date!(2025 - 04 - 01));
    }

    #[test]
    fn each_bad_part_is_named() {
        assert_eq!(
            refusals(&query("a b", "", "", "")),
            [("service".into(), "invalid".into())]
        );
        assert_eq!(
            refusals(&query(&"a".repeat(101), "", "", "")),
            [("service".into(), "too_long".into())]
        );
        assert_eq!(
            refusals(&query("", "year", "", "")),
            [("period".into(), "unknown_period".into())]
        );
        assert_eq!(
            refusals(&query("", "", "2026-13-01", "hier")),
            [
                ("until".into(), "invalid_day".into()),
                ("from".into(), "invalid_day".into())
            ]
        );
        assert_eq!(
            refusals(&query("", "", "2026-12-02", "2026-12-01")),
            [("until".into(), "range".into())]
        );
        assert_eq!(
            refusals(&query("", "day", "2024-01-01", "2026-01-01")),
            [("from".into(), "too_many".into())]
        );
        assert!(
            query("", "month", "2024-01-01", "2026-01-01")
                .check(date!(2026 - 12 - 07))
                .is_ok()
        );
    }

    #[test]
    fn periods_start_on_a_monday_and_on_the_first() {
        assert_eq!(period_start(Period::Week, date!(2026 - 12 - 06)), date!(2026 - 11 - 30));
        assert_eq!(
            period_start(Period::Month, date!(2026 - 12 - 06)),
            date!(2026 - 12 - 01)
        );
        assert_eq!(next_period(Period::Month, date!(2026 - 12 - 01)), date!(2027 - 01 - 01));
        assert_eq!(next_period(Period::Week, date!(2026 - 11 - 30)), date!(2026 - 12 - 07));
    }
}
