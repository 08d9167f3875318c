//! Moments and days as the portal stores them. A [`Moment`] is RFC 3339 UTC with
//! microseconds, always the same width (`2026-11-24T17:05:00.000000Z`), so that text order is
//! time order in every table and in the journal; a day is `YYYY-MM-DD`, as `<input type=date>`
//! gives it. Both are read by hand: `time`'s general parsers would weigh on the browser's
//! download for two fixed shapes.

use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset, format_description::well_known::Rfc3339};

/// A moment as stored: see the module's documentation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
pub struct Moment(String);

impl Moment {
    /// The stored form of a moment, in UTC, to the microsecond.
    pub fn at(at: OffsetDateTime) -> Moment {
        let at = at.to_offset(UtcOffset::UTC);
        let at = at.replace_nanosecond(at.microsecond() * 1_000).unwrap_or(at);
        let formatted = at.format(&Rfc3339).unwrap_or_default();
        // `Rfc3339` drops trailing zero fractions; pad to a fixed six digits.
        Moment(match formatted.split_once('.') {
            Some((secs, frac)) => format!("{secs}.{:0<6}Z", frac.trim_end_matches('Z')),
            None => format!("{}.000000Z", formatted.trim_end_matches('Z')),
        })
    }

    /// A moment as another party wrote it (the browser's clock, a row): kept as given.
    pub fn from_text(text: impl Into<String>) -> Moment {
        Moment(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }

    /// The moment in UTC, when it is a stored one (to the second; a fraction is ignored).
    pub fn utc(&self) -> Option<OffsetDateTime> {
        let (date, rest) = self.0.split_once('T')?;
        let date = parse_day(date)?;
        let rest = rest.strip_suffix('Z')?;
        let clock = rest.split_once('.').map_or(rest, |(clock, _)| clock);
        let mut parts = clock.split(':').map(|n| n.parse::<u8>().ok());
        let (hour, minute, second) = (parts.next()??, parts.next()??, parts.next()??);
        if parts.next().is_some() {
            return None;
        }
        Some(PrimitiveDateTime::new(date, Time::from_hms(hour, minute, second).ok()?).assume_utc())
    }
}

impl std::ops::Deref for Moment {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<OffsetDateTime> for Moment {
    fn from(at: OffsetDateTime) -> Self {
        Moment::at(at)
    }
}

impl PartialEq<str> for Moment {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Moment {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// A day written `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| text[range].parse::<u16>().ok())
            .flatten()
    };
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let month = time::Month::try_from(u8::try_from(month).ok()?).ok()?;
    Date::from_calendar_date(i32::from(year), month, u8::try_from(day).ok()?).ok()
}

/// A day as `YYYY-MM-DD`.
pub fn day(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn moments_have_a_fixed_width_and_sort_as_time() {
        let a = Moment::at(datetime!(2026-11-24 09:05:00 UTC));
        let b = Moment::at(datetime!(2026-11-24 09:05:00.5 UTC));
        let c = Moment::at(datetime!(2026-11-24 05:05:00.123456789 -5));
        assert_eq!(a, "2026-11-24T09:05:00.000000Z");
        assert_eq!(b, "2026-11-24T09:05:00.500000Z");
        assert_eq!(c, "2026-11-24T10:05:00.123456Z");
        assert!(a < b && b < c);
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"2026-11-24T09:05:00.000000Z\"");
    }

    #[test]
    fn a_stored_moment_reads_back_to_the_second() {
        let at = datetime!(2026-11-24 09:05:07.25 UTC);
        assert_eq!(Moment::at(at).utc(), Some(datetime!(2026-11-24 09:05:07 UTC)));
        assert_eq!(
            Moment::from_text("2026-11-24T09:05:07.123Z").utc(),
            Some(datetime!(2026-11-24 09:05:07 UTC))
        );
        for wrong in [
            "",
            "2026-11-24",
            "2026-11-24T09:05Z",
            "2026-11-24T09:05:07+01:00",
            "2026-13-01T00:00:00Z",
        ] {
            assert_eq!(Moment::from_text(wrong).utc(), None, "{wrong}");
        }
    }

    #[test]
    fn days_are_written_and_read_as_iso_dates() {
        assert_eq!(parse_day("2026-02-28").map(day).as_deref(), Some("2026-02-28"));
        assert_eq!(day(date!(2026 - 03 - 01)), "2026-03-01");
        for wrong in [
            "2026-02-30",
            "2026-2-28",
            "26-02-28",
            "2026/02/28",
            "２０２６-02-28",
            "",
        ] {
            assert_eq!(parse_day(wrong), None, "{wrong}");
        }
    }
}
