//! The console's manifest editor, driven as a browser without script drives it (plain form
//! posts that come back to the page): a new service written, refused for each class of
//! problem with the service API's own paths and sentences, previewed, published (its signing
//! key shown once) and on the home page; a published service's next version kept as a draft
//! until published, a stale version refused without losing the text; refusals for citizens
//! and guests.

use crate::common;

use app::catalogue::problems::{FieldProblem, ProblemCode};
use app::i18n::Locale;
use common::browser::{Browser, location};
use common::notices::post;
use common::services::{demo, put, token_for};
use common::{Backend, TestApp, spawn_demo};
use serde_json::{Value, json};

const EDITOR: &str = "/fr/administration/services/manifeste";

async fn signed_in(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    browser
}

fn form(service: &str, manifest: &str, intent: &str) -> Vec<u8> {
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("service", service)
        .append_pair("manifest", manifest)
        .append_pair("intent", intent)
        .finish()
        .into_bytes()
}

/// Posts the editor's form from its page as a browser without script does, follows the
/// redirect and returns where it went and the page there.
async fn send(alex: &mut Browser, service: &str, manifest: &str, intent: &str) -> (String, String) {
    let from = match service {
        "" => EDITOR.to_owned(),
        id => format!("{EDITOR}?service={id}"),
    };
    let back = alex
        .send_form(
            "/api/admin/manifest/save",
            "application/x-www-form-urlencoded",
            form(service, manifest, intent),
            &from,
        )
        .await;
    assert_eq!(back.status(), 302, "a plain post goes back to a page");
    let to = location(&back);
    let html = read(alex, &to).await;
    (to, html)
}

/// A page's HTML, without the markers hydration reads.
async fn read(browser: &mut Browser, path: &str) -> String {
    browser.get(path).await.text().await.unwrap().replace("<!>", "")
}

/// The text in the editor's textarea, as a browser reads it.
fn textarea(html: &str) -> String {
    let found = regex::Regex::new(r#"(?s)<textarea[^>]*>(.*?)</textarea>"#)
        .unwrap()
        .captures(html)
        .expect("the editor")[1]
        .to_owned();
    found
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The paths of the problems the page lists.
fn listed_paths(html: &str) -> Vec<String> {
    regex::Regex::new(r#"<li data-path="([^"]*)""#)
        .unwrap()
        .captures_iter(html)
        .map(|c| c[1].to_owned())
        .collect()
}

/// What a test does to a right manifest to make it wrong.
type Breaks = fn(&mut Value);

fn new_service() -> Value {
    let mut manifest = demo("plaintes");
    manifest["id"] = json!("soins-a-domicile");
    manifest["version"] = json!(1);
    manifest["title"] = json!({ "fr": "Demander des soins à domicile", "en": "Ask for home care" });
    manifest["help"]["about"] = json!({ "fr": "Des soins chez vous, après une hospitalisation.", "en": "Care at home, after a hospital stay." });
    manifest
}

async fn a_new_service_is_refused_for_each_problem_then_previewed_and_published(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut alex = signed_in(&app, "demo-admin").await;
    let demo_publications = app.journal("catalogue.publish").await.len();
    let html = read(&mut alex, EDITOR).await;
    assert!(
        html.contains("<h1>Nouveau service</h1>") && html.contains("Collez ou écrivez le manifeste"),
        "{html}"
    );
    let html = read(&mut alex, "/en/administration/services").await;
    assert!(
        html.contains("href=\"/en/administration/services/manifest\""),
        "the way in"
    );

    // Not JSON: where the mistake is, and the text kept as typed.
    let typed = "{\n  \"id\": \"soins-a-domicile\",\n  \"version\": 1,, </textarea><b>\n}";
    let (to, html) = send(&mut alex, "", typed, "check").await;
    assert!(to.starts_with(EDITOR) && to.contains("done=checked"), "{to}");
    assert!(html.contains("ligne 3, colonne 16"), "{html}");
    assert_eq!(textarea(&html), typed, "nothing typed is lost");
    assert!(!html.contains("<b>"), "what was typed is text, never markup");

    // Each class of problem, named by its path in the words of the service API, and the same
    // problems the API gives for the same manifest.
    let token = token_for(&app, "soins-a-domicile").await;
    let classes: [(&str, Breaks); 7] = [
        ("a missing English title", |m| m["title"]["en"] = json!("")),
        ("an id that is not one", |m| m["id"] = json!("Soins à domicile")),
        ("an unknown field", |m| m["help"]["colour"] = json!("blue")),
        ("an endpoint inside the network", |m| {
            m["endpoints"]["submissions"] = json!("https://169.254.169.254/latest")
        }),
        ("an endpoint that is no address", |m| {
            m["endpoints"]["submissions"] = json!("ailleurs")
        }),
        ("no final status", |m| {
            for status in m["statuses"].as_array_mut().unwrap() {
                status["terminal"] = json!(false);
            }
        }),
        ("two steps with one id", |m| {
            let first = m["form"]["steps"][0].clone();
            m["form"]["steps"].as_array_mut().unwrap().push(first);
        }),
    ];
    for (class, break_it) in classes {
        let mut manifest = new_service();
        break_it(&mut manifest);
        let (status, answer) = put(&app, "soins-a-domicile", &token, &manifest).await;
        assert_eq!(status, 422, "{class}: {answer}");
        let expected: Vec<FieldProblem> = serde_json::from_value(answer["problems"].clone())
            .map(|problems: Vec<Value>| {
                problems
                    .into_iter()
                    .map(|p| serde_json::from_value(json!({ "path": p["path"], "code": p["code"] })).unwrap())
                    .collect()
            })
            .unwrap();
        assert!(!expected.is_empty(), "{class}");
        let text = serde_json::to_string_pretty(&manifest).unwrap();
        let (_, html) = send(&mut alex, "", &text, "publish").await;
        assert!(html.contains("Rien n’a été publié"), "{class}: {html}");
        // The API also says when the id is not the service of its address; the editor checks a
        // new service's manifest at the id it gives.
        let expected: Vec<FieldProblem> = expected
            .into_iter()
            .filter(|p| p.code != ProblemCode::Mismatch)
            .collect();
        let paths: Vec<String> = expected.iter().map(|p| p.path.clone()).collect();
        assert_eq!(listed_paths(&html), paths, "{class}");
        for problem in &expected {
            assert!(
                html.contains(&problem.message(Locale::fr)),
                "{class}: {}",
                problem.message(Locale::fr)
            );
        }
        assert_eq!(textarea(&html), text, "{class}: the text is kept");
    }
    assert_eq!(
        app.journal("catalogue.publish").await.len(),
        demo_publications,
        "nothing published"
    );

    // A new service cannot take another's id.
    let mut taken = new_service();
    taken["id"] = json!("plaintes");
    taken["version"] = json!(99);
    let (_, html) = send(&mut alex, "", &serde_json::to_string(&taken).unwrap(), "publish").await;
    assert!(html.contains("Un service porte déjà l’identifiant plaintes"), "{html}");

    // Right: the preview shows the tile and the help page; publishing puts it on the home page.
    let text = serde_json::to_string_pretty(&new_service()).unwrap();
    let (_, html) = send(&mut alex, "", &text, "check").await;
    assert!(html.contains("data-testid=\"manifest-ready\""), "{html}");
    assert!(html.contains("data-testid=\"preview-tile\"") && html.contains("Demander des soins à domicile"));
    assert!(html.contains("Des soins chez vous, après une hospitalisation."));
    assert!(html.contains("data-testid=\"draft-saved\""));
    let home = read(&mut app.browser(), "/fr").await;
    assert!(
        !home.contains("Demander des soins à domicile"),
        "checked, not published"
    );

    let (to, html) = send(&mut alex, "", &text, "publish").await;
    assert!(to.starts_with("/fr/administration/services?done=published"), "{to}");
    assert!(html.contains("Le manifeste est publié"));
    let key = regex::Regex::new(r#"data-testid="signing-key"[^>]*>([0-9a-f]{64})<"#)
        .unwrap()
        .captures(&html)
        .unwrap_or_else(|| panic!("the signing key, shown once: {html}"))[1]
        .to_owned();
    let mut conn = app.db.pool().acquire().await.unwrap();
    let stored = app::catalogue::db::signing_secret(&mut conn, &"soins-a-domicile".into())
        .await
        .unwrap();
    assert_eq!(stored.as_deref(), Some(key.as_str()));
    let again = read(&mut alex, &to).await;
    assert!(!again.contains(&key), "shown once");
    let home = read(&mut app.browser(), "/fr").await;
    assert!(home.contains("Demander des soins à domicile"));
    let published = app.journal("catalogue.publish").await;
    assert_eq!(published.len(), demo_publications + 1);
    let (actor, _, details) = published.last().unwrap();
    assert_eq!(details["version"], 1);
    let admin_actor = app.journal("auth.sign_in").await.last().unwrap().0.clone();
    assert_eq!(*actor, admin_actor, "journaled with the administrator");
    let html = read(&mut alex, EDITOR).await;
    assert!(
        html.contains("Collez ou écrivez le manifeste"),
        "the draft went with the publication"
    );
    let html = read(&mut alex, "/en/administration/services").await;
    assert!(html.contains("Ask for home care"));
}

async fn a_published_service_is_edited_through_a_draft(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut alex = signed_in(&app, "demo-admin").await;
    let current = demo("plaintes")["version"].as_u64().unwrap();
    let page = format!("{EDITOR}?service=plaintes");
    let html = read(&mut alex, &page).await;
    assert!(html.contains(&format!("Version publiée : {current}")), "{html}");
    let mut manifest: Value = serde_json::from_str(&textarea(&html)).unwrap();
    assert_eq!(manifest["version"], current + 1, "the next version, ready to edit");
    assert!(html.contains("data-testid=\"manifest-ready\""));
    assert!(!html.contains("data-testid=\"draft-saved\""));

    // A change kept as the draft, previewed, not yet on show.
    manifest["title"]["fr"] = json!("Porter plainte en ligne");
    let text = serde_json::to_string_pretty(&manifest).unwrap();
    let (_, html) = send(&mut alex, "plaintes", &text, "check").await;
    assert!(html.contains("Brouillon enregistré et vérifié.") && html.contains("data-testid=\"draft-saved\""));
    assert!(
        html.contains("<h3>Porter plainte en ligne</h3>"),
        "the help page’s preview: {html}"
    );
    assert_eq!(textarea(&read(&mut alex, &page).await), text, "the draft comes back");
    assert!(
        !read(&mut app.browser(), "/fr")
            .await
            .contains("Porter plainte en ligne")
    );

    // A stale version is refused, the text kept, nothing published.
    let mut stale = manifest.clone();
    stale["version"] = json!(current);
    let stale = serde_json::to_string_pretty(&stale).unwrap();
    let (to, html) = send(&mut alex, "plaintes", &stale, "publish").await;
    assert!(to.contains("done=refused") && to.contains("service=plaintes"), "{to}");
    assert!(html.contains(&format!(
        "La version doit être supérieure à la version publiée ({current})."
    )));
    assert_eq!(textarea(&html), stale);
    assert_eq!(listed_paths(&html), ["version"]);

    // The id of the service edited cannot change.
    let mut moved = manifest.clone();
    moved["id"] = json!("autre-service");
    let (_, html) = send(&mut alex, "plaintes", &moved.to_string(), "check").await;
    assert_eq!(listed_paths(&html), ["id"]);

    // Too large: refused, translated, and the draft saved before is unchanged.
    let (_, html) = send(&mut alex, "plaintes", &"x".repeat(300 * 1024), "check").await;
    assert!(html.contains("Le manifeste dépasse 256 Ko"), "{html}");
    assert_eq!(textarea(&html), moved.to_string(), "the draft saved before");

    // Published: the home page follows, the administrator is journaled, no key this time.
    let (to, html) = send(&mut alex, "plaintes", &text, "publish").await;
    assert!(to.contains("done=published"), "{to}");
    assert!(!html.contains("data-testid=\"signing-key\""));
    assert!(
        read(&mut app.browser(), "/fr")
            .await
            .contains("Porter plainte en ligne")
    );
    let (_, record) = post(&mut alex, "/api/admin/services", "").await;
    let plaintes = record
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "plaintes")
        .unwrap()
        .clone();
    assert_eq!(plaintes["current_version"], current + 1);

    // A draft set aside: the editor shows the published manifest again.
    let (_, html) = send(&mut alex, "plaintes", "{}", "check").await;
    assert!(html.contains("data-testid=\"draft-saved\""));
    let (to, html) = send(&mut alex, "plaintes", "", "set_aside").await;
    assert!(to.contains("done=set_aside"), "{to}");
    assert!(!html.contains("data-testid=\"draft-saved\""));
    let shown: Value = serde_json::from_str(&textarea(&html)).unwrap();
    assert_eq!(shown["version"], current + 2);
    assert_eq!(shown["title"]["fr"], "Porter plainte en ligne");

    // In English, and for a script: the same verdicts.
    let html = read(&mut alex, "/en/administration/services/manifest?service=plaintes").await;
    assert!(html.contains("Published version: ") && html.contains("Check and preview"));
    let (status, saved) = post(
        &mut alex,
        "/api/admin/manifest/save",
        &String::from_utf8(form("plaintes", &stale, "check")).unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(saved["outcome"], "kept");
    assert_eq!(saved["editor"]["verdict"]["verdict"], "stale_version");
    assert_eq!(saved["editor"]["verdict"]["current"], current + 1);
    assert_eq!(alex.get(&format!("{EDITOR}?service=inconnu")).await.status(), 404);
    let (status, _) = post(&mut alex, "/api/admin/manifest", "service=..%2Fetc").await;
    assert_eq!(status, 422);
    let (status, _) = post(
        &mut alex,
        "/api/admin/manifest/save",
        "service=plaintes&manifest=%7B%7D&intent=drop",
    )
    .await;
    assert_eq!(status, 422);
}

async fn citizens_and_guests_are_refused(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = signed_in(&app, "demo-citizen-1").await;
    assert_eq!(camille.get(EDITOR).await.status(), 403);
    let text = serde_json::to_string(&new_service()).unwrap();
    let body = String::from_utf8(form("", &text, "publish")).unwrap();
    assert_eq!(post(&mut camille, "/api/admin/manifest/save", &body).await.0, 403);
    assert_eq!(
        post(&mut camille, "/api/admin/manifest", "service=plaintes").await.0,
        403
    );
    assert_eq!(app.journal("admin.access").await.len(), 3);
    assert!(
        !read(&mut app.browser(), "/fr")
            .await
            .contains("Demander des soins à domicile")
    );
    let mut guest = app.browser();
    assert_eq!(guest.get(EDITOR).await.status(), 303, "a guest is sent to sign in");
    assert_eq!(post(&mut guest, "/api/admin/manifest/save", &body).await.0, 401);
}

both_backends!(
    a_new_service_is_refused_for_each_problem_then_previewed_and_published,
    a_published_service_is_edited_through_a_draft,
    citizens_and_guests_are_refused,
);
