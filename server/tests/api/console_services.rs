//! The console's services: every service with its state and versions; withdrawing a tile and
//! showing it again from the console is the service API's own operation (the home page follows
//! at once, the journal names the administrator); refusals for citizens and for what is
//! already so. And the service teams' tokens: issued (shown once), rotated, revoked.

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

async fn the_service_api_answers(app: &TestApp, token: &str) -> u16 {
    app.client
        .get(app.url("/api/v1/services/plaintes"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn service_tokens_are_issued_once_rotated_and_revoked(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut alex = signed_in(&app, "demo-admin").await;
    let (status, issued) = post(
        &mut alex,
        "/api/admin/tokens/issue",
        "service=plaintes&label=%C3%89quipe+plaintes&days=30",
    )
    .await;
    assert_eq!(status, 200, "{issued}");
    let token = issued["token"].as_str().unwrap().to_owned();
    assert_eq!(token.len(), 64);
    assert_eq!(the_service_api_answers(&app, &token).await, 200);

    // Listed without the token; journaled without it.
    let (_, listed) = post(&mut alex, "/api/admin/tokens", "").await;
    assert!(listed.to_string().contains("Équipe plaintes") && !listed.to_string().contains(&token));
    let journal: String = sqlx::query_scalar("SELECT details FROM audit_events WHERE action = 'api_token.issue'")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert!(!journal.contains(&token));

    // Refused by name: an unknown service, a bad validity, no holder.
    for (body, part, why) in [
        ("service=inconnu&label=x&days=30", "service", "unknown"),
        ("service=plaintes&label=x&days=731", "days", "days"),
        ("service=plaintes&label=+&days=30", "label", "required"),
    ] {
        let (status, answer) = post(&mut alex, "/api/admin/tokens/issue", body).await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(
            common::field_errors(&answer),
            [(part.to_owned(), why.to_owned())],
            "{body}"
        );
    }

    // Rotated: a new token works, the old one ends within a day.
    let id = issued["id"].as_str().unwrap();
    let (status, rotated) = post(&mut alex, "/api/admin/tokens/rotate", &format!("id={id}")).await;
    assert_eq!(status, 200, "{rotated}");
    let fresh = rotated["token"].as_str().unwrap().to_owned();
    assert_eq!(the_service_api_answers(&app, &fresh).await, 200);
    assert_eq!(
        the_service_api_answers(&app, &token).await,
        200,
        "the old one still works for a while"
    );
    app.clock.advance(time::Duration::hours(25));
    assert_eq!(the_service_api_answers(&app, &token).await, 401);
    assert_eq!(the_service_api_answers(&app, &fresh).await, 200);
    let mut alex = signed_in(&app, "demo-admin").await; // a day later, a new session

    // Without script: the page shows the new token once, from a cookie it then clears.
    let page = "/fr/administration/jetons";
    let form = "application/x-www-form-urlencoded";
    let back = alex
        .send_form(
            "/api/admin/tokens/issue",
            form,
            b"service=plaintes&label=Relais&days=365".to_vec(),
            page,
        )
        .await;
    assert_eq!(back.status(), 302);
    let done = location(&back);
    assert!(
        done.contains("done=issued") && !done.contains("token="),
        "no token in the address: {done}"
    );
    let cookie = back.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Max-Age=120") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let html = alex.get(&done).await.text().await.unwrap();
    let shown = html
        .split("data-testid=\"new-token\"")
        .nth(1)
        .expect("the token, shown once");
    let relay = &shown[shown.find('>').unwrap() + 1..][..64];
    assert!(
        !alex.cookie_names().iter().any(|name| name.contains("new_token")),
        "its cookie is cleared"
    );
    assert_eq!(the_service_api_answers(&app, relay).await, 200);
    let again = alex.get(&done).await.text().await.unwrap();
    assert!(!again.contains(relay), "never shown twice");

    // Revoked: refused at once; revoking again is 404.
    let (_, listed) = post(&mut alex, "/api/admin/tokens", "").await;
    let relay_id = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["label"] == "Relais")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        post(&mut alex, "/api/admin/tokens/revoke", &format!("id={relay_id}"))
            .await
            .0,
        200
    );
    assert_eq!(the_service_api_answers(&app, relay).await, 401);
    assert_eq!(
        post(&mut alex, "/api/admin/tokens/revoke", &format!("id={relay_id}"))
            .await
            .0,
        404
    );
    assert_eq!(app.journal("api_token.rotate").await.len(), 1);
    assert_eq!(app.journal("api_token.revoke").await.len(), 1);
    let html = alex.get("/en/administration/tokens").await.text().await.unwrap();
    assert!(html.contains("Revoked on") && html.contains("Valid until"));
    assert!(
        html.contains("<option value=\"plaintes\">File and follow a complaint (plaintes)"),
        "the published services to choose from"
    );

    let mut camille = signed_in(&app, "demo-citizen-1").await;
    assert_eq!(post(&mut camille, "/api/admin/tokens", "").await.0, 403);
    assert_eq!(
        post(
            &mut camille,
            "/api/admin/tokens/issue",
            "service=plaintes&label=x&days=30"
        )
        .await
        .0,
        403
    );
    assert_eq!(camille.get(page).await.status(), 403);
}

/// The tiles of the home page, in order, each with whether it shows the "new" badge.
async fn home_tiles(app: &TestApp) -> Vec<(String, bool)> {
    let html = app.get("/fr").await.text().await.unwrap();
    let tile = regex::Regex::new(r#"(?s)<li[^>]*class="tile"[^>]*>.*?id="tile-([a-z0-9-]+)".*?</li>"#).unwrap();
    tile.captures_iter(&html)
        .map(|c| (c[1].to_owned(), c[0].contains("class=\"badge\"")))
        .collect()
}

/// The ids of the home page's tiles, in order.
async fn home_order(app: &TestApp) -> Vec<String> {
    home_tiles(app).await.into_iter().map(|(id, _)| id).collect()
}

/// Every service, in the order the console lists them.
async fn console_order(alex: &mut Browser) -> Vec<String> {
    let (_, records) = post(alex, "/api/admin/services", "").await;
    records
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The services a guest sees, in `order` (the demo's surrogacy service is for signed-in people).
fn shown_to_guests(order: &[String]) -> Vec<String> {
    order
        .iter()
        .filter(|id| *id != "grossesse-pour-autrui")
        .cloned()
        .collect()
}

async fn an_administrator_orders_the_tiles_and_sets_their_badge(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut alex = signed_in(&app, "demo-admin").await;
    let before = console_order(&mut alex).await;
    assert_eq!(before.len(), 4, "{before:?}");
    assert_eq!(
        home_order(&app).await,
        shown_to_guests(&before),
        "the home page's order"
    );
    assert!(
        home_tiles(&app).await.iter().all(|(_, new)| *new),
        "the demo's services are new"
    );

    // The last tile one place up, from the page without script.
    let page = "/fr/administration/services";
    let last = before[3].clone();
    let back = alex
        .send_form(
            "/api/admin/services/move",
            "application/x-www-form-urlencoded",
            format!("id={last}&toward=up").into_bytes(),
            page,
        )
        .await;
    assert_eq!(back.status(), 302);
    let html = alex.get(&location(&back)).await.text().await.unwrap();
    assert!(html.contains("La tuile a changé de place sur la page d’accueil."));
    let after = console_order(&mut alex).await;
    assert_eq!(
        after,
        [before[0].clone(), before[1].clone(), last.clone(), before[2].clone()]
    );
    assert_eq!(
        home_order(&app).await,
        shown_to_guests(&after),
        "the home page follows at once"
    );
    let (_, records) = post(&mut alex, "/api/admin/services", "").await;
    assert_eq!(records[2]["position"], 3);
    let moved = app.journal("catalogue.reorder").await;
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].2["toward"], "up");

    // Nothing past either end; a direction that is none; a service that is none.
    let first = &after[0];
    assert_eq!(
        post(&mut alex, "/api/admin/services/move", &format!("id={first}&toward=up"))
            .await
            .0,
        409
    );
    assert_eq!(
        post(
            &mut alex,
            "/api/admin/services/move",
            &format!("id={}&toward=down", before[2])
        )
        .await
        .0,
        409
    );
    assert_eq!(
        post(
            &mut alex,
            "/api/admin/services/move",
            &format!("id={first}&toward=sideways")
        )
        .await
        .0,
        422
    );
    assert_eq!(
        post(&mut alex, "/api/admin/services/move", "id=inconnu&toward=up")
            .await
            .0,
        404
    );
    assert_eq!(
        app.journal("catalogue.reorder").await.len(),
        1,
        "refusals change nothing"
    );

    // The badge: hidden on one tile, shown again, and back to automatic.
    let (status, _) = post(&mut alex, "/api/admin/services/badge", "id=plaintes&badge=hidden").await;
    assert_eq!(status, 200);
    let tiles = home_tiles(&app).await;
    assert!(tiles.iter().all(|(id, new)| *new == (id != "plaintes")), "{tiles:?}");
    let html = alex.get(page).await.text().await.unwrap();
    assert!(
        html.contains(r#"<option value="hidden" selected="">Masquée"#)
            || html.contains(r#"<option value="hidden" selected>Masquée"#),
        "{html}"
    );
    assert_eq!(
        post(&mut alex, "/api/admin/services/badge", "id=plaintes&badge=auto")
            .await
            .0,
        200
    );
    assert!(home_tiles(&app).await.iter().all(|(_, new)| *new));
    assert_eq!(
        post(&mut alex, "/api/admin/services/badge", "id=plaintes&badge=blinking")
            .await
            .0,
        422
    );
    assert_eq!(
        post(&mut alex, "/api/admin/services/badge", "id=inconnu&badge=shown")
            .await
            .0,
        404
    );
    let badges = app.journal("catalogue.badge").await;
    assert_eq!(
        badges
            .iter()
            .map(|(_, _, d)| d["badge"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["hidden", "auto"]
    );

    let mut camille = signed_in(&app, "demo-citizen-1").await;
    assert_eq!(
        post(
            &mut camille,
            "/api/admin/services/move",
            &format!("id={last}&toward=up")
        )
        .await
        .0,
        403
    );
    assert_eq!(
        post(&mut camille, "/api/admin/services/badge", "id=plaintes&badge=hidden")
            .await
            .0,
        403
    );
    assert_eq!(console_order(&mut alex).await, after, "a citizen moved nothing");
    assert_eq!(app.journal("admin.access").await.len(), 2);
}

both_backends!(
    an_administrator_orders_the_tiles_and_sets_their_badge,
    an_administrator_withdraws_a_service_and_shows_it_again,
    service_tokens_are_issued_once_rotated_and_revoked,
);
