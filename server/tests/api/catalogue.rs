//! The service-team API and the catalogue it feeds: publishing with a per-service token, every
//! class of invalid manifest refused with its path and nothing changed, versions, withdrawal,
//! tiles independent of each other, and the demo catalogue.

use crate::common;

use common::services::{demo, put, token_for};
use common::{Backend, TestApp, spawn, spawn_with};
use serde_json::{Value, json};

/// A raw `PUT` of the service API, as a hand-written client would send it.
async fn put_raw(app: &TestApp, id: &str, token: &str, content_type: &str, body: String) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/v1/services/{id}")))
        .bearer_auth(token)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn get_manifest(app: &TestApp, id: &str, token: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url(&format!("/api/v1/services/{id}")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The tiles a guest sees, as the home page asks for them.
async fn tiles(app: &TestApp) -> Vec<Value> {
    let mut browser = app.browser();
    let response = browser.post("/api/catalogue/tiles", "").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn problems(answer: &Value) -> Vec<(String, String)> {
    answer["problems"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn a_service_publishes_its_manifest_and_its_tile_shows(backend: Backend) {
    let app = spawn(backend).await;
    let token = token_for(&app, "plaintes").await;
    let manifest = demo("plaintes");

    let response = put_raw(&app, "plaintes", &token, "application/json", manifest.to_string()).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["location"], "/api/v1/services/plaintes");
    let created: Value = response.json().await.unwrap();
    assert_eq!((&created["id"], &created["version"]), (&json!("plaintes"), &json!(1)));
    // The key the service checks deliveries with, shown once, kept by the portal.
    let secret = created["signing_secret"].as_str().unwrap().to_owned();
    assert_eq!(secret.len(), 64);
    let mut conn = app.db.pool().acquire().await.unwrap();
    let kept = app::catalogue::db::signing_secret(&mut conn, &"plaintes".into())
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some(secret.as_str()));
    drop(conn);

    let (status, stored) = get_manifest(&app, "plaintes", &token).await;
    assert_eq!(status, 200);
    assert_eq!(stored["help"]["about"], manifest["help"]["about"]);
    let shown = tiles(&app).await;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0]["title"]["fr"], "Porter plainte et suivre sa plainte");
    assert_eq!(shown[0]["is_new"], true);
    let home = app.get("/fr").await.text().await.unwrap();
    assert!(
        home.contains("Porter plainte et suivre sa plainte"),
        "the tile is server-rendered"
    );
    let help = app.get("/en/services/plaintes").await;
    assert_eq!(help.status(), 200);
    assert!(help.text().await.unwrap().contains("within 45 days"));
    let journal = app.journal("catalogue.publish").await;
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].0, "service:plaintes");
    assert_eq!(journal[0].2["version"], 1);
}

async fn every_class_of_invalid_manifest_is_refused_by_path_and_changes_nothing(backend: Backend) {
    let app = spawn(backend).await;
    let token = token_for(&app, "plaintes").await;
    assert_eq!(put(&app, "plaintes", &token, &demo("plaintes")).await.0, 201);

    let mut cases: Vec<(Value, &str, &str)> = Vec::new();
    let mut missing_en = demo("plaintes");
    missing_en["version"] = json!(2);
    missing_en["form"]["steps"][1]["fields"][3]["label"]
        .as_object_mut()
        .unwrap()
        .remove("en");
    cases.push((
        missing_en,
        "form.steps[1].fields[3].label.en",
        "form.steps[1].fields[3].label.en is missing",
    ));
    let mut missing_fr = demo("plaintes");
    missing_fr["version"] = json!(2);
    missing_fr["help"]["contact"]["fr"] = json!("");
    cases.push((missing_fr, "help.contact.fr", "help.contact.fr is missing"));
    let mut wrong_type = demo("plaintes");
    wrong_type["version"] = json!(2);
    wrong_type["form"]["steps"][0]["fields"][2]["required"] = json!("yes");
    cases.push((wrong_type, "form.steps[0].fields[2]", "is malformed"));
    let mut unknown_kind = demo("plaintes");
    unknown_kind["version"] = json!(2);
    unknown_kind["form"]["steps"][0]["fields"][0]["type"] = json!("hologram");
    cases.push((unknown_kind, "form.steps[0].fields[0]", "is malformed"));
    let mut typo = demo("plaintes");
    typo["version"] = json!(2);
    typo["help"]["contakt"] = json!({"fr": "x", "en": "x"});
    cases.push((typo, "help", "is malformed"));
    let mut backwards = demo("plaintes");
    backwards["version"] = json!(2);
    backwards["form"]["steps"][0]["fields"][0]["visible_when"] = json!({"field": "consent"});
    cases.push((
        backwards,
        "form.steps[0].fields[0].visible_when.field",
        "must name a field placed before this one",
    ));
    let mut no_end = demo("plaintes");
    no_end["version"] = json!(2);
    no_end["statuses"] = json!([{"id": "recue", "label": {"fr": "Reçue", "en": "Received"}}]);
    cases.push((no_end, "statuses", "must have at least one terminal status"));
    let mut other_id = demo("plaintes");
    other_id["version"] = json!(2);
    other_id["id"] = json!("plaintes-bis");
    cases.push((other_id, "id", "does not match the service in the address"));
    let mut bad_url = demo("plaintes");
    bad_url["version"] = json!(2);
    bad_url["endpoints"]["submissions"] = json!("javascript:alert(1)");
    cases.push((
        bad_url,
        "endpoints.submissions",
        "must be an http:// or https:// address",
    ));

    for (manifest, path, message) in cases {
        let (status, answer) = put(&app, "plaintes", &token, &manifest).await;
        assert_eq!(status, 422, "{path}: {answer}");
        assert_eq!(answer["error"], "invalid_manifest");
        let found = problems(&answer);
        let at = |p: &str| p == path || p.starts_with(&format!("{path}.")) || p.starts_with(&format!("{path}["));
        assert!(
            found.iter().any(|(p, m)| at(p) && m.contains(message)),
            "{path} / {message} not in {found:?}"
        );
    }

    let response = put_raw(
        &app,
        "plaintes",
        &token,
        "application/json",
        "{\"id\": \"plaintes\", ".to_owned(),
    )
    .await;
    assert_eq!(response.status(), 422);
    let response = put_raw(&app, "plaintes", &token, "text/plain", demo("plaintes").to_string()).await;
    assert_eq!(response.status(), 415);

    // In French by default.
    let mut missing_en = demo("plaintes");
    missing_en["version"] = json!(2);
    missing_en["title"]["en"] = json!(" ");
    let response = put_raw(&app, "plaintes", &token, "application/json", missing_en.to_string()).await;
    let answer: Value = response.json().await.unwrap();
    assert_eq!(
        problems(&answer),
        [("title.en".to_owned(), "title.en est manquant".to_owned())]
    );

    let (_, stored) = get_manifest(&app, "plaintes", &token).await;
    assert_eq!(stored, demo("plaintes"), "nothing changed");
    assert_eq!(app.journal("catalogue.publish").await.len(), 1);
}

async fn tokens_act_for_their_own_service_only(backend: Backend) {
    let app = spawn(backend).await;
    let complaints = token_for(&app, "plaintes").await;
    let screening = token_for(&app, "depistage-cancer").await;
    assert_eq!(put(&app, "plaintes", &complaints, &demo("plaintes")).await.0, 201);

    let mut changed = demo("plaintes");
    changed["version"] = json!(2);
    changed["title"]["fr"] = json!("Détourné");
    let (status, answer) = put(&app, "plaintes", &screening, &changed).await;
    assert_eq!((status, answer["error"].as_str()), (403, Some("forbidden")));
    let denied = app.journal("catalogue.publish").await;
    assert_eq!(denied.last().unwrap().0, "service:depistage-cancer");
    assert_eq!(denied.last().unwrap().1, "denied");

    for token in ["wrong", ""] {
        let (status, answer) = put(&app, "plaintes", token, &changed).await;
        assert_eq!(status, 401, "{answer}");
    }
    let response = app
        .client
        .put(app.url("/api/v1/services/plaintes"))
        .json(&changed)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    let response = app
        .client
        .delete(app.url("/api/v1/services/plaintes"))
        .bearer_auth(&screening)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);

    // A revoked token stops working.
    let mut conn = app.db.pool().acquire().await.unwrap();
    use sqlx::Row;
    let id: String = sqlx::query("SELECT id FROM api_tokens WHERE service = 'plaintes'")
        .fetch_one(&mut *conn)
        .await
        .unwrap()
        .get("id");
    app::auth::api_tokens::revoke(&mut conn, &id, app.clock.now())
        .await
        .unwrap();
    assert_eq!(put(&app, "plaintes", &complaints, &changed).await.0, 401);

    // So does an expired one, at the instant it expires.
    app.clock.advance(time::Duration::days(30));
    let (status, answer) = put(&app, "plaintes", &screening, &changed).await;
    assert_eq!((status, answer["error"].as_str()), (401, Some("unauthorized")));

    // Each refusal of a presented token is journaled with its reason, never with the token; a
    // call without a token is not an attempt.
    let refused = app.journal("api_token.refused").await;
    let seen: Vec<(&str, &str, &str)> = refused
        .iter()
        .map(|(actor, outcome, details)| (actor.as_str(), outcome.as_str(), details["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            ("anonymous", "denied", "unknown"),
            ("service:plaintes", "denied", "revoked"),
            ("service:depistage-cancer", "denied", "expired"),
        ]
    );
    assert_eq!(refused[1].2["token_id"], id.as_str());
    assert!(refused[0].2["token_id"].is_null());
    let details: Vec<Option<String>> = sqlx::query("SELECT details FROM audit_events")
        .fetch_all(&mut *conn)
        .await
        .unwrap()
        .iter()
        .map(|row| row.get("details"))
        .collect();
    let journal = details.into_iter().flatten().collect::<String>();
    assert!(!journal.contains(&complaints) && !journal.contains(&screening) && !journal.contains("wrong"));

    assert_eq!(
        tiles(&app).await[0]["title"]["fr"],
        "Porter plainte et suivre sa plainte",
        "nothing changed"
    );
}

async fn a_new_version_applies_and_older_ones_stay_readable(backend: Backend) {
    let app = spawn(backend).await;
    let token = token_for(&app, "plaintes").await;
    assert_eq!(put(&app, "plaintes", &token, &demo("plaintes")).await.0, 201);

    let mut second = demo("plaintes");
    second["version"] = json!(2);
    second["title"]["fr"] = json!("Porter plainte");
    second["title"]["en"] = json!("File a complaint");
    let (status, answer) = put(&app, "plaintes", &token, &second).await;
    assert_eq!((status, answer), (200, json!({"id": "plaintes", "version": 2})));
    for stale in [1, 2] {
        let mut again = second.clone();
        again["version"] = json!(stale);
        let (status, answer) = put(&app, "plaintes", &token, &again).await;
        assert_eq!((status, answer["error"].as_str()), (409, Some("stale_version")));
    }
    assert_eq!(tiles(&app).await[0]["title"]["en"], "File a complaint");
    let mut conn = app.db.pool().acquire().await.unwrap();
    let first = app::catalogue::db::ManifestCache::default()
        .version(&mut conn, &"plaintes".into(), 1)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first.title.en, "File and follow a complaint");
    let (_, current) = get_manifest(&app, "plaintes", &token).await;
    assert_eq!(current["version"], 2);
}

async fn a_withdrawn_or_broken_tile_hides_alone(backend: Backend) {
    let app = spawn(backend).await;
    let complaints = token_for(&app, "plaintes").await;
    let care = token_for(&app, "orientation-soins").await;
    let screening = token_for(&app, "depistage-cancer").await;
    assert_eq!(put(&app, "plaintes", &complaints, &demo("plaintes")).await.0, 201);
    assert_eq!(
        put(&app, "orientation-soins", &care, &demo("orientation-soins"))
            .await
            .0,
        201
    );
    assert_eq!(
        put(&app, "depistage-cancer", &screening, &demo("depistage-cancer"))
            .await
            .0,
        201
    );
    assert_eq!(tiles(&app).await.len(), 3);

    let response = app
        .client
        .delete(app.url("/api/v1/services/plaintes"))
        .bearer_auth(&complaints)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let response = app
        .client
        .delete(app.url("/api/v1/services/plaintes"))
        .bearer_auth(&complaints)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(app.get("/fr/services/plaintes").await.status(), 404);
    assert_eq!(app.journal("catalogue.withdraw").await.len(), 1);

    // A stored manifest the portal can no longer read (say, written by a newer portal).
    for broken in [
        "UPDATE service_versions SET manifest = '{\"id\": \"orientation-soins\"}' WHERE service_id = 'orientation-soins'",
        "UPDATE services SET tile = '{\"title\": 3}' WHERE id = 'orientation-soins'",
    ] {
        sqlx::query(broken).execute(app.db.pool()).await.unwrap();
    }
    // Changed behind the portal's back: seen once the tiles cached by the home page expire.
    app.clock
        .advance(app::catalogue::db::TileCache::TTL + time::Duration::seconds(1));
    assert_eq!(app.get("/fr/services/orientation-soins").await.status(), 404);
    let shown: Vec<Value> = tiles(&app).await.into_iter().map(|t| t["id"].clone()).collect();
    assert_eq!(shown, [json!("depistage-cancer")]);
    assert_eq!(app.get("/fr").await.status(), 200);

    let mut back = demo("plaintes");
    back["version"] = json!(2);
    assert_eq!(put(&app, "plaintes", &complaints, &back).await.0, 200);
    assert_eq!(tiles(&app).await.len(), 2);
}

async fn the_demo_catalogue_loads_with_its_tokens(backend: Backend) {
    let app = spawn_with(backend, |s| server::config::Settings {
        demo_catalogue: true,
        ..s
    })
    .await;
    let shown = tiles(&app).await;
    let ids: Vec<&str> = shown.iter().map(|t| t["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids.len(),
        3,
        "the surrogacy service is for signed-in people only: {ids:?}"
    );
    assert!(!ids.contains(&"grossesse-pour-autrui"));
    let mut browser = app.browser();
    browser.dev_sign_in("demo-citizen-1", "/fr").await;
    let response = browser.post("/api/catalogue/tiles", "").await;
    assert_eq!(response.json::<Vec<Value>>().await.unwrap().len(), 4);
    assert_eq!(app.get("/fr/services/grossesse-pour-autrui").await.status(), 401);

    let mut second = demo("plaintes");
    second["version"] = json!(2);
    let token = server::service_api::demo::demo_token("plaintes");
    assert_eq!(put(&app, "plaintes", &token, &second).await.0, 200);
}

async fn the_openapi_document_describes_every_field_kind(backend: Backend) {
    use app::forms::model::FieldKind;
    let app = spawn(backend).await;
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), 200);
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/services/{id}"]["put"].is_object());
    assert!(doc["paths"]["/api/v1/services/{id}/requests/{reference}/events"]["post"].is_object());
    // What the portal sends to the service: a webhook, with its payload.
    assert!(doc["webhooks"]["submission"]["post"].is_object());
    assert!(doc["webhooks"]["withdrawal"]["post"].is_object());
    assert!(doc["components"]["schemas"]["Withdrawal"]["properties"]["withdrawal"].is_object());
    assert!(doc["paths"]["/api/v1/services/{id}/requests/{reference}/files/{file}"]["get"].is_object());
    assert!(doc["components"]["schemas"]["Delivery"]["properties"]["answers"].is_object());
    let kinds = doc["components"]["schemas"]["Field"]["properties"]["type"]["enum"]
        .as_array()
        .unwrap();
    let every_kind = [
        FieldKind::ShortText { max_length: None },
        FieldKind::LongText { max_length: None },
        FieldKind::Email,
        FieldKind::Phone,
        FieldKind::Date { min: None, max: None },
        FieldKind::WholeNumber { min: None, max: None },
        FieldKind::YesNo,
        FieldKind::SingleChoice { options: vec![] },
        FieldKind::MultipleChoice {
            options: vec![],
            min: None,
            max: None,
        },
        FieldKind::PostalCode,
        FieldKind::HealthInsuranceNumber {
            birth_date_field: None,
            sex_field: None,
        },
        FieldKind::Consent,
        FieldKind::File {
            accept: vec![],
            max_bytes: 1,
        },
    ];
    let accepted: Vec<&str> = doc["components"]["schemas"]["Field"]["properties"]["accept"]["items"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let supported: Vec<&str> = app::attachments::kinds::SUPPORTED
        .iter()
        .map(|k| k.media_type)
        .collect();
    assert_eq!(
        accepted, supported,
        "the file kinds documented are those the portal recognizes"
    );
    assert_eq!(kinds.len(), every_kind.len());
    for kind in every_kind {
        let tag = serde_json::to_value(&kind).unwrap()["type"].clone();
        assert!(kinds.contains(&tag), "{tag} is not documented");
    }
}

both_backends!(
    a_service_publishes_its_manifest_and_its_tile_shows,
    every_class_of_invalid_manifest_is_refused_by_path_and_changes_nothing,
    tokens_act_for_their_own_service_only,
    a_new_version_applies_and_older_ones_stay_readable,
    a_withdrawn_or_broken_tile_hides_alone,
    the_demo_catalogue_loads_with_its_tokens,
    the_openapi_document_describes_every_field_kind,
);
