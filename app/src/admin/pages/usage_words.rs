//! The words and numbers of the statistics page: refusals, measures, groups, rates and
//! durations, in the page's language.

use crate::i18n::{Locale, td_string};
use crate::usage::model::{Counts, Measure, completion_rate};

/// A refused part's message.
pub fn refusal_message(why: &str, locale: Locale) -> &'static str {
    match why {
        "too_long" => td_string!(locale, usage.errors.too_long),
        "unknown_period" => td_string!(locale, usage.errors.unknown_period),
        "invalid_day" => td_string!(locale, usage.errors.invalid_day),
        "range" => td_string!(locale, usage.errors.range),
        "too_many" => td_string!(locale, usage.errors.too_many),
        _ => td_string!(locale, usage.errors.invalid),
    }
}

/// A measure's name, in the page's language.
pub fn measure_label(measure: Measure, locale: Locale) -> &'static str {
    match measure {
        Measure::TileViewed => td_string!(locale, usage.measures.tile_viewed),
        Measure::FormStarted => td_string!(locale, usage.measures.form_started),
        Measure::DraftSaved => td_string!(locale, usage.measures.draft_saved),
        Measure::StepReached => td_string!(locale, usage.measures.step_reached),
        Measure::Submitted => td_string!(locale, usage.measures.submitted),
        Measure::Withdrawn => td_string!(locale, usage.measures.withdrawn),
        Measure::FirstStatus => td_string!(locale, usage.measures.first_status),
        Measure::Decision => td_string!(locale, usage.measures.decision),
        Measure::DeliveryFailed => td_string!(locale, usage.measures.delivery_failed),
        Measure::SignedIn => td_string!(locale, usage.measures.signed_in),
    }
}

/// The measures of the key figures and of the table by period, in reading order.
pub const SHOWN: [Measure; 9] = [
    Measure::TileViewed,
    Measure::FormStarted,
    Measure::DraftSaved,
    Measure::Submitted,
    Measure::Withdrawn,
    Measure::FirstStatus,
    Measure::Decision,
    Measure::DeliveryFailed,
    Measure::SignedIn,
];

/// A completion rate as the page writes it ("62,5 %", "62.5%"), or a dash under 5.
pub fn rate_text(counts: &Counts, locale: Locale) -> String {
    match (completion_rate(counts), locale) {
        (None, _) => "—".to_owned(),
        (Some(rate), Locale::fr) => format!("{rate:.1}\u{a0}%").replace('.', ","),
        (Some(rate), Locale::en) => format!("{rate:.1}%"),
    }
}

/// A language's or a device class's name.
pub fn group_label(group: &str, locale: Locale) -> &'static str {
    match group {
        "fr" => td_string!(locale, usage.groups.fr),
        "en" => td_string!(locale, usage.groups.en),
        "computer" => td_string!(locale, usage.groups.computer),
        "phone" => td_string!(locale, usage.groups.phone),
        "other" => td_string!(locale, usage.groups.other),
        _ => td_string!(locale, usage.groups.unknown),
    }
}

/// A duration in days, hours and minutes: "2 j 4 h", "2 d 4 h", "35 min".
pub fn duration_text(seconds: i64, locale: Locale) -> String {
    let minutes = seconds.max(0) / 60;
    let (days, hours, minutes) = (minutes / 1440, minutes / 60 % 24, minutes % 60);
    let day = match locale {
        Locale::fr => "j",
        Locale::en => "d",
    };
    match (days, hours) {
        (0, 0) => format!("{minutes}\u{a0}min"),
        (0, _) => format!("{hours}\u{a0}h {minutes:02}\u{a0}min"),
        _ => format!("{days}\u{a0}{day} {hours}\u{a0}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_people_say_them() {
        assert_eq!(duration_text(35 * 60, Locale::fr), "35\u{a0}min");
        assert_eq!(duration_text(3 * 3600 + 5 * 60, Locale::en), "3\u{a0}h 05\u{a0}min");
        assert_eq!(duration_text(2 * 86_400 + 4 * 3600, Locale::fr), "2\u{a0}j 4\u{a0}h");
        assert_eq!(duration_text(2 * 86_400 + 4 * 3600, Locale::en), "2\u{a0}d 4\u{a0}h");
    }

    #[test]
    fn a_rate_needs_five_of_each() {
        let mut counts = Counts::zero();
        counts.add(Measure::FormStarted, 8);
        counts.add(Measure::Submitted, 3);
        assert_eq!(rate_text(&counts, Locale::fr), "—");
        counts.add(Measure::Submitted, 2);
        assert_eq!(rate_text(&counts, Locale::fr), "62,5\u{a0}%");
        assert_eq!(rate_text(&counts, Locale::en), "62.5%");
    }
}
