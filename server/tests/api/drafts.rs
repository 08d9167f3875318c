//! Drafts and form checks through the server functions, as the wizard calls them: creation with
//! prefill, saves with revisions, conflicts between devices, hostile answers refused with
//! nothing changed, one citizen out of another's drafts, expiry, and version pinning.

use crate::common;

use common::browser::{Browser, location};
use common::{Backend, TestApp, field_errors, spawn_demo, start_draft};
use serde_json::{Value, json};

async fn citizen(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    let response = browser.dev_sign_in(account, "/fr").await;
    assert_eq!(response.status(), 303);
    browser
}

async fn open(browser: &mut Browser, service: &str) -> Value {
    let response = browser.post("/api/drafts/open", &format!("service={service}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn save_body(base: i64, answers: Value, edited_at: &str) -> Value {
    json!({
        "service": "plaintes", "service_version": 1, "base_revision": base,
        "answers": answers, "step": 1, "edited_at": edited_at,
    })
}

async fn drafts_count(app: &TestApp) -> i64 {
    use sqlx::Row;
    sqlx::query("SELECT COUNT(*) AS n FROM drafts")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn a_draft_starts_prefilled_from_identity_and_opening_writes_nothing(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;

    // The form page, twice, and the wizard's own call: a new draft is shown, prefilled from
    // identity, and nothing is written (a GET changes nothing; a crawler journals nothing).
    for _ in 0..2 {
        let page = camille.get("/fr/services/plaintes/demande").await;
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains("Étape 1 de 3"), "step indicator");
        assert!(
            html.contains("Camille Tremblay"),
            "the prefilled name is server-rendered"
        );
        assert!(
            html.contains("Pas encore enregistré"),
            "the page says nothing is saved yet"
        );
    }
    let session = open(&mut camille, "plaintes").await;
    assert_eq!(session["title"]["fr"], "Porter plainte et suivre sa plainte");
    assert_eq!(
        session["draft"]["answers"],
        json!({"full_name": "Camille Tremblay", "email": "camille.tremblay@example.org"})
    );
    assert_eq!(session["draft"]["revision"], 0, "not saved yet");
    assert_eq!(session["form"]["steps"].as_array().unwrap().len(), 3);
    assert_eq!(drafts_count(&app).await, 0);
    assert!(app.journal("draft.create").await.is_empty());
    let list: Value = camille.post("/api/drafts/list", "").await.json().await.unwrap();
    assert_eq!(list, json!([]), "nothing in \"Mes démarches\"");

    // The first save creates it, once, journaled; then it opens again unchanged.
    let draft = start_draft(&mut camille, "plaintes").await;
    assert_eq!(draft["revision"], 1);
    assert_eq!(draft["answers"], session["draft"]["answers"]);
    let again = open(&mut camille, "plaintes").await;
    assert_eq!(again["draft"], draft);
    assert_eq!(app.journal("draft.create").await.len(), 1, "created once");
    assert_eq!(drafts_count(&app).await, 1);
    let html = camille.get("/fr/services/plaintes/demande").await.text().await.unwrap();
    assert!(html.contains("Brouillon conservé jusqu’au") && !html.contains("Pas encore enregistré"));

    let mut guest = app.browser();
    let response = guest.get("/en/services/plaintes/request").await;
    assert!(response.status().is_redirection());
    assert_eq!(
        location(&response),
        "/auth/login?return_to=/en/services/plaintes/request"
    );
    let response = guest.post("/api/drafts/open", "service=plaintes").await;
    assert_eq!(response.status(), 401);
}

async fn saves_move_the_revision_and_show_in_my_requests(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    start_draft(&mut camille, "plaintes").await;
    let answers = json!({"full_name": "Camille Tremblay", "email": "camille@example.org", "filing_for": "self"});
    let (status, outcome) = camille
        .call("drafts/save", save_body(1, answers.clone(), "2026-11-24T10:00:00Z"))
        .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["Saved"]["revision"], 2);
    let expires = outcome["Saved"]["expires_at"].as_str().unwrap().to_owned();
    let expected = app::moment::Moment::at(app.clock.now() + time::Duration::days(90));
    assert_eq!(&expires[..10], &expected[..10], "kept 90 days");
    let session = open(&mut camille, "plaintes").await;
    assert_eq!(session["draft"]["answers"], answers);
    assert_eq!(session["draft"]["step"], 1);

    let response = camille.post("/api/drafts/list", "").await;
    let list: Value = response.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["service_id"], "plaintes");
    assert_eq!(
        (list[0]["step"].as_u64(), list[0]["steps"].as_u64()),
        (Some(1), Some(3))
    );
    let page = camille.get("/fr/mes-demarches").await.text().await.unwrap();
    assert!(page.contains("Porter plainte et suivre sa plainte") && page.contains("Reprendre"));
    // Dates read in words, as everywhere else ("2 mars 2027", not "2027-03-02").
    let kept_until = app::ui::when::date_of(&app::moment::Moment::from_text(expires.clone()), app::i18n::Locale::fr);
    assert!(
        page.contains(&kept_until) && !page.contains(&expires[..10]),
        "{kept_until}"
    );
    // Signed in, the home page's box speaks of the requests, not of signing in.
    let home = camille.get("/fr").await.text().await.unwrap();
    assert!(home.contains("Vos brouillons et les demandes que vous avez envoyées"));
    assert!(!home.contains("Connectez-vous pour voir"));
    assert_eq!(
        app.journal("draft.create").await.len(),
        1,
        "autosaves are not journaled"
    );
}

async fn two_devices_never_lose_each_others_edits(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut phone = citizen(&app, "demo-citizen-1").await;
    let mut desktop = citizen(&app, "demo-citizen-1").await;
    start_draft(&mut phone, "plaintes").await;
    start_draft(&mut desktop, "plaintes").await;

    let from_phone = json!({"full_name": "Camille T.", "filing_for": "self"});
    let (_, outcome) = phone
        .call("drafts/save", save_body(1, from_phone.clone(), "2026-11-24T10:05:00Z"))
        .await;
    assert_eq!(outcome["Saved"]["revision"], 2);

    // The desktop, still on revision 1, saves an edit made before the phone's: the phone's
    // newer edit stays, and the desktop is given it (its own stays with it to restore).
    let older = json!({"full_name": "Camille Tremblay", "filing_for": "someone_else"});
    let (status, outcome) = desktop
        .call("drafts/save", save_body(1, older, "2026-11-24T10:01:00Z"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(outcome["Newer"]["newer"]["answers"], from_phone);
    assert_eq!(
        open(&mut phone, "plaintes").await["draft"]["answers"],
        from_phone,
        "nothing overwritten"
    );

    // An edit made after the phone's wins, and the phone's version comes back to restore.
    let newer = json!({"full_name": "Camille Tremblay", "filing_for": "self", "phone": "514 555-0123"});
    let (_, outcome) = desktop
        .call("drafts/save", save_body(1, newer.clone(), "2026-11-24T10:09:00Z"))
        .await;
    assert_eq!(outcome["Replaced"]["revision"], 3);
    assert_eq!(outcome["Replaced"]["replaced"]["answers"], from_phone);
    assert_eq!(open(&mut phone, "plaintes").await["draft"]["answers"], newer);

    // A device clock in the future does not make an edit win forever.
    let (_, outcome) = phone
        .call(
            "drafts/save",
            save_body(2, json!({"filing_for": "self"}), "2099-01-01T00:00:00Z"),
        )
        .await;
    let stored = outcome["Replaced"]["revision"].as_i64().unwrap();
    assert_eq!(stored, 4);
    let edited = open(&mut phone, "plaintes").await["draft"]["edited_at"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(edited.as_str() <= app::moment::Moment::at(app.clock.now()).as_str());
}

async fn hostile_answers_are_refused_by_field_and_change_nothing(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    let before = start_draft(&mut camille, "plaintes").await;
    for (answers, field, problem) in [
        (json!({"is_admin": "yes"}), "is_admin", "unknown_field"),
        (json!({"full_name": ["Camille"]}), "full_name", "wrong_type"),
        (
            json!({"filing_for": "self", "represented_name": "Quelqu'un"}),
            "represented_name",
            "hidden_field",
        ),
        (json!({"description": "x".repeat(4001)}), "description", "too_long"),
        (json!({"consent": "oui"}), "consent", "wrong_type"),
    ] {
        let (status, answer) = camille
            .call("drafts/save", save_body(1, answers, "2026-11-24T10:00:00Z"))
            .await;
        assert_eq!(status, 422, "{field}: {answer}");
        assert!(
            field_errors(&answer).contains(&(field.to_owned(), problem.to_owned())),
            "{field}: {answer}"
        );
    }
    let (status, answer) = camille
        .call("drafts/save", json!({"service": "plaintes", "answers": "nope"}))
        .await;
    assert_eq!(status, 422, "{answer}");
    let (status, _) = camille.call("drafts/save", save_body(1, json!({}), "hier")).await;
    assert_eq!(status, 422);
    assert_eq!(open(&mut camille, "plaintes").await["draft"], before, "nothing changed");

    // The authoritative check of a step and of the whole form.
    let (status, answer) = camille
        .call(
            "forms/check",
            json!({"service": "plaintes", "step": 0, "answers": {"email": "camille@"}}),
        )
        .await;
    assert_eq!(status, 422);
    let errors = field_errors(&answer);
    for expected in [
        ("full_name", "required"),
        ("email", "invalid_email"),
        ("filing_for", "required"),
    ] {
        assert!(
            errors.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {errors:?}"
        );
    }
    let complete = json!({
        "full_name": "Camille Tremblay", "email": "camille@example.org", "filing_for": "self",
        "institution": "CIUSSS de l'Estrie", "event_date": "2026-10-01", "description": "Attente de 14 heures.",
        "consent": true
    });
    let (status, answer) = camille
        .call(
            "forms/check",
            json!({"service": "plaintes", "step": null, "answers": complete}),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    let mut future = complete.clone();
    future["event_date"] = json!("2099-01-01");
    future["sneaky"] = json!("x");
    let (status, answer) = camille
        .call(
            "forms/check",
            json!({"service": "plaintes", "step": null, "answers": future}),
        )
        .await;
    assert_eq!(status, 422);
    let errors = field_errors(&answer);
    assert!(
        errors.contains(&("event_date".to_owned(), "date_too_late".to_owned()))
            && errors.contains(&("sneaky".to_owned(), "unknown_field".to_owned()))
    );
    let (status, _) = camille
        .call("forms/check", json!({"service": "plaintes", "step": 9, "answers": {}}))
        .await;
    assert_eq!(status, 404);
    let (status, _) = camille
        .call("forms/check", json!({"service": "nowhere", "step": 0, "answers": {}}))
        .await;
    assert_eq!(status, 404);
}

async fn one_citizen_never_reaches_anothers_draft(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    let mut jordan = citizen(&app, "demo-citizen-2").await;
    start_draft(&mut camille, "plaintes").await;
    let (_, saved) = camille
        .call(
            "drafts/save",
            save_body(1, json!({"full_name": "Camille"}), "2026-11-24T10:00:00Z"),
        )
        .await;
    assert_eq!(saved["Saved"]["revision"], 2);

    let theirs = start_draft(&mut jordan, "plaintes").await;
    assert_eq!(theirs["answers"]["full_name"], "Jordan Smith", "their own, new draft");
    let response = jordan.post("/api/drafts/delete", "service=depistage-cancer").await;
    assert_eq!(response.status(), 404);
    let list: Value = jordan.post("/api/drafts/list", "").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        open(&mut camille, "plaintes").await["draft"]["answers"],
        json!({"full_name": "Camille"})
    );
}

async fn deleting_and_expiry_are_journaled(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    start_draft(&mut camille, "plaintes").await;
    start_draft(&mut camille, "orientation-soins").await;
    let response = camille.post("/api/drafts/delete", "service=plaintes").await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.journal("draft.delete").await.len(), 1);
    let response = camille.post("/api/drafts/delete", "service=plaintes").await;
    assert_eq!(response.status(), 404);

    app.clock.advance(time::Duration::days(89));
    assert_eq!(
        server::workers::purge::expired_drafts(&app.db, app.clock.now())
            .await
            .unwrap(),
        0
    );
    app.clock.advance(time::Duration::days(2));
    assert_eq!(
        server::workers::purge::expired_drafts(&app.db, app.clock.now())
            .await
            .unwrap(),
        1
    );
    let expired = app.journal("draft.expire").await;
    assert_eq!(expired.len(), 1);
    let mut camille = citizen(&app, "demo-citizen-1").await;
    let list: Value = camille.post("/api/drafts/list", "").await.json().await.unwrap();
    assert_eq!(list, json!([]));
}

async fn a_draft_keeps_the_form_version_it_started_on(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = citizen(&app, "demo-citizen-1").await;
    start_draft(&mut camille, "plaintes").await;
    let mut second: Value = serde_json::from_str(app::catalogue::demo::COMPLAINTS).unwrap();
    second["version"] = json!(2);
    second["form"]["steps"][0]["fields"]
        .as_array_mut()
        .unwrap()
        .push(json!({
            "id": "file_number", "type": "short_text", "required": true,
            "label": {"fr": "Numéro de dossier", "en": "File number"}
        }));
    let response = app
        .client
        .put(app.url("/api/v1/services/plaintes"))
        .bearer_auth(server::service_api::demo::demo_token("plaintes"))
        .json(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    let session = open(&mut camille, "plaintes").await;
    assert_eq!(session["draft"]["service_version"], 1);
    assert!(!session["form"].to_string().contains("file_number"));
    let (status, answer) = camille
        .call(
            "drafts/save",
            save_body(1, json!({"file_number": "123"}), "2026-11-24T10:00:00Z"),
        )
        .await;
    assert_eq!(status, 422, "v1 has no such field: {answer}");
    let mut jordan = citizen(&app, "demo-citizen-2").await;
    let fresh = open(&mut jordan, "plaintes").await;
    assert_eq!(fresh["draft"]["service_version"], 2);
    assert!(fresh["form"].to_string().contains("file_number"));
}

/// The page a form opens as with no network is nobody's: a guest gets it (the service worker
/// keeps it as one), it holds the wizard with no answer, it may be kept, and opening it writes
/// nothing; an unknown service's is "not found".
async fn the_form_for_a_start_offline_is_nobodys_and_writes_nothing(backend: Backend) {
    let app = spawn_demo(backend).await;
    for (path, heading, notice) in [
        (
            "/fr/services/plaintes/demande/hors-ligne",
            "Porter plainte et suivre sa plainte",
            "Vous êtes hors ligne. Ce formulaire reprend les réponses gardées sur cet appareil",
        ),
        (
            "/en/services/plaintes/request/offline",
            "File and follow a complaint",
            "You are offline. This form picks up the answers kept on this device",
        ),
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "no-cache",
            "{path}: a guest's page, kept"
        );
        let body = response.text().await.unwrap();
        for part in [heading, notice, "<leptos-island"] {
            assert!(body.contains(part), "{path}: {part}");
        }
        assert!(!body.contains("Camille"), "{path}: nobody's answers");
    }
    let drafts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM drafts")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(drafts, 0);
    assert!(app.journal("draft.create").await.is_empty());
    let response = app.get("/fr/services/inexistant/demande/hors-ligne").await;
    assert_eq!(response.status(), 404);
}

both_backends!(
    the_form_for_a_start_offline_is_nobodys_and_writes_nothing,
    a_draft_starts_prefilled_from_identity_and_opening_writes_nothing,
    saves_move_the_revision_and_show_in_my_requests,
    two_devices_never_lose_each_others_edits,
    hostile_answers_are_refused_by_field_and_change_nothing,
    one_citizen_never_reaches_anothers_draft,
    deleting_and_expiry_are_journaled,
    a_draft_keeps_the_form_version_it_started_on,
);
