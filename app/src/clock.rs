//! The portal's clock. Every rule that depends on time (session expiry, sign-in attempts, the
//! journal's timestamps) reads it from here, so tests move time forward instead of sleeping;
//! [`timestamp`] writes a moment as every table and the journal store it.

use std::sync::{
    Arc,
    atomic::{AtomicI64, Ordering},
};
use time::{Duration, OffsetDateTime, format_description::well_known::Rfc3339};

/// The wall clock, plus an offset that only tests change. Cheap to clone; clones share the offset.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_seconds: Arc<AtomicI64>,
}

impl Clock {
    /// The current time in UTC.
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + Duration::seconds(self.offset_seconds.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every clone of it) forward.
    pub fn advance(&self, by: Duration) {
        self.offset_seconds.fetch_add(by.whole_seconds(), Ordering::Relaxed);
    }
}

/// A moment as the database and the journal store it: RFC 3339 UTC with microseconds, always
/// the same width so that text order is time order.
pub fn timestamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC);
    let at = at.replace_nanosecond(at.microsecond() * 1_000).unwrap_or(at);
    let formatted = at.format(&Rfc3339).unwrap_or_default();
    // `Rfc3339` drops trailing zero fractions; pad to a fixed six digits.
    match formatted.split_once('.') {
        Some((secs, frac)) => format!("{secs}.{:0<6}Z", frac.trim_end_matches('Z')),
        None => format!("{}.000000Z", formatted.trim_end_matches('Z')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_offset() {
        let clock = Clock::default();
        let shared = clock.clone();
        let before = shared.now();
        clock.advance(Duration::minutes(31));
        assert!(shared.now() - before >= Duration::minutes(31));
    }

    #[test]
    fn timestamps_have_a_fixed_width_and_sort_as_time() {
        use time::macros::datetime;
        let a = timestamp(datetime!(2026-11-24 09:05:00 UTC));
        let b = timestamp(datetime!(2026-11-24 09:05:00.5 UTC));
        let c = timestamp(datetime!(2026-11-24 05:05:00.123456789 -5));
        assert_eq!(a, "2026-11-24T09:05:00.000000Z");
        assert_eq!(b, "2026-11-24T09:05:00.500000Z");
        assert_eq!(c, "2026-11-24T10:05:00.123456Z");
        assert!(a < b && b < c);
    }
}
