//! What administrators look for in the journal: a search (every part optional, all parts must
//! match, newest first, a page at a time from a cursor) and a journey (everything about one
//! citizen or one request, in order).
//!
//! The search comes as typed in the console's form or an export's address ([`JournalQuery`],
//! plain text), and is checked once into a [`JournalFilter`]: a refused part is named, with the
//! key of its message, and nothing is searched.

use super::model::Outcome;
use crate::error::AppError;
use crate::moment::parse_day;
use serde::{Deserialize, Serialize};

/// Entries on one page of a search or a journey.
pub const PAGE_SIZE: usize = 50;
/// The longest text of any part of a search (a pseudonym, a reference, an address).
pub const PART_MAX: usize = 200;
/// The most entries one export holds; a larger view is narrowed first.
pub const EXPORT_MAX: usize = 100_000;

/// A search as typed: each part empty when not used. `before` is the cursor: the sequence
/// number under which the page starts (empty for the newest entries).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JournalQuery {
    pub citizen: String,
    pub service: String,
    pub reference: String,
    pub action: String,
    pub outcome: String,
    pub ip: String,
    /// First day, `YYYY-MM-DD`, in Québec time.
    pub from: String,
    /// Last day included, `YYYY-MM-DD`, in Québec time.
    pub until: String,
    pub before: String,
}

/// A checked search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalFilter {
    /// The citizen concerned (the entry's subject), by pseudonymous identifier.
    pub citizen: Option<String>,
    pub service: Option<String>,
    pub reference: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<Outcome>,
    pub ip: Option<String>,
    pub from: Option<time::Date>,
    pub until: Option<time::Date>,
    pub before: Option<i64>,
}

/// One page of entries and the cursor of the next, if there is more.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalPage {
    pub entries: Vec<super::AuditEntry>,
    pub next: Option<i64>,
}

/// Whose journey: one citizen's, or one request's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Journey {
    Citizen(String),
    Request(String),
}

impl JournalQuery {
    /// The query with one part changed, for links ("this citizen's entries").
    pub fn only(part: &str, value: &str) -> JournalQuery {
        let mut query = JournalQuery::default();
        match part {
            "citizen" => query.citizen = value.to_owned(),
            "service" => query.service = value.to_owned(),
            "reference" => query.reference = value.to_owned(),
            _ => {}
        }
        query
    }

    /// The query as an address's query string (without `?`), the cursor left out; empty parts
    /// are left out too.
    pub fn to_query_string(&self) -> String {
        self.parts()
            .into_iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| format!("{name}={}", crate::auth::model::encode_path(value.trim())))
            .collect::<Vec<_>>()
            .join("&")
    }

    fn parts(&self) -> [(&'static str, &str); 8] {
        [
            ("citizen", &self.citizen),
            ("service", &self.service),
            ("reference", &self.reference),
            ("action", &self.action),
            ("outcome", &self.outcome),
            ("ip", &self.ip),
            ("from", &self.from),
            ("until", &self.until),
        ]
    }

    /// Checks every part; the refusals name each part with its message's key: `too_long`,
    /// `invalid` (characters an identifier cannot hold), `unknown_outcome`, `invalid_day`,
    /// `range` (a last day before the first), `invalid_cursor`.
    pub fn check(&self) -> Result<JournalFilter, AppError> {
        let mut refused: Vec<(String, String)> = Vec::new();
        let mut refuse = |part: &str, why: &str| refused.push((part.to_owned(), why.to_owned()));
        let mut text = |part: &str, value: &str| -> Option<String> {
            let value = value.trim();
            if value.is_empty() {
                None
            } else if value.chars().count() > PART_MAX {
                refuse(part, "too_long");
                None
            } else if value.chars().any(char::is_control) {
                refuse(part, "invalid");
                None
            } else {
                Some(value.to_owned())
            }
        };
        let citizen = text("citizen", &self.citizen);
        let service = text("service", &self.service);
        let reference = text("reference", &self.reference);
        let action = text("action", &self.action);
        let ip = text("ip", &self.ip);
        let outcome = match self.outcome.trim() {
            "" => None,
            other => {
                let outcome = Outcome::parse(other);
                if outcome.is_none() {
                    refused.push(("outcome".to_owned(), "unknown_outcome".to_owned()));
                }
                outcome
            }
        };
        let mut day = |part: &str, value: &str| match value.trim() {
            "" => None,
            value => {
                let day = parse_day(value);
                if day.is_none() {
                    refused.push((part.to_owned(), "invalid_day".to_owned()));
                }
                day
            }
        };
        let (from, until) = (day("from", &self.from), day("until", &self.until));
        if let (Some(from), Some(until)) = (from, until)
            && until < from
        {
            refused.push(("until".to_owned(), "range".to_owned()));
        }
        let before = match self.before.trim() {
            "" => None,
            value => match value.parse::<i64>() {
                Ok(seq) if seq > 0 => Some(seq),
                _ => {
                    refused.push(("before".to_owned(), "invalid_cursor".to_owned()));
                    None
                }
            },
        };
        if !refused.is_empty() {
            return Err(AppError::InvalidInput { fields: refused });
        }
        Ok(JournalFilter {
            citizen,
            service,
            reference,
            action,
            outcome,
            ip,
            from,
            until,
            before,
        })
    }
}

impl JournalFilter {
    /// What the search asked for, as the journal records it (parts not used are left out).
    pub fn describe(&self) -> serde_json::Value {
        let mut parts = serde_json::Map::new();
        let mut put = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                parts.insert(name.to_owned(), serde_json::Value::String(value));
            }
        };
        put("citizen", self.citizen.clone());
        put("service", self.service.clone());
        put("reference", self.reference.clone());
        put("action", self.action.clone());
        put("outcome", self.outcome.map(|o| o.as_str().to_owned()));
        put("ip", self.ip.clone());
        put("from", self.from.map(crate::moment::day));
        put("until", self.until.map(crate::moment::day));
        serde_json::Value::Object(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn refusals(query: JournalQuery) -> Vec<(String, String)> {
        match query.check() {
            Err(AppError::InvalidInput { fields }) => fields,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn pair(part: &str, why: &str) -> (String, String) {
        (part.to_owned(), why.to_owned())
    }

    #[test]
    fn an_empty_query_searches_everything() {
        assert_eq!(JournalQuery::default().check().unwrap(), JournalFilter::default());
    }

    #[test]
    fn parts_are_trimmed_and_checked() {
        let query = JournalQuery {
            citizen: "  sub-1 ".into(),
            outcome: "denied".into(),
            from: "2026-12-01".into(),
            until: "2026-12-07".into(),
            before: "120".into(),
            ..JournalQuery::default()
        };
        let filter = query.check().unwrap();
        assert_eq!(filter.citizen.as_deref(), Some("sub-1"));
        assert_eq!(filter.outcome, Some(Outcome::Denied));
        assert_eq!(
            (filter.from, filter.until),
            (Some(date!(2026 - 12 - 01)), Some(date!(2026 - 12 - 07)))
        );
        assert_eq!(filter.before, Some(120));
    }

    #[test]
    fn each_refused_part_is_named() {
        let query = JournalQuery {
            citizen: "x".repeat(PART_MAX + 1),
            reference: "VS\u{0}1".into(),
            outcome: "ok".into(),
            from: "2026-13-01".into(),
            before: "-4".into(),
            ..JournalQuery::default()
        };
        assert_eq!(
            refusals(query),
            vec![
                pair("citizen", "too_long"),
                pair("reference", "invalid"),
                pair("outcome", "unknown_outcome"),
                pair("from", "invalid_day"),
                pair("before", "invalid_cursor"),
            ]
        );
        let backwards = JournalQuery {
            from: "2026-12-07".into(),
            until: "2026-12-01".into(),
            ..JournalQuery::default()
        };
        assert_eq!(refusals(backwards), vec![pair("until", "range")]);
    }

    #[test]
    fn the_query_string_keeps_what_was_asked_without_the_cursor() {
        let query = JournalQuery {
            citizen: "sub 1".into(),
            action: "auth.sign_in".into(),
            before: "9".into(),
            ..JournalQuery::default()
        };
        assert_eq!(query.to_query_string(), "citizen=sub%201&action=auth.sign_in");
    }
}
