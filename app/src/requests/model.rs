//! A request ("démarche") as the citizen follows it: its reference, where it stands, and its
//! timeline, in both languages.

use crate::ids::{RequestId, ServiceId};
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// The portal's own part of a request's journey, beside the service's statuses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Kept by the portal, not yet acknowledged by the service ("Reçue par le portail").
    Received,
    /// The service acknowledged it ("Transmise au service").
    Delivered,
    /// The citizen withdrew it.
    Withdrawn,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Received => "received",
            Stage::Delivered => "delivered",
            Stage::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        match text {
            "received" => Some(Stage::Received),
            "delivered" => Some(Stage::Delivered),
            "withdrawn" => Some(Stage::Withdrawn),
            _ => None,
        }
    }
}

/// Where a request stands as a whole: the portal's stage, and whether one of the service's final
/// statuses closed it. Every rule about what may happen next to a request is here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    pub stage: Stage,
    /// A final ("terminal") status of the service was recorded.
    pub closed: bool,
}

impl Standing {
    /// Still open: neither withdrawn nor closed by a final status. Only an open request takes a
    /// service's status or a withdrawal.
    pub fn is_open(self) -> bool {
        self.stage != Stage::Withdrawn && !self.closed
    }

    /// Whether the portal's stage may move to `next`: a received request is delivered once the
    /// service acknowledges it (even if the service already closed it: it had it), and an open
    /// one may be withdrawn. Nothing comes back from a withdrawal, and no stage is entered twice.
    pub fn can_transition_to(self, next: Stage) -> bool {
        match (self.stage, next) {
            (Stage::Received, Stage::Delivered) => true,
            (Stage::Received | Stage::Delivered, Stage::Withdrawn) => self.is_open(),
            _ => false,
        }
    }
}

/// What happened to a request, one line of its timeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Received,
    Delivered,
    Status,
    /// The service wrote to the citizen without changing the status.
    Message,
    Withdrawn,
    WithdrawalDelivered,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Received => "received",
            EventKind::Delivered => "delivered",
            EventKind::Status => "status",
            EventKind::Message => "message",
            EventKind::Withdrawn => "withdrawn",
            EventKind::WithdrawalDelivered => "withdrawal_delivered",
        }
    }

    pub fn parse(text: &str) -> Option<EventKind> {
        [
            EventKind::Received,
            EventKind::Delivered,
            EventKind::Status,
            EventKind::Message,
            EventKind::Withdrawn,
            EventKind::WithdrawalDelivered,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// One line of the timeline, as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestEvent {
    pub kind: EventKind,
    /// For a service status: its id in the service's vocabulary.
    pub status: Option<String>,
    /// The service's message to the citizen, in both languages.
    pub message: Option<Bilingual>,
    /// The decision date the service expects (YYYY-MM-DD).
    pub expected_date: Option<String>,
    pub action_required: bool,
    /// YYYY-MM-DD: the citizen's action is due by then.
    pub deadline: Option<String>,
    pub at: Moment,
}

impl RequestEvent {
    /// One of the portal's own steps (received, delivered, withdrawn…): no status, no words.
    pub fn step(kind: EventKind, at: Moment) -> RequestEvent {
        RequestEvent {
            kind,
            status: None,
            message: None,
            expected_date: None,
            action_required: false,
            deadline: None,
            at,
        }
    }
}

/// What the receipt page shows right after submitting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub id: RequestId,
    pub reference: String,
    pub title: Bilingual,
    pub submitted_at: Moment,
    pub processing_time: Bilingual,
}

/// A line of "Mes démarches".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestSummary {
    pub id: RequestId,
    pub reference: String,
    pub title: Bilingual,
    pub stage: Stage,
    /// The service's latest status, in both languages, if it sent one.
    pub status: Option<Bilingual>,
    pub action_required: bool,
    pub updated_at: Moment,
}

/// A request's own page: where it stands, its timeline and the answers sent, read-only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RequestDetail {
    pub id: RequestId,
    pub reference: String,
    pub service_id: ServiceId,
    pub title: Bilingual,
    pub stage: Stage,
    /// The service's latest status, in both languages, if it sent one.
    pub status: Option<Bilingual>,
    pub action_required: bool,
    /// While an action is required: the date it is due by (YYYY-MM-DD), if the service gave one.
    pub deadline: Option<String>,
    /// The decision date the service expects (YYYY-MM-DD), as it last gave it.
    pub expected_date: Option<String>,
    pub submitted_at: Moment,
    pub processing_time: Bilingual,
    /// The reason the citizen gave when withdrawing, if any.
    pub withdrawal_reason: Option<String>,
    /// Neither withdrawn nor closed by a final status.
    pub withdrawable: bool,
    /// Oldest first.
    pub timeline: Vec<TimelineLine>,
    pub answers: Vec<AnsweredStep>,
    /// The documents its service asked the citizen to sign, the newest first.
    pub signatures: Vec<crate::signatures::model::SignatureLine>,
}

/// One line of a request's timeline, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineLine {
    pub kind: EventKind,
    /// For a service status: its label in the service's vocabulary.
    pub status: Option<Bilingual>,
    pub message: Option<Bilingual>,
    pub expected_date: Option<String>,
    pub action_required: bool,
    pub deadline: Option<String>,
    pub at: Moment,
}

/// A step of the form with the answers it received, as the citizen sent them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnsweredStep {
    pub title: Bilingual,
    pub answers: Vec<AnsweredField>,
}

/// A question and its answer, both in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnsweredField {
    pub label: Bilingual,
    pub answer: Bilingual,
}

/// What the citizen reads once a request is withdrawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct WithdrawalReceipt {
    pub id: RequestId,
    pub reference: String,
    pub title: Bilingual,
    pub withdrawn_at: Moment,
}

/// The longest withdrawal reason, in characters.
pub const REASON_MAX: usize = 1000;

/// The reference people read: `VS-2026-000123`.
pub fn reference(year: i32, number: i64) -> String {
    format!("VS-{year}-{number:06}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_read_well() {
        assert_eq!(reference(2026, 123), "VS-2026-000123");
        assert_eq!(reference(2027, 1_234_567), "VS-2027-1234567");
    }

    const STAGES: [Stage; 3] = [Stage::Received, Stage::Delivered, Stage::Withdrawn];

    fn standing(stage: Stage, closed: bool) -> Standing {
        Standing { stage, closed }
    }

    #[test]
    fn only_a_request_neither_withdrawn_nor_closed_is_open() {
        assert!(standing(Stage::Received, false).is_open());
        assert!(standing(Stage::Delivered, false).is_open());
        assert!(!standing(Stage::Delivered, true).is_open());
        assert!(!standing(Stage::Received, true).is_open());
        assert!(!standing(Stage::Withdrawn, false).is_open());
    }

    #[test]
    fn every_allowed_move_and_every_forbidden_one() {
        let allowed = [
            (Stage::Received, false, Stage::Delivered),
            (Stage::Received, true, Stage::Delivered),
            (Stage::Received, false, Stage::Withdrawn),
            (Stage::Delivered, false, Stage::Withdrawn),
        ];
        for from in STAGES {
            for closed in [false, true] {
                for to in STAGES {
                    let expected = allowed.contains(&(from, closed, to));
                    assert_eq!(
                        standing(from, closed).can_transition_to(to),
                        expected,
                        "{from:?} (closed: {closed}) to {to:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn kinds_and_stages_round_trip() {
        for kind in [
            EventKind::Received,
            EventKind::Status,
            EventKind::Message,
            EventKind::WithdrawalDelivered,
        ] {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Stage::parse("delivered"), Some(Stage::Delivered));
        assert_eq!(Stage::parse("lost"), None);
    }
}
