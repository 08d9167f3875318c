//! The Quebec health insurance number (NAM): four letters, then eight digits. The digits carry
//! the birth date: year (two digits), month (plus 50 for women) and day, then two
//! administrative digits. That is all the format lets anyone check without RAMQ's register.

use time::Date;

/// A health insurance number whose shape and embedded date are valid, kept as `ABCD12345678`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthInsuranceNumber(String);

/// Sex as the NAM encodes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Female,
    Male,
}

/// Why a NAM is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamProblem {
    /// Not four letters and eight digits, or no real day in it.
    Malformed,
    /// Its date is not the birth date given in the form.
    BirthDateMismatch,
    /// Its month says the other sex than the one given in the form.
    SexMismatch,
}

impl HealthInsuranceNumber {
    /// Reads a NAM as people type it (`bouc 8505 1512`, lower case, spaces).
    pub fn parse(text: &str) -> Result<HealthInsuranceNumber, NamProblem> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        let bytes = compact.as_bytes();
        let shape = bytes.len() == 12
            && bytes[..4].iter().all(u8::is_ascii_uppercase)
            && bytes[4..].iter().all(u8::is_ascii_digit);
        if !shape {
            return Err(NamProblem::Malformed);
        }
        let nam = HealthInsuranceNumber(compact);
        let (_, month, day) = nam.date_parts();
        let month = month % 50;
        // The century is not encoded: a day is valid if it exists in some year (29 February).
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 => 29,
            _ => return Err(NamProblem::Malformed),
        };
        let month_ok = matches!(nam.date_parts().1, 1..=12 | 51..=62);
        if !month_ok || day == 0 || day > days {
            return Err(NamProblem::Malformed);
        }
        Ok(nam)
    }

    /// Year (two digits), month as encoded (plus 50 for women), day.
    fn date_parts(&self) -> (u8, u8, u8) {
        let digit = |i: usize| self.0.as_bytes()[i] - b'0';
        (
            digit(4) * 10 + digit(5),
            digit(6) * 10 + digit(7),
            digit(8) * 10 + digit(9),
        )
    }

    /// The sex the number encodes.
    pub fn sex(&self) -> Sex {
        if self.date_parts().1 > 50 {
            Sex::Female
        } else {
            Sex::Male
        }
    }

    /// Whether the number's date is this birth date.
    pub fn matches_birth_date(&self, birth: Date) -> bool {
        let (year, month, day) = self.date_parts();
        i32::from(year) == birth.year().rem_euclid(100) && month % 50 == u8::from(birth.month()) && day == birth.day()
    }

    /// The number as stored: `ABCD12345678`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_well_formed_number_reads_with_spaces_and_lower_case() {
        let nam = HealthInsuranceNumber::parse("bouE 8555 1512").unwrap();
        assert_eq!(nam.as_str(), "BOUE85551512");
        assert_eq!(nam.sex(), Sex::Female);
        assert!(nam.matches_birth_date(date!(1985 - 05 - 15)));
        assert!(!nam.matches_birth_date(date!(1985 - 05 - 16)));
        assert!(!nam.matches_birth_date(date!(1986 - 05 - 15)));
        assert_eq!(HealthInsuranceNumber::parse("ROYS 9012 0301").unwrap().sex(), Sex::Male);
    }

    #[test]
    fn shape_errors_are_malformed() {
        for bad in [
            "",
            "BOUE8505151",
            "BOUE850515123",
            "BOU185051512",
            "BOUE85O51512",
            "ÉOUE85051512",
        ] {
            assert_eq!(HealthInsuranceNumber::parse(bad), Err(NamProblem::Malformed), "{bad}");
        }
    }

    #[test]
    fn impossible_dates_are_malformed() {
        for bad in [
            "BOUE85001512",
            "BOUE85131512",
            "BOUE85501512",
            "BOUE85631512",
            "BOUE85023012",
            "BOUE85043112",
            "BOUE85050012",
        ] {
            assert_eq!(HealthInsuranceNumber::parse(bad), Err(NamProblem::Malformed), "{bad}");
        }
        // 29 February exists in some years, and the century is not encoded.
        assert!(HealthInsuranceNumber::parse("BOUE01522912").is_ok());
    }
}
