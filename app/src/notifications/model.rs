//! A notification as the inbox shows it, and the kinds there are.

use crate::ids::{NotificationId, RequestId};
use crate::locale::Bilingual;
use crate::moment::Moment;
use serde::{Deserialize, Serialize};

/// What a notification is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A request's status changed.
    StatusChanged,
    /// The service needs something from the citizen.
    ActionRequired,
}

impl NotificationKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            NotificationKind::StatusChanged => "status_changed",
            NotificationKind::ActionRequired => "action_required",
        }
    }

    pub fn parse(text: &str) -> Option<NotificationKind> {
        [NotificationKind::StatusChanged, NotificationKind::ActionRequired]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// One notification of the inbox, as it was told.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    pub id: NotificationId,
    pub kind: NotificationKind,
    /// The request it concerns, and its reference.
    pub request: Option<(RequestId, String)>,
    /// The service's title.
    pub title: Bilingual,
    /// The status's words, for a status.
    pub status: Option<Bilingual>,
    /// What the service wrote to the citizen.
    pub message: Option<Bilingual>,
    /// YYYY-MM-DD: when the service expects to decide, as it said then.
    pub expected_date: Option<String>,
    pub created_at: Moment,
    pub read: bool,
}

/// The citizen's inbox: newest first, and how many are unread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub notifications: Vec<Notification>,
    pub unread: u32,
}

/// How many notifications the inbox page shows, newest first.
pub const INBOX_PAGE: u32 = 100;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_as_written() {
        for kind in [NotificationKind::StatusChanged, NotificationKind::ActionRequired] {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(NotificationKind::parse("announcement"), None);
    }
}
