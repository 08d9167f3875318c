//! Journal entries and the hash chain that links them.
//!
//! Each entry's hash is SHA-256 over its canonical JSON (fields in a fixed order) including the
//! previous entry's hash, so editing, removing or reordering any entry breaks every hash after
//! it. [`verify_chain`] finds the first entry where that happens.

use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// The hash before the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// How an action ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Success,
    Failure,
    /// Refused by an authorization rule.
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Denied => "denied",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        match text {
            "success" => Some(Outcome::Success),
            "failure" => Some(Outcome::Failure),
            "denied" => Some(Outcome::Denied),
            _ => None,
        }
    }
}

/// An event to record: who did what to what, how it ended, and where the request came from.
/// Never put health data or secrets in any field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    /// Who acted: a pseudonymous citizen id, a service id, or `system`.
    pub actor: String,
    /// The citizen the action concerned: the actor themself, or the person they acted for
    /// (delegated access); `None` when no citizen is concerned.
    pub subject: Option<String>,
    /// Dotted action name, e.g. `auth.sign_in`.
    pub action: String,
    pub target: Option<String>,
    pub outcome: Outcome,
    /// The service the action concerned, when there is one.
    pub service_id: Option<String>,
    /// The request the action concerned, by its reference, when there is one.
    pub reference: Option<String>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    /// A JSON object with extra facts (user agent, reason of a failure…).
    pub details: Option<serde_json::Value>,
}

impl AuditEvent {
    /// The event, about a request of a service (found by either in the journal).
    pub fn about_request(self, service: &str, reference: &str) -> AuditEvent {
        AuditEvent {
            reference: Some(reference.to_owned()),
            ..self.about_service(service)
        }
    }

    /// The event, about a service.
    pub fn about_service(self, service: &str) -> AuditEvent {
        AuditEvent {
            service_id: Some(service.to_owned()),
            ..self
        }
    }

    /// The event, concerning a citizen (when the actor is a service, the portal or the citizen
    /// themself outside a signed-in call).
    pub fn concerning(self, citizen: &str) -> AuditEvent {
        AuditEvent {
            subject: Some(citizen.to_owned()),
            ..self
        }
    }

    /// An event with only the required fields; add the others with struct update syntax.
    pub fn new(actor: impl Into<String>, action: impl Into<String>, outcome: Outcome) -> AuditEvent {
        AuditEvent {
            actor: actor.into(),
            subject: None,
            action: action.into(),
            target: None,
            outcome,
            service_id: None,
            reference: None,
            request_id: None,
            ip: None,
            details: None,
        }
    }
}

/// An entry as stored: the event, its place in the chain and its time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: i64,
    pub occurred_at: Moment,
    pub actor: String,
    /// See [`AuditEvent::subject`].
    pub subject: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub outcome: String,
    /// See [`AuditEvent::service_id`].
    pub service_id: Option<String>,
    /// See [`AuditEvent::reference`].
    pub reference: Option<String>,
    pub request_id: Option<String>,
    pub ip: Option<String>,
    /// The details' JSON text exactly as stored.
    pub details: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditEntry {
    /// The hash this entry must carry: SHA-256 of its canonical form, hex-encoded.
    #[cfg(feature = "ssr")]
    pub fn compute_hash(&self) -> String {
        use sha2::{Digest, Sha256};
        // Field order is fixed by these tuples; the stored `hash` itself is not hashed. An entry
        // without a subject, service or reference hashes as entries did before those existed,
        // and one without a service or reference as entries did before those two, so older
        // chains still verify.
        let (seq, at, actor, action, target, outcome) = (
            self.seq,
            &self.occurred_at,
            &self.actor,
            &self.action,
            &self.target,
            &self.outcome,
        );
        let (request_id, ip, details, prev_hash) = (&self.request_id, &self.ip, &self.details, &self.prev_hash);
        let (service, reference) = (&self.service_id, &self.reference);
        let canonical = match (&self.subject, service.is_some() || reference.is_some()) {
            (None, false) => serde_json::to_vec(&(
                seq, at, actor, action, target, outcome, request_id, ip, details, prev_hash,
            )),
            (Some(subject), false) => serde_json::to_vec(&(
                seq, at, actor, subject, action, target, outcome, request_id, ip, details, prev_hash,
            )),
            (subject, true) => serde_json::to_vec(&(
                seq, at, actor, subject, action, target, outcome, service, reference, request_id, ip, details,
                prev_hash,
            )),
        }
        .expect("tuples of strings and integers always serialize");
        hex::encode(Sha256::digest(canonical))
    }
}

/// Where and why the chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("audit journal broken at entry #{seq}: {reason}")]
pub struct ChainBreak {
    /// The first entry that fails a check.
    pub seq: i64,
    pub reason: BreakReason,
}

/// The check an entry failed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BreakReason {
    #[error("its content does not match its hash (edited)")]
    HashMismatch,
    #[error("it does not point at the previous entry's hash (removed, inserted or reordered)")]
    LinkMismatch,
    #[error("entries are missing before it (expected #{expected})")]
    Gap { expected: i64 },
    #[error("the journal ends before the recorded head (entries removed at the end)")]
    Truncated,
    #[error("it is not the recorded head of the journal")]
    HeadMismatch,
    #[error("its hash is not the one exported earlier (the journal was rewritten up to it)")]
    AnchorMismatch,
}

/// Walks entries in `seq` order from the start of the journal, keeping what is needed to check
/// the next one, so a journal of any length is verified in pages.
#[derive(Clone, Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_owned(),
        }
    }
}

impl ChainVerifier {
    /// Checks the next entry.
    #[cfg(feature = "ssr")]
    pub fn check(&mut self, entry: &AuditEntry) -> Result<(), ChainBreak> {
        let fail = |reason| Err(ChainBreak { seq: entry.seq, reason });
        if entry.seq != self.expected_seq {
            return fail(BreakReason::Gap {
                expected: self.expected_seq,
            });
        }
        if entry.prev_hash != self.prev_hash {
            return fail(BreakReason::LinkMismatch);
        }
        if entry.compute_hash() != entry.hash {
            return fail(BreakReason::HashMismatch);
        }
        self.expected_seq += 1;
        self.prev_hash.clone_from(&entry.hash);
        Ok(())
    }

    /// Checks that the last entry seen is the recorded head (`head_seq`, `head_hash`).
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<i64, ChainBreak> {
        let last_seq = self.expected_seq - 1;
        if last_seq < head_seq {
            return Err(ChainBreak {
                seq: last_seq + 1,
                reason: BreakReason::Truncated,
            });
        }
        if last_seq > head_seq || self.prev_hash != head_hash {
            return Err(ChainBreak {
                seq: last_seq,
                reason: BreakReason::HeadMismatch,
            });
        }
        Ok(last_seq)
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut entry = AuditEntry {
                    seq,
                    occurred_at: Moment::from_text(format!("2026-11-24T10:00:{seq:02}.000000Z")),
                    actor: "subject-1".into(),
                    subject: None,
                    action: "auth.sign_in".into(),
                    target: None,
                    outcome: "success".into(),
                    service_id: None,
                    reference: None,
                    request_id: Some(format!("req-{seq}")),
                    ip: Some("127.0.0.1".into()),
                    details: Some(r#"{"user_agent":"test"}"#.into()),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                entry.hash = entry.compute_hash();
                prev.clone_from(&entry.hash);
                entry
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry], head: (i64, &str)) -> Result<i64, ChainBreak> {
        let mut verifier = ChainVerifier::default();
        entries.iter().try_for_each(|e| verifier.check(e))?;
        verifier.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let entries = chain(5);
        assert_eq!(verify(&entries, (5, &entries[4].hash)), Ok(5));
        assert_eq!(verify(&[], (0, GENESIS_HASH)), Ok(0));
    }

    #[test]
    fn an_edited_entry_is_named() {
        let mut entries = chain(5);
        entries[2].actor = "someone-else".into();
        let head = entries[4].hash.clone();
        assert_eq!(
            verify(&entries, (5, &head)),
            Err(ChainBreak {
                seq: 3,
                reason: BreakReason::HashMismatch
            })
        );
    }

    #[test]
    fn an_edited_entry_with_a_recomputed_hash_breaks_the_next_link() {
        let mut entries = chain(5);
        entries[2].outcome = "failure".into();
        entries[2].hash = entries[2].compute_hash();
        let head = entries[4].hash.clone();
        assert_eq!(
            verify(&entries, (5, &head)),
            Err(ChainBreak {
                seq: 4,
                reason: BreakReason::LinkMismatch
            })
        );
    }

    #[test]
    fn a_removed_entry_is_a_gap() {
        let mut entries = chain(5);
        entries.remove(1);
        let head = entries[3].hash.clone();
        assert_eq!(
            verify(&entries, (5, &head)),
            Err(ChainBreak {
                seq: 3,
                reason: BreakReason::Gap { expected: 2 }
            })
        );
    }

    #[test]
    fn removed_last_entries_are_a_truncation() {
        let entries = chain(5);
        let head = entries[4].hash.clone();
        assert_eq!(
            verify(&entries[..3], (5, &head)),
            Err(ChainBreak {
                seq: 4,
                reason: BreakReason::Truncated
            })
        );
    }

    #[test]
    fn a_rewritten_last_entry_does_not_match_the_head() {
        let mut entries = chain(3);
        let head = entries[2].hash.clone();
        entries[2].target = Some("x".into());
        entries[2].hash = entries[2].compute_hash();
        assert_eq!(
            verify(&entries, (3, &head)),
            Err(ChainBreak {
                seq: 3,
                reason: BreakReason::HeadMismatch
            })
        );
    }

    #[test]
    fn an_entry_without_a_subject_hashes_as_entries_did_before_subjects() {
        use sha2::{Digest, Sha256};
        let entry = &chain(1)[0];
        let before = serde_json::to_vec(&(
            1_i64,
            "2026-11-24T10:00:01.000000Z",
            "subject-1",
            "auth.sign_in",
            None::<String>,
            "success",
            Some("req-1"),
            Some("127.0.0.1"),
            Some(r#"{"user_agent":"test"}"#),
            GENESIS_HASH,
        ))
        .unwrap();
        assert_eq!(entry.hash, hex::encode(Sha256::digest(before)));
    }

    #[test]
    fn the_person_acted_for_is_part_of_the_hash() {
        let mut entries = chain(3);
        entries[1].subject = Some("subject-2".into());
        entries[1].hash = entries[1].compute_hash();
        entries[2].prev_hash = entries[1].hash.clone();
        entries[2].hash = entries[2].compute_hash();
        let head = entries[2].hash.clone();
        assert_eq!(verify(&entries, (3, &head)), Ok(3));

        for tampered in [None, Some("subject-3".to_owned())] {
            let mut edited = entries.clone();
            edited[1].subject = tampered;
            assert_eq!(
                verify(&edited, (3, &head)),
                Err(ChainBreak {
                    seq: 2,
                    reason: BreakReason::HashMismatch
                })
            );
        }
    }

    #[test]
    fn the_service_and_the_request_are_part_of_the_hash() {
        let mut entries = chain(2);
        entries[0].service_id = Some("plaintes".into());
        entries[0].reference = Some("VS-2026-000001".into());
        entries[0].hash = entries[0].compute_hash();
        entries[1].prev_hash = entries[0].hash.clone();
        entries[1].hash = entries[1].compute_hash();
        let head = entries[1].hash.clone();
        assert_eq!(verify(&entries, (2, &head)), Ok(2));

        let mut moved = entries.clone();
        moved[0].reference = Some("VS-2026-000002".into());
        let mut dropped = entries.clone();
        dropped[0].service_id = None;
        for edited in [moved, dropped] {
            assert_eq!(
                verify(&edited, (2, &head)),
                Err(ChainBreak {
                    seq: 1,
                    reason: BreakReason::HashMismatch
                })
            );
        }
    }

    #[test]
    fn outcomes_round_trip() {
        for outcome in [Outcome::Success, Outcome::Failure, Outcome::Denied] {
            assert_eq!(Outcome::parse(outcome.as_str()), Some(outcome));
        }
        assert_eq!(Outcome::parse("ok"), None);
    }
}
