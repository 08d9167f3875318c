//! The administrators' board of problems and ideas: filters, duplicates merged (votes, status
//! and answer followed, every sender told), refusals by name, the plain-form posts of a page
//! without script, the CSV export, and refusals to citizens.

use crate::common;
use crate::feedback::send;

use common::browser::{Browser, location};
use common::notices::post;
use common::{Backend, TestApp, spawn};
use serde_json::Value;

async fn signed_in(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    browser
}

/// Sends an idea or a problem as `browser` (a citizen or a guest).
async fn sent(app: &TestApp, browser: &mut Browser, kind: &str, title: &str, language: &str) {
    let fields = [
        ("kind", kind),
        ("title", title),
        ("body", "Recevoir un rappel la veille d'un rendez-vous."),
        ("language", language),
    ];
    let (status, answer) = send(app, browser, &fields, None).await;
    assert_eq!(status, 200, "{answer}");
}

async fn board(admin: &mut Browser, query: &str) -> (u16, Value) {
    post(admin, "/api/admin/feedback", query).await
}

fn id_of(board: &Value, title: &str) -> String {
    board
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["item"]["title"] == title)
        .unwrap_or_else(|| panic!("{title} not on the board: {board}"))["item"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn reason(answer: &Value) -> (String, String) {
    let first = &answer["InvalidInput"]["fields"][0];
    (
        first[0].as_str().unwrap_or_default().to_owned(),
        first[1].as_str().unwrap_or_default().to_owned(),
    )
}

async fn inbox_kinds(browser: &mut Browser) -> Vec<String> {
    let (_, inbox) = post(browser, "/api/notifications/inbox", "").await;
    inbox["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn duplicates_are_merged_counted_and_follow_the_answer(backend: Backend) {
    let app = spawn(backend).await;
    let mut camille = signed_in(&app, "demo-citizen-1").await;
    let mut jordan = signed_in(&app, "demo-citizen-2").await;
    let mut guest = app.browser();
    sent(&app, &mut camille, "idea", "Rappels par texto", "fr").await;
    sent(&app, &mut jordan, "idea", "Text message reminders", "en").await;
    sent(&app, &mut guest, "idea", "Rappel SMS avant un rendez-vous", "fr").await;
    sent(&app, &mut camille, "problem", "=Le bouton ne répond pas", "fr").await;
    let mut alex = signed_in(&app, "demo-admin").await;

    let (status, ideas) = board(&mut alex, "kind=idea&status=").await;
    assert_eq!(status, 200, "{ideas}");
    assert_eq!(ideas.as_array().unwrap().len(), 3);
    assert!(ideas.as_array().unwrap().iter().all(|b| b["votes"] == 1));
    let (camilles, jordans, guests) = (
        id_of(&ideas, "Rappels par texto"),
        id_of(&ideas, "Text message reminders"),
        id_of(&ideas, "Rappel SMS avant un rendez-vous"),
    );
    let (_, problems) = board(&mut alex, "kind=problem&status=").await;
    let problem = id_of(&problems, "=Le bouton ne répond pas");

    // Filters: the sender's language, Québec days, a refused part named.
    let (_, english) = board(&mut alex, "kind=&status=&language=en").await;
    assert_eq!(english.as_array().unwrap().len(), 1);
    let (_, none) = board(&mut alex, "kind=&status=&from=2020-01-01&until=2020-01-31").await;
    assert_eq!(none.as_array().unwrap().len(), 0);
    for (query, refused) in [
        ("kind=&status=&language=de", ("language", "unknown")),
        ("kind=&status=&from=2026-99-01", ("from", "invalid_day")),
        ("kind=&status=&from=2026-12-07&until=2026-12-01", ("until", "range")),
    ] {
        let (status, answer) = board(&mut alex, query).await;
        assert_eq!(
            (status, reason(&answer)),
            (422, (refused.0.to_owned(), refused.1.to_owned())),
            "{query}"
        );
    }

    // Merged into Camille's: Jordan's and the guest's leave the board and count as votes.
    for duplicate in [&jordans, &guests] {
        let (status, answer) = post(
            &mut alex,
            "/api/admin/feedback/merge",
            &format!("id={duplicate}&into={camilles}"),
        )
        .await;
        assert_eq!(status, 200, "{answer}");
    }
    let (_, ideas) = board(&mut alex, "kind=idea&status=").await;
    assert_eq!(ideas.as_array().unwrap().len(), 1);
    assert_eq!(ideas[0]["votes"], 3);
    assert_eq!(app.journal("feedback.merged").await.len(), 2);
    assert_eq!(
        inbox_kinds(&mut jordan).await,
        ["feedback_update"],
        "Jordan is told it joined another"
    );
    let events: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM feedback_events WHERE feedback_id = $1")
        .bind(&jordans)
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(
        events, 2,
        "received, then merged: a later merge into the same one leaves it as it is"
    );

    // Refused by name, nothing changed.
    for (body, refused) in [
        (format!("id={camilles}&into={camilles}"), ("into", "same")),
        (format!("id={problem}&into={camilles}"), ("into", "other_kind")),
        (format!("id={jordans}&into={guests}"), ("id", "merged")),
    ] {
        let (status, answer) = post(&mut alex, "/api/admin/feedback/merge", &body).await;
        assert_eq!(
            (status, reason(&answer)),
            (422, (refused.0.to_owned(), refused.1.to_owned())),
            "{body}"
        );
    }
    let (status, _) = post(
        &mut alex,
        "/api/admin/feedback/merge",
        &format!("id=nope&into={camilles}"),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(app.journal("feedback.merged").await.len(), 2);

    // Planned, with an answer: every sender hears of it, the duplicates show it.
    let body =
        format!("id={camilles}&status=planned&answer_fr=Pr%C3%A9vu+pour+le+printemps.&answer_en=Planned+for+spring.");
    let (status, answer) = post(&mut alex, "/api/admin/feedback/status", &body).await;
    assert_eq!(status, 200, "{answer}");
    let (_, mine) = post(&mut jordan, "/api/feedback/mine", "").await;
    assert_eq!(mine[0]["status"], "planned");
    assert_eq!(mine[0]["answer"]["en"], "Planned for spring.");
    assert_eq!(inbox_kinds(&mut jordan).await, ["feedback_update", "feedback_update"]);
    assert_eq!(inbox_kinds(&mut camille).await, ["feedback_update"]);

    // The board's page, in both languages; the CSV export, neutralised and journaled.
    let html = alex.get("/fr/administration/problemes-et-idees?kind=idea").await;
    assert_eq!(html.status(), 200);
    let html = html.text().await.unwrap().replace("<!>", "");
    assert!(
        html.contains("Rappels par texto") && html.contains("data-testid=\"board-votes\">3<"),
        "{html}"
    );
    assert!(
        !html.contains("Text message reminders"),
        "a merged duplicate is not listed"
    );
    let html = alex
        .get("/en/administration/problems-and-ideas")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("People who raised it") && html.contains("Planned"));
    let csv = alex.get("/api/admin/feedback.csv?kind=&status=").await;
    assert_eq!(csv.status(), 200);
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("id,kind,status,votes,language,title"));
    assert_eq!(text.lines().count(), 1 + 2);
    assert!(text.contains("'=Le bouton ne répond pas"), "{text}");
    assert!(text.contains(&format!("{camilles},idea,planned,3,fr")), "{text}");
    assert_eq!(app.journal("feedback.export").await.len(), 1);
}

async fn the_board_works_with_plain_posts_and_refuses_citizens(backend: Backend) {
    let app = spawn(backend).await;
    let mut camille = signed_in(&app, "demo-citizen-1").await;
    sent(&app, &mut camille, "problem", "Page blanche", "fr").await;
    sent(&app, &mut camille, "problem", "Écran vide", "fr").await;
    let mut alex = signed_in(&app, "demo-admin").await;
    let (_, problems) = board(&mut alex, "kind=problem&status=").await;
    let (first, second) = (id_of(&problems, "Page blanche"), id_of(&problems, "Écran vide"));
    let page = "/fr/administration/problemes-et-idees";
    let form = "application/x-www-form-urlencoded";

    // A status without the answer's English: back to the board, the refusal on that item.
    let body = format!("id={first}&status=done&answer_fr=R%C3%A9gl%C3%A9&answer_en=");
    let back = alex
        .send_form("/api/admin/feedback/status", form, body.into_bytes(), page)
        .await;
    assert_eq!(back.status(), 302);
    let refused = location(&back);
    assert!(refused.contains(&format!("item={first}")), "{refused}");
    let html = alex.get(&refused).await.text().await.unwrap();
    assert!(html.contains("Écrivez la réponse dans les deux langues."), "{html}");
    let body = format!("id={first}&status=under_review&answer_fr=&answer_en=");
    let back = alex
        .send_form("/api/admin/feedback/status", form, body.into_bytes(), page)
        .await;
    let done = location(&back);
    assert!(done.contains("done=status_set"), "{done}");
    let html = alex.get(&done).await.text().await.unwrap();
    assert!(html.contains("Le statut est enregistré"), "{html}");

    let body = format!("id={second}&into={first}");
    let back = alex
        .send_form("/api/admin/feedback/merge", form, body.into_bytes(), page)
        .await;
    let done = location(&back);
    assert!(done.contains("done=merged"), "{done}");
    let html = alex.get(&done).await.text().await.unwrap();
    assert!(html.contains("Le doublon est regroupé") && !html.contains("Écran vide"));

    // A citizen: 403 everywhere, journaled; nothing changed.
    assert_eq!(board(&mut camille, "kind=&status=").await.0, 403);
    assert_eq!(
        post(
            &mut camille,
            "/api/admin/feedback/merge",
            &format!("id={first}&into={second}")
        )
        .await
        .0,
        403
    );
    assert_eq!(camille.get(page).await.status(), 403);
    assert_eq!(camille.get("/api/admin/feedback.csv").await.status(), 403);
    let refused = app.journal("admin.access").await;
    assert_eq!(refused.len(), 4);
    let mut guest = app.browser();
    assert_eq!(guest.get(page).await.status(), 303);
    assert_eq!(guest.get("/api/admin/feedback.csv").await.status(), 401);
}

both_backends!(
    duplicates_are_merged_counted_and_follow_the_answer,
    the_board_works_with_plain_posts_and_refuses_citizens,
);
