//! When a notice goes out beyond the inbox. Quiet by design: a notice waits a few minutes
//! (folding), so that a burst of news about one request makes one message; and nothing is sent
//! at night in Québec, except when the citizen must act. The inbox has every message at once,
//! whatever the time.

use time::OffsetDateTime;

/// Québec's time (Eastern, with its daylight saving time).
pub const ZONE: chrono_tz::Tz = chrono_tz::America::Toronto;

/// The day it is in Québec at `now`.
pub fn day_in_quebec(now: OffsetDateTime) -> time::Date {
    chrono::DateTime::from_timestamp(now.unix_timestamp(), 0)
        .map(|at| at.with_timezone(&ZONE).date_naive())
        .and_then(|day| {
            use chrono::Datelike;
            let month = time::Month::try_from(day.month() as u8).ok()?;
            time::Date::from_calendar_date(day.year(), month, day.day() as u8).ok()
        })
        .unwrap_or(now.date())
}

/// The timing rules of notices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timing {
    /// How long a notice waits after the news, gathering what else comes about the same request.
    pub fold: time::Duration,
    pub quiet: Option<QuietHours>,
}

impl Timing {
    /// Notices go at once, day and night.
    pub const AT_ONCE: Timing = Timing {
        fold: time::Duration::ZERO,
        quiet: None,
    };
}

/// The hours, in Québec, during which no notice is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuietHours {
    /// From this hour (21 for 21:00)…
    pub from: u8,
    /// …until this one (8 for 8:00), the next morning when it is smaller.
    pub until: u8,
    /// Whether "action required" goes out anyway.
    pub spare_action_required: bool,
}

impl QuietHours {
    /// Reads `21-8`; none for `off` or nothing.
    pub fn parse(text: &str, spare_action_required: bool) -> Result<Option<QuietHours>, String> {
        let text = text.trim();
        if text.is_empty() || text.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        let hour = |part: &str| part.trim().parse::<u8>().ok().filter(|h| *h < 24);
        match text.split_once('-').map(|(a, b)| (hour(a), hour(b))) {
            Some((Some(from), Some(until))) if from != until => Ok(Some(QuietHours {
                from,
                until,
                spare_action_required,
            })),
            _ => Err(format!("`{text}` is not a range of hours such as 21-8")),
        }
    }

    /// When the quiet hours that `now` falls in end; none when `now` is not in them.
    pub fn ends(&self, now: OffsetDateTime) -> Option<OffsetDateTime> {
        use chrono::{Datelike, TimeZone, Timelike};
        let local = chrono::DateTime::from_timestamp(now.unix_timestamp(), 0)?.with_timezone(&ZONE);
        let hour = local.hour() as u8;
        let overnight = self.from > self.until;
        let quiet = match overnight {
            true => hour >= self.from || hour < self.until,
            false => hour >= self.from && hour < self.until,
        };
        if !quiet {
            return None;
        }
        let day = match overnight && hour >= self.from {
            true => local.date_naive().succ_opt()?,
            false => local.date_naive(),
        };
        let end = ZONE
            .with_ymd_and_hms(day.year(), day.month(), day.day(), u32::from(self.until), 0, 0)
            .earliest()?;
        OffsetDateTime::from_unix_timestamp(end.timestamp()).ok()
    }
}

/// When the weekly digest of announcements goes: the next Monday at 9:00 in Québec after `now`
/// (a week later when `now` is that very moment).
pub fn next_digest(now: OffsetDateTime) -> OffsetDateTime {
    use chrono::{Datelike, Duration, TimeZone};
    let Some(local) = chrono::DateTime::from_timestamp(now.unix_timestamp(), 0).map(|t| t.with_timezone(&ZONE)) else {
        return now + time::Duration::weeks(1);
    };
    let mut day = local.date_naive();
    let days = (7 - day.weekday().num_days_from_monday()) % 7;
    day += Duration::days(i64::from(days));
    let at = |day: chrono::NaiveDate| {
        ZONE.with_ymd_and_hms(day.year(), day.month(), day.day(), 9, 0, 0)
            .earliest()
            .and_then(|t| OffsetDateTime::from_unix_timestamp(t.timestamp()).ok())
    };
    match at(day) {
        Some(monday) if monday > now => monday,
        _ => at(day + Duration::days(7)).unwrap_or(now + time::Duration::weeks(1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn night() -> QuietHours {
        QuietHours::parse("21-8", true).unwrap().unwrap()
    }

    #[test]
    fn the_digest_goes_on_monday_at_nine_in_quebec() {
        // Wednesday 2027-01-13 noon in Montréal: Monday the 18th, 9:00 (UTC−5).
        assert_eq!(
            next_digest(datetime!(2027-01-13 17:00 UTC)),
            datetime!(2027-01-18 14:00 UTC)
        );
        // Monday at 8:59: the same morning; at 9:00, the next week.
        assert_eq!(
            next_digest(datetime!(2027-01-18 13:59 UTC)),
            datetime!(2027-01-18 14:00 UTC)
        );
        assert_eq!(
            next_digest(datetime!(2027-01-18 14:00 UTC)),
            datetime!(2027-01-25 14:00 UTC)
        );
        // Summer time (UTC−4); and Sunday late in Québec, already Monday in UTC.
        assert_eq!(
            next_digest(datetime!(2027-07-14 12:00 UTC)),
            datetime!(2027-07-19 13:00 UTC)
        );
        assert_eq!(
            next_digest(datetime!(2027-07-19 03:00 UTC)),
            datetime!(2027-07-19 13:00 UTC)
        );
    }

    #[test]
    fn hours_are_read_and_nonsense_is_refused() {
        assert_eq!(QuietHours::parse("off", true), Ok(None));
        assert_eq!(QuietHours::parse("", true), Ok(None));
        assert_eq!(night().from, 21);
        for bad in ["21", "21-24", "8-8", "nuit", "-1-8"] {
            assert!(QuietHours::parse(bad, true).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_night_in_quebec_ends_at_eight_local_time_in_winter_and_in_summer() {
        // 22:30 in Montréal in January (UTC−5): quiet until 8:00 the next morning, 13:00 UTC.
        assert_eq!(
            night().ends(datetime!(2027-01-15 03:30 UTC)),
            Some(datetime!(2027-01-15 13:00 UTC))
        );
        // 6:00 in July (UTC−4): quiet until 8:00 the same morning, 12:00 UTC.
        assert_eq!(
            night().ends(datetime!(2027-07-15 10:00 UTC)),
            Some(datetime!(2027-07-15 12:00 UTC))
        );
        // 20:59 and 8:00 are not quiet.
        assert_eq!(night().ends(datetime!(2027-01-16 01:59 UTC)), None);
        assert_eq!(night().ends(datetime!(2027-01-15 13:00 UTC)), None);
        // The night daylight saving time begins (2027-03-14): 8:00 is then UTC−4.
        assert_eq!(
            night().ends(datetime!(2027-03-14 04:00 UTC)),
            Some(datetime!(2027-03-14 12:00 UTC))
        );
        // Hours within one day.
        let early = QuietHours::parse("0-6", false).unwrap().unwrap();
        assert_eq!(
            early.ends(datetime!(2027-01-15 06:00 UTC)),
            Some(datetime!(2027-01-15 11:00 UTC))
        );
        assert_eq!(early.ends(datetime!(2027-01-15 12:00 UTC)), None);
    }
}
