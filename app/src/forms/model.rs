//! A service's form, as its team declares it in the manifest: steps of fields, each field of one
//! kind with its constraints, and the rule that shows it. The same types are read by the server
//! (manifest check, authoritative validation) and by the browser (rendering, instant errors).

use crate::locale::Bilingual;
use crate::moment::{day, parse_day};
use serde::{Deserialize, Serialize};
use time::Date;

/// The most a form may hold, so that one manifest cannot make pages or answers unbounded.
pub const MAX_STEPS: usize = 20;
/// See [`MAX_STEPS`].
pub const MAX_FIELDS: usize = 150;
/// The most choices a single or multiple choice may offer.
pub const MAX_OPTIONS: usize = 100;
/// The longest a short text may be when the manifest says nothing.
pub const SHORT_TEXT_MAX: u32 = 200;
/// The longest a long text may be when the manifest says nothing, and the most any text may be.
pub const LONG_TEXT_MAX: u32 = 5000;
/// The largest file a form may accept.
pub const FILE_MAX_BYTES: u64 = 10 * 1024 * 1024;

/// A form: the steps of the wizard, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormDefinition {
    pub steps: Vec<Step>,
}

/// One page of the wizard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub id: String,
    #[serde(default)]
    pub title: Bilingual,
    pub fields: Vec<Field>,
}

/// One question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Unique within the form; the key of the answer.
    pub id: String,
    #[serde(default)]
    pub label: Bilingual,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<Bilingual>,
    #[serde(default)]
    pub required: bool,
    #[serde(flatten)]
    pub kind: FieldKind,
    /// Shown only when another field has a value (or one of some values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visible_when: Option<Condition>,
    /// Filled in from the person's identity when the draft starts; they can correct it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefill: Option<Claim>,
}

/// What kind of answer a field takes, with the constraints of that kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum FieldKind {
    ShortText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    LongText {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_length: Option<u32>,
    },
    Email,
    /// A North American phone number (10 digits, optional +1).
    Phone,
    Date {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<DateLimit>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<DateLimit>,
    },
    WholeNumber {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<i64>,
    },
    YesNo,
    SingleChoice {
        options: Vec<Choice>,
    },
    MultipleChoice {
        options: Vec<Choice>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
    },
    PostalCode,
    /// Quebec health insurance number (NAM), checked against the birth date and sex answers
    /// when the form names the fields that hold them.
    HealthInsuranceNumber {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        birth_date_field: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sex_field: Option<String>,
    },
    /// A box the person must tick to go on (the label says what they agree to).
    Consent,
    File {
        /// Allowed media types, e.g. `application/pdf`, `image/jpeg`.
        accept: Vec<String>,
        max_bytes: u64,
    },
}

impl FieldKind {
    /// The longest text this kind accepts.
    pub fn max_length(&self) -> u32 {
        match self {
            FieldKind::ShortText { max_length } => max_length.unwrap_or(SHORT_TEXT_MAX).min(LONG_TEXT_MAX),
            FieldKind::LongText { max_length } => max_length.unwrap_or(LONG_TEXT_MAX).min(LONG_TEXT_MAX),
            FieldKind::Email => 254,
            _ => SHORT_TEXT_MAX,
        }
    }

    /// The choices offered, for single and multiple choice.
    pub fn options(&self) -> &[Choice] {
        match self {
            FieldKind::SingleChoice { options } | FieldKind::MultipleChoice { options, .. } => options,
            _ => &[],
        }
    }
}

/// One choice of a single or multiple choice field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    #[serde(default)]
    pub label: Bilingual,
}

/// When a field is shown: when `field` has a value, or, if `one_of` is given, one of those
/// values (for a multiple choice: when one of them is ticked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub field: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<String>,
}

/// Identity claims a field may be prefilled from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Claim {
    FullName,
    Email,
    BirthDate,
}

/// A bound of a date field: a fixed date, or the day the answer is given (`"today"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum DateLimit {
    Today,
    On(Date),
}

impl DateLimit {
    /// The date this limit means on `today`.
    pub fn on(self, today: Date) -> Date {
        match self {
            DateLimit::Today => today,
            DateLimit::On(date) => date,
        }
    }
}

impl TryFrom<String> for DateLimit {
    type Error = String;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        if text == "today" {
            return Ok(DateLimit::Today);
        }
        parse_day(&text)
            .map(DateLimit::On)
            .ok_or_else(|| format!("`{text}` is neither \"today\" nor a date YYYY-MM-DD"))
    }
}

impl From<DateLimit> for String {
    fn from(limit: DateLimit) -> String {
        match limit {
            DateLimit::Today => "today".to_owned(),
            DateLimit::On(date) => day(date),
        }
    }
}

impl FormDefinition {
    /// Every field with the index of its step.
    pub fn fields(&self) -> impl Iterator<Item = (usize, &Field)> {
        self.steps
            .iter()
            .enumerate()
            .flat_map(|(index, step)| step.fields.iter().map(move |field| (index, field)))
    }

    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields().map(|(_, field)| field).find(|field| field.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_reads_from_the_json_a_service_team_writes() {
        let field: Field = serde_json::from_str(
            r#"{"id": "birth", "type": "date", "label": {"fr": "Date de naissance", "en": "Birth date"},
                "required": true, "max": "today", "min": "1900-01-01", "prefill": "birth_date"}"#,
        )
        .unwrap();
        assert_eq!(
            field.kind,
            FieldKind::Date {
                min: Some(DateLimit::On(time::macros::date!(1900 - 01 - 01))),
                max: Some(DateLimit::Today)
            }
        );
        assert_eq!(field.prefill, Some(Claim::BirthDate));
        let back = serde_json::to_value(&field).unwrap();
        assert_eq!(back["max"], "today");
        assert_eq!(back["type"], "date");
    }

    #[test]
    fn a_date_limit_is_today_or_an_iso_date() {
        assert!(DateLimit::try_from("tomorrow".to_owned()).is_err());
        assert!(DateLimit::try_from("2026-02-30".to_owned()).is_err());
        for wrong in [
            "2026-2-28",
            "2026-02-28T00",
            "+026-02-28",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-0é-1",
            "",
        ] {
            assert_eq!(parse_day(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn text_limits_never_exceed_the_portal_ceiling() {
        assert_eq!(FieldKind::ShortText { max_length: None }.max_length(), SHORT_TEXT_MAX);
        assert_eq!(
            FieldKind::LongText {
                max_length: Some(1_000_000)
            }
            .max_length(),
            LONG_TEXT_MAX
        );
    }
}
