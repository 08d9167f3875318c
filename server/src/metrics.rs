//! Prometheus metrics: request counts and latencies by route and status, and database pool use.
//! Each application owns its registry (no global), so tests can run several side by side.

use app::db::Database;
use axum::{
    extract::{MatchedPath, Request, State},
    http::{Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use prometheus_client::{
    encoding::{EncodeLabelSet, text::encode},
    metrics::{counter::Counter, family::Family, gauge::Gauge, histogram::Histogram},
    registry::Registry,
};
use std::{sync::Arc, time::Instant};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: &'static str,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// The portal's metrics and their registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram>,
    pool: Family<PoolLabels, Gauge>,
}

impl Metrics {
    /// Registers every metric; `pool_max` is the configured pool size.
    pub fn new(pool_max: u32) -> Metrics {
        let mut registry = Registry::with_prefix("portal");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RequestLabels, Histogram>::new_with_constructor(|| {
            Histogram::new([
                0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
            ])
        });
        let pool = Family::<PoolLabels, Gauge>::default();
        let max: Gauge = Gauge::default();
        max.set(i64::from(pool_max));
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register("db_pool_connections", "Database connections by state", pool.clone());
        registry.register("db_pool_max_connections", "Configured size of the database pool", max);
        Metrics {
            registry,
            requests,
            latency,
            pool,
        }
    }

    fn observe(&self, labels: RequestLabels, seconds: f64) {
        self.requests.get_or_create(&labels).inc();
        self.latency.get_or_create(&labels).observe(seconds);
    }

    /// The text exposition, with the pool gauges read now.
    pub fn render(&self, db: &Database) -> String {
        let (size, idle) = db.pool_usage();
        self.pool
            .get_or_create(&PoolLabels { state: "idle" })
            .set(i64::from(idle));
        self.pool
            .get_or_create(&PoolLabels { state: "in_use" })
            .set(i64::from(size.saturating_sub(idle)));
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

/// The methods the portal answers, as metric labels; `None` for any other.
fn known_method(method: &Method) -> Option<&'static str> {
    Some(match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => return None,
    })
}

/// Middleware: counts and times every request under its route pattern and method (never the
/// raw path or a method name a client made up, so the number of series stays bounded and no
/// identifier leaks into the metrics). A method the portal does not know is refused at once
/// (405) and counted as "other".
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_owned(), |p| p.as_str().to_owned());
    let method = known_method(request.method());
    let started = Instant::now();
    let response = match method {
        Some(_) => next.run(request).await,
        None => StatusCode::METHOD_NOT_ALLOWED.into_response(),
    };
    let method = method.unwrap_or("other");
    let labels = RequestLabels {
        method,
        route,
        status: response.status().as_u16(),
    };
    metrics.observe(labels, started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`.
pub async fn endpoint(State(metrics): State<Arc<Metrics>>, State(db): State<Database>) -> impl IntoResponse {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        metrics.render(&db),
    )
}
