//! The draft as it travels between the server and the browser, and the outcome of a save.

use crate::forms::RawAnswers;
use crate::ids::ServiceId;
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// A draft: the answers so far, the step reached, and the revision the server holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub service_id: ServiceId,
    /// The manifest version the draft was started on; it keeps it.
    pub service_version: u32,
    pub answers: RawAnswers,
    pub step: usize,
    /// Goes up by one with every save the server accepts.
    pub revision: i64,
    /// When the server last stored it.
    pub updated_at: Moment,
    /// When the citizen last typed in it, by their device's clock.
    pub edited_at: Moment,
    /// When it will be deleted if not saved again.
    pub expires_at: Moment,
}

/// The revision of a draft that is not saved yet: a form opened for the first time shows one,
/// and its first save creates it (opening a form changes nothing).
pub const UNSAVED: i64 = 0;

/// The "last typed" time of a draft nobody typed in yet: anything a device kept is newer.
pub const NEVER_EDITED: &str = "1970-01-01T00:00:00.000000Z";

impl Draft {
    /// Whether the server holds this draft (it was saved at least once).
    pub fn is_saved(&self) -> bool {
        self.revision != UNSAVED
    }
}

/// A line of "Mes démarches": which service, how far, when saved, until when kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub service_id: ServiceId,
    pub title: Bilingual,
    /// The step reached (from 0) and the number of steps.
    pub step: usize,
    pub steps: usize,
    pub updated_at: Moment,
    pub expires_at: Moment,
}

/// What a save did. Two devices editing one draft never lose data silently: the newer edit
/// wins, and the other version comes back so the citizen can restore it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    /// Stored as the next revision.
    Saved {
        revision: i64,
        updated_at: Moment,
        expires_at: Moment,
    },
    /// The server had a revision this device had not seen, older than this edit: this edit
    /// was stored, and `replaced` is the version it replaced.
    Replaced {
        revision: i64,
        updated_at: Moment,
        expires_at: Moment,
        replaced: Draft,
    },
    /// The server had a newer edit from another device: nothing was stored, and `newer` is
    /// what the server holds.
    Newer { newer: Draft },
}

/// The conflict rule: what a save from a device does to the draft the server holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// The device saw the stored revision: its edit is the next one.
    Next,
    /// The device had not seen the stored revision (another device saved meanwhile), but its
    /// edit is later: it is stored, and the device is shown what it replaced.
    ReplacesUnseen,
    /// The stored revision holds a later edit (or one made at the same moment) from another
    /// device: nothing is stored, and the device is shown the stored one.
    KeepStored,
}

impl Draft {
    /// Applies the conflict rule to a save based on `base_revision`, typed at `edited_at`
    /// (fixed-width RFC 3339, so text order is time order), against this stored draft. The
    /// last edit wins, by when it was typed, not by when it reached the server.
    pub fn resolve(&self, base_revision: i64, edited_at: &Moment) -> Resolution {
        if base_revision == self.revision {
            Resolution::Next
        } else if *edited_at > self.edited_at {
            Resolution::ReplacesUnseen
        } else {
            Resolution::KeepStored
        }
    }
}

/// The hidden parts of a step's form, which come first, before the answers (a plain form post,
/// when no script runs). Answers' names are field ids, which never start with `_`.
pub const SERVICE_PART: &str = "_service";
pub const STEP_PART: &str = "_step";
pub const REVISION_PART: &str = "_revision";

/// What the form page says when a step sent without script comes back: the step moved, or the
/// answers showed more questions on the same step (without the script, they appear only once
/// the step is sent).
pub const DONE_STEP: &str = "step";
pub const DONE_REVEALED: &str = "revealed";
/// The citizen asked to delete the draft: the page asks to confirm.
pub const DONE_DELETE: &str = "delete";

/// The button of the wizard a plain form post was sent with (the `_go` part), when no script
/// runs. With the script, the same buttons act in the browser and nothing is posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Go {
    /// Check the step and go on to the next one (or to the review).
    Next,
    /// Keep the step's answers and go back one step.
    Back,
    /// From the review: change the answers of a step.
    Change(usize),
    /// Remove the file attached to a file field of the step.
    Remove(String),
    /// Keep the step's answers and ask to confirm deleting the draft.
    Delete,
}

impl Go {
    /// The name of the part that carries it.
    pub const PART: &'static str = "_go";

    /// The value of its button.
    pub fn value(&self) -> String {
        match self {
            Go::Next => "next".to_owned(),
            Go::Back => "back".to_owned(),
            Go::Change(step) => format!("change-{step}"),
            Go::Remove(field) => format!("remove-{field}"),
            Go::Delete => "delete".to_owned(),
        }
    }

    pub fn parse(value: &str) -> Option<Go> {
        match value {
            "next" => Some(Go::Next),
            "back" => Some(Go::Back),
            "delete" => Some(Go::Delete),
            _ => {
                if let Some(step) = value.strip_prefix("change-") {
                    return step.parse().ok().map(Go::Change);
                }
                value
                    .strip_prefix("remove-")
                    .filter(|field| !field.is_empty())
                    .map(|field| Go::Remove(field.to_owned()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Draft, Go, Resolution};
    use crate::moment::Moment;

    fn stored(revision: i64, edited_at: &str) -> Draft {
        Draft {
            service_id: "plaintes".into(),
            service_version: 1,
            answers: Default::default(),
            step: 0,
            revision,
            updated_at: Moment::from_text(edited_at),
            edited_at: Moment::from_text(edited_at),
            expires_at: Moment::from_text("2027-03-01T00:00:00.000000Z"),
        }
    }

    #[test]
    fn the_last_edit_wins_by_when_it_was_typed() {
        let on_server = stored(3, "2026-12-04T10:00:00.000000Z");
        // The device saw revision 3: whatever its clock says, its edit follows.
        assert_eq!(
            on_server.resolve(3, &Moment::from_text("2026-12-04T09:00:00.000000Z")),
            Resolution::Next
        );
        assert_eq!(
            on_server.resolve(3, &Moment::from_text("2026-12-04T11:00:00.000000Z")),
            Resolution::Next
        );
        // It saw an older revision: a later edit replaces what it had not seen...
        assert_eq!(
            on_server.resolve(2, &Moment::from_text("2026-12-04T10:00:00.000001Z")),
            Resolution::ReplacesUnseen
        );
        // ...an earlier one, or one typed at the same moment, leaves the stored draft alone.
        assert_eq!(
            on_server.resolve(2, &Moment::from_text("2026-12-04T09:59:59.999999Z")),
            Resolution::KeepStored
        );
        assert_eq!(
            on_server.resolve(2, &Moment::from_text("2026-12-04T10:00:00.000000Z")),
            Resolution::KeepStored
        );
        // A revision from the future (a hostile or confused client) is not "seen".
        assert_eq!(
            on_server.resolve(9, &Moment::from_text("2026-12-04T09:00:00.000000Z")),
            Resolution::KeepStored
        );
    }

    #[test]
    fn a_button_reads_back_as_itself() {
        for go in [
            Go::Next,
            Go::Back,
            Go::Change(2),
            Go::Remove("proof".to_owned()),
            Go::Delete,
        ] {
            assert_eq!(Go::parse(&go.value()), Some(go));
        }
        for hostile in ["", "nxt", "change-", "change-x", "change--1", "remove-"] {
            assert_eq!(Go::parse(hostile), None, "{hostile}");
        }
    }
}
