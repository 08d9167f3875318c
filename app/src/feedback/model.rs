//! A problem report or an idea, where it stands, and the rules of what may follow.

use crate::ids::FeedbackId;
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// What someone sends: a problem found on the portal, or an idea to improve it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackKind {
    Problem,
    Idea,
}

impl FeedbackKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            FeedbackKind::Problem => "problem",
            FeedbackKind::Idea => "idea",
        }
    }

    pub fn parse(text: &str) -> Option<FeedbackKind> {
        [FeedbackKind::Problem, FeedbackKind::Idea]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// Where a problem report or an idea stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FeedbackStatus {
    Received,
    UnderReview,
    Planned,
    /// Fixed (a problem) or done (an idea).
    Done,
    NotRetained,
}

impl FeedbackStatus {
    pub const ALL: [FeedbackStatus; 5] = [
        FeedbackStatus::Received,
        FeedbackStatus::UnderReview,
        FeedbackStatus::Planned,
        FeedbackStatus::Done,
        FeedbackStatus::NotRetained,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            FeedbackStatus::Received => "received",
            FeedbackStatus::UnderReview => "under_review",
            FeedbackStatus::Planned => "planned",
            FeedbackStatus::Done => "done",
            FeedbackStatus::NotRetained => "not_retained",
        }
    }

    pub fn parse(text: &str) -> Option<FeedbackStatus> {
        FeedbackStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// Still being looked at: suggested to someone about to send the same thing.
    pub const fn is_open(self) -> bool {
        !matches!(self, FeedbackStatus::Done | FeedbackStatus::NotRetained)
    }
}

/// Where one stands, in both languages ("Corrigé" for a problem, "Réalisée" for an idea).
pub fn status_label(status: FeedbackStatus, kind: FeedbackKind) -> Bilingual {
    use crate::i18n::{Locale, td_string};
    let say = |locale: Locale| match (status, kind) {
        (FeedbackStatus::Received, _) => td_string!(locale, feedback.status.received),
        (FeedbackStatus::UnderReview, _) => td_string!(locale, feedback.status.under_review),
        (FeedbackStatus::Planned, _) => td_string!(locale, feedback.status.planned),
        (FeedbackStatus::Done, FeedbackKind::Problem) => td_string!(locale, feedback.status.fixed),
        (FeedbackStatus::Done, FeedbackKind::Idea) => td_string!(locale, feedback.status.done),
        (FeedbackStatus::NotRetained, _) => td_string!(locale, feedback.status.not_retained),
    };
    Bilingual {
        fr: say(Locale::fr).to_owned(),
        en: say(Locale::en).to_owned(),
    }
}

/// Whether the sender may ask to reopen it: once, and only after "fixed / done".
pub fn can_reopen(status: FeedbackStatus, reopened: bool) -> bool {
    status == FeedbackStatus::Done && !reopened
}

/// The longest title and text, in characters.
pub const TITLE_MAX: usize = 120;
pub const BODY_MAX: usize = 2000;
/// The longest answer of the ministry, per language.
pub const ANSWER_MAX: usize = 2000;

/// A problem report or an idea, as its sender follows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedbackItem {
    pub id: FeedbackId,
    pub kind: FeedbackKind,
    pub title: String,
    pub body: String,
    pub status: FeedbackStatus,
    /// The ministry's answer, in both languages.
    pub answer: Option<Bilingual>,
    pub created_at: Moment,
    pub updated_at: Moment,
    pub reopenable: bool,
}

/// A problem report or an idea as the administrators' board reads it: with what the sender
/// consented to send along, and whether a signed-in citizen sent it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoardItem {
    pub item: FeedbackItem,
    pub language: String,
    pub page: Option<String>,
    pub browser: Option<String>,
    pub signed_in: bool,
    pub reopened: bool,
    /// A screenshot is joined (a problem report only): administrators open it by its address.
    pub screenshot: bool,
    /// The report or idea this one was merged into, as a duplicate.
    pub merged_into: Option<FeedbackId>,
    /// How many people raised it: itself and the duplicates merged into it.
    pub votes: u32,
}

/// The largest screenshot a problem report may have joined.
pub const SCREENSHOT_MAX_BYTES: usize = 2 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_and_only_done_reopens_once() {
        for status in FeedbackStatus::ALL {
            assert_eq!(FeedbackStatus::parse(status.as_str()), Some(status));
            assert_eq!(can_reopen(status, false), status == FeedbackStatus::Done);
            assert!(!can_reopen(status, true));
        }
        assert_eq!(FeedbackKind::parse("idea"), Some(FeedbackKind::Idea));
        assert_eq!(FeedbackKind::parse("bug"), None);
        assert!(FeedbackStatus::Planned.is_open() && !FeedbackStatus::NotRetained.is_open());
    }
}
