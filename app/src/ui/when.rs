//! Moments as people in Québec read them: the portal keeps UTC (`2026-11-24T17:05:00.000000Z`)
//! and shows Eastern time, daylight saving included, in words: "24 novembre 2026 à 12 h 05",
//! "November 24, 2026, 12:05 p.m.".

use crate::i18n::Locale;
use crate::moment::{Moment, parse_day};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// The `n`-th Sunday (from 1) of a month.
fn nth_sunday(year: i32, month: Month, n: u8) -> Option<Date> {
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let to_sunday = (7 - first.weekday().number_days_from_sunday()) % 7;
    first.checked_add(time::Duration::days(i64::from(to_sunday) + 7 * i64::from(n - 1)))
}

/// Québec's offset at a moment: UTC−4 from the second Sunday of March, 2:00 EST (7:00 UTC), to
/// the first Sunday of November, 2:00 EDT (6:00 UTC); UTC−5 otherwise.
pub fn quebec_offset(at: OffsetDateTime) -> UtcOffset {
    let at = at.to_offset(UtcOffset::UTC);
    let year = at.year();
    let utc = |date: Option<Date>, hour| {
        date.map(|d| PrimitiveDateTime::new(d, Time::from_hms(hour, 0, 0).unwrap_or(Time::MIDNIGHT)).assume_utc())
    };
    let (Some(start), Some(end)) = (
        utc(nth_sunday(year, Month::March, 2), 7),
        utc(nth_sunday(year, Month::November, 1), 6),
    ) else {
        return UtcOffset::from_hms(-5, 0, 0).unwrap_or(UtcOffset::UTC);
    };
    let hours = if at >= start && at < end { -4 } else { -5 };
    UtcOffset::from_hms(hours, 0, 0).unwrap_or(UtcOffset::UTC)
}

/// A stored moment as a journal reads it, in Québec time to the second, the same in both
/// languages: `2026-12-07 10:05:03`.
pub fn stamp_of(at: &Moment) -> String {
    match local(at) {
        Some(t) => format!(
            "{} {:02}:{:02}:{:02}",
            crate::moment::day(t.date()),
            t.hour(),
            t.minute(),
            t.second()
        ),
        None => at.to_string(),
    }
}

/// The day it is in Québec at a moment.
pub fn quebec_day(at: OffsetDateTime) -> Date {
    at.to_offset(quebec_offset(at)).date()
}

/// The moment a day starts in Québec (midnight local time, in UTC).
pub fn start_of_quebec_day(day: Date) -> OffsetDateTime {
    let midnight = PrimitiveDateTime::new(day, Time::MIDNIGHT);
    // Midnight is never within a change of time (those happen at 2:00), so the offset an hour
    // of standard time later is the offset at midnight.
    let offset = quebec_offset(midnight.assume_utc() + time::Duration::hours(5));
    midnight.assume_offset(offset).to_offset(UtcOffset::UTC)
}

/// A stored moment in Québec time.
fn local(at: &Moment) -> Option<OffsetDateTime> {
    let at = at.utc()?;
    Some(at.to_offset(quebec_offset(at)))
}

fn month_name(month: Month, locale: Locale) -> &'static str {
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let index = usize::from(u8::from(month) - 1);
    match locale {
        Locale::fr => FR[index],
        Locale::en => EN[index],
    }
}

/// A calendar date in words: "24 novembre 2026", "November 24, 2026" (1er in French).
pub fn long_date(date: Date, locale: Locale) -> String {
    let (day, month, year) = (date.day(), month_name(date.month(), locale), date.year());
    match locale {
        Locale::fr if day == 1 => format!("1er {month} {year}"),
        Locale::fr => format!("{day} {month} {year}"),
        Locale::en => format!("{month} {day}, {year}"),
    }
}

/// The Québec date of a stored moment; the text as given when it is not one.
pub fn date_of(at: &Moment, locale: Locale) -> String {
    match local(at) {
        Some(local) => long_date(local.date(), locale),
        None => at.to_string(),
    }
}

/// A `YYYY-MM-DD` date in words; the text as given when it is not one.
pub fn day_of(iso: &str, locale: Locale) -> String {
    match parse_day(iso) {
        Some(date) => long_date(date, locale),
        None => iso.to_owned(),
    }
}

/// The Québec date and time of a stored moment, to the minute.
pub fn moment_of(at: &Moment, locale: Locale) -> String {
    let Some(local) = local(at) else {
        return at.to_string();
    };
    let date = long_date(local.date(), locale);
    let (hour, minute) = (local.hour(), local.minute());
    match locale {
        Locale::fr => format!("{date} à {hour} h {minute:02}"),
        Locale::en => {
            let half = if hour < 12 { "a.m." } else { "p.m." };
            let hour12 = match hour % 12 {
                0 => 12,
                h => h,
            };
            format!("{date}, {hour12}:{minute:02} {half}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_stamp_is_in_quebec_time_to_the_second() {
        assert_eq!(
            stamp_of(&Moment::from_text("2026-12-07T15:05:03.120000Z")),
            "2026-12-07 10:05:03"
        );
        assert_eq!(
            stamp_of(&Moment::from_text("2026-07-01T03:00:00.000000Z")),
            "2026-06-30 23:00:00"
        );
    }

    #[test]
    fn a_quebec_day_starts_at_local_midnight_daylight_saving_included() {
        use time::macros::{date, datetime};
        assert_eq!(
            start_of_quebec_day(date!(2026 - 12 - 07)),
            datetime!(2026-12-07 05:00 UTC)
        );
        assert_eq!(
            start_of_quebec_day(date!(2026 - 07 - 01)),
            datetime!(2026-07-01 04:00 UTC)
        );
        // The days the time changes: midnight is still on the old time.
        assert_eq!(
            start_of_quebec_day(date!(2026 - 03 - 08)),
            datetime!(2026-03-08 05:00 UTC)
        );
        assert_eq!(
            start_of_quebec_day(date!(2026 - 11 - 01)),
            datetime!(2026-11-01 04:00 UTC)
        );
    }

    #[test]
    fn moments_read_in_quebec_time_in_both_languages() {
        assert_eq!(
            moment_of(&Moment::from_text("2026-11-24T17:05:00.000000Z"), Locale::fr),
            "24 novembre 2026 à 12 h 05"
        );
        assert_eq!(
            moment_of(&Moment::from_text("2026-11-24T17:05:00.000000Z"), Locale::en),
            "November 24, 2026, 12:05 p.m."
        );
        assert_eq!(
            moment_of(&Moment::from_text("2026-07-01T04:30:00Z"), Locale::fr),
            "1er juillet 2026 à 0 h 30"
        );
        assert_eq!(
            moment_of(&Moment::from_text("2026-07-01T04:30:00Z"), Locale::en),
            "July 1, 2026, 12:30 a.m."
        );
        // Before midnight in Québec, already the next day in UTC.
        assert_eq!(
            date_of(&Moment::from_text("2026-01-01T03:00:00Z"), Locale::fr),
            "31 décembre 2025"
        );
    }

    #[test]
    fn daylight_saving_starts_and_ends_on_the_right_sundays() {
        let at = |s: &str| OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).unwrap();
        let (edt, est) = (
            UtcOffset::from_hms(-4, 0, 0).unwrap(),
            UtcOffset::from_hms(-5, 0, 0).unwrap(),
        );
        // 2026: 8 March and 1 November.
        assert_eq!(quebec_offset(at("2026-03-08T06:59:59Z")), est);
        assert_eq!(quebec_offset(at("2026-03-08T07:00:00Z")), edt);
        assert_eq!(quebec_offset(at("2026-11-01T05:59:59Z")), edt);
        assert_eq!(quebec_offset(at("2026-11-01T06:00:00Z")), est);
    }

    #[test]
    fn what_is_not_a_moment_is_shown_as_given() {
        assert_eq!(moment_of(&Moment::from_text("soon"), Locale::fr), "soon");
        assert_eq!(
            moment_of(&Moment::from_text("2026-11-24T25:00:00Z"), Locale::fr),
            "2026-11-24T25:00:00Z"
        );
        assert_eq!(
            moment_of(&Moment::from_text("2026-11-24T10:00:00+02:00"), Locale::fr),
            "2026-11-24T10:00:00+02:00"
        );
        assert_eq!(day_of("2026-12-01", Locale::fr), "1er décembre 2026");
        assert_eq!(day_of("2026-12-01", Locale::en), "December 1, 2026");
    }
}
