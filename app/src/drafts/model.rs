//! The draft as it travels between the server and the browser, and the outcome of a save.

use crate::forms::RawAnswers;
use crate::locale::Bilingual;
use serde::{Deserialize, Serialize};

/// A draft: the answers so far, the step reached, and the revision the server holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub service_id: String,
    /// The manifest version the draft was started on; it keeps it.
    pub service_version: u32,
    pub answers: RawAnswers,
    pub step: usize,
    /// Goes up by one with every save the server accepts.
    pub revision: i64,
    /// When the server last stored it (RFC 3339).
    pub updated_at: String,
    /// When the citizen last typed in it, by their device's clock (RFC 3339).
    pub edited_at: String,
    /// When it will be deleted if not saved again (RFC 3339).
    pub expires_at: String,
}

/// A line of "Mes démarches": which service, how far, when saved, until when kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DraftSummary {
    pub service_id: String,
    pub title: Bilingual,
    /// The step reached (from 0) and the number of steps.
    pub step: usize,
    pub steps: usize,
    pub updated_at: String,
    pub expires_at: String,
}

/// What a save did. Two devices editing one draft never lose data silently: the newer edit
/// wins, and the other version comes back so the citizen can restore it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SaveOutcome {
    /// Stored as the next revision.
    Saved {
        revision: i64,
        updated_at: String,
        expires_at: String,
    },
    /// The server had a revision this device had not seen, older than this edit: this edit
    /// was stored, and `replaced` is the version it replaced.
    Replaced {
        revision: i64,
        updated_at: String,
        expires_at: String,
        replaced: Draft,
    },
    /// The server had a newer edit from another device: nothing was stored, and `newer` is
    /// what the server holds.
    Newer { newer: Draft },
}
