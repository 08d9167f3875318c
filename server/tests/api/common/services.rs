//! What a service team does in the tests: a token of its own, a manifest published through
//! the service API, the demo manifests to start from.

use super::TestApp;
use serde_json::Value;

/// A demo manifest, by its id.
pub fn demo(id: &str) -> Value {
    app::catalogue::demo::MANIFESTS
        .iter()
        .map(|json| serde_json::from_str::<Value>(json).unwrap())
        .find(|m| m["id"] == id)
        .unwrap()
}

/// A new API token for a service.
pub async fn token_for(app: &TestApp, service: &str) -> String {
    let token = format!("test-token-{service}-{}", uuid::Uuid::new_v4());
    let mut conn = app.db.pool().acquire().await.unwrap();
    let valid_for = time::Duration::days(30);
    app::auth::api_tokens::issue(&mut conn, &service.into(), "test", &token, app.clock.now(), valid_for)
        .await
        .unwrap();
    token
}

/// `PUT /api/v1/services/{id}` with a JSON body; returns (status, JSON answer).
pub async fn put(app: &TestApp, id: &str, token: &str, manifest: &Value) -> (u16, Value) {
    let response = app
        .client
        .put(app.url(&format!("/api/v1/services/{id}")))
        .bearer_auth(token)
        .header("accept-language", "en")
        .json(manifest)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}
