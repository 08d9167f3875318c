//! The administrators' journal: search by every part and by time, pages by cursor, one
//! citizen's and one request's journey, exports (CSV and JSON), the chain verified from the
//! console (an edited row, a recomputed chain against an exported head, appends during a
//! verification), and refusals: a citizen (403, journaled), a guest, a malformed search.

use crate::common;

use app::audit::{AuditEntry, AuditEvent, Outcome, db::record};
use common::browser::{Browser, encode};
use common::requests::{KEY, Service, citizen_with_complete_draft, complaint_status, eventually, portal, submit};
use common::{Backend, TestApp};
use serde_json::{Value, json};
use sqlx::Executor;

async fn signed_in(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    browser
}

/// A search through the console's server function: (status, answer).
async fn search(browser: &mut Browser, parts: &[(&str, &str)]) -> (u16, Value) {
    let body = parts
        .iter()
        .map(|(name, value)| format!("query[{name}]={}", encode(value)))
        .collect::<Vec<_>>()
        .join("&");
    let response = browser.post("/api/admin/journal/search", &body).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn journey(browser: &mut Browser, body: &str) -> (u16, Value) {
    let response = browser.post("/api/admin/journal/journey", body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn actions(page: &Value) -> Vec<String> {
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect()
}

fn seqs(page: &Value) -> Vec<i64> {
    page["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect()
}

/// Camille's complaint, sent, delivered and given a status by its service; her pseudonym and
/// the request's reference.
struct Journeyed {
    app: TestApp,
    _service: Service,
    citizen: String,
    reference: String,
}

async fn journeyed(backend: Backend) -> Journeyed {
    let (service, url) = Service::start().await;
    let app = portal(backend, &url).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    eventually(async || !app.journal("delivery.acknowledged").await.is_empty()).await;
    assert_eq!(complaint_status(&app, &reference, "evt-1", "en_examen").await, 201);
    let (citizen, _, _) = app.journal("request.submit").await.remove(0);
    Journeyed {
        app,
        _service: service,
        citizen,
        reference,
    }
}

async fn a_citizens_journey_and_a_requests_are_found_in_order(backend: Backend) {
    let Journeyed {
        app,
        citizen,
        reference,
        ..
    } = journeyed(backend).await;
    let mut admin = signed_in(&app, "demo-admin").await;

    // By citizen: her sign-in, draft, submission, and what the portal and the service did about
    // her request, newest first; never the administrator's own sign-in.
    let (status, page) = search(&mut admin, &[("citizen", &citizen)]).await;
    assert_eq!(status, 200, "{page}");
    let found = actions(&page);
    for action in [
        "auth.sign_in",
        "draft.create",
        "request.submit",
        "delivery.acknowledged",
        "request.status",
    ] {
        assert!(found.contains(&action.to_owned()), "{action} in {found:?}");
    }
    let order = seqs(&page);
    assert!(order.windows(2).all(|w| w[0] > w[1]), "newest first: {order:?}");
    assert!(
        page["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["subject"] == citizen.as_str())
    );

    // By request: the same request's submission, delivery and status, each naming the service.
    let (_, page) = search(&mut admin, &[("reference", &reference)]).await;
    assert_eq!(
        actions(&page)[..],
        ["request.status", "delivery.acknowledged", "request.submit"]
    );
    assert!(
        page["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["service_id"] == "plaintes")
    );

    // Parts combine: her submissions only, a service's entries, an outcome, an address.
    let (_, page) = search(&mut admin, &[("citizen", &citizen), ("action", "request.submit")]).await;
    assert_eq!(actions(&page), ["request.submit"]);
    let (_, page) = search(&mut admin, &[("service", "plaintes"), ("action", "request.status")]).await;
    assert_eq!(actions(&page), ["request.status"]);
    let (_, page) = search(&mut admin, &[("outcome", "denied")]).await;
    assert_eq!(actions(&page), Vec::<String>::new());
    let (_, page) = search(&mut admin, &[("ip", "127.0.0.1"), ("action", "request.submit")]).await;
    assert_eq!(actions(&page), ["request.submit"]);
    let (_, page) = search(&mut admin, &[("ip", "192.0.2.1")]).await;
    assert!(actions(&page).is_empty());

    // The journeys, oldest first.
    let (status, timeline) = journey(&mut admin, &format!("reference={}&citizen=&after=", encode(&reference))).await;
    assert_eq!(status, 200, "{timeline}");
    assert_eq!(
        actions(&timeline),
        ["request.submit", "delivery.acknowledged", "request.status"]
    );
    let (_, timeline) = journey(&mut admin, &format!("citizen={}&reference=&after=", encode(&citizen))).await;
    let steps = actions(&timeline);
    assert_eq!(steps.first().map(String::as_str), Some("auth.sign_in"));
    assert!(seqs(&timeline).windows(2).all(|w| w[0] < w[1]));

    // Each reading was journaled, with what was asked.
    let searches = app.journal("audit.search").await;
    assert_eq!(searches.len(), 7);
    assert_eq!(searches[0].2["citizen"], citizen.as_str());
    assert_eq!(app.journal("audit.journey").await.len(), 2);

    // The pages say the same, in both languages.
    let html = admin
        .get(&format!("/fr/administration/journal?reference={}", encode(&reference)))
        .await;
    assert_eq!(html.status(), 200);
    let html = html.text().await.unwrap();
    assert!(
        html.contains("Demande transmise") && html.contains("Statut reçu du service"),
        "{html}"
    );
    let html = admin
        .get(&format!("/en/administration/journey?citizen={}", encode(&citizen)))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Request submitted") && html.contains("Journey of citizen"),
        "{html}"
    );
}

/// Entries straight into the journal, `n` of them, one second apart from `start`.
async fn seed(app: &TestApp, n: usize, start: time::OffsetDateTime, actor: &str) {
    let mut tx = app.db.begin().await.unwrap();
    for i in 0..n {
        let event = AuditEvent {
            ip: Some("198.51.100.4".into()),
            ..AuditEvent::new(actor, "auth.sign_in", Outcome::Success).concerning(actor)
        };
        record(&mut tx, &event, start + time::Duration::seconds(i as i64))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn pages_follow_the_cursor_and_days_bound_the_search(backend: Backend) {
    use time::macros::datetime;
    let app = common::spawn(backend).await;
    // 70 entries on 2 December (Québec time), then 30 on 4 December.
    seed(&app, 70, datetime!(2026-12-02 15:00 UTC), "seeded-a").await;
    seed(&app, 30, datetime!(2026-12-04 15:00 UTC), "seeded-b").await;
    let mut admin = signed_in(&app, "demo-admin").await;

    let (_, first) = search(&mut admin, &[("citizen", "seeded-a")]).await;
    assert_eq!(first["entries"].as_array().unwrap().len(), 50);
    let next = first["next"].as_i64().expect("a next page");
    let (_, second) = search(&mut admin, &[("citizen", "seeded-a"), ("before", &next.to_string())]).await;
    assert_eq!(second["entries"].as_array().unwrap().len(), 20);
    assert_eq!(second["next"], Value::Null);
    let all: Vec<i64> = seqs(&first).into_iter().chain(seqs(&second)).collect();
    assert_eq!(all.len(), 70);
    assert!(all.windows(2).all(|w| w[0] > w[1]), "no entry twice, none left out");

    // Days are Québec days, both ends included.
    let (_, day) = search(&mut admin, &[("from", "2026-12-04"), ("until", "2026-12-04")]).await;
    assert_eq!(day["entries"].as_array().unwrap().len(), 30);
    let (_, before) = search(&mut admin, &[("until", "2026-12-03"), ("ip", "198.51.100.4")]).await;
    let before: Vec<i64> = seqs(&before);
    assert_eq!(before.len(), 50, "a page of the 70");
    let (_, both) = search(
        &mut admin,
        &[
            ("from", "2026-12-02"),
            ("until", "2026-12-04"),
            ("action", "auth.sign_in"),
            ("ip", "198.51.100.4"),
        ],
    )
    .await;
    assert_eq!(both["entries"].as_array().unwrap().len(), 50);
    let (_, none) = search(&mut admin, &[("from", "2026-12-05")]).await;
    assert!(
        none["entries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"] != "seeded-a" && e["actor"] != "seeded-b")
    );
    let (_, empty) = search(&mut admin, &[("from", "2026-12-03"), ("until", "2026-12-03")]).await;
    assert_eq!(empty["entries"], json!([]));
}

async fn a_malformed_search_is_refused_by_name_and_searches_nothing(backend: Backend) {
    let app = common::spawn(backend).await;
    let mut admin = signed_in(&app, "demo-admin").await;
    let long = "x".repeat(201);
    let (status, answer) = search(
        &mut admin,
        &[
            ("citizen", &long),
            ("outcome", "maybe"),
            ("from", "2026-02-30"),
            ("before", "abc"),
        ],
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(
        common::field_errors(&answer),
        [
            ("citizen".to_owned(), "too_long".to_owned()),
            ("outcome".to_owned(), "unknown_outcome".to_owned()),
            ("from".to_owned(), "invalid_day".to_owned()),
            ("before".to_owned(), "invalid_cursor".to_owned()),
        ]
    );
    let (status, _) = search(&mut admin, &[("from", "2026-12-07"), ("until", "2026-12-01")]).await;
    assert_eq!(status, 422);
    assert!(
        app.journal("audit.search").await.is_empty(),
        "a refused search reads nothing"
    );
    let (status, _) = journey(&mut admin, "citizen=&reference=&after=").await;
    assert_eq!(status, 422);
    let (status, _) = journey(&mut admin, "citizen=a&reference=b&after=").await;
    assert_eq!(status, 422);

    // The page keeps what was typed and names each refused part, in the page's language.
    let page = admin.get("/fr/administration/journal?from=2026-13-01&outcome=x").await;
    assert_eq!(page.status(), 422);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Entrez une date au format AAAA-MM-JJ.") && html.contains("value=\"2026-13-01\""),
        "{html}"
    );
    assert!(html.contains("href=\"#journal-from\""));
    let html = admin
        .get("/en/administration/journal?until=2026-01-01&from=2026-02-01")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("The end date is before the start date."), "{html}");
}

async fn the_console_refuses_citizens_and_guests(backend: Backend) {
    let app = common::spawn(backend).await;
    let mut citizen = signed_in(&app, "demo-citizen-1").await;
    assert_eq!(search(&mut citizen, &[]).await.0, 403);
    assert_eq!(journey(&mut citizen, "citizen=x&reference=&after=").await.0, 403);
    for (path, body) in [
        ("/api/admin/journal/verify", "anchor="),
        ("/api/admin/journal/head", ""),
    ] {
        assert_eq!(citizen.post(path, body).await.status(), 403, "{path}");
    }
    for path in ["/fr/administration/journal", "/en/administration/journey?citizen=x"] {
        let page = citizen.get(path).await;
        assert_eq!(page.status(), 403, "{path}");
        let html = page.text().await.unwrap();
        assert!(
            html.contains("Accès refusé") || html.contains("Access refused"),
            "{path}"
        );
    }
    for path in ["/api/admin/journal.csv", "/api/admin/journal.json?lang=en"] {
        let export = citizen.get(path).await;
        assert_eq!(export.status(), 403, "{path}");
        assert!(!export.text().await.unwrap().contains("auth.sign_in"));
    }
    let refused = app.journal("admin.access").await;
    assert_eq!(refused.len(), 8, "each refusal journaled once");
    assert!(refused.iter().all(|(_, outcome, _)| outcome == "denied"));
    assert!(app.journal("audit.head_exported").await.is_empty());

    let mut guest = app.browser();
    assert_eq!(search(&mut guest, &[]).await.0, 401);
    let page = guest.get("/fr/administration/journal").await;
    assert_eq!(page.status(), 303);
    assert!(
        common::browser::location(&page).starts_with("/auth/login"),
        "{}",
        common::browser::location(&page)
    );
    assert_eq!(guest.get("/api/admin/journal.csv").await.status(), 401);
}

async fn exports_hold_the_search_as_csv_and_json_and_are_journaled(backend: Backend) {
    let app = common::spawn(backend).await;
    seed(&app, 1_205, time::OffsetDateTime::now_utc(), "seeded-c").await;
    // A value a hostile client chose, that a spreadsheet would run.
    let mut tx = app.db.begin().await.unwrap();
    let event = AuditEvent {
        target: Some("=HYPERLINK(\"https://attacker.example\")".into()),
        ..AuditEvent::new("seeded-c", "feedback.sent", Outcome::Success).concerning("seeded-c")
    };
    record(&mut tx, &event, time::OffsetDateTime::now_utc()).await.unwrap();
    tx.commit().await.unwrap();
    let mut admin = signed_in(&app, "demo-admin").await;

    let csv = admin.get("/api/admin/journal.csv?citizen=seeded-c&lang=fr").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("journal.csv")
    );
    assert_eq!(csv.headers()["cache-control"], "no-store");
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("seq,occurred_at,actor,subject,action"));
    assert_eq!(lines.len(), 1 + 1_206, "every entry, across the export's pages");
    assert!(
        lines[1].contains("feedback.sent") && lines[1].contains("'=HYPERLINK"),
        "{}",
        lines[1]
    );

    let json = admin
        .get("/api/admin/journal.json?citizen=seeded-c&action=auth.sign_in")
        .await;
    assert_eq!(json.status(), 200);
    let entries: Vec<AuditEntry> = json.json().await.unwrap();
    assert_eq!(entries.len(), 1_205);
    assert!(entries.windows(2).all(|w| w[0].seq > w[1].seq));
    assert!(entries.iter().all(|e| e.subject.as_deref() == Some("seeded-c")));

    let exported = app.journal("audit.export").await;
    assert_eq!(exported.len(), 2);
    assert_eq!(exported[0].2["format"], "csv");
    assert_eq!(exported[1].2["action"], "auth.sign_in");

    let refused = admin.get("/api/admin/journal.csv?from=yesterday&lang=en").await;
    assert_eq!(refused.status(), 422);
    assert!(refused.text().await.unwrap().contains("This search is not valid"));
    assert_eq!(
        app.journal("audit.export").await.len(),
        2,
        "a refused export is not one"
    );
}

/// Lets the test play an attacker with direct database access.
async fn lift_append_only_guard(app: &TestApp, backend: Backend) {
    let statements = match backend {
        Backend::Sqlite => "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;",
        Backend::Postgres => "ALTER TABLE audit_events DISABLE TRIGGER USER;",
    };
    app.db.pool().execute(statements).await.unwrap();
}

async fn verify(admin: &mut Browser, anchor: &str) -> Value {
    let response = admin
        .post("/api/admin/journal/verify", &format!("anchor={}", encode(anchor)))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

async fn the_console_verifies_the_chain_and_an_exported_head_shows_a_rewrite(backend: Backend) {
    let app = common::spawn(backend).await;
    seed(&app, 20, time::OffsetDateTime::now_utc(), "seeded-d").await;
    let mut admin = signed_in(&app, "demo-admin").await;
    let head = admin.post("/api/admin/journal/head", "").await;
    assert_eq!(head.status(), 200);
    let head: Value = head.json().await.unwrap();
    let anchor = format!("{}:{}", head["seq"], head["hash"].as_str().unwrap());
    assert_eq!(app.journal("audit.head_exported").await.len(), 1);
    let intact = verify(&mut admin, &anchor).await;
    assert!(intact["Intact"]["entries"].as_i64().unwrap() > 20, "{intact}");
    assert_eq!(intact["Intact"]["anchored"], head["seq"]);

    // Every entry rewritten and every hash recomputed: the chain alone looks intact; only the
    // exported head shows it.
    lift_append_only_guard(&app, backend).await;
    let mut conn = app.db.pool().acquire().await.unwrap();
    let entries = app::audit::db::entries_after(&mut conn, 0, i64::MAX, 10_000)
        .await
        .unwrap();
    let mut prev = app::audit::model::GENESIS_HASH.to_owned();
    for mut entry in entries {
        if entry.actor == "seeded-d" {
            entry.actor = "someone-else".into();
        }
        entry.prev_hash = prev;
        entry.hash = entry.compute_hash();
        prev = entry.hash.clone();
        sqlx::query("UPDATE audit_events SET actor = $1, prev_hash = $2, hash = $3 WHERE seq = $4")
            .bind(&entry.actor)
            .bind(&entry.prev_hash)
            .bind(&entry.hash)
            .bind(entry.seq)
            .execute(&mut *conn)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&prev)
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    assert!(verify(&mut admin, "").await["Intact"].is_object());
    let rewritten = verify(&mut admin, &anchor).await;
    assert_eq!(
        rewritten["Broken"],
        json!({ "seq": head["seq"], "reason": "anchor_mismatch" }),
        "{rewritten}"
    );

    // An edited row, named from the console and on its page.
    sqlx::query("UPDATE audit_events SET ip = '203.0.113.66' WHERE seq = 3")
        .execute(app.db.pool())
        .await
        .unwrap();
    let broken = verify(&mut admin, "").await;
    assert_eq!(broken["Broken"], json!({ "seq": 3, "reason": "hash_mismatch" }));
    let html = admin
        .get("/fr/administration/journal?verify=1&anchor=")
        .await
        .text()
        .await
        .unwrap()
        .replace("<!>", "");
    assert!(
        html.contains("Chaîne rompue à l'entrée n° 3 : son contenu ne correspond pas"),
        "{html}"
    );
    let verified = app.journal("audit.verify").await;
    assert!(
        verified
            .iter()
            .any(|(_, outcome, details)| outcome == "failure" && details["broken_at"] == 3)
    );

    let (status, refused) = {
        let response = admin.post("/api/admin/journal/verify", "anchor=12:nothex").await;
        (response.status().as_u16(), response.json::<Value>().await.unwrap())
    };
    assert_eq!(status, 422);
    assert_eq!(
        common::field_errors(&refused),
        [("anchor".to_owned(), "invalid_anchor".to_owned())]
    );
}

async fn verifying_while_entries_are_written_gives_no_false_alarm(backend: Backend) {
    let app = common::spawn(backend).await;
    seed(&app, 300, time::OffsetDateTime::now_utc(), "seeded-e").await;
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let db = app.db.clone();
            tokio::spawn(async move {
                for i in 0..60 {
                    let mut tx = db.begin().await.unwrap();
                    let event = AuditEvent::new(format!("writer-{w}"), "auth.sign_in", Outcome::Success);
                    record(&mut tx, &event, time::OffsetDateTime::now_utc()).await.unwrap();
                    if i % 7 == 0 {
                        tokio::task::yield_now().await;
                    }
                    tx.commit().await.unwrap();
                }
            })
        })
        .collect();
    let mut verifications = 0;
    while !writers.iter().all(|w| w.is_finished()) {
        match app::audit::db::verify(&app.db, None).await.unwrap() {
            app::audit::db::Verification::Intact { .. } => verifications += 1,
            broken => panic!("false alarm while entries were written: {broken:?}"),
        }
    }
    for writer in writers {
        writer.await.unwrap();
    }
    assert!(verifications > 0);
    assert!(matches!(
        app::audit::db::verify(&app.db, None).await.unwrap(),
        app::audit::db::Verification::Intact { .. }
    ));
}

both_backends!(
    a_citizens_journey_and_a_requests_are_found_in_order,
    pages_follow_the_cursor_and_days_bound_the_search,
    a_malformed_search_is_refused_by_name_and_searches_nothing,
    the_console_refuses_citizens_and_guests,
    exports_hold_the_search_as_csv_and_json_and_are_journaled,
    the_console_verifies_the_chain_and_an_exported_head_shows_a_rewrite,
    verifying_while_entries_are_written_gives_no_false_alarm,
);
