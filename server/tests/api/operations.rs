//! Operations endpoints: liveness, readiness, metrics.

use crate::common;

use common::{Backend, spawn};

async fn health_and_readiness_answer(backend: Backend) {
    let app = spawn(backend).await;
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.headers()["cache-control"], "no-store");
    assert_eq!(health.json::<serde_json::Value>().await.unwrap()["status"], "ok");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    assert_eq!(ready.json::<serde_json::Value>().await.unwrap()["database"], "ok");
}

async fn readiness_fails_when_the_database_is_gone(backend: Backend) {
    let app = spawn(backend).await;
    match backend {
        // An embedded database has no server to lose: the portal loses its pool instead.
        Backend::Sqlite => app.db.close().await,
        // The server refuses new connections and drops the portal's open ones.
        Backend::Postgres => {
            use sqlx::Executor;
            let name: String = sqlx::query_scalar("SELECT current_database()::text")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
            let admin = sqlx::PgPool::connect(&common::postgres_admin_url()).await.unwrap();
            admin
                .execute(sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    r#"ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false"#
                ))))
                .await
                .unwrap();
            admin
                .execute(sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
                ))))
                .await
                .unwrap();
        }
    }
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 503);
    let body = ready.json::<serde_json::Value>().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    // Liveness does not depend on the database.
    assert_eq!(app.get("/healthz").await.status(), 200);
}

async fn metrics_count_requests_by_route_and_status_and_show_the_pool(backend: Backend) {
    let app = spawn(backend).await;
    for _ in 0..3 {
        assert_eq!(app.get("/fr/aide").await.status(), 200);
    }
    assert_eq!(app.get("/fr/nulle-part").await.status(), 404);
    let metrics = app.get("/metrics").await;
    assert_eq!(metrics.status(), 200);
    let body = metrics.text().await.unwrap();
    assert!(
        body.contains(r#"portal_http_requests_total{method="GET",route="/fr/aide",status="200"} 3"#),
        "{body}"
    );
    assert!(body.contains(r#"status="404""#), "{body}");
    assert!(body.contains("portal_http_request_duration_seconds_bucket"), "{body}");
    assert!(body.contains(r#"portal_db_pool_connections{state="idle"}"#), "{body}");
    assert!(body.contains("portal_db_pool_max_connections 10"), "{body}");
    // The raw path of an unknown page never becomes a label.
    assert!(!body.contains("nulle-part"));
}

/// A method name a client makes up is refused (405) and never becomes a series of its own: an
/// anonymous client could otherwise add series forever.
async fn an_unknown_method_is_405_and_never_a_new_series(backend: Backend) {
    let app = spawn(backend).await;
    for name in ["FOO", "BREW", "PROPFIND"] {
        let method = reqwest::Method::from_bytes(name.as_bytes()).unwrap();
        let answer = app.client.request(method, app.url("/fr/aide")).send().await.unwrap();
        assert_eq!(answer.status(), 405, "{name}");
    }
    let body = app.get("/metrics").await.text().await.unwrap();
    for name in ["FOO", "BREW", "PROPFIND"] {
        assert!(!body.contains(name), "{name} became a label: {body}");
    }
    assert!(body.contains(r#"method="other""#), "{body}");
}

async fn a_request_id_is_returned_and_kept_when_given(backend: Backend) {
    let app = spawn(backend).await;
    let generated = app.get("/healthz").await;
    let id = generated.headers()["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let given = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["x-request-id"], "abc-123");
}

both_backends!(
    health_and_readiness_answer,
    readiness_fails_when_the_database_is_gone,
    metrics_count_requests_by_route_and_status_and_show_the_pool,
    an_unknown_method_is_405_and_never_a_new_series,
    a_request_id_is_returned_and_kept_when_given,
);
