//! Open problem reports and ideas like the one being typed, found by the words of their titles
//! (accents and case aside, short and common words left out). Only those an administrator has
//! already moved on from "received" are shown to other people: a title nobody has read yet
//! could say something its sender would not show.

use super::{Similar, refused};
use crate::error::AppError;
use crate::feedback::db;
use crate::feedback::model::{FeedbackKind, status_label};
use crate::i18n::Locale;
use std::collections::BTreeSet;

/// The most suggestions shown, and the most recent candidates looked at.
const SHOWN: usize = 5;
const LOOKED_AT: i64 = 500;
/// The longest title looked for.
const TITLE_MAX: usize = 200;

/// Words that say nothing of what a title is about.
const COMMON: [&str; 16] = [
    "dans", "pour", "avec", "sans", "mais", "plus", "page", "quand", "that", "with", "this", "from", "when", "have",
    "portail", "portal",
];

/// A title's words that can match: four letters or more, lower case, without accents.
fn words(title: &str) -> BTreeSet<String> {
    let folded: String = title
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded
        .split_whitespace()
        .filter(|word| word.chars().count() >= 4 && !COMMON.contains(word))
        .map(str::to_owned)
        .collect()
}

/// The candidates that share most words with `title`, best first (newest first among equals).
fn best<'a>(
    title: &str,
    candidates: &'a [(String, crate::feedback::model::FeedbackStatus)],
) -> Vec<&'a (String, crate::feedback::model::FeedbackStatus)> {
    let wanted = words(title);
    let mut scored: Vec<(usize, usize, &(String, _))> = candidates
        .iter()
        .enumerate()
        .map(|(order, candidate)| (words(&candidate.0).intersection(&wanted).count(), order, candidate))
        .filter(|(shared, _, _)| *shared > 0)
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .into_iter()
        .take(SHOWN)
        .map(|(_, _, candidate)| candidate)
        .collect()
}

pub async fn similar(title: String, kind: String, language: String) -> Result<Vec<Similar>, AppError> {
    let kind = FeedbackKind::parse(&kind).ok_or_else(|| refused("kind", "unknown"))?;
    if title.chars().count() > TITLE_MAX {
        return Err(refused("title", "too_long"));
    }
    let locale = if language == "en" { Locale::en } else { Locale::fr };
    let portal = crate::api::portal()?;
    let mut conn = portal.db.pool().acquire().await?;
    let candidates = db::reviewed_open(&mut conn, kind, LOOKED_AT).await?;
    Ok(best(&title, &candidates)
        .into_iter()
        .map(|(title, status)| Similar {
            title: title.clone(),
            status: status_label(*status, kind).get(locale).to_owned(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feedback::model::FeedbackStatus::{Planned, UnderReview};

    #[test]
    fn titles_match_by_their_words_whatever_their_accents_and_case() {
        assert_eq!(
            words("Le bouton « Continuer » ne RÉPOND pas dans la page"),
            ["bouton", "continuer", "repond"].map(str::to_owned).into()
        );
        let candidates = vec![
            ("Bouton Continuer bloqué".to_owned(), UnderReview),
            ("Texte coupé sur mobile".to_owned(), Planned),
            ("Le bouton répond mal".to_owned(), Planned),
        ];
        let found: Vec<&str> = best("bouton continuer ne répond plus", &candidates)
            .iter()
            .map(|c| c.0.as_str())
            .collect();
        assert_eq!(found, ["Bouton Continuer bloqué", "Le bouton répond mal"]);
        assert!(
            best("une page pour le portail", &candidates).is_empty(),
            "common words match nothing"
        );
    }
}
