//! Durable jobs, for every domain: each is written in the same transaction as what it announces
//! (a submission, a withdrawal; next, notifications, signatures and announcements), then carried
//! by a worker until its destination acknowledges it, with a lease, backoff and dead letters.
//! Nothing is lost if the portal stops between the two; the job's id is the `Idempotency-Key`
//! that protects the destination when a job is carried twice.

#[cfg(feature = "ssr")]
pub mod db;
pub mod retry;

use crate::ids::{AnnouncementId, NotificationId, RequestId, ServiceId};
use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// What a job does. Stored as text; a worker claims only the kinds it knows, so a kind added by
/// a newer portal waits for a worker that carries it instead of being misread.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// Tells a service of a request a citizen sent.
    DeliverSubmission,
    /// Tells a service that a citizen withdrew a request.
    DeliverWithdrawal,
    /// Tells a service that its document to sign was signed, declined or left to expire.
    DeliverSignature,
    /// Carries a notification beyond the inbox, on the channels its citizen chose.
    Notify,
    /// Tells an announcement to the citizens who follow its category.
    Announce,
}

impl JobKind {
    /// Every kind this portal knows.
    pub const ALL: [JobKind; 5] = [
        JobKind::DeliverSubmission,
        JobKind::DeliverWithdrawal,
        JobKind::DeliverSignature,
        JobKind::Notify,
        JobKind::Announce,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::DeliverSubmission => "deliver_submission",
            JobKind::DeliverWithdrawal => "deliver_withdrawal",
            JobKind::DeliverSignature => "deliver_signature",
            JobKind::Notify => "notify",
            JobKind::Announce => "announce",
        }
    }

    /// The kind a stored name stands for; none for a kind this portal does not know.
    pub fn parse(text: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// What a job concerns, so that its consequences and the journal reach the right thing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum About {
    Request(RequestId),
    Notification(NotificationId),
    Announcement(AnnouncementId),
}

impl About {
    fn parts(&self) -> (&'static str, &str) {
        match self {
            About::Request(id) => ("request", id),
            About::Notification(id) => ("notification", id),
            About::Announcement(id) => ("announcement", id),
        }
    }

    #[cfg(any(feature = "ssr", test))]
    fn from_parts(about: &str, id: String) -> Option<About> {
        match about {
            "request" => Some(About::Request(RequestId::new(id))),
            "notification" => Some(About::Notification(NotificationId::new(id))),
            "announcement" => Some(About::Announcement(AnnouncementId::new(id))),
            _ => None,
        }
    }

    /// The id of the thing concerned.
    pub fn id(&self) -> &str {
        self.parts().1
    }
}

/// A job that ended without its destination's acknowledgement (refused, or tried for too long),
/// as administrators see it before replaying it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadLetter {
    pub id: String,
    pub kind: JobKind,
    /// The request's reference, for a job about a request.
    pub reference: Option<String>,
    /// The service concerned, for a job about a request.
    pub service_id: Option<ServiceId>,
    pub attempts: u32,
    /// What the last attempt came to: "HTTP 422", "timeout"; never a body.
    pub last_error: Option<String>,
    pub created_at: Moment,
    pub finished_at: Option<Moment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_and_unknown_ones_are_not_guessed() {
        for kind in JobKind::ALL {
            assert_eq!(JobKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(JobKind::parse("submission"), None);
        assert_eq!(JobKind::parse(""), None);
        let about = About::Request(RequestId::new("r1"));
        let (what, id) = about.parts();
        assert_eq!(About::from_parts(what, id.to_owned()), Some(about));
        let about = About::Notification(NotificationId::new("n1"));
        let (what, id) = about.parts();
        assert_eq!(About::from_parts(what, id.to_owned()), Some(about));
        assert_eq!(About::from_parts("citizen", "x".into()), None);
    }
}
