//! Where health data may go: a service's endpoints inside the network are refused unless an
//! operator allowed their host, at publication and again at delivery; a change of endpoints is
//! journaled; a delivery never follows a redirect.

use crate::common;

use common::requests::{
    KEY, Service, citizen_with_complete_draft, complaints_to, eventually, portal, portal_with, scalar, submit,
};
use common::{Backend, TestApp};
use serde_json::Value;
use server::config::Settings;

async fn put(app: &TestApp, manifest: &Value) -> (u16, Value) {
    let response = app
        .client
        .put(app.url("/api/v1/services/plaintes"))
        .bearer_auth(server::service_api::demo::demo_token("plaintes"))
        .header("accept-language", "en")
        .json(manifest)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

fn codes(answer: &Value) -> Vec<(String, String)> {
    answer["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn endpoints_inside_the_network_are_refused_unless_allowed_and_changes_journaled(backend: Backend) {
    let (_service, address) = Service::start().await;
    // Only 127.0.0.1 is allowed: the test service's own address.
    let app = portal(backend, &address).await;
    let before = app.journal("catalogue.endpoints").await;
    assert_eq!(before.len(), 1, "publishing v2 changed the demo's endpoints");
    assert_eq!(before[0].2["after"]["submissions"], format!("{address}/submissions"));
    assert_eq!(
        before[0].2["before"]["submissions"],
        "http://127.0.0.1:3200/plaintes/submissions"
    );

    for inside in [
        "http://169.254.169.254/latest",
        "http://10.0.0.8",
        "http://[::1]:8080",
        "http://localhost:3200",
        "http://0x0a000001",
    ] {
        let (status, answer) = put(&app, &complaints_to(inside, 3)).await;
        assert_eq!(status, 422, "{inside}: {answer}");
        assert_eq!(
            codes(&answer),
            [
                ("endpoints.submissions".to_owned(), "internal_address".to_owned()),
                ("endpoints.withdrawals".to_owned(), "internal_address".to_owned()),
            ],
            "{inside}"
        );
        assert!(
            answer["problems"][0]["message"]
                .as_str()
                .unwrap()
                .contains("inside the network")
        );
    }
    // Nothing was published or journaled by the refusals.
    let mut conn = app.db.pool().acquire().await.unwrap();
    assert!(
        !app::catalogue::db::has_version(&mut conn, &"plaintes".into(), 3)
            .await
            .unwrap()
    );
    drop(conn);
    assert_eq!(app.journal("catalogue.endpoints").await.len(), 1);

    // A new version with the same endpoints is not an endpoint change; a new host is.
    assert_eq!(put(&app, &complaints_to(&address, 3)).await.0, 200);
    assert_eq!(app.journal("catalogue.endpoints").await.len(), 1);
    assert_eq!(put(&app, &complaints_to("https://service.example", 4)).await.0, 200);
    let journal = app.journal("catalogue.endpoints").await;
    assert_eq!(journal.len(), 2);
    assert_eq!(journal[1].0, "service:plaintes");
    assert_eq!(journal[1].2["before"]["submissions"], format!("{address}/submissions"));
    assert_eq!(
        journal[1].2["after"]["withdrawals"],
        "https://service.example/withdrawals"
    );

    // Without the operator's allowance, the test service's own address is refused too.
    let closed = portal_with(backend, "https://service.example", |mut s: Settings| {
        s.delivery.allowed_hosts = String::new();
        s
    })
    .await;
    let (status, answer) = put(&closed, &complaints_to(&address, 3)).await;
    assert_eq!((status, codes(&answer)[0].1.as_str()), (422, "internal_address"));
}

async fn a_delivery_is_never_redirected_nor_sent_where_the_rules_refuse(backend: Backend) {
    let (service, address) = Service::start().await;
    // A redirection is refused for good: the service's other route never hears of it.
    service.answer(307);
    let app = portal(backend, &address).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    assert_eq!(submit(&mut camille, KEY).await.0, 200);
    eventually(async || !app.journal("delivery.refused").await.is_empty()).await;
    assert_eq!(service.count(), 1, "the redirect was not followed");
    let refused = app.journal("delivery.refused").await;
    assert_eq!(refused[0].2["outcome"], "HTTP 307 (redirects are not followed)");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM jobs WHERE state = 'dead'").await, 1);

    // A job written under older rules, to a destination they now refuse: never sent.
    sqlx::query("UPDATE jobs SET state = 'pending', attempts = 0, lease_until = NULL, destination = $1, next_attempt_at = created_at")
        .bind(format!("{}/submissions", address.replace("127.0.0.1", "localhost")))
        .execute(app.db.pool())
        .await
        .unwrap();
    service.answer(200);
    eventually(async || app.journal("delivery.refused").await.len() == 2).await;
    let refused = app.journal("delivery.refused").await;
    assert_eq!(refused[1].2["outcome"], "destination refused (InternalAddress)");
    assert_eq!(service.count(), 1, "nothing went to the refused destination");
}

both_backends!(
    endpoints_inside_the_network_are_refused_unless_allowed_and_changes_journaled,
    a_delivery_is_never_redirected_nor_sent_where_the_rules_refuse,
);
