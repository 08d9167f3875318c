//! A notification as the inbox shows it, the kinds there are, the channels that carry it
//! beyond the inbox, and the citizen's contacts and preferences for them.

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
    /// The service wrote about a request without changing its status.
    ServiceMessage,
    /// The service needs something from the citizen.
    ActionRequired,
    /// A new service or a novelty in a category the citizen follows.
    Announcement,
    /// Where a problem report or an idea of the citizen's stands, and the ministry's answer.
    FeedbackUpdate,
}

impl NotificationKind {
    pub const ALL: [NotificationKind; 5] = [
        NotificationKind::StatusChanged,
        NotificationKind::ServiceMessage,
        NotificationKind::ActionRequired,
        NotificationKind::Announcement,
        NotificationKind::FeedbackUpdate,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            NotificationKind::StatusChanged => "status_changed",
            NotificationKind::ServiceMessage => "service_message",
            NotificationKind::ActionRequired => "action_required",
            NotificationKind::Announcement => "announcement",
            NotificationKind::FeedbackUpdate => "feedback_update",
        }
    }

    pub fn parse(text: &str) -> Option<NotificationKind> {
        NotificationKind::ALL.into_iter().find(|kind| kind.as_str() == text)
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
    /// YYYY-MM-DD: the citizen's action is due by then, as the service said.
    pub deadline: Option<String>,
    pub created_at: Moment,
    pub read: bool,
    /// Where it was sent beyond the inbox, and how that went.
    pub deliveries: Vec<Delivery>,
}

/// A notification's kind, by the topic a citizen chooses channels for.
impl NotificationKind {
    pub const fn topic(self) -> Topic {
        match self {
            NotificationKind::StatusChanged | NotificationKind::ServiceMessage | NotificationKind::FeedbackUpdate => {
                Topic::RequestUpdates
            }
            NotificationKind::ActionRequired => Topic::ActionRequired,
            NotificationKind::Announcement => Topic::Announcements,
        }
    }
}

/// Declares a closed vocabulary stored as text: its variants, their names, and reading back.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|one| one.as_str() == text)
            }
        }
    };
}

vocabulary! {
    /// A way a notification reaches a citizen beyond the inbox, which always has it.
    Channel {
        Email = "email",
        Sms = "sms",
        Push = "push",
    }
}

vocabulary! {
    /// What a citizen chooses channels for.
    Topic {
        /// A request's status changed.
        RequestUpdates = "request_updates",
        /// A service needs something from them.
        ActionRequired = "action_required",
        /// A new service or a novelty.
        Announcements = "announcements",
    }
}

vocabulary! {
    /// Where a delivery on a channel stands: one vocabulary for every channel.
    DeliveryState {
        Created = "created",
        Sending = "sending",
        /// Handed to the channel's provider (the SMTP server took it).
        Sent = "sent",
        /// The provider says it reached the person.
        Delivered = "delivered",
        /// It will be tried again.
        TemporaryFailure = "temporary_failure",
        /// The contact cannot receive it (a hard bounce): another channel takes over.
        PermanentFailure = "permanent_failure",
        /// The portal could not send it (its provider is misconfigured or gone).
        TechnicalFailure = "technical_failure",
    }
}

/// A notification's delivery on one channel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    pub channel: Channel,
    pub state: DeliveryState,
    pub at: Moment,
}

/// The channels a citizen chose for each topic, beyond the inbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    pub chosen: Vec<(Topic, Vec<Channel>)>,
}

impl Preferences {
    /// Until a citizen chooses: request updates and actions required on their devices (once
    /// they allow it on one) and by e-mail (once an address is verified); announcements off.
    pub fn defaults() -> Preferences {
        Preferences {
            chosen: vec![
                (Topic::RequestUpdates, vec![Channel::Push, Channel::Email]),
                (Topic::ActionRequired, vec![Channel::Push, Channel::Email]),
                (Topic::Announcements, vec![]),
            ],
        }
    }

    /// The channels chosen for a topic, in the order they are tried.
    pub fn channels(&self, topic: Topic) -> &[Channel] {
        self.chosen
            .iter()
            .find(|(t, _)| *t == topic)
            .map_or(&[], |(_, channels)| channels)
    }

    pub fn wants(&self, topic: Topic, channel: Channel) -> bool {
        self.channels(topic).contains(&channel)
    }
}

/// A contact (an e-mail address, a mobile number) as the citizen's settings show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub id: crate::ids::ContactId,
    pub channel: Channel,
    pub address: String,
    pub verified: bool,
    /// It failed for good (a hard bounce): unused until verified again.
    pub failed: bool,
}

/// A device where the citizen allowed web push, as the settings page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub id: crate::ids::DeviceId,
    /// The browser and system that subscribed ("Chrome · Android"); empty when unknown.
    pub name: String,
    pub added_at: Moment,
    pub last_sent_at: Option<Moment>,
}

/// What the notification settings page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub preferences: Preferences,
    pub contacts: Vec<Contact>,
    /// Whether the portal can send e-mail at all (an SMTP server is configured).
    pub email_available: bool,
    /// Whether the portal can send text messages (an SMS gateway is configured).
    pub sms_available: bool,
    /// The portal's VAPID public key when it can push (base64url), for a browser to subscribe.
    pub push_key: Option<String>,
    pub devices: Vec<Device>,
    pub following: Following,
}

vocabulary! {
    /// What an announcement tells.
    AnnouncementKind {
        /// A service published for the first time.
        NewService = "new_service",
        /// An administrator's news.
        Novelty = "novelty",
    }
}

vocabulary! {
    /// How often announcements reach a citizen beyond the inbox.
    Frequency {
        /// Each one as it is published.
        Each = "each",
        /// One message a week (Monday morning) with the week's announcements.
        Weekly = "weekly",
    }
}

/// A new service or a novelty, as the home page's "Nouveautés" and the inbox tell it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub id: crate::ids::AnnouncementId,
    pub kind: AnnouncementKind,
    /// The new service, for a new service.
    pub service: Option<crate::ids::ServiceId>,
    /// The health information page it announces, if one.
    pub page: Option<String>,
    /// The category it concerns; none: all of them.
    pub category: Option<crate::catalogue::model::Category>,
    pub title: Bilingual,
    pub text: Bilingual,
    pub published_at: Moment,
}

/// The categories a citizen follows for announcements, and how often they are told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Following {
    pub categories: Vec<crate::catalogue::model::Category>,
    pub frequency: Frequency,
}

/// How many announcements the home page lists.
pub const NEWS_ON_HOME: u32 = 5;

/// A one-time code: 6 digits, valid 10 minutes, 5 tries.
pub const CODE_DIGITS: usize = 6;
pub const CODE_MINUTES: i64 = 10;
pub const CODE_TRIES: i64 = 5;

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
        for kind in NotificationKind::ALL {
            assert_eq!(NotificationKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(NotificationKind::parse("news"), None);
        for state in DeliveryState::ALL {
            assert_eq!(DeliveryState::parse(state.as_str()), Some(*state));
        }
        assert_eq!(Channel::parse("fax"), None);
    }

    #[test]
    fn by_default_requests_reach_the_inbox_and_email_and_announcements_only_the_inbox() {
        let defaults = Preferences::defaults();
        assert!(defaults.wants(Topic::RequestUpdates, Channel::Email));
        assert!(defaults.wants(Topic::ActionRequired, Channel::Email));
        assert!(defaults.wants(Topic::ActionRequired, Channel::Push));
        assert!(!defaults.wants(Topic::RequestUpdates, Channel::Sms));
        assert_eq!(defaults.channels(Topic::Announcements), &[] as &[Channel]);
        assert_eq!(NotificationKind::ActionRequired.topic(), Topic::ActionRequired);
    }
}
