//! The console's services: every service with its state and versions; withdrawing a tile and
//! showing it again from the console is the service API's own operation (the home page follows
//! at once, the journal names the administrator); refusals for citizens and for what is
//! already so.

use crate::common;

use common::browser::{Browser, location};
use common::notices::post;
use common::{Backend, TestApp, spawn_demo};

async fn signed_in(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    browser
}

async fn home_shows(app: &TestApp, title: &str) -> bool {
    app.get("/fr").await.text().await.unwrap().contains(title)
}

async fn an_administrator_withdraws_a_service_and_shows_it_again(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut alex = signed_in(&app, "demo-admin").await;
    let (status, records) = post(&mut alex, "/api/admin/services", "").await;
    assert_eq!(status, 200, "{records}");
    let complaints = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "plaintes")
        .expect("the demo's complaints")
        .clone();
    assert_eq!(complaints["withdrawn_at"], serde_json::Value::Null);
    assert_eq!(complaints["versions"][0][0], complaints["current_version"]);
    assert!(home_shows(&app, "Porter plainte et suivre sa plainte").await);

    let (status, answer) = post(&mut alex, "/api/admin/services/show", "id=plaintes&shown=false").await;
    assert_eq!(status, 200, "{answer}");
    assert!(
        !home_shows(&app, "Porter plainte et suivre sa plainte").await,
        "the tile is gone at once"
    );
    assert_eq!(
        post(&mut alex, "/api/admin/services/show", "id=plaintes&shown=false")
            .await
            .0,
        409
    );
    let withdrawn = app.journal("catalogue.withdraw").await;
    assert_eq!(withdrawn.len(), 1);
    assert!(
        !withdrawn[0].0.starts_with("service:"),
        "the administrator is the actor"
    );
    let (_, records) = post(&mut alex, "/api/admin/services", "").await;
    let state = records
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "plaintes")
        .unwrap()["withdrawn_at"]
        .clone();
    assert!(state.is_string());

    // The page, without script: the plain form comes back with what it did.
    let page = "/fr/administration/services";
    let html = alex.get(page).await.text().await.unwrap();
    assert!(
        html.contains("Retiré le") && html.contains("Afficher de nouveau"),
        "{html}"
    );
    let back = alex
        .send_form(
            "/api/admin/services/show",
            "application/x-www-form-urlencoded",
            b"id=plaintes&shown=true".to_vec(),
            page,
        )
        .await;
    assert_eq!(back.status(), 302);
    let done = location(&back);
    assert!(done.contains("done=restored"), "{done}");
    let html = alex.get(&done).await.text().await.unwrap();
    assert!(html.contains("Le service est affiché de nouveau."));
    assert!(home_shows(&app, "Porter plainte et suivre sa plainte").await);
    assert_eq!(app.journal("catalogue.restore").await.len(), 1);
    let html = alex.get("/en/administration/services").await.text().await.unwrap();
    assert!(html.contains("On show") && html.contains("File and follow a complaint"));

    assert_eq!(
        post(&mut alex, "/api/admin/services/show", "id=inconnu&shown=false")
            .await
            .0,
        404
    );
    let mut camille = signed_in(&app, "demo-citizen-1").await;
    assert_eq!(post(&mut camille, "/api/admin/services", "").await.0, 403);
    assert_eq!(
        post(&mut camille, "/api/admin/services/show", "id=plaintes&shown=false")
            .await
            .0,
        403
    );
    assert_eq!(camille.get(page).await.status(), 403);
    assert!(
        home_shows(&app, "Porter plainte et suivre sa plainte").await,
        "a citizen changed nothing"
    );
    assert_eq!(app.journal("admin.access").await.len(), 3);
}

both_backends!(an_administrator_withdraws_a_service_and_shows_it_again);
