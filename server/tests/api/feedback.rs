//! Problem reports and ideas: a guest and a citizen send them; robots are turned away (the
//! honeypot, a form sent too soon, a forged ticket) and so is a burst from one address, each
//! refusal writing nothing; the page and browser go along only with consent; an administrator
//! sets where each stands and answers; the citizen reads it in their account and their inbox,
//! and may reopen once what was marked fixed. Every step is journaled.

use crate::common;

use common::browser::{Browser, encode, location};
use common::notices::post;
use common::{Backend, TestApp, spawn};
use serde_json::{Value, json};

/// The form's ticket, as the page draws it.
async fn ticket(browser: &mut Browser) -> String {
    let (status, form) = post(browser, "/api/feedback/form", "").await;
    assert_eq!(status, 200, "{form}");
    form["ticket"].as_str().unwrap().to_owned()
}

/// Sends the form with these fields (beside a fresh ticket, unless one is given).
pub(crate) async fn send(
    app: &TestApp,
    browser: &mut Browser,
    fields: &[(&str, &str)],
    ticket_of: Option<&str>,
) -> (u16, Value) {
    let drawn = match ticket_of {
        Some(ticket) => ticket.to_owned(),
        None => {
            let drawn = ticket(browser).await;
            app.clock.advance(time::Duration::seconds(20));
            drawn
        }
    };
    let mut body = format!("ticket={}", encode(&drawn));
    for (name, value) in fields {
        body.push_str(&format!("&{name}={}", encode(value)));
    }
    post(browser, "/api/feedback/send", &body).await
}

fn reason(answer: &Value) -> (String, String) {
    let first = &answer["InvalidInput"]["fields"][0];
    (
        first[0].as_str().unwrap_or_default().to_owned(),
        first[1].as_str().unwrap_or_default().to_owned(),
    )
}

async fn count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM feedback")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

const PROBLEM: [(&str, &str); 5] = [
    ("kind", "problem"),
    ("title", "Le bouton Continuer ne répond pas"),
    ("body", "Sur la deuxième étape, rien ne se passe."),
    ("language", "fr"),
    ("page", "/fr/services/plaintes?x=1"),
];

async fn a_guest_reports_a_problem_and_robots_are_turned_away(backend: Backend) {
    let app = spawn(backend).await;
    let mut guest = app.browser();

    // Robots: the honeypot filled, a form sent at once, a forged or old ticket. Nothing kept.
    let mut honeypot = PROBLEM.to_vec();
    honeypot.push(("website", "http://spam.example"));
    let (status, answer) = send(&app, &mut guest, &honeypot, None).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("form".into(), "refused".into())),
        "{answer}"
    );
    let drawn = ticket(&mut guest).await;
    let (status, answer) = send(&app, &mut guest, &PROBLEM, Some(&drawn)).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("form".into(), "too_fast".into())),
        "{answer}"
    );
    let (status, answer) = send(&app, &mut guest, &PROBLEM, Some("1800000000.abcd")).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("form".into(), "refused".into())),
        "{answer}"
    );
    app.clock.advance(time::Duration::hours(13));
    let (status, answer) = send(&app, &mut guest, &PROBLEM, Some(&drawn)).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("form".into(), "expired".into())),
        "{answer}"
    );
    assert_eq!(count(&app).await, 0);
    let denied = app.journal("feedback.sent").await;
    assert_eq!(denied.len(), 3, "each robot is journaled: {denied:?}");

    // Fields: required, too long, an unknown kind.
    let blank = [("kind", "problem"), ("title", "  "), ("body", "x"), ("language", "fr")];
    let (status, answer) = send(&app, &mut guest, &blank, None).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("title".into(), "required".into())),
        "{answer}"
    );
    let long = "é".repeat(2001);
    let too_long = [
        ("kind", "idea"),
        ("title", "Une idée"),
        ("body", long.as_str()),
        ("language", "fr"),
    ];
    let (status, answer) = send(&app, &mut guest, &too_long, None).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("body".into(), "too_long".into())),
        "{answer}"
    );
    let unknown = [("kind", "bug"), ("title", "t"), ("body", "b"), ("language", "fr")];
    let (status, answer) = send(&app, &mut guest, &unknown, None).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("kind".into(), "unknown".into())),
        "{answer}"
    );
    assert_eq!(count(&app).await, 0);

    // A person, with consent: kept with the page (its path only) and the browser.
    let mut consented = PROBLEM.to_vec();
    consented.push(("context", "on"));
    let (status, answer) = send(&app, &mut guest, &consented, None).await;
    assert_eq!(status, 200, "{answer}");
    let (page, browser, citizen): (Option<String>, Option<String>, Option<String>) =
        sqlx::query_as("SELECT page, browser, citizen_id FROM feedback")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert_eq!(page.as_deref(), Some("/fr/services/plaintes"));
    assert!(browser.is_some_and(|b| !b.is_empty()));
    assert_eq!(citizen, None);
    // Without consent, neither goes along; an idea never carries them.
    let (status, _) = send(&app, &mut guest, &PROBLEM, None).await;
    assert_eq!(status, 200);
    let mut idea = vec![
        ("kind", "idea"),
        ("title", "Un rappel par texto"),
        ("body", "Me rappeler mes rendez-vous."),
        ("language", "fr"),
    ];
    idea.push(("context", "on"));
    idea.push(("page", "/fr/aide"));
    assert_eq!(send(&app, &mut guest, &idea, None).await.0, 200);
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback WHERE page IS NULL AND browser IS NULL")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(kept, 2);

    // A burst from one address: the sixth in an hour is refused; an hour later it goes.
    for _ in 0..2 {
        assert_eq!(send(&app, &mut guest, &PROBLEM, None).await.0, 200);
    }
    let (status, answer) = send(&app, &mut guest, &PROBLEM, None).await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("form".into(), "too_many".into())),
        "{answer}"
    );
    assert_eq!(count(&app).await, 5);
    app.clock.advance(time::Duration::minutes(61));
    assert_eq!(send(&app, &mut guest, &PROBLEM, None).await.0, 200);

    // The page: the reasons that belong elsewhere, the form with its consent and no CAPTCHA.
    let html = guest
        .get("/fr/signaler-un-probleme?page=/fr/aide")
        .await
        .text()
        .await
        .unwrap();
    for part in [
        "Une question sur une de vos demandes",
        "Vous ne trouvez pas un service",
        "Joindre l'adresse de la page",
        "/fr/aide",
        r#"name="website""#,
        r#"aria-hidden="true""#,
    ] {
        assert!(html.contains(part), "{part} missing from the form");
    }
    assert!(!html.contains("<leptos-island"), "a plain form: no WebAssembly");
    let html = guest.get("/en/suggest-an-idea").await.text().await.unwrap();
    assert!(html.contains("Suggest an idea") && !html.contains("Attach the page"));
    // Every page's footer leads to both, naming the page for the report.
    let html = guest.get("/fr/aide").await.text().await.unwrap();
    assert!(
        html.contains("/fr/signaler-un-probleme?page=/fr/aide"),
        "the footer names the page"
    );
    assert!(html.contains("/fr/proposer-une-idee"));
}

async fn a_citizen_follows_their_idea_to_its_answer_and_reopens_a_fix_once(backend: Backend) {
    let app = spawn(backend).await;
    let mut camille = app.browser();
    assert_eq!(camille.dev_sign_in("demo-citizen-1", "/fr").await.status(), 303);
    let problem = [
        ("kind", "problem"),
        ("title", "Texte coupé sur mobile"),
        ("body", "Le titre dépasse."),
        ("language", "fr"),
    ];
    assert_eq!(send(&app, &mut camille, &problem, None).await.0, 200);
    let (status, mine) = post(&mut camille, "/api/feedback/mine", "").await;
    assert_eq!(status, 200, "{mine}");
    let item = &mine[0];
    assert_eq!(
        (item["kind"].clone(), item["status"].clone(), item["reopenable"].clone()),
        (json!("problem"), json!("received"), json!(false))
    );
    let id = item["id"].as_str().unwrap().to_owned();

    // Only an administrator triages; another citizen cannot reopen it.
    let body =
        format!("id={id}&status=done&answer_fr=Corrig%C3%A9+dans+la+version+2.1.&answer_en=Fixed+in+version+2.1.");
    assert_eq!(post(&mut camille, "/api/admin/feedback/status", &body).await.0, 403);
    assert_eq!(post(&mut camille, "/api/admin/feedback", "kind=&status=").await.0, 403);
    let mut alex = app.browser();
    assert_eq!(alex.dev_sign_in("demo-admin", "/fr").await.status(), 303);
    let (status, board) = post(&mut alex, "/api/admin/feedback", "kind=problem&status=received").await;
    assert_eq!(status, 200, "{board}");
    assert_eq!(board[0]["item"]["id"], id.as_str());
    assert_eq!(board[0]["signed_in"], true);
    let (status, answer) = post(&mut alex, "/api/admin/feedback/status", &format!("id={id}&status=lost")).await;
    assert_eq!((status, reason(&answer)), (422, ("status".into(), "unknown".into())));
    let (status, answer) = post(
        &mut alex,
        "/api/admin/feedback/status",
        &format!("id={id}&status=done&answer_fr=Corrig%C3%A9"),
    )
    .await;
    assert_eq!(
        (status, reason(&answer)),
        (422, ("answer_en".into(), "required".into()))
    );
    let (status, answer) = post(&mut alex, "/api/admin/feedback/status", &body).await;
    assert_eq!(status, 200, "{answer}");

    // Camille reads it, in her account and her inbox, in each language.
    let (_, mine) = post(&mut camille, "/api/feedback/mine", "").await;
    assert_eq!(
        (mine[0]["status"].clone(), mine[0]["reopenable"].clone()),
        (json!("done"), json!(true))
    );
    let html = camille.get("/fr/mes-problemes-et-idees").await.text().await.unwrap();
    for text in [
        "Texte coupé sur mobile",
        "Corrigé",
        "Corrigé dans la version 2.1.",
        "Le problème n'est pas réglé",
    ] {
        assert!(html.contains(text), "{text} missing from her list");
    }
    let html = camille.get("/en/my-problems-and-ideas").await.text().await.unwrap();
    assert!(html.contains("Fixed in version 2.1.") && html.contains("Fixed"));
    let (_, inbox) = post(&mut camille, "/api/notifications/inbox", "").await;
    assert_eq!(inbox["notifications"][0]["kind"], "feedback_update");
    assert_eq!(
        inbox["notifications"][0]["message"]["fr"],
        "Corrigé dans la version 2.1."
    );
    let html = camille.get("/fr/messages").await.text().await.unwrap();
    assert!(
        html.contains("Du nouveau sur votre problème signalé ou votre idée")
            && html.contains("/fr/mes-problemes-et-idees")
    );

    // Reopened once; not twice; never by someone else.
    let mut jordan = app.browser();
    assert_eq!(jordan.dev_sign_in("demo-citizen-2", "/fr").await.status(), 303);
    assert_eq!(
        post(&mut jordan, "/api/feedback/reopen", &format!("id={id}")).await.0,
        404
    );
    assert_eq!(post(&mut jordan, "/api/feedback/mine", "").await.1, json!([]));
    assert_eq!(
        post(&mut camille, "/api/feedback/reopen", &format!("id={id}")).await.0,
        200
    );
    let (_, mine) = post(&mut camille, "/api/feedback/mine", "").await;
    assert_eq!(
        (mine[0]["status"].clone(), mine[0]["reopenable"].clone()),
        (json!("under_review"), json!(false))
    );
    let (status, answer) = post(&mut alex, "/api/admin/feedback/status", &format!("id={id}&status=done")).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        post(&mut camille, "/api/feedback/reopen", &format!("id={id}")).await.0,
        409,
        "once only"
    );
    // A guest neither reads nor reopens.
    let mut guest = app.browser();
    assert_eq!(post(&mut guest, "/api/feedback/mine", "").await.0, 401);

    // Journaled: sent, each status, the reopening; never the words.
    assert_eq!(app.journal("feedback.sent").await.len(), 1);
    assert_eq!(app.journal("feedback.status").await.len(), 2);
    assert_eq!(app.journal("feedback.reopened").await.len(), 1);
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback_events")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(events, 4, "received, done, reopened, done");
    let journal = format!("{:?}", app.journal("feedback.status").await);
    assert!(!journal.contains("Texte coupé") && !journal.contains("version 2.1"));
}

/// A status told beyond the inbox, on the channel the citizen chose: the e-mail says only that
/// there is news, never the title or the answer, and leads to the list.
async fn the_answer_reaches_the_chosen_channel_without_its_words(backend: Backend) {
    let mail = common::mail::MailDev::start().await;
    let app = common::spawn_with(backend, |s| common::mail::sending_to(s, &mail)).await;
    let mut camille = app.browser();
    assert_eq!(camille.dev_sign_in("demo-citizen-1", "/fr").await.status(), 303);
    common::notices::verify_email(&mut camille, &mail, "camille@exemple.org").await;
    let idea = [
        ("kind", "idea"),
        ("title", "Rappels de vaccination"),
        ("body", "Un rappel annuel."),
        ("language", "fr"),
    ];
    assert_eq!(send(&app, &mut camille, &idea, None).await.0, 200);
    let (_, mine) = post(&mut camille, "/api/feedback/mine", "").await;
    let id = mine[0]["id"].as_str().unwrap().to_owned();
    let mut alex = app.browser();
    assert_eq!(alex.dev_sign_in("demo-admin", "/fr").await.status(), 303);
    let body = format!("id={id}&status=planned&answer_fr=Pr%C3%A9vu+en+mars.&answer_en=Planned+for+March.");
    assert_eq!(post(&mut alex, "/api/admin/feedback/status", &body).await.0, 200);
    common::requests::eventually(async || mail.messages_to("camille@exemple.org").await.len() == 2).await;
    let news = mail.messages_to("camille@exemple.org").await.pop().unwrap();
    assert!(
        news["subject"]
            .as_str()
            .unwrap()
            .starts_with("Du nouveau sur votre signalement ou votre idée")
    );
    let (text, html) = (news["text"].as_str().unwrap(), news["html"].as_str().unwrap());
    assert!(text.contains("/fr/mes-problemes-et-idees"), "{text}");
    for words in ["Rappels de vaccination", "mars"] {
        assert!(
            !text.contains(words) && !html.contains(words),
            "{words} is in the e-mail"
        );
    }
    common::requests::eventually(async || {
        let (_, inbox) = post(&mut camille, "/api/notifications/inbox", "").await;
        inbox["notifications"][0]["deliveries"][0]["state"] == "sent"
    })
    .await;
    let (_, inbox) = post(&mut camille, "/api/notifications/inbox", "").await;
    assert_eq!(inbox["notifications"][0]["kind"], "feedback_update");
}

/// "Est-ce la même chose ?": open ones an administrator has looked at, found by the words of
/// their titles, of the same kind, in the language asked; one nobody read yet is never shown.
async fn reviewed_open_ones_like_a_title_are_suggested(backend: Backend) {
    let app = spawn(backend).await;
    let mut camille = app.browser();
    assert_eq!(camille.dev_sign_in("demo-citizen-1", "/fr").await.status(), 303);
    for title in [
        "Bouton Continuer bloqué sur mobile",
        "Bouton Continuer absent du formulaire",
    ] {
        let problem = [
            ("kind", "problem"),
            ("title", title),
            ("body", "Rien ne se passe."),
            ("language", "fr"),
        ];
        assert_eq!(send(&app, &mut camille, &problem, None).await.0, 200);
    }
    let mut alex = app.browser();
    assert_eq!(alex.dev_sign_in("demo-admin", "/fr").await.status(), 303);
    let (_, board) = post(&mut alex, "/api/admin/feedback", "kind=problem&status=").await;
    let reviewed = board
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["item"]["title"] == "Bouton Continuer bloqué sur mobile")
        .unwrap()["item"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        post(
            &mut alex,
            "/api/admin/feedback/status",
            &format!("id={reviewed}&status=under_review")
        )
        .await
        .0,
        200
    );

    let mut guest = app.browser();
    let (status, found) = post(
        &mut guest,
        "/api/feedback/similar",
        "title=le+bouton+continuer+ne+marche+pas&kind=problem&language=fr",
    )
    .await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(
        found,
        json!([{"title": "Bouton Continuer bloqué sur mobile", "status": "À l'étude"}])
    );
    let (_, found) = post(
        &mut guest,
        "/api/feedback/similar",
        "title=le+bouton+continuer&kind=problem&language=en",
    )
    .await;
    assert_eq!(found[0]["status"], "Under review");
    let (_, found) = post(
        &mut guest,
        "/api/feedback/similar",
        "title=le+bouton+continuer&kind=idea&language=fr",
    )
    .await;
    assert_eq!(found, json!([]), "ideas are not problems");
    let (status, answer) = post(&mut guest, "/api/feedback/similar", "title=bouton&kind=bug&language=fr").await;
    assert_eq!((status, reason(&answer)), (422, ("kind".into(), "unknown".into())));
    let long = "mot ".repeat(60);
    let (status, answer) = post(
        &mut guest,
        "/api/feedback/similar",
        &format!("title={}&kind=problem&language=fr", encode(&long)),
    )
    .await;
    assert_eq!((status, reason(&answer)), (422, ("title".into(), "too_long".into())));
    // The page draws the place the suggestions go, and the script that fills it.
    let html = guest.get("/fr/signaler-un-probleme").await.text().await.unwrap();
    assert!(html.contains(r#"data-similar="problem""#) && html.contains("Est-ce la même chose ?"));
    assert!(html.contains(r#"<script src="/feedback.js" defer"#));
}

/// A multipart body of `report` then a `screenshot` file part, as the sent page's form sends it.
fn screenshot_form(token: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----portal-screenshot-boundary-3QmZ";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n{token}\r\n--{boundary}\r\n\
         Content-Disposition: form-data; name=\"screenshot\"; filename=\"ecran.png\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The smallest PNG (a 1×1 image), recognised by its content.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

/// After sending a problem, its page offers to join a screenshot with the token it carries:
/// an image recognised by content, once, within the hour; only administrators see it.
async fn a_screenshot_is_joined_to_a_problem_report_once(backend: Backend) {
    let app = spawn(backend).await;
    let mut guest = app.browser();
    let page = "/fr/signaler-un-probleme";
    // Sent as a plain form: back to the page, done, with the token.
    let drawn = ticket(&mut guest).await;
    app.clock.advance(time::Duration::seconds(20));
    let mut body = format!("ticket={}", encode(&drawn));
    for (name, value) in PROBLEM {
        body.push_str(&format!("&{name}={}", encode(value)));
    }
    let sent = guest
        .send_form(
            "/api/feedback/send",
            "application/x-www-form-urlencoded",
            body.into_bytes(),
            page,
        )
        .await;
    assert_eq!(sent.status(), 302);
    let back = location(&sent);
    assert!(back.starts_with(&format!("{page}?done=sent&report=")), "{back}");
    let token = back.split("report=").nth(1).unwrap().to_owned();
    let shown = guest.get(&back).await.text().await.unwrap();
    assert!(shown.contains("Ajouter une capture d'écran"), "the page offers it");
    let from = back.clone();

    // Not an image, or a forged token: refused by name, back to the form, nothing kept.
    for (sent_token, content, reason) in [
        (token.as_str(), b"GIF89a not allowed".as_slice(), "not_an_image"),
        ("forged.1.00", PNG, "expired"),
    ] {
        let (content_type, body) = screenshot_form(sent_token, content);
        let response = guest
            .send_form("/api/feedback/screenshot", &content_type, body, &from)
            .await;
        assert_eq!(response.status(), 302);
        // Back to the form, which keeps the page's own token to try again.
        let back = location(&response);
        assert!(
            back.contains("__err=") && back.contains(&format!("report={token}")),
            "{back}"
        );
        let shown = guest.get(&back).await.text().await.unwrap();
        let said = match reason {
            "not_an_image" => "Le fichier n'est pas une image PNG ou JPEG.",
            _ => "Il n'est plus possible de joindre une capture",
        };
        assert!(shown.contains(said), "{reason}");
    }
    let screenshots = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM feedback_screenshots")
            .fetch_one(app.db.pool())
            .await
            .unwrap()
    };
    assert_eq!(screenshots().await, 0);

    // A PNG: joined; a second one is refused.
    let (content_type, body) = screenshot_form(&token, PNG);
    let response = guest
        .send_form("/api/feedback/screenshot", &content_type, body, &from)
        .await;
    assert_eq!(location(&response), format!("{page}?done=screenshot"));
    let (content_type, body) = screenshot_form(&token, PNG);
    let response = guest
        .send_form("/api/feedback/screenshot", &content_type, body, &from)
        .await;
    assert!(location(&response).contains("__err="));
    assert_eq!(screenshots().await, 1);
    assert_eq!(app.journal("feedback.screenshot").await.len(), 1);

    // Larger than a screenshot may be (within what the body may carry, so it is read): refused.
    let (content_type, body) = screenshot_form(&token, &vec![0u8; 2 * 1024 * 1024 + 1]);
    let response = guest
        .send_form("/api/feedback/screenshot", &content_type, body, &from)
        .await;
    assert!(location(&response).contains("__err="), "{}", location(&response));
    assert_eq!(screenshots().await, 1);

    // An hour later the token no longer works.
    app.clock.advance(time::Duration::minutes(61));
    let (content_type, body) = screenshot_form(&token, PNG);
    let response = guest
        .send_form("/api/feedback/screenshot", &content_type, body, &from)
        .await;
    assert!(location(&response).contains("__err="));

    // Administrators see it on the board and open it; a citizen cannot.
    let id: String = sqlx::query_scalar("SELECT feedback_id FROM feedback_screenshots")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let mut citizen = app.browser();
    citizen.dev_sign_in("demo-citizen-1", "/fr").await;
    let address = format!("/api/admin/feedback/{id}/screenshot");
    assert_eq!(citizen.get(&address).await.status(), 403);
    let mut admin = app.browser();
    admin.dev_sign_in("demo-admin", "/fr").await;
    let image = admin.get(&address).await;
    assert_eq!(image.status(), 200);
    assert_eq!(image.headers()["content-type"], "image/png");
    assert_eq!(image.bytes().await.unwrap().as_ref(), PNG);
    let (_, board) = post(&mut admin, "/api/admin/feedback", "kind=problem&status=").await;
    assert_eq!(board[0]["screenshot"], true, "{board}");
}

both_backends!(
    a_screenshot_is_joined_to_a_problem_report_once,
    reviewed_open_ones_like_a_title_are_suggested,
    the_answer_reaches_the_chosen_channel_without_its_words,
    a_guest_reports_a_problem_and_robots_are_turned_away,
    a_citizen_follows_their_idea_to_its_answer_and_reopens_a_fix_once,
);
