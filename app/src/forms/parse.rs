//! The shapes people write common values in, read into the one form the portal keeps: e-mail
//! addresses, North American phone numbers, Canadian postal codes, whole numbers.

/// An e-mail address of the usual shape (`name@domain.tld`), the domain in lower case.
pub fn parse_email(text: &str) -> Option<String> {
    let (local, domain) = text.split_once('@')?;
    let local_ok = (1..=64).contains(&local.len())
        && !local.starts_with('.')
        && !local.ends_with('.')
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    (local_ok && domain_ok).then(|| format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// A North American number (`514 555-0123`, `(514) 555 0123`, `+1 514…`) as `514-555-0123`.
pub fn parse_phone(text: &str) -> Option<String> {
    if !text.chars().all(|c| c.is_ascii_digit() || " -().+".contains(c)) {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let digits = match digits.len() {
        11 if digits.starts_with('1') => &digits[1..],
        10 => &digits[..],
        _ => return None,
    };
    let b = digits.as_bytes();
    // Area code and exchange never start with 0 or 1.
    (b[0] >= b'2' && b[3] >= b'2').then(|| format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..]))
}

/// A Canadian postal code (`h2x1y4`, `H2X 1Y4`) as `H2X 1Y4`.
pub fn parse_postal_code(text: &str) -> Option<String> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect();
    let b = compact.as_bytes();
    let letter = |c: u8| c.is_ascii_uppercase() && !b"DFIOQU".contains(&c);
    let ok = b.len() == 6
        && letter(b[0])
        && !b"WZ".contains(&b[0])
        && b[1].is_ascii_digit()
        && letter(b[2])
        && b[3].is_ascii_digit()
        && letter(b[4])
        && b[5].is_ascii_digit();
    ok.then(|| format!("{} {}", &compact[..3], &compact[3..]))
}

/// A whole number written plainly (`-12`, `340`), at most 15 digits.
pub fn parse_whole_number(text: &str) -> Option<i64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let plain = !digits.is_empty() && digits.len() <= 15 && digits.bytes().all(|b| b.is_ascii_digit());
    plain.then(|| text.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            parse_email("emilie.b@Exemple.QC.ca").as_deref(),
            Some("emilie.b@exemple.qc.ca")
        );
        for bad in [
            "emilie",
            "emilie@",
            "@exemple.ca",
            "e milie@exemple.ca",
            "emilie@exemple",
            "a@b@c.ca",
            "emilie@exemple.c",
        ] {
            assert_eq!(parse_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn north_american_phones() {
        for good in [
            "514 555-0123",
            "(514) 555-0123",
            "+1 514 555 0123",
            "15145550123",
            "514.555.0123",
        ] {
            assert_eq!(parse_phone(good).as_deref(), Some("514-555-0123"), "{good}");
        }
        for bad in [
            "555-0123",
            "014 555 0123",
            "514 155 0123",
            "+33 1 23 45 67 89",
            "514-555-O123",
            "25145550123",
        ] {
            assert_eq!(parse_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn canadian_postal_codes() {
        assert_eq!(parse_postal_code("h2x1y4").as_deref(), Some("H2X 1Y4"));
        assert_eq!(parse_postal_code("G1R 4S9").as_deref(), Some("G1R 4S9"));
        for bad in ["H2X 1Y", "12X 1Y4", "D2X 1Y4", "W2X 1Y4", "H2O 1Y4", "H2X-1Y4", "90210"] {
            assert_eq!(parse_postal_code(bad), None, "{bad}");
        }
    }

    #[test]
    fn whole_numbers_are_plain() {
        assert_eq!(parse_whole_number("-12"), Some(-12));
        assert_eq!(parse_whole_number("1e3"), None);
        assert_eq!(parse_whole_number(&"9".repeat(16)), None);
    }
}
