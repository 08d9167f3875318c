//! The portal's identifiers, each its own type: a function that takes a citizen and a service
//! cannot be handed them the other way round, and a signature says which thing it concerns.
//!
//! Each is text on the wire (`serde(transparent)`) and in the database (`sqlx(transparent)`),
//! so tables, JSON and URLs are unchanged; only the Rust code is typed.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares an identifier type over `String`.
macro_rules! identifier {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(String);

        impl $name {
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_owned())
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

identifier! {
    /// A citizen (or administrator): our own identifier, also their pseudonym in the journal.
    CitizenId
}

identifier! {
    /// A service of the catalogue, as its manifest names it (`plaintes`).
    ServiceId
}

identifier! {
    /// A submitted request (a UUID; citizens read its reference, `VS-2026-000123`, instead).
    RequestId
}

identifier! {
    /// A draft's row (a UUID); a citizen has at most one draft per service.
    DraftId
}

identifier! {
    /// A notification in a citizen's inbox (a UUID).
    NotificationId
}

identifier! {
    /// A citizen's contact, an e-mail address or a mobile number (a UUID).
    ContactId
}

identifier! {
    /// A new service or a novelty told to the citizens who follow its category (a UUID).
    AnnouncementId
}

identifier! {
    /// A device where a citizen allowed web push, its browser's subscription (a UUID).
    DeviceId
}

identifier! {
    /// A problem report or an idea (a UUID).
    FeedbackId
}

identifier! {
    /// A document a service asked a citizen to sign (a UUID).
    SignatureId
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_plain_text_on_the_wire() {
        let service = ServiceId::new("plaintes");
        assert_eq!(serde_json::to_string(&service).unwrap(), "\"plaintes\"");
        let back: ServiceId = serde_json::from_str("\"plaintes\"").unwrap();
        assert_eq!(back, service);
        assert_eq!(back, "plaintes");
        assert_eq!(format!("/fr/services/{service}"), "/fr/services/plaintes");
    }
}
