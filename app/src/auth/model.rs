//! Identity types shared by the server and the browser: roles, what a page knows of its viewer,
//! the safe return address after sign-in, and why a sign-in failed.

use serde::{Deserialize, Serialize};

/// What a signed-in person may do. Service accounts are not people and have no role here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Anyone who signed in.
    Citizen,
    /// A provider subject listed in `PORTAL_ADMIN_SUBJECTS` (or the demo administrator).
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "citizen" => Some(Role::Citizen),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// What every page knows of the person looking at it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    pub signed_in: Option<SignedIn>,
    /// Whether this portal offers the development sign-in (no provider, development mode).
    pub dev_sign_in: bool,
}

/// The signed-in person, as the header shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub display_name: String,
    pub role: Role,
    /// Names this person's drafts in the browser's storage (a hash of their pseudonymous id),
    /// so that another person on the same browser never reads them.
    pub device_key: String,
}

/// The identity claims the portal holds for a citizen, and their preferences.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub display_name: Option<String>,
    pub email: Option<String>,
    /// `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// `fr` or `en`.
    pub preferred_language: String,
    pub role: Role,
    /// Sessions open now, this one included.
    pub open_sessions: i64,
}

/// One successful sign-in, as the citizen's history shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRecord {
    /// RFC 3339 UTC.
    pub occurred_at: String,
    /// Browser and system, read from the user agent (`Chrome · Linux`), if recognized.
    pub device: Option<String>,
    /// The address the sign-in came from.
    pub ip: Option<String>,
}

/// How long the current session has left, for the idle warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTime {
    /// Seconds until the session ends if nothing happens (idle timeout or absolute lifetime).
    pub seconds_left: i64,
    /// Whether staying active can extend it (false when the absolute lifetime is what ends it).
    pub extendable: bool,
}

/// Seconds before the end of a session at which the page warns the citizen.
pub const IDLE_WARNING_SECONDS: i64 = 120;

/// A same-origin path to go back to after sign-in. Anything else (another site, a
/// protocol-relative `//host`, a backslash trick, control characters, the sign-in routes
/// themselves) is refused, and the caller falls back to the home page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnTo(String);

impl ReturnTo {
    const MAX_LEN: usize = 512;

    pub fn parse(raw: &str) -> Option<ReturnTo> {
        let safe = raw.starts_with('/')
            && !raw.starts_with("//")
            && !raw.starts_with("/\\")
            && raw.len() <= Self::MAX_LEN
            && !raw.chars().any(|c| c.is_control() || c == '\\')
            && !raw.starts_with("/auth/")
            && !raw.starts_with("/api/");
        safe.then(|| ReturnTo(raw.to_owned()))
    }

    /// The home page of a language: where a sign-in without a (safe) return address lands.
    pub fn home(locale: &str) -> ReturnTo {
        ReturnTo(format!("/{locale}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The address that starts a sign-in and comes back to `return_to` afterwards.
pub fn sign_in_href(return_to: &str) -> String {
    format!("/auth/login?return_to={}", encode_path(return_to))
}

/// A path percent-encoded for a query parameter (slashes kept, for legibility).
pub fn encode_path(path: &str) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// Why a sign-in did not complete. The code travels to the error page and into the journal;
/// it never carries anything about the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInFailure {
    /// The `state` is missing, unknown, or not the one this browser started with.
    StateMismatch,
    /// The `state` was already used once (a replayed callback).
    StateReused,
    /// The sign-in was started too long ago.
    AttemptExpired,
    /// The person cancelled at the provider.
    Cancelled,
    /// The provider answered with an error (authorization or token endpoint).
    ProviderError,
    /// The ID token's nonce is not the one this sign-in sent.
    NonceMismatch,
    /// The ID token has expired or was issued at an impossible time.
    TokenExpired,
    /// The ID token's signature, issuer, audience or algorithm is wrong.
    TokenInvalid,
    /// The ID token is signed by a key the provider does not publish.
    UnknownKey,
    /// The provider cannot be reached.
    Unavailable,
    /// Too many sign-in attempts from this address.
    RateLimited,
    /// A fresh authentication was asked (to sign a document) and the provider's token does
    /// not show one since the attempt began (no `auth_time`, or an older one).
    NotReauthenticated,
}

/// What the citizen is told, grouped from the precise reasons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureMessage {
    /// Verification failed: try again.
    NotVerified,
    /// The link was used or is too old: start again.
    Stale,
    Cancelled,
    Unavailable,
    RateLimited,
}

impl SignInFailure {
    pub const ALL: [SignInFailure; 12] = [
        SignInFailure::StateMismatch,
        SignInFailure::StateReused,
        SignInFailure::AttemptExpired,
        SignInFailure::Cancelled,
        SignInFailure::ProviderError,
        SignInFailure::NonceMismatch,
        SignInFailure::TokenExpired,
        SignInFailure::TokenInvalid,
        SignInFailure::UnknownKey,
        SignInFailure::Unavailable,
        SignInFailure::RateLimited,
        SignInFailure::NotReauthenticated,
    ];

    /// The stable code, for the journal and the error page's address.
    pub fn code(self) -> &'static str {
        match self {
            SignInFailure::StateMismatch => "state_mismatch",
            SignInFailure::StateReused => "state_reused",
            SignInFailure::AttemptExpired => "attempt_expired",
            SignInFailure::Cancelled => "cancelled",
            SignInFailure::ProviderError => "provider_error",
            SignInFailure::NonceMismatch => "nonce_mismatch",
            SignInFailure::TokenExpired => "token_expired",
            SignInFailure::TokenInvalid => "token_invalid",
            SignInFailure::UnknownKey => "unknown_key",
            SignInFailure::Unavailable => "unavailable",
            SignInFailure::RateLimited => "rate_limited",
            SignInFailure::NotReauthenticated => "not_reauthenticated",
        }
    }

    pub fn from_code(code: &str) -> Option<SignInFailure> {
        SignInFailure::ALL.into_iter().find(|failure| failure.code() == code)
    }

    /// The HTTP status of the error page.
    pub fn status_code(self) -> u16 {
        match self {
            SignInFailure::Unavailable => 503,
            SignInFailure::RateLimited => 429,
            SignInFailure::Cancelled => 401,
            _ => 400,
        }
    }

    pub fn message(self) -> FailureMessage {
        match self {
            SignInFailure::StateReused | SignInFailure::AttemptExpired => FailureMessage::Stale,
            SignInFailure::Cancelled => FailureMessage::Cancelled,
            SignInFailure::Unavailable => FailureMessage::Unavailable,
            SignInFailure::RateLimited => FailureMessage::RateLimited,
            _ => FailureMessage::NotVerified,
        }
    }
}

/// An account of the development sign-in: fictitious people, never real ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    /// The subject the development "provider" gives them (stable across restarts).
    pub subject: &'static str,
    pub display_name: &'static str,
    pub email: &'static str,
    pub birth_date: &'static str,
    pub role: Role,
}

/// The people a developer can sign in as when no provider is configured.
pub const DEMO_ACCOUNTS: [DemoAccount; 4] = [
    DemoAccount {
        subject: "demo-citizen-1",
        display_name: "Camille Tremblay",
        email: "camille.tremblay@example.org",
        birth_date: "1984-03-12",
        role: Role::Citizen,
    },
    DemoAccount {
        subject: "demo-citizen-2",
        display_name: "Jordan Smith",
        email: "jordan.smith@example.org",
        birth_date: "1999-11-02",
        role: Role::Citizen,
    },
    DemoAccount {
        subject: "demo-citizen-3",
        display_name: "Gabrielle Nguyen",
        email: "gabrielle.nguyen@example.org",
        birth_date: "1951-07-28",
        role: Role::Citizen,
    },
    DemoAccount {
        subject: "demo-admin",
        display_name: "Alex Gagnon",
        email: "alex.gagnon@example.org",
        birth_date: "1978-05-19",
        role: Role::Admin,
    },
];

impl DemoAccount {
    pub fn find(subject: &str) -> Option<DemoAccount> {
        DEMO_ACCOUNTS.into_iter().find(|account| account.subject == subject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_addresses_stay_on_the_portal() {
        for good in ["/fr", "/fr/mes-demarches", "/en/profile?tab=1", "/fr/aide#contact"] {
            assert_eq!(ReturnTo::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            "fr/aide",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example",
            "/fr\\..\\x",
            "/fr/\u{0}",
            "/fr\n/aide",
            "javascript:alert(1)",
            "/auth/login",
            "/api/anything",
        ] {
            assert!(ReturnTo::parse(bad).is_none(), "{bad:?} was accepted");
        }
        assert!(ReturnTo::parse(&format!("/fr/{}", "a".repeat(600))).is_none());
        assert_eq!(ReturnTo::home("en").as_str(), "/en");
    }

    #[test]
    fn sign_in_links_encode_the_return_address() {
        assert_eq!(sign_in_href("/fr/profil"), "/auth/login?return_to=/fr/profil");
        assert_eq!(
            sign_in_href("/fr/démarche?a=1&b=2"),
            "/auth/login?return_to=/fr/d%C3%A9marche%3Fa%3D1%26b%3D2"
        );
    }

    #[test]
    fn roles_round_trip_and_refuse_unknown_text() {
        for role in [Role::Citizen, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn failure_codes_are_unique_and_round_trip() {
        for failure in SignInFailure::ALL {
            assert_eq!(SignInFailure::from_code(failure.code()), Some(failure));
            assert!((400..600).contains(&failure.status_code()));
        }
        let mut codes: Vec<_> = SignInFailure::ALL.iter().map(|f| f.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), SignInFailure::ALL.len());
        assert_eq!(SignInFailure::from_code("<script>"), None);
    }

    #[test]
    fn demo_accounts_include_one_administrator() {
        assert_eq!(DEMO_ACCOUNTS.iter().filter(|a| a.role == Role::Admin).count(), 1);
        assert_eq!(DemoAccount::find("demo-admin").map(|a| a.role), Some(Role::Admin));
        assert_eq!(DemoAccount::find("someone"), None);
    }
}
