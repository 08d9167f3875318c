//! `Application::build`: the one way the portal starts, for the binary, the integration tests
//! and the browser tests alike. It opens the database, applies migrations, binds the listener
//! (port 0 picks a free one) and assembles the router. `work_until_stopped` is the other way:
//! `server work`, the workers without pages.

use crate::{
    config::{ConfigError, Settings},
    identity::{self, Identity, SharedIdentity, csrf::refuse_cross_site, sessions::resolve_session},
    metrics,
    middleware::{
        BodyLimits, Hsts, cache_control, language_redirect, limit_body, panic_response, security_headers,
        server_fn_status,
    },
    routes::{health, site_files},
    state::AppState,
    workers::WorkerSettings,
};
use app::{
    App,
    audit::{AuditEvent, Outcome},
    clock::Clock,
    db::{Database, DbError},
    shell,
};
use axum::{
    Router,
    extract::Request,
    http::StatusCode,
    middleware::{from_fn, from_fn_with_state},
    routing::get,
};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use std::{
    future::Future,
    net::SocketAddr,
    sync::{Arc, OnceLock},
    time::Duration,
};
use tokio::net::TcpListener;
use tower_http::{
    LatencyUnit,
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use tracing::Level;

/// Why the portal could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Database(#[from] DbError),
    #[error("cannot record the start in the audit journal or load the demo catalogue: {0}")]
    Audit(sqlx::Error),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("invalid configuration: {0}")]
    Identity(String),
    #[error(
        "this database holds the demo catalogue's public credentials ({}): rotate each signing key \
         (server rotate-signing-key --service <id>) and revoke each demo token (server revoke-token --id <id>, \
         see server list-tokens) before starting in production",
        .0.join(", ")
    )]
    DemoCredentials(Vec<String>),
}

/// In production, refuses a database that still holds the demo catalogue's public credentials.
async fn refuse_demo_credentials(settings: &Settings, db: &Database) -> Result<(), StartupError> {
    if settings.env != crate::config::Environment::Production {
        return Ok(());
    }
    let left = crate::service_api::demo::credentials_left(db)
        .await
        .map_err(StartupError::Audit)?;
    if left.is_empty() {
        Ok(())
    } else {
        Err(StartupError::DemoCredentials(left))
    }
}

/// A portal ready to serve: database migrated, port bound.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: Database,
    identity: SharedIdentity,
    local_addr: SocketAddr,
    grace: Duration,
    header_read_timeout: Duration,
    /// The workers' settings, and whether this process runs them.
    workers: Option<WorkerSettings>,
}

impl Application {
    /// Builds the portal on `leptos_options.site_addr` (use port 0 for a free port).
    pub async fn build(settings: &Settings, leptos_options: LeptosOptions) -> Result<Application, StartupError> {
        Application::build_with_clock(settings, leptos_options, Clock::default()).await
    }

    /// Like [`Application::build`], on a clock the caller controls (tests move it forward).
    pub async fn build_with_clock(
        settings: &Settings,
        leptos_options: LeptosOptions,
        clock: Clock,
    ) -> Result<Application, StartupError> {
        let identity = Arc::new(Identity::from_settings(settings, clock).map_err(StartupError::Identity)?);
        let db = Database::connect(settings.database.url.expose(), settings.database.max_connections).await?;
        db.migrate().await?;
        refuse_demo_credentials(settings, &db).await?;
        record_start(&db, &identity, "web").await.map_err(StartupError::Audit)?;
        if settings.demo_catalogue {
            let tokens = crate::service_api::demo::load(&db, identity.clock.now())
                .await
                .map_err(StartupError::Audit)?;
            // Printed, not logged: these public demo tokens are for the developer at the console.
            println!("Demo catalogue loaded (development only). Service tokens for /api/v1/:");
            for (service, token) in tokens {
                println!("  {service}: {token}");
            }
        }
        let addr = leptos_options.site_addr;
        let listener = TcpListener::bind(addr).await.map_err(|e| StartupError::Bind(addr, e))?;
        let local_addr = listener.local_addr().map_err(|e| StartupError::Bind(addr, e))?;
        let workers = WorkerSettings::from_settings(settings);
        let feedback = app::feedback::tickets::TicketKey::load(&db)
            .await
            .map_err(StartupError::Audit)?;
        let seal = settings.seal.seal(settings.env)?;
        let state = AppState::new(
            settings,
            leptos_options,
            db.clone(),
            identity.clone(),
            workers.wake.clone(),
            feedback,
            seal,
        );
        Ok(Application {
            router: router(state, settings),
            listener,
            db,
            identity,
            local_addr,
            grace: Duration::from_secs(settings.http.shutdown_grace_seconds),
            header_read_timeout: Duration::from_secs(settings.http.header_read_timeout_seconds),
            workers: settings.jobs.run_workers.then_some(workers),
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    /// The portal's own database handle (shares the pool the handlers use).
    pub fn db(&self) -> Database {
        self.db.clone()
    }

    /// The identity side (its clock, sessions purge), for tests and workers.
    pub fn identity(&self) -> SharedIdentity {
        self.identity.clone()
    }

    /// The bound address.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish (up to the grace
    /// period) and closes the database pool.
    pub async fn run_until_stopped(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
        let server = crate::connections::serve(self.listener, self.router, self.header_read_timeout, async move {
            shutdown.await;
            tracing::info!("shutting down: finishing requests in flight");
            let _ = stopping_tx.send(());
        });
        let mut workers = match self.workers {
            Some(settings) => crate::workers::spawn(self.db.clone(), self.identity.clone(), settings),
            None => tokio::task::JoinSet::new(),
        };
        let grace = self.grace;
        let deadline = async move {
            let _ = stopping_rx.await;
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            () = server => {}
            () = deadline => tracing::warn!("grace period over: dropping the requests still in flight"),
        }
        workers.abort_all();
        self.db.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// The pages' routes, listed once per process. While Leptos lists them it tells every resource
/// in the process not to load (a process-wide flag, leptos#4773), and a page rendering at that
/// moment waits forever: a second portal in the same process (the tests start many) must never
/// list them while the first serves.
fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState, settings: &Settings) -> Router {
    let leptos_options = state.leptos_options.clone();
    let routes = route_list();
    let metrics = state.metrics.clone();
    let identity = state.identity.clone();
    let sessions = (identity.clone(), state.portal.db.clone());
    let contexts = state.contexts();
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::endpoint))
        .merge(identity::routes::router(identity.clone(), state.portal.db.clone()))
        .merge(crate::service_api::router())
        .merge(crate::routes::signatures::router())
        .merge(crate::routes::feedback::router())
        .merge(crate::routes::journal::router())
        .merge(crate::routes::usage::router())
        .merge(crate::routes::pwa::router(&leptos_options))
        .leptos_routes_with_context(&state, routes, contexts.clone(), {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(site_files::fallback(leptos_options, contexts, shell))
        .with_state(state)
        // Layers run bottom-up on the way in: the request id comes first, then tracing, …
        .layer(from_fn(server_fn_status))
        .layer(from_fn_with_state(sessions, resolve_session))
        .layer(from_fn_with_state(identity, refuse_cross_site))
        .layer(from_fn_with_state(metrics, metrics::track))
        .layer(from_fn(cache_control))
        .layer(from_fn_with_state(
            Hsts(settings.http.served_over_https()),
            security_headers,
        ))
        .layer(from_fn(language_redirect))
        .layer(CompressionLayer::new())
        .layer(from_fn_with_state(
            BodyLimits::new(settings.http.max_body_bytes, settings.http.max_concurrent_uploads),
            limit_body,
        ))
        // A request that takes too long, its body included, is answered 408: a slow or stalled
        // client cannot hold a connection.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(settings.http.request_timeout_seconds),
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &Request| {
                    let request_id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    // The path only: query strings may carry what does not belong in logs.
                    tracing::info_span!("request", method = %request.method(), path = %request.uri().path(), request_id)
                })
                // One line per answered request, with its status and latency.
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                ),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// `server work`: the workers of one process, without pages, until `shutdown` completes; jobs
/// in the middle of an attempt are left to their lease, and another process takes them over.
pub async fn work_until_stopped(
    settings: &Settings,
    shutdown: impl std::future::Future<Output = ()>,
) -> Result<(), StartupError> {
    let identity = Arc::new(Identity::from_settings(settings, Clock::default()).map_err(StartupError::Identity)?);
    let db = Database::connect(settings.database.url.expose(), settings.database.max_connections).await?;
    db.migrate().await?;
    refuse_demo_credentials(settings, &db).await?;
    record_start(&db, &identity, "work")
        .await
        .map_err(StartupError::Audit)?;
    let mut workers = crate::workers::spawn(db.clone(), identity, WorkerSettings::from_settings(settings));
    tracing::info!(workers = settings.delivery.workers, "Votre santé workers are running");
    shutdown.await;
    tracing::info!("shutting down: workers stop, their leases let other processes take over");
    workers.abort_all();
    while workers.join_next().await.is_some() {}
    db.close().await;
    Ok(())
}

/// Journals each start, so a citizen's journey can be read against the portal's deployments.
async fn record_start(db: &Database, identity: &Identity, role: &str) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let event = AuditEvent {
        details: Some(serde_json::json!({ "version": env!("CARGO_PKG_VERSION"), "role": role })),
        ..AuditEvent::new("system", "system.start", Outcome::Success)
    };
    app::audit::db::record(&mut tx, &event, identity.clock.now()).await?;
    tx.commit().await
}
