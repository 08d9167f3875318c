//! The application state, held once: what the router's handlers reach (through axum's
//! `FromRef`, each the part it needs) and what pages and server functions reach (the one
//! [`Portal`] context, provided to every render from here).

use crate::{config::Settings, identity::SharedIdentity, metrics::Metrics};
use app::api::Portal;
use app::db::Database;
use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, provide_context};
use std::sync::Arc;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    /// The database, sign-in rules and clock, policies and caches, shared with the pages.
    pub portal: Arc<Portal>,
    pub metrics: Arc<Metrics>,
    pub identity: SharedIdentity,
    /// The key the SMS gateway signs its receipts with; none without a gateway.
    pub sms_receipt_secret: Option<crate::config::Secret>,
}

impl AppState {
    /// The state of a portal on `db`, with the policies from `settings`; `wake` is rung when a
    /// job is written, so this process's workers carry it at once.
    pub fn new(
        settings: &Settings,
        leptos_options: LeptosOptions,
        db: Database,
        identity: SharedIdentity,
        wake: Arc<tokio::sync::Notify>,
        feedback: app::feedback::tickets::TicketKey,
        seal: Option<app::signatures::seal::Seal>,
    ) -> AppState {
        let portal = Portal {
            db,
            auth: identity.context(settings),
            drafts: app::drafts::api::DraftPolicy {
                retention: time::Duration::days(i64::from(settings.jobs.draft_retention_days)),
            },
            deliveries: app::requests::api::DeliveryPolicy {
                retry_for: time::Duration::hours(i64::from(settings.delivery.retry_hours)),
                wake,
            },
            tiles: Default::default(),
            news: Default::default(),
            health: Default::default(),
            manifests: Default::default(),
            destinations: crate::destinations::from_settings(settings),
            channels: crate::channels::from_settings(settings),
            feedback,
            seal: seal.map(Arc::new),
        };
        AppState {
            leptos_options,
            portal: Arc::new(portal),
            metrics: Arc::new(Metrics::new(settings.database.max_connections)),
            identity,
            sms_receipt_secret: settings.sms.sms_receipt_secret.clone(),
        }
    }

    /// What pages and server functions read from the server, provided to one render; the
    /// "page not found" fallback renders the same shell, so it gets the same.
    pub fn contexts(&self) -> impl Fn() + Clone + Send + Sync + 'static {
        let portal = self.portal.clone();
        move || provide_context(portal.clone())
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Database {
    fn from_ref(state: &AppState) -> Self {
        state.portal.db.clone()
    }
}

impl FromRef<AppState> for Arc<Metrics> {
    fn from_ref(state: &AppState) -> Self {
        state.metrics.clone()
    }
}

impl FromRef<AppState> for SharedIdentity {
    fn from_ref(state: &AppState) -> Self {
        state.identity.clone()
    }
}
