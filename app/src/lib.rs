//! Votre santé, the application: everything both the server and the browser compile.
//!
//! The route table lives here; pages live in one folder per domain (`site`, `auth`,
//! `requests`, `admin`),
//! shared design-system components in `ui`, and the language rules in `locale`.

#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod admin;
#[cfg(feature = "ssr")]
pub mod api;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod catalogue;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod db;
pub mod drafts;
pub mod error;
pub mod feedback;
pub mod forms;
#[cfg(feature = "ssr")]
pub mod fresh;
pub mod health;
pub mod ids;
pub mod jobs;
pub mod locale;
pub mod moment;
#[cfg(feature = "ssr")]
pub mod multipart;
pub mod notifications;
pub mod pwa;
pub mod requests;
#[cfg(feature = "ssr")]
pub mod security;
#[cfg(feature = "ssr")]
mod shell;
pub mod signatures;
pub mod site;
pub mod ui;
pub mod usage;

#[cfg(feature = "ssr")]
pub use shell::shell;

use crate::i18n::{I18nContextProvider, Locale};
use crate::locale::Page;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::provide_meta_context;
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

/// The whole application, rendered by the server; islands hydrate in the browser.
///
/// Every route waits for its data and renders in order (`SsrMode::Async`), so a page arrives
/// whole and reads the same without script. Out-of-order streaming (the default) sends a
/// suspense that is not ready at once in a `<template>` that only a script moves into place;
/// `PartiallyBlocked` still did so for the viewer, a resource of the whole app.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    auth::provide_viewer();
    view! {
        <I18nContextProvider>
            <Router>
                <locale::LocaleFromPath />
                <pwa::ManifestLink />
                <ui::Layout
                    account=|| view! { <auth::pages::AccountLinks /> }
                    notices=|| view! { <auth::pages::SessionWarning /> <pwa::UpdateBanner /> }
                >
                    <Routes fallback=site::NotFoundPage>
                        <Route ssr=SsrMode::Async path=StaticSegment("fr") view=site::HomePage />
                        <Route ssr=SsrMode::Async path=StaticSegment("en") view=site::HomePage />
                        <Route ssr=SsrMode::Async path=page_path(Page::MyRequests, Locale::fr) view=requests::MyRequestsPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::MyRequests, Locale::en) view=requests::MyRequestsPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Help, Locale::fr) view=site::HelpPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Help, Locale::en) view=site::HelpPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Accessibility, Locale::fr) view=site::AccessibilityPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Accessibility, Locale::en) view=site::AccessibilityPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::ServerError, Locale::fr) view=site::ServerErrorPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::ServerError, Locale::en) view=site::ServerErrorPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Profile, Locale::fr) view=auth::pages::ProfilePage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Profile, Locale::en) view=auth::pages::ProfilePage />
                        <Route ssr=SsrMode::Async path=page_path(Page::SignInHistory, Locale::fr) view=auth::pages::SignInHistoryPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::SignInHistory, Locale::en) view=auth::pages::SignInHistoryPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::SignInError, Locale::fr) view=auth::pages::SignInErrorPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::SignInError, Locale::en) view=auth::pages::SignInErrorPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::DevSignIn, Locale::fr) view=auth::pages::DevSignInPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::DevSignIn, Locale::en) view=auth::pages::DevSignInPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::SignOut, Locale::fr) view=auth::pages::SignOutPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::SignOut, Locale::en) view=auth::pages::SignOutPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Admin, Locale::fr) view=admin::pages::AdminPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Admin, Locale::en) view=admin::pages::AdminPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminJournal, Locale::fr) view=admin::pages::JournalPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminJournal, Locale::en) view=admin::pages::JournalPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminJourney, Locale::fr) view=admin::pages::JourneyPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminJourney, Locale::en) view=admin::pages::JourneyPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminFeedback, Locale::fr) view=admin::pages::BoardPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminFeedback, Locale::en) view=admin::pages::BoardPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminServices, Locale::fr) view=admin::pages::ServicesPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminServices, Locale::en) view=admin::pages::ServicesPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminHealth, Locale::fr) view=admin::pages::HealthPagesPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminHealth, Locale::en) view=admin::pages::HealthPagesPage />
                        <Route ssr=SsrMode::Async path=console_subpath(Page::AdminHealthEditor, Locale::fr) view=admin::pages::HealthEditorPage />
                        <Route ssr=SsrMode::Async path=console_subpath(Page::AdminHealthEditor, Locale::en) view=admin::pages::HealthEditorPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::HealthInformation, Locale::fr) view=health::pages::HealthInformationPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::HealthInformation, Locale::en) view=health::pages::HealthInformationPage />
                        <Route ssr=SsrMode::Async path=health_route(Locale::fr) view=health::pages::HealthPage />
                        <Route ssr=SsrMode::Async path=health_route(Locale::en) view=health::pages::HealthPage />
                        <Route ssr=SsrMode::Async path=console_subpath(Page::AdminManifest, Locale::fr) view=admin::pages::ManifestPage />
                        <Route ssr=SsrMode::Async path=console_subpath(Page::AdminManifest, Locale::en) view=admin::pages::ManifestPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminTokens, Locale::fr) view=admin::pages::TokensPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminTokens, Locale::en) view=admin::pages::TokensPage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminUsage, Locale::fr) view=admin::pages::UsagePage />
                        <Route ssr=SsrMode::Async path=console_path(Page::AdminUsage, Locale::en) view=admin::pages::UsagePage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Messages, Locale::fr) view=notifications::pages::InboxPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Messages, Locale::en) view=notifications::pages::InboxPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::MessageSettings, Locale::fr) view=notifications::pages::SettingsPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::MessageSettings, Locale::en) view=notifications::pages::SettingsPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::ReportProblem, Locale::fr) view=|| view! { <feedback::FeedbackPage kind=feedback::model::FeedbackKind::Problem /> } />
                        <Route ssr=SsrMode::Async path=page_path(Page::ReportProblem, Locale::en) view=|| view! { <feedback::FeedbackPage kind=feedback::model::FeedbackKind::Problem /> } />
                        <Route ssr=SsrMode::Async path=page_path(Page::SuggestIdea, Locale::fr) view=|| view! { <feedback::FeedbackPage kind=feedback::model::FeedbackKind::Idea /> } />
                        <Route ssr=SsrMode::Async path=page_path(Page::SuggestIdea, Locale::en) view=|| view! { <feedback::FeedbackPage kind=feedback::model::FeedbackKind::Idea /> } />
                        <Route ssr=SsrMode::Async path=page_path(Page::MyFeedback, Locale::fr) view=feedback::MyFeedbackPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::MyFeedback, Locale::en) view=feedback::MyFeedbackPage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Offline, Locale::fr) view=pwa::OfflinePage />
                        <Route ssr=SsrMode::Async path=page_path(Page::Offline, Locale::en) view=pwa::OfflinePage />
                        <Route ssr=SsrMode::Async path=service_route(Locale::fr) view=catalogue::pages::ServicePage />
                        <Route ssr=SsrMode::Async path=service_route(Locale::en) view=catalogue::pages::ServicePage />
                        <Route ssr=SsrMode::Async path=form_route(Locale::fr) view=forms::pages::RequestFormPage />
                        <Route ssr=SsrMode::Async path=form_route(Locale::en) view=forms::pages::RequestFormPage />
                        <Route ssr=SsrMode::Async path=offline_form_route(Locale::fr) view=forms::pages::OfflineFormPage />
                        <Route ssr=SsrMode::Async path=offline_form_route(Locale::en) view=forms::pages::OfflineFormPage />
                        <Route ssr=SsrMode::Async path=request_route(Locale::fr) view=requests::RequestPage />
                        <Route ssr=SsrMode::Async path=request_route(Locale::en) view=requests::RequestPage />
                        <Route ssr=SsrMode::Async path=withdraw_route(Locale::fr) view=requests::WithdrawRequestPage />
                        <Route ssr=SsrMode::Async path=withdraw_route(Locale::en) view=requests::WithdrawRequestPage />
                        <Route ssr=SsrMode::Async path=signature_route(Locale::fr) view=signatures::SignDocumentPage />
                        <Route ssr=SsrMode::Async path=signature_route(Locale::en) view=signatures::SignDocumentPage />
                    </Routes>
                </ui::Layout>
            </Router>
        </I18nContextProvider>
    }
}

/// A document to sign: `/fr/signatures/{signature}`, `/en/signatures/{signature}`.
fn signature_route(locale: Locale) -> (StaticSegment<&'static str>, StaticSegment<&'static str>, ParamSegment) {
    (
        StaticSegment(locale.as_str()),
        StaticSegment("signatures"),
        ParamSegment("signature"),
    )
}

/// A health information page: `/fr/renseignements-de-sante/{page}`.
fn health_route(locale: Locale) -> (StaticSegment<&'static str>, StaticSegment<&'static str>, ParamSegment) {
    (
        StaticSegment(locale.as_str()),
        StaticSegment(Page::HealthInformation.slug(locale)),
        ParamSegment("page"),
    )
}

/// A service's help page: `/fr/services/{service}`.
fn service_route(locale: Locale) -> (StaticSegment<&'static str>, StaticSegment<&'static str>, ParamSegment) {
    (
        StaticSegment(locale.as_str()),
        StaticSegment("services"),
        ParamSegment("service"),
    )
}

/// A service's request form: `/fr/services/{service}/demande`, `/en/services/{service}/request`.
fn form_route(
    locale: Locale,
) -> (
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
    ParamSegment,
    StaticSegment<&'static str>,
) {
    (
        StaticSegment(locale.as_str()),
        StaticSegment("services"),
        ParamSegment("service"),
        StaticSegment(locale::form_slug(locale)),
    )
}

/// A service's request form as a device with no network starts it:
/// `/fr/services/{service}/demande/hors-ligne`, `/en/services/{service}/request/offline`.
fn offline_form_route(
    locale: Locale,
) -> (
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
    ParamSegment,
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
) {
    (
        StaticSegment(locale.as_str()),
        StaticSegment("services"),
        ParamSegment("service"),
        StaticSegment(locale::form_slug(locale)),
        StaticSegment(Page::Offline.slug(locale)),
    )
}

/// A request's page: `/fr/mes-demarches/{request}`, `/en/my-requests/{request}`.
fn request_route(locale: Locale) -> (StaticSegment<&'static str>, StaticSegment<&'static str>, ParamSegment) {
    (
        StaticSegment(locale.as_str()),
        StaticSegment(Page::MyRequests.slug(locale)),
        ParamSegment("request"),
    )
}

/// A request's withdrawal: `/fr/mes-demarches/{request}/retrait`, `/en/my-requests/{request}/withdraw`.
fn withdraw_route(
    locale: Locale,
) -> (
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
    ParamSegment,
    StaticSegment<&'static str>,
) {
    (
        StaticSegment(locale.as_str()),
        StaticSegment(Page::MyRequests.slug(locale)),
        ParamSegment("request"),
        StaticSegment(locale::withdraw_slug(locale)),
    )
}

/// The router segments of a page below its language prefix (`/fr/aide`).
fn page_path(page: Page, locale: Locale) -> (StaticSegment<&'static str>, StaticSegment<&'static str>) {
    (StaticSegment(locale.as_str()), StaticSegment(page.slug(locale)))
}

/// The route of a console page, whose slug is `administration/…` (a segment cannot hold a `/`).
fn console_path(
    page: Page,
    locale: Locale,
) -> (
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
) {
    let (console, page) = page.slug(locale).split_once('/').unwrap_or(("administration", ""));
    (
        StaticSegment(locale.as_str()),
        StaticSegment(console),
        StaticSegment(page),
    )
}

/// The route of a console page one level further down (`administration/services/manifeste`).
fn console_subpath(
    page: Page,
    locale: Locale,
) -> (
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
    StaticSegment<&'static str>,
) {
    let mut parts = page.slug(locale).splitn(3, '/');
    let mut next = || parts.next().unwrap_or_default();
    let (console, section, page) = (next(), next(), next());
    (
        StaticSegment(locale.as_str()),
        StaticSegment(console),
        StaticSegment(section),
        StaticSegment(page),
    )
}
