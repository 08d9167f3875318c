//! Health information pages: an administrator writes one in Markdown (refused field by field,
//! its hostile HTML and links neutralised in the preview and on the page), publishes it (on
//! the home page, in its search, in "Nouveautés", journaled), edits, withdraws and shows it
//! again; citizens and guests are refused the console.

use crate::common;

use common::browser::{Browser, location};
use common::notices::post;
use common::{Backend, TestApp, spawn_demo};

const EDITOR: &str = "/fr/administration/renseignements/page";

async fn signed_in(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    browser
}

async fn read(browser: &mut Browser, path: &str) -> String {
    browser.get(path).await.text().await.unwrap().replace("<!>", "")
}

const HOSTILE: &str = "# Symptômes\n\nFièvre et **toux**.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n[piège](javascript:alert(1)) et [Info-Santé](tel:811)";

fn fields(id: &str, title_fr: &str, reviewed_on: &str) -> Vec<(&'static str, String)> {
    vec![
        ("id", id.to_owned()),
        ("category", "prevention".to_owned()),
        ("title_fr", title_fr.to_owned()),
        ("title_en", "Seasonal flu".to_owned()),
        ("summary_fr", "Se protéger de la grippe cet hiver.".to_owned()),
        ("summary_en", "Protecting yourself from the flu this winter.".to_owned()),
        ("body_fr", HOSTILE.to_owned()),
        ("body_en", "# Symptoms\n\nFever and cough.".to_owned()),
        ("reviewed_on", reviewed_on.to_owned()),
    ]
}

/// Posts the editor's form as a browser without script does; returns where it went and the
/// page there.
async fn send(alex: &mut Browser, page: &str, fields: &[(&str, String)], intent: &str) -> (String, String) {
    let mut form = url::form_urlencoded::Serializer::new(String::new());
    form.append_pair("page", page);
    for (name, value) in fields {
        form.append_pair(name, value);
    }
    form.append_pair("intent", intent);
    let from = match page {
        "" => EDITOR.to_owned(),
        id => format!("{EDITOR}?page={id}"),
    };
    let back = alex
        .send_form(
            "/api/admin/health/save",
            "application/x-www-form-urlencoded",
            form.finish().into_bytes(),
            &from,
        )
        .await;
    assert_eq!(back.status(), 302);
    let to = location(&back);
    let html = read(alex, &to).await;
    (to, html)
}

fn refused_fields(html: &str) -> Vec<String> {
    regex::Regex::new(r#"<li data-field="([^"]*)""#)
        .unwrap()
        .captures_iter(html)
        .map(|c| c[1].to_owned())
        .collect()
}

async fn a_page_is_written_checked_published_and_found(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut alex = signed_in(&app, "demo-admin").await;
    let html = read(&mut alex, EDITOR).await;
    assert!(html.contains("<h1>Nouvelle page</h1>"), "{html}");

    // Every field in the way, named; the text kept.
    let mut wrong = fields("Grippe!", "", "2999-01-01");
    wrong[3].1 = String::new();
    let (to, html) = send(&mut alex, "", &wrong, "publish").await;
    assert!(to.contains("done=refused"), "{to}");
    assert!(html.contains("Rien n’a été publié"));
    assert_eq!(refused_fields(&html), ["id", "title_fr", "title_en", "reviewed_on"]);
    assert!(
        html.contains("De 2 à 60 lettres minuscules")
            && html.contains("La date de révision ne peut pas être dans le futur.")
    );
    assert!(
        html.contains("Se protéger de la grippe cet hiver."),
        "what was typed stays"
    );
    assert!(
        html.contains("&lt;script&gt;alert"),
        "the text is in its textarea, escaped: {html}"
    );

    // Right: previewed, its hostile parts neutralised.
    let right = fields("grippe-saisonniere", "La grippe saisonnière", "2026-12-01");
    let (_, html) = send(&mut alex, "", &right, "check").await;
    assert!(html.contains("data-testid=\"health-preview\""), "{html}");
    let start = html.find("data-testid=\"health-preview\"").unwrap();
    let preview = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(preview.contains("<h2>Symptômes</h2>") && preview.contains("<strong>toux</strong>"));
    assert!(!preview.contains("<script") && !preview.contains("<img") && !preview.contains("javascript:"));
    assert!(preview.contains("&lt;script&gt;") && preview.contains(r#"<a href="tel:811">Info-Santé</a>"#));
    assert!(
        !read(&mut app.browser(), "/fr").await.contains("La grippe saisonnière"),
        "not yet published"
    );

    // Published: the list, its page in both languages, the home page and its search, the news.
    let (to, html) = send(&mut alex, "", &right, "publish").await;
    assert!(
        to.starts_with("/fr/administration/renseignements?done=published"),
        "{to}"
    );
    assert!(html.contains("La page est publiée.") && html.contains("grippe-saisonniere"));
    let page = read(&mut app.browser(), "/fr/renseignements-de-sante/grippe-saisonniere").await;
    assert!(page.contains("<h1>La grippe saisonnière</h1>"), "{page}");
    assert!(
        page.contains("Révisé le 1 décembre 2026") || page.contains("Révisé le 1er décembre 2026"),
        "{page}"
    );
    assert!(!page.contains("<script>alert") && !page.contains("<img src=x"));
    let english = read(&mut app.browser(), "/en/health-information/grippe-saisonniere").await;
    assert!(english.contains("<h1>Seasonal flu</h1>") && english.contains("Fever and cough."));
    assert!(
        english.contains("href=\"/fr/renseignements-de-sante/grippe-saisonniere\""),
        "the language switch"
    );
    let home = read(&mut app.browser(), "/fr").await;
    assert!(
        home.contains("Renseignements de santé")
            && home.contains("href=\"/fr/renseignements-de-sante/grippe-saisonniere\"")
    );
    assert!(
        home.contains("Lire la page La grippe saisonnière"),
        "in the news: {home}"
    );
    let searched = read(&mut app.browser(), "/en?q=flu").await;
    assert!(searched.contains("Seasonal flu"));
    let other = read(&mut app.browser(), "/en?q=dentist").await;
    assert!(
        !other.contains("data-testid=\"health-item\""),
        "the search narrows the pages"
    );
    assert!(
        read(&mut app.browser(), "/fr/renseignements-de-sante")
            .await
            .contains("La grippe saisonnière")
    );
    let published = app.journal("health_page.publish").await;
    assert_eq!(published.len(), 1);
    assert_eq!(published[0].2["first"], true);

    // Edited: the address stays; the new text is on show at once, no second piece of news.
    let (_, html) = send(
        &mut alex,
        "grippe-saisonniere",
        &fields("autre", "La grippe", "2026-12-02"),
        "check",
    )
    .await;
    assert_eq!(refused_fields(&html), ["id"]);
    assert!(html.contains("L’identifiant d’une page publiée ne change pas."));
    let edited = fields("grippe-saisonniere", "La grippe saisonnière en 2026", "2026-12-02");
    let (to, _) = send(&mut alex, "grippe-saisonniere", &edited, "publish").await;
    assert!(to.contains("done=published"), "{to}");
    let page = read(&mut app.browser(), "/fr/renseignements-de-sante/grippe-saisonniere").await;
    assert!(page.contains("La grippe saisonnière en 2026"));
    assert_eq!(app.journal("health_page.publish").await[1].2["first"], false);
    let mut conn = app.db.pool().acquire().await.unwrap();
    let announced: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM announcements WHERE page_id = 'grippe-saisonniere'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(announced, 1);

    // A new page cannot take its address.
    let (_, html) = send(&mut alex, "", &right, "check").await;
    assert!(html.contains("Une autre page porte déjà cet identifiant."));

    // Withdrawn: gone for citizens, back when shown again.
    let (status, _) = post(&mut alex, "/api/admin/health/show", "id=grippe-saisonniere&shown=false").await;
    assert_eq!(status, 200);
    assert_eq!(
        app.get("/fr/renseignements-de-sante/grippe-saisonniere").await.status(),
        404
    );
    let home = read(&mut app.browser(), "/fr").await;
    assert!(
        !home.contains("href=\"/fr/renseignements-de-sante/grippe-saisonniere\""),
        "nor in the news"
    );
    assert_eq!(
        post(&mut alex, "/api/admin/health/show", "id=grippe-saisonniere&shown=false")
            .await
            .0,
        409
    );
    assert_eq!(
        post(&mut alex, "/api/admin/health/show", "id=grippe-saisonniere&shown=true")
            .await
            .0,
        200
    );
    assert_eq!(
        app.get("/fr/renseignements-de-sante/grippe-saisonniere").await.status(),
        200
    );
    assert_eq!(app.journal("health_page.withdraw").await.len(), 1);
    assert_eq!(app.journal("health_page.restore").await.len(), 1);
    assert_eq!(app.get("/fr/renseignements-de-sante/inconnue").await.status(), 404);
    let (status, _) = post(&mut alex, "/api/admin/health/save", "page=&id=x&intent=erase").await;
    assert_eq!(status, 422);
}

async fn citizens_and_guests_are_refused_the_console(backend: Backend) {
    let app = spawn_demo(backend).await;
    let mut camille = signed_in(&app, "demo-citizen-1").await;
    assert_eq!(camille.get("/fr/administration/renseignements").await.status(), 403);
    assert_eq!(camille.get(EDITOR).await.status(), 403);
    assert_eq!(post(&mut camille, "/api/admin/health/pages", "").await.0, 403);
    assert_eq!(
        post(&mut camille, "/api/admin/health/save", "page=&id=x&intent=publish")
            .await
            .0,
        403
    );
    assert_eq!(
        post(&mut camille, "/api/admin/health/show", "id=x&shown=false").await.0,
        403
    );
    assert_eq!(app.journal("admin.access").await.len(), 5);
    let mut guest = app.browser();
    assert_eq!(guest.get("/en/administration/health-information").await.status(), 303);
    assert_eq!(
        post(&mut guest, "/api/admin/health/save", "page=&id=x&intent=publish")
            .await
            .0,
        401
    );
    assert!(
        read(&mut guest, "/fr/renseignements-de-sante")
            .await
            .contains("Aucun renseignement de santé pour le moment.")
    );
}

both_backends!(
    a_page_is_written_checked_published_and_found,
    citizens_and_guests_are_refused_the_console,
);
