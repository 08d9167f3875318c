//! The localized address of every page: each page's slug in each language, a service's and a
//! request's addresses, and the same page in the other language.

use super::{Locale, locale_of_path, other};
use leptos_i18n::Locale as _;

/// Every page of the shell, independent of language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    MyRequests,
    Help,
    Accessibility,
    ServerError,
    Profile,
    SignInHistory,
    SignInError,
    DevSignIn,
    SignOut,
    Admin,
    /// The console's search of the audit journal.
    AdminJournal,
    /// One citizen's or one request's journey through the journal.
    AdminJourney,
    /// The board of problem reports and ideas.
    AdminFeedback,
    /// Every service ever published, its state and versions.
    AdminServices,
    /// A service's manifest written and checked, previewed and published.
    AdminManifest,
    /// Service teams' API tokens.
    AdminTokens,
    /// Health information pages, for administrators: the list.
    AdminHealth,
    /// One health information page written, checked, previewed and published.
    AdminHealthEditor,
    /// "Renseignements de santé": every health information page on show.
    HealthInformation,
    /// Usage statistics, drawn.
    AdminUsage,
    /// What the service worker shows for a page it cannot reach with no network.
    Offline,
    /// The citizen's inbox.
    Messages,
    /// Where the ministry's messages reach the citizen beyond the inbox.
    MessageSettings,
    /// "Signaler un problème": a problem found on the portal, from every page.
    ReportProblem,
    /// "Proposer une idée": an idea to improve the portal's services.
    SuggestIdea,
    /// The citizen's problem reports and ideas, where each stands and the answer.
    MyFeedback,
}

impl Page {
    /// All pages, for the language switch and for tests.
    pub const ALL: [Page; 27] = [
        Page::Home,
        Page::MyRequests,
        Page::Help,
        Page::Accessibility,
        Page::ServerError,
        Page::Profile,
        Page::SignInHistory,
        Page::SignInError,
        Page::DevSignIn,
        Page::SignOut,
        Page::Admin,
        Page::AdminJournal,
        Page::AdminJourney,
        Page::AdminFeedback,
        Page::AdminServices,
        Page::AdminManifest,
        Page::AdminTokens,
        Page::AdminHealth,
        Page::AdminHealthEditor,
        Page::HealthInformation,
        Page::AdminUsage,
        Page::Offline,
        Page::Messages,
        Page::MessageSettings,
        Page::ReportProblem,
        Page::SuggestIdea,
        Page::MyFeedback,
    ];

    /// The page's slug in a language (empty for the home page).
    pub const fn slug(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Page::Home, _) => "",
            (Page::MyRequests, Locale::fr) => "mes-demarches",
            (Page::MyRequests, Locale::en) => "my-requests",
            (Page::Help, Locale::fr) => "aide",
            (Page::Help, Locale::en) => "help",
            (Page::Accessibility, Locale::fr) => "accessibilite",
            (Page::Accessibility, Locale::en) => "accessibility",
            (Page::ServerError, Locale::fr) => "erreur",
            (Page::ServerError, Locale::en) => "error",
            (Page::Profile, Locale::fr) => "profil",
            (Page::Profile, Locale::en) => "profile",
            (Page::SignInHistory, Locale::fr) => "historique-de-connexion",
            (Page::SignInHistory, Locale::en) => "sign-in-history",
            (Page::SignInError, Locale::fr) => "erreur-de-connexion",
            (Page::SignInError, Locale::en) => "sign-in-error",
            (Page::DevSignIn, Locale::fr) => "connexion-developpement",
            (Page::DevSignIn, Locale::en) => "development-sign-in",
            (Page::SignOut, Locale::fr) => "deconnexion",
            (Page::SignOut, Locale::en) => "sign-out",
            (Page::Admin, _) => "administration",
            (Page::AdminJournal, _) => "administration/journal",
            (Page::AdminJourney, Locale::fr) => "administration/parcours",
            (Page::AdminJourney, Locale::en) => "administration/journey",
            (Page::AdminFeedback, Locale::fr) => "administration/problemes-et-idees",
            (Page::AdminFeedback, Locale::en) => "administration/problems-and-ideas",
            (Page::AdminServices, _) => "administration/services",
            (Page::AdminManifest, Locale::fr) => "administration/services/manifeste",
            (Page::AdminManifest, Locale::en) => "administration/services/manifest",
            (Page::AdminHealth, Locale::fr) => "administration/renseignements",
            (Page::AdminHealth, Locale::en) => "administration/health-information",
            (Page::AdminHealthEditor, Locale::fr) => "administration/renseignements/page",
            (Page::AdminHealthEditor, Locale::en) => "administration/health-information/page",
            (Page::HealthInformation, Locale::fr) => "renseignements-de-sante",
            (Page::HealthInformation, Locale::en) => "health-information",
            (Page::AdminTokens, Locale::fr) => "administration/jetons",
            (Page::AdminTokens, Locale::en) => "administration/tokens",
            (Page::AdminUsage, Locale::fr) => "administration/statistiques",
            (Page::AdminUsage, Locale::en) => "administration/statistics",
            (Page::Offline, Locale::fr) => "hors-ligne",
            (Page::Offline, Locale::en) => "offline",
            (Page::Messages, _) => "messages",
            (Page::MessageSettings, Locale::fr) => "parametres-des-messages",
            (Page::MessageSettings, Locale::en) => "message-settings",
            (Page::ReportProblem, Locale::fr) => "signaler-un-probleme",
            (Page::ReportProblem, Locale::en) => "report-a-problem",
            (Page::SuggestIdea, Locale::fr) => "proposer-une-idee",
            (Page::SuggestIdea, Locale::en) => "suggest-an-idea",
            (Page::MyFeedback, Locale::fr) => "mes-problemes-et-idees",
            (Page::MyFeedback, Locale::en) => "my-problems-and-ideas",
        }
    }

    /// Whether the page shows personal data: a guest asking for it is sent to sign in.
    pub const fn requires_session(self) -> bool {
        matches!(
            self,
            Page::MyRequests
                | Page::Profile
                | Page::SignInHistory
                | Page::Admin
                | Page::AdminJournal
                | Page::AdminJourney
                | Page::AdminFeedback
                | Page::AdminServices
                | Page::AdminManifest
                | Page::AdminTokens
                | Page::AdminHealth
                | Page::AdminHealthEditor
                | Page::AdminUsage
                | Page::Messages
                | Page::MessageSettings
                | Page::MyFeedback
        )
    }

    /// The page's absolute path in a language, e.g. `/fr/aide`; the home page is `/fr`.
    pub fn path(self, locale: Locale) -> String {
        match self.slug(locale) {
            "" => format!("/{}", locale.as_str()),
            slug => format!("/{}/{slug}", locale.as_str()),
        }
    }

    /// The page and language an absolute path names, if any.
    pub fn from_path(path: &str) -> Option<(Page, Locale)> {
        let locale = locale_of_path(path)?;
        let rest = path.trim_matches('/').split_once('/').map_or("", |(_, rest)| rest);
        Page::ALL
            .into_iter()
            .find(|page| page.slug(locale) == rest)
            .map(|page| (page, locale))
    }
}

/// The address of the current page in the other language: same page when it is known, the
/// other language's home page otherwise (an unknown page has no translation).
pub fn switch_path(path: &str, current: Locale) -> String {
    let target = other(current);
    if let Some((id, form)) = service_of_path(path, current) {
        return service_path(target, id, form);
    }
    if let Some((id, withdraw)) = request_of_path(path, current) {
        return request_path(target, id, withdraw);
    }
    if let Some((id, false)) = item_of_path(path, current, Page::HealthInformation.slug(current), "") {
        return health_path(target, id);
    }
    match Page::from_path(path) {
        Some((page, _)) => page.path(target),
        None => Page::Home.path(target),
    }
}

/// The slug of a service's request form under its page (`/fr/services/plaintes/demande`).
pub const fn form_slug(locale: Locale) -> &'static str {
    match locale {
        Locale::fr => "demande",
        Locale::en => "request",
    }
}

/// A service's help page, or with `form` its request form, in a language.
pub fn service_path(locale: Locale, id: &str, form: bool) -> String {
    match form {
        false => format!("/{}/services/{id}", locale.as_str()),
        true => format!("/{}/services/{id}/{}", locale.as_str(), form_slug(locale)),
    }
}

/// The service (and whether its form) a path in `locale` names.
pub fn service_of_path(path: &str, locale: Locale) -> Option<(&str, bool)> {
    item_of_path(path, locale, "services", form_slug(locale))
}

/// `/{locale}/{section}/{id}` gives `(id, false)`, `/{locale}/{section}/{id}/{sub}` gives
/// `(id, true)`; anything else none.
fn item_of_path<'a>(path: &'a str, locale: Locale, section: &str, sub: &str) -> Option<(&'a str, bool)> {
    let mut segments = path.trim_matches('/').split('/');
    if segments.next() != Some(locale.as_str()) || segments.next() != Some(section) {
        return None;
    }
    let id = segments.next().filter(|id| !id.is_empty())?;
    match (segments.next(), segments.next()) {
        (None, _) => Some((id, false)),
        (Some(slug), None) if slug == sub => Some((id, true)),
        _ => None,
    }
}

/// A health information page, in a language (`/fr/renseignements-de-sante/{id}`).
pub fn health_path(locale: Locale, id: &str) -> String {
    format!("{}/{id}", Page::HealthInformation.path(locale))
}

/// The slug of a request's withdrawal under its page (`/fr/mes-demarches/{id}/retrait`).
pub const fn withdraw_slug(locale: Locale) -> &'static str {
    match locale {
        Locale::fr => "retrait",
        Locale::en => "withdraw",
    }
}

/// A request's page under "Mes démarches", or with `withdraw` its withdrawal, in a language.
pub fn request_path(locale: Locale, id: &str, withdraw: bool) -> String {
    let page = Page::MyRequests.path(locale);
    match withdraw {
        false => format!("{page}/{id}"),
        true => format!("{page}/{id}/{}", withdraw_slug(locale)),
    }
}

/// A document to sign's page, in a language.
pub fn signature_path(locale: Locale, id: &str) -> String {
    format!("/{}/signatures/{id}", locale.as_str())
}

/// The request (and whether its withdrawal) a path in `locale` names.
pub fn request_of_path(path: &str, locale: Locale) -> Option<(&str, bool)> {
    item_of_path(path, locale, Page::MyRequests.slug(locale), withdraw_slug(locale))
}
