//! Text messages: mobile numbers as they are kept (E.164), what a message says, and how many
//! SMS segments it takes. A message in the GSM 7-bit alphabet fits 160 characters (153 a
//! segment when split); one with any other character is sent as UCS-2: 70 (67 a segment).

use crate::i18n::{Locale, td_string};
use crate::locale::{Bilingual, Page};

/// A mobile number as it is kept, E.164 (`+15145550142`): a North American number written
/// any usual way (`514 555-0142`, `(514) 555-0142`, `1-514-555-0142`), or an international one
/// starting with `+` (8 to 15 digits). None for anything else.
pub fn normalized_mobile(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > 32 || !raw.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) {
        return None;
    }
    let international = raw.starts_with('+');
    if raw.chars().skip(1).any(|c| c == '+') {
        return None;
    }
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = |d: &str| d.len() == 10 && !d.starts_with(['0', '1']) && !d[3..].starts_with(['0', '1']);
    match (international, digits.len()) {
        (false, 10) if national(&digits) => Some(format!("+1{digits}")),
        (false, 11) if digits.starts_with('1') && national(&digits[1..]) => Some(format!("+{digits}")),
        (true, 11) if digits.starts_with('1') => national(&digits[1..]).then(|| format!("+{digits}")),
        (true, 8..=15) if !digits.starts_with('0') => Some(format!("+{digits}")),
        _ => None,
    }
}

/// How a message is encoded, and how many segments it takes.
#[derive(Debug, PartialEq, Eq)]
pub struct Segments {
    pub gsm7: bool,
    pub count: usize,
}

/// The GSM 03.38 basic alphabet (its extension characters count twice).
const GSM7_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXTENSION: &str = "^{}\\[~]|€\x0c";

pub fn segments(text: &str) -> Segments {
    let septets: Option<usize> = text
        .chars()
        .map(|c| {
            if GSM7_BASIC.contains(c) {
                Some(1)
            } else if GSM7_EXTENSION.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .sum();
    match septets {
        Some(n) => Segments {
            gsm7: true,
            count: if n <= 160 { 1 } else { n.div_ceil(153) },
        },
        None => {
            // UCS-2 counts UTF-16 units.
            let units = text.encode_utf16().count();
            Segments {
                gsm7: false,
                count: if units <= 70 { 1 } else { units.div_ceil(67) },
            }
        }
    }
}

/// The text that tells a citizen there is news about one of their requests: the service's
/// name and the inbox's address, nothing else.
pub fn news_sms(public_url: &str, locale: Locale, service: &Bilingual, action_required: bool, count: usize) -> String {
    let link = format!("{public_url}{}", Page::Messages.path(locale));
    format!(
        "{}: {}. {link}",
        td_string!(locale, common.portal_name),
        news_line(locale, service, action_required, count)
    )
}

/// The text that tells a citizen the ministry followed up a problem report or an idea.
pub fn feedback_sms(public_url: &str, locale: Locale) -> String {
    format!(
        "{}: {}. {public_url}{}",
        td_string!(locale, common.portal_name),
        td_string!(locale, notifications.feedback.subject),
        Page::MyFeedback.path(locale)
    )
}

/// What a notice says, in a line: there is news (how many), or an action is required, about a
/// request to this service.
pub fn news_line(locale: Locale, service: &Bilingual, action_required: bool, count: usize) -> String {
    let said = match (action_required, count) {
        (true, _) => td_string!(locale, notifications.sms.action).to_owned(),
        (false, 0 | 1) => td_string!(locale, notifications.sms.news).to_owned(),
        (false, _) => td_string!(locale, notifications.sms.news_many, count = count).to_string(),
    };
    format!("{said} \"{}\"", service.get(locale))
}

/// The text that carries a verification code.
pub fn code_sms(locale: Locale, code: &str) -> String {
    format!(
        "{}: {} {code}. {}",
        td_string!(locale, common.portal_name),
        td_string!(locale, notifications.sms.code_is),
        td_string!(locale, notifications.sms.code_validity)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_the_usual_ways_are_kept_as_e164_and_others_are_refused() {
        for (raw, kept) in [
            ("514 555-0142", "+15145550142"),
            ("(514) 555-0142", "+15145550142"),
            ("1-514-555-0142", "+15145550142"),
            (" +1 514 555 0142 ", "+15145550142"),
            ("+33 6 12 34 56 78", "+33612345678"),
        ] {
            assert_eq!(normalized_mobile(raw).as_deref(), Some(kept), "{raw}");
        }
        for bad in [
            "",
            "555-0142",
            "014 555-0142",
            "514 055-0142",
            "+1 014 555 0142",
            "514-555-0142x12",
            "++15145550142",
            "abc",
            "+0123456789",
        ] {
            assert_eq!(normalized_mobile(bad), None, "{bad}");
        }
    }

    #[test]
    fn segments_follow_the_alphabet_and_the_length() {
        assert_eq!(segments(&"é".repeat(160)), Segments { gsm7: true, count: 1 });
        assert_eq!(segments(&"a".repeat(161)), Segments { gsm7: true, count: 2 });
        assert_eq!(segments(&"€".repeat(80)), Segments { gsm7: true, count: 1 });
        assert_eq!(segments(&"€".repeat(81)), Segments { gsm7: true, count: 2 });
        assert_eq!(segments("« Plaintes »"), Segments { gsm7: false, count: 1 });
        assert_eq!(segments(&"ê".repeat(71)), Segments { gsm7: false, count: 2 });
    }

    #[test]
    fn a_notice_fits_one_segment_in_both_languages() {
        let service = Bilingual {
            fr: "Porter plainte et suivre sa plainte".into(),
            en: "File and follow a complaint".into(),
        };
        for locale in [Locale::fr, Locale::en] {
            for action in [false, true] {
                for count in [1, 12] {
                    let text = news_sms("https://votresante.gouv.qc.ca", locale, &service, action, count);
                    assert_eq!(segments(&text), Segments { gsm7: true, count: 1 }, "{text}");
                }
            }
            let code = code_sms(locale, "042917");
            assert!(code.contains("042917"));
            assert_eq!(segments(&code).count, 1, "{code}");
        }
    }
}
