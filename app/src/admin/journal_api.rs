//! Server functions of the journal's console: search, one journey, verification of the chain
//! and export of its head. Administrators only (`require_admin` refuses a citizen with 403 and
//! journals it); every reading is itself journaled, with what was asked.

use crate::audit::Head;
use crate::audit::search::{JournalPage, JournalQuery};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What a verification of the chain found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainReport {
    /// Every entry up to the head checks out (and the anchor, when one was given).
    Intact { entries: i64, anchored: Option<i64> },
    /// The first entry that fails, and why (a [`crate::audit::model::BreakReason`] as a code:
    /// `hash_mismatch`, `link_mismatch`, `gap`, `truncated`, `head_mismatch`, `anchor_mismatch`).
    Broken { seq: i64, reason: String },
}

/// The entries matching a search, newest first, a page at a time.
#[server(endpoint = "admin/journal/search")]
pub async fn search_journal(#[server(default)] query: JournalQuery) -> Result<JournalPage, AppError> {
    crate::api::answer(server::search(query).await)
}

/// Everything about one citizen (`citizen`) or one request (`reference`), oldest first, after
/// the entry `after` (empty: from the start).
#[server(endpoint = "admin/journal/journey")]
pub async fn journal_journey(citizen: String, reference: String, after: String) -> Result<JournalPage, AppError> {
    crate::api::answer(server::journey(citizen, reference, after).await)
}

/// Verifies the chain, against `anchor` (a head exported earlier, `SEQ:HASH`) when given.
#[server(endpoint = "admin/journal/verify")]
pub async fn verify_journal(anchor: String) -> Result<ChainReport, AppError> {
    crate::api::answer(server::verify(anchor).await)
}

/// The head of the chain, to keep outside the portal; journaled as exported.
#[server(endpoint = "admin/journal/head")]
pub async fn export_head() -> Result<Head, AppError> {
    crate::api::answer(server::export_head().await)
}

#[cfg(feature = "ssr")]
pub mod server {
    use super::ChainReport;
    use crate::audit::db::Verification;
    use crate::audit::model::BreakReason;
    use crate::audit::search::{JournalFilter, JournalPage, JournalQuery, Journey, PAGE_SIZE, PART_MAX};
    use crate::audit::{AuditEvent, Head, Outcome};
    use crate::auth::session::{CurrentSession, require_admin};
    use crate::error::AppError;
    use serde_json::json;

    /// Records that an administrator read the journal, with what they asked.
    pub async fn journaled(
        session: &CurrentSession,
        action: &str,
        outcome: Outcome,
        details: serde_json::Value,
    ) -> Result<(), AppError> {
        let portal = crate::api::portal()?;
        let mut tx = portal.db.begin().await?;
        let event = AuditEvent {
            details: Some(details),
            ..session.acting().event(action, outcome)
        };
        crate::audit::db::record(&mut tx, &event, portal.auth.clock.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn search(query: JournalQuery) -> Result<JournalPage, AppError> {
        let session = require_admin("audit.search").await?;
        let filter = query.check()?;
        let portal = crate::api::portal()?;
        let page = {
            let mut conn = portal.db.pool().acquire().await?;
            crate::audit::find::search(&mut conn, &filter, PAGE_SIZE).await?
        };
        journaled(&session, "audit.search", Outcome::Success, described(&filter)).await?;
        Ok(page)
    }

    /// The search as the journal records it, with the page asked for.
    pub fn described(filter: &JournalFilter) -> serde_json::Value {
        let mut details = filter.describe();
        if let Some(before) = filter.before {
            details["before"] = before.into();
        }
        details
    }

    pub async fn journey(citizen: String, reference: String, after: String) -> Result<JournalPage, AppError> {
        let session = require_admin("audit.journey").await?;
        let whose = whose(&citizen, &reference)?;
        let after = match after.trim() {
            "" => 0,
            text => text
                .parse::<i64>()
                .ok()
                .filter(|seq| *seq >= 0)
                .ok_or_else(|| AppError::InvalidInput {
                    fields: vec![("after".to_owned(), "invalid_cursor".to_owned())],
                })?,
        };
        let portal = crate::api::portal()?;
        let page = {
            let mut conn = portal.db.pool().acquire().await?;
            crate::audit::find::journey(&mut conn, &whose, after, PAGE_SIZE).await?
        };
        let details = match &whose {
            Journey::Citizen(citizen) => json!({ "citizen": citizen, "after": after }),
            Journey::Request(reference) => json!({ "reference": reference, "after": after }),
        };
        journaled(&session, "audit.journey", Outcome::Success, details).await?;
        Ok(page)
    }

    /// One citizen's journey or one request's: exactly one of the two, as a search part.
    fn whose(citizen: &str, reference: &str) -> Result<Journey, AppError> {
        let refuse = |part: &str, why: &str| AppError::InvalidInput {
            fields: vec![(part.to_owned(), why.to_owned())],
        };
        let (citizen, reference) = (citizen.trim(), reference.trim());
        for (part, value) in [("citizen", citizen), ("reference", reference)] {
            if value.chars().count() > PART_MAX {
                return Err(refuse(part, "too_long"));
            }
            if value.chars().any(char::is_control) {
                return Err(refuse(part, "invalid"));
            }
        }
        match (citizen, reference) {
            ("", "") => Err(refuse("citizen", "required")),
            (citizen, "") => Ok(Journey::Citizen(citizen.to_owned())),
            ("", reference) => Ok(Journey::Request(reference.to_owned())),
            _ => Err(refuse("reference", "one_journey")),
        }
    }

    pub async fn verify(anchor: String) -> Result<ChainReport, AppError> {
        let session = require_admin("audit.verify").await?;
        let anchor = match anchor.trim() {
            "" => None,
            text => Some(Head::parse(text).ok_or_else(|| AppError::InvalidInput {
                fields: vec![("anchor".to_owned(), "invalid_anchor".to_owned())],
            })?),
        };
        let portal = crate::api::portal()?;
        let report = match crate::audit::db::verify(&portal.db, anchor.as_ref()).await? {
            Verification::Intact { entries } => ChainReport::Intact {
                entries,
                anchored: anchor.as_ref().map(|a| a.seq),
            },
            Verification::Broken(broken) => ChainReport::Broken {
                seq: broken.seq,
                reason: reason_code(&broken.reason).to_owned(),
            },
        };
        let (outcome, details) = match &report {
            ChainReport::Intact { entries, .. } => (Outcome::Success, json!({ "entries": entries })),
            ChainReport::Broken { seq, reason } => (Outcome::Failure, json!({ "broken_at": seq, "reason": reason })),
        };
        let mut details = details;
        if let Some(anchor) = &anchor {
            details["anchor"] = anchor.to_string().into();
        }
        journaled(&session, "audit.verify", outcome, details).await?;
        if matches!(report, ChainReport::Broken { .. }) {
            tracing::error!("audit journal chain broken: {report:?}");
        }
        Ok(report)
    }

    pub fn reason_code(reason: &BreakReason) -> &'static str {
        match reason {
            BreakReason::HashMismatch => "hash_mismatch",
            BreakReason::LinkMismatch => "link_mismatch",
            BreakReason::Gap { .. } => "gap",
            BreakReason::Truncated => "truncated",
            BreakReason::HeadMismatch => "head_mismatch",
            BreakReason::AnchorMismatch => "anchor_mismatch",
        }
    }

    pub async fn export_head() -> Result<Head, AppError> {
        let session = require_admin("audit.head_exported").await?;
        let portal = crate::api::portal()?;
        let mut tx = portal.db.begin().await?;
        let head = crate::audit::db::head(&mut tx).await?;
        let event = AuditEvent {
            target: Some(head.to_string()),
            ..session.acting().event("audit.head_exported", Outcome::Success)
        };
        crate::audit::db::record(&mut tx, &event, portal.auth.clock.now()).await?;
        tx.commit().await?;
        Ok(head)
    }
}
