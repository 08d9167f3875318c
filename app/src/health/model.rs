//! A health information page: what an administrator types (every field as text, kept as a
//! draft whatever it holds), its checks, and the page as it is published.

use crate::catalogue::model::Category;
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// The longest title, summary and text (characters) in one language.
pub const TITLE_MAX: usize = 120;
pub const SUMMARY_MAX: usize = 300;
pub const BODY_MAX: usize = 20_000;

/// The form as an administrator typed it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthPageFields {
    pub id: String,
    pub category: String,
    pub title_fr: String,
    pub title_en: String,
    pub summary_fr: String,
    pub summary_en: String,
    pub body_fr: String,
    pub body_en: String,
    /// `YYYY-MM-DD`.
    pub reviewed_on: String,
}

/// A page's content, checked: what is published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthPageContent {
    pub id: String,
    pub category: Category,
    pub title: Bilingual,
    pub summary: Bilingual,
    /// Markdown.
    pub body: Bilingual,
    pub reviewed_on: String,
}

/// A page on show, as a citizen reads it: its text already made into safe HTML.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthPageView {
    pub id: String,
    pub category: Category,
    pub title: Bilingual,
    pub summary: Bilingual,
    pub html: Bilingual,
    pub reviewed_on: String,
    pub published_at: Moment,
    pub updated_at: Moment,
}

/// What is wrong with one field: its name in the form and why (`required`, `too_long`,
/// `invalid`, `date`, `future`).
pub type FieldRefusal = (String, String);

impl HealthPageFields {
    /// The content, or every field that stands in the way. `today` bounds the review date.
    pub fn check(&self, today: time::Date) -> Result<HealthPageContent, Vec<FieldRefusal>> {
        let mut refused: Vec<FieldRefusal> = Vec::new();
        let mut refuse = |field: &str, why: &str| refused.push((field.to_owned(), why.to_owned()));
        let id = self.id.trim();
        if id.is_empty() {
            refuse("id", "required");
        } else if !crate::catalogue::model::is_valid_id(id) {
            refuse("id", "invalid");
        }
        let category = Category::parse(self.category.trim());
        if category.is_none() {
            refuse("category", "invalid");
        }
        let texts = [
            ("title_fr", &self.title_fr, TITLE_MAX),
            ("title_en", &self.title_en, TITLE_MAX),
            ("summary_fr", &self.summary_fr, SUMMARY_MAX),
            ("summary_en", &self.summary_en, SUMMARY_MAX),
            ("body_fr", &self.body_fr, BODY_MAX),
            ("body_en", &self.body_en, BODY_MAX),
        ];
        for (field, text, max) in texts {
            if text.trim().is_empty() {
                refuse(field, "required");
            } else if text.chars().count() > max {
                refuse(field, "too_long");
            } else if !field.starts_with("body") && text.chars().any(char::is_control) {
                refuse(field, "invalid");
            }
        }
        match crate::moment::parse_day(self.reviewed_on.trim()) {
            None => refuse("reviewed_on", "date"),
            Some(day) if day > today => refuse("reviewed_on", "future"),
            Some(_) => {}
        }
        match (refused.is_empty(), category) {
            (true, Some(category)) => Ok(HealthPageContent {
                id: id.to_owned(),
                category,
                title: bilingual(&self.title_fr, &self.title_en),
                summary: bilingual(&self.summary_fr, &self.summary_en),
                body: Bilingual {
                    fr: self.body_fr.clone(),
                    en: self.body_en.clone(),
                },
                reviewed_on: self.reviewed_on.trim().to_owned(),
            }),
            _ => Err(refused),
        }
    }
}

fn bilingual(fr: &str, en: &str) -> Bilingual {
    Bilingual {
        fr: fr.trim().to_owned(),
        en: en.trim().to_owned(),
    }
}

impl HealthPageContent {
    /// The form holding this content, to edit it.
    pub fn fields(&self) -> HealthPageFields {
        HealthPageFields {
            id: self.id.clone(),
            category: self.category.as_str().to_owned(),
            title_fr: self.title.fr.clone(),
            title_en: self.title.en.clone(),
            summary_fr: self.summary.fr.clone(),
            summary_en: self.summary.en.clone(),
            body_fr: self.body.fr.clone(),
            body_en: self.body.en.clone(),
            reviewed_on: self.reviewed_on.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn complete() -> HealthPageFields {
        HealthPageFields {
            id: "grippe-saisonniere".into(),
            category: "prevention".into(),
            title_fr: "La grippe saisonnière".into(),
            title_en: "Seasonal flu".into(),
            summary_fr: "Se protéger de la grippe.".into(),
            summary_en: "Protecting yourself from the flu.".into(),
            body_fr: "# Symptômes\n\nFièvre, toux.".into(),
            body_en: "# Symptoms\n\nFever, cough.".into(),
            reviewed_on: "2026-12-01".into(),
        }
    }

    #[test]
    fn a_complete_page_is_its_content_and_back() {
        let content = complete().check(date!(2026 - 12 - 07)).unwrap();
        assert_eq!(content.category, Category::Prevention);
        assert_eq!(content.title.en, "Seasonal flu");
        assert_eq!(content.fields(), complete());
    }

    #[test]
    fn every_field_in_the_way_is_named() {
        let fields = HealthPageFields {
            id: "Grippe saisonnière".into(),
            category: "astrologie".into(),
            title_en: " ".into(),
            summary_fr: "x".repeat(SUMMARY_MAX + 1),
            title_fr: "Titre\u{7}".into(),
            reviewed_on: "2026-12-08".into(),
            ..complete()
        };
        let refused = fields.check(date!(2026 - 12 - 07)).unwrap_err();
        let named: Vec<(&str, &str)> = refused.iter().map(|(f, w)| (f.as_str(), w.as_str())).collect();
        assert_eq!(
            named,
            [
                ("id", "invalid"),
                ("category", "invalid"),
                ("title_fr", "invalid"),
                ("title_en", "required"),
                ("summary_fr", "too_long"),
                ("reviewed_on", "future"),
            ]
        );
        let refused = HealthPageFields::default().check(date!(2026 - 12 - 07)).unwrap_err();
        assert_eq!(refused.len(), 9, "{refused:?}");
        assert!(refused.contains(&("reviewed_on".into(), "date".into())));
    }
}
