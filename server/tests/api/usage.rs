//! Usage statistics: what citizens do is counted where it happens (anonymously), folded into
//! daily counts by the worker, and read back by administrators as figures, a page of SVG charts
//! that match their tables, and a CSV export; a citizen is refused (journaled), a guest sent to
//! sign in, a bad query named.

use crate::common;

use app::usage::model::{Device, Mark, Measure, Visit};
use common::browser::Browser;
use common::notices::post;
use common::requests::{KEY, Service, complaint_status, portal_with, submit};
use common::{Backend, TestApp};
use serde_json::Value;

async fn signed_in(app: &TestApp, account: &str) -> Browser {
    let mut browser = app.browser();
    assert_eq!(browser.dev_sign_in(account, "/fr").await.status(), 303);
    browser
}

/// The administrator's figures for a query (`query[...]=…` pairs).
async fn figures(admin: &mut Browser, query: &str) -> Value {
    let (status, report) = post(admin, "/api/admin/usage", query).await;
    assert_eq!(status, 200, "{report}");
    report
}

fn total(report: &Value, measure: Measure) -> u64 {
    report["totals"][measure.index()].as_u64().unwrap()
}

async fn what_citizens_do_is_counted_once_folded(backend: Backend) {
    let (service, url) = Service::start().await;
    // The worker stays out of the way: this test folds when it chooses.
    let app = portal_with(backend, &url, |mut s| {
        s.jobs.usage_fold_seconds = 3600;
        s
    })
    .await;
    // Camille reads the service's page, fills the form to its last step and sends it.
    let mut camille = common::requests::citizen_with_complete_draft(&app).await;
    assert_eq!(camille.get("/fr/services/plaintes").await.status(), 200);
    let (status, receipt) = submit(&mut camille, KEY).await;
    assert_eq!(status, 200, "{receipt}");
    let reference = receipt["reference"].as_str().unwrap().to_owned();
    // Jordan, in English, starts the form, sends it and withdraws it.
    let mut jordan = signed_in(&app, "demo-citizen-2").await;
    assert_eq!(jordan.get("/en/services/plaintes").await.status(), 200);
    common::start_draft(&mut jordan, "plaintes").await;
    let answers = serde_json::json!({
        "full_name": "Jordan Roy", "email": "jordan@example.org", "filing_for": "self",
        "institution": "CISSS de Laval", "event_date": "2026-10-01",
        "description": "Attente sans information.", "consent": true,
    });
    let save = serde_json::json!({
        "service": "plaintes", "service_version": 2, "base_revision": 1, "answers": answers,
        "step": 3, "edited_at": "2026-11-24T10:00:00Z",
    });
    assert_eq!(jordan.post_json("/api/drafts/save", &save).await.status(), 200);
    let (status, sent) = submit(&mut jordan, "0b0c9f0e-4c1d-4a8e-9d2a-1f3e5a7c9b12").await;
    assert_eq!(status, 200, "{sent}");
    let id = sent["id"].as_str().unwrap();
    let (status, _) = post(&mut jordan, "/api/requests/withdraw", &format!("id={id}&reason=")).await;
    assert_eq!(status, 200);
    // The service answers Camille an hour later, and decides a day after that.
    app.clock.advance(time::Duration::hours(1));
    assert_eq!(complaint_status(&app, &reference, "e-1", "en_examen").await, 201);
    app.clock.advance(time::Duration::days(1));
    assert_eq!(
        complaint_status(&app, &reference, "e-2", "conclusions_transmises").await,
        201
    );
    let replay = complaint_status(&app, &reference, "e-2", "conclusions_transmises").await;
    assert_eq!(replay, 200, "a replay is not counted again");
    drop(service);

    // Nothing shows before the worker folds the marks; then everything, once.
    let mut alex = signed_in(&app, "demo-admin").await;
    let before = figures(&mut alex, "query[service]=plaintes").await;
    assert_eq!(total(&before, Measure::Submitted), 0);
    let waiting = app::usage::db::waiting(&mut app.db.pool().acquire().await.unwrap())
        .await
        .unwrap();
    assert!(waiting >= 10, "{waiting} marks");
    app::usage::db::fold_all(&app.db).await.unwrap();
    app::usage::db::fold_all(&app.db).await.unwrap();
    let report = figures(&mut alex, "query[service]=plaintes").await;
    assert_eq!(total(&report, Measure::TileViewed), 2);
    assert_eq!(total(&report, Measure::FormStarted), 2);
    assert_eq!(total(&report, Measure::DraftSaved), 4, "two saves each");
    assert_eq!(total(&report, Measure::Submitted), 2);
    assert_eq!(total(&report, Measure::Withdrawn), 1);
    assert_eq!(total(&report, Measure::FirstStatus), 1);
    assert_eq!(total(&report, Measure::Decision), 1);
    // Three steps and the review, each reached once by each draft: nobody stopped.
    let funnel: Vec<(u64, u64)> = report["funnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["reached"].as_u64().unwrap(), s["abandoned"].as_u64().unwrap()))
        .collect();
    assert_eq!(funnel, [(2, 0), (2, 0), (2, 0), (2, 0)]);
    let timings = report["timings"].as_array().unwrap();
    assert_eq!(timings[0]["count"], 1);
    assert_eq!(timings[0]["median"], Value::Null, "too few to say");
    let seconds: Vec<i64> = sqlx::query_scalar("SELECT seconds FROM usage_timings ORDER BY measure DESC")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    // The test's clock runs (and was moved on): an hour, then a day and an hour, and the
    // seconds the test itself took.
    assert!(
        (3600..3660).contains(&seconds[0]),
        "first status after an hour: {seconds:?}"
    );
    assert!(
        (90_000..90_060).contains(&seconds[1]),
        "decision a day later: {seconds:?}"
    );
    // Sign-ins belong to no service: they show across services, with the page's language.
    let all = figures(&mut alex, "").await;
    assert_eq!(total(&all, Measure::SignedIn), 3);
    assert!(all["funnel"].as_array().unwrap().is_empty());
    let language = |report: &Value, name: &str, measure: Measure| {
        let row = report["by_language"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r[0] == name)
            .unwrap();
        row[1][measure.index()].as_u64().unwrap()
    };
    assert_eq!(language(&all, "fr", Measure::TileViewed), 1);
    assert_eq!(language(&all, "en", Measure::TileViewed), 1);
    assert_eq!(language(&all, "fr", Measure::SignedIn), 3);
    // No mark names anyone.
    let columns: Vec<String> = match backend {
        Backend::Sqlite => sqlx::query_scalar("SELECT name FROM pragma_table_info('usage_daily')")
            .fetch_all(app.db.pool())
            .await
            .unwrap(),
        Backend::Postgres => sqlx::query_scalar(
            "SELECT column_name::text FROM information_schema.columns WHERE table_name = 'usage_daily'",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap(),
    };
    assert!(
        !columns.iter().any(|c| c.contains("citizen") || c.contains("subject")),
        "{columns:?}"
    );
}

/// Seeds `count` marks of `measure` on the day `days_ago` before the clock's day.
async fn seed(app: &TestApp, measure: Measure, visit: Visit, step: u32, count: usize, days_ago: i64) {
    let at = app.clock.now() - time::Duration::days(days_ago);
    let mut tx = app.db.begin().await.unwrap();
    for _ in 0..count {
        let mark = Mark {
            step,
            ..Mark::new(measure, Some("plaintes"), visit)
        };
        app::usage::db::record(&mut tx, &mark, at).await.unwrap();
    }
    tx.commit().await.unwrap();
}

/// A bar of a chart: its category, series and the value it says.
type Bar = (String, String, String);

/// The `<svg>` of a chart on the page, parsed, and the cells of the table that follows it.
fn chart_and_table(html: &str, id: &str) -> (Vec<Bar>, Vec<Vec<String>>) {
    let figure = &html[html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("{id} on the page"))..];
    let figure = &figure[..figure.find("</figure>").unwrap()];
    let svg = &figure[figure.find("<svg").unwrap()..figure.find("</svg>").unwrap() + 6];
    let svg = svg.replace("<!>", "");
    let document = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let root = document.root_element();
    assert_eq!(root.attribute("role"), Some("img"));
    let labelled = root.attribute("aria-labelledby").unwrap();
    for part in labelled.split(' ') {
        let named = root.descendants().find(|n| n.attribute("id") == Some(part));
        assert!(
            named.is_some_and(|n| !n.text().unwrap_or_default().trim().is_empty()),
            "{part}"
        );
    }
    let bars = root
        .descendants()
        .filter(|n| n.has_tag_name("rect"))
        .map(|n| {
            (
                n.attribute("data-category").unwrap().to_owned(),
                n.attribute("data-series").unwrap().to_owned(),
                n.attribute("data-value").unwrap().to_owned(),
            )
        })
        .collect();
    let table = &figure[figure.find("<tbody").unwrap()..figure.find("</tbody>").unwrap()];
    let cell = regex::Regex::new(r"<t[hd][^>]*>(.*?)</t[hd]>").unwrap();
    let rows = table
        .split("</tr>")
        .filter(|row| row.contains("<t"))
        .map(|row| {
            cell.captures_iter(row)
                .map(|c| c[1].replace("<!>", "").replace("&lt;", "<"))
                .collect()
        })
        .collect();
    (bars, rows)
}

async fn the_page_draws_what_its_tables_say(backend: Backend) {
    // The worker folds every second, as it would every minute.
    let app = common::spawn_with(backend, |mut s| {
        s.demo_catalogue = true;
        s.jobs.usage_fold_seconds = 1;
        s
    })
    .await;
    let french_phone = Visit {
        language: Some(app::i18n::Locale::fr),
        device: Some(Device::Phone),
    };
    let english_computer = Visit {
        language: Some(app::i18n::Locale::en),
        device: Some(Device::Computer),
    };
    seed(&app, Measure::FormStarted, french_phone, 0, 12, 2).await;
    seed(&app, Measure::FormStarted, english_computer, 0, 3, 2).await;
    seed(&app, Measure::Submitted, french_phone, 0, 9, 2).await;
    seed(&app, Measure::FormStarted, french_phone, 0, 7, 1).await;
    seed(&app, Measure::StepReached, french_phone, 1, 22, 1).await;
    seed(&app, Measure::StepReached, french_phone, 2, 15, 1).await;
    seed(&app, Measure::Submitted, french_phone, 0, 2, 1).await;
    common::requests::eventually(async || {
        app::usage::db::waiting(&mut app.db.pool().acquire().await.unwrap())
            .await
            .unwrap()
            == 0
    })
    .await;

    let mut alex = signed_in(&app, "demo-admin").await;
    let page = alex.get("/fr/administration/statistiques?service=plaintes").await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let (bars, rows) = chart_and_table(&html, "chart-activity");
    assert_eq!(rows.len(), 30, "thirty days");
    for (category, series, value) in &bars {
        let row = rows.iter().find(|r| &r[0] == category).unwrap();
        let column: usize = series.parse::<usize>().unwrap() + 1;
        assert_eq!(&row[column], value, "{category}, series {series}");
    }
    let day = |days_ago: i64| {
        let at = app.clock.now() - time::Duration::days(days_ago);
        app::moment::day(app::ui::when::quebec_day(at))
    };
    let two_days_ago = rows.iter().find(|r| r[0] == day(2)).unwrap();
    assert_eq!(two_days_ago[1..], ["15", "9"]);
    let yesterday = rows.iter().find(|r| r[0] == day(1)).unwrap();
    assert_eq!(yesterday[1..], ["7", "< 5"], "2 submissions are shown as under 5");
    assert!(
        bars.contains(&(day(1), "1".into(), "< 5".into())),
        "the chart says so too"
    );

    // The funnel: 22 reached step 1, 15 step 2, and 11 were sent: 7 and 4 stopped.
    let (bars, rows) = chart_and_table(&html, "chart-funnel");
    assert_eq!(rows, [["Étape 1", "22", "7"], ["Étape 2", "15", "< 5"]]);
    assert_eq!(bars.len(), 4);
    let (_, rows) = chart_and_table(&html, "chart-device");
    assert_eq!(rows[0], ["Ordinateur", "< 5", "0", "0"]);
    assert_eq!(rows[1], ["Téléphone", "19", "11", "0"]);
    // Days grouped by month, in English.
    let html = alex
        .get("/en/administration/statistics?service=plaintes&period=month")
        .await
        .text()
        .await
        .unwrap();
    let (_, rows) = chart_and_table(&html, "chart-activity");
    assert_eq!(rows.len(), 12);
    let months: u64 = rows.iter().map(|r| r[1].parse::<u64>().unwrap_or(0)).sum();
    assert_eq!(months, 22);
    assert!(html.contains("Completion rate"));

    // The CSV says what the page says, small counts hidden the same way.
    let csv = alex.get("/api/admin/usage.csv?service=plaintes").await;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["cache-control"], "no-store");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("part,label,measure,value\n"), "{text}");
    assert!(text.contains("total,,form_started,22\n"), "{text}");
    assert!(text.contains(&format!("period,{},submitted,< 5\n", day(1))), "{text}");
    assert!(text.contains("step,1,abandoned,7\n"), "{text}");
    assert!(text.contains("device,computer,form_started,< 5\n"), "{text}");
    assert_eq!(app.journal("usage.export").await.len(), 1);
}

async fn citizens_guests_and_bad_queries_are_refused(backend: Backend) {
    let app = common::spawn_demo(backend).await;
    let mut camille = signed_in(&app, "demo-citizen-1").await;
    assert_eq!(post(&mut camille, "/api/admin/usage", "").await.0, 403);
    assert_eq!(camille.get("/fr/administration/statistiques").await.status(), 403);
    let csv = camille.get("/api/admin/usage.csv").await;
    assert_eq!(csv.status(), 403);
    assert!(csv.text().await.unwrap().contains("réservée à l’administration"));
    assert_eq!(app.journal("admin.access").await.len(), 3);
    let mut guest = app.browser();
    let page = guest.get("/en/administration/statistics").await;
    assert_eq!(page.status(), 303, "a guest is sent to sign in");
    assert!(common::browser::location(&page).starts_with("/auth/login"));
    assert_eq!(guest.get("/api/admin/usage.csv").await.status(), 401);

    let mut alex = signed_in(&app, "demo-admin").await;
    for (query, part, why) in [
        ("query[period]=year", "period", "unknown_period"),
        ("query[from]=2026-02-30", "from", "invalid_day"),
        ("query[from]=2026-12-02&query[until]=2026-12-01", "until", "range"),
        ("query[from]=2020-01-01&query[until]=2026-01-01", "from", "too_many"),
        ("query[service]=%3Cscript%3E", "service", "invalid"),
    ] {
        let (status, answer) = post(&mut alex, "/api/admin/usage", query).await;
        assert_eq!(status, 422, "{query}");
        assert_eq!(
            common::field_errors(&answer),
            [(part.to_owned(), why.to_owned())],
            "{query}"
        );
    }
    let html = alex
        .get("/fr/administration/statistiques?period=annee")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("Choisissez un regroupement par jour, par semaine ou par mois."),
        "{html}"
    );
    let csv = alex
        .get("/api/admin/usage.csv?from=2026-12-02&until=2026-12-01&lang=en")
        .await;
    assert_eq!(csv.status(), 422);
    assert!(
        csv.text()
            .await
            .unwrap()
            .contains("The end date must come after the start date.")
    );
}

async fn two_processes_folding_at_once_count_each_mark_once(backend: Backend) {
    let app = common::spawn_with(backend, |mut s| {
        s.demo_catalogue = true;
        s.jobs.usage_fold_seconds = 3600;
        s
    })
    .await;
    let visit = Visit {
        language: Some(app::i18n::Locale::fr),
        device: Some(Device::Phone),
    };
    seed(&app, Measure::DraftSaved, visit, 0, 12_000, 0).await;
    let (a, b, c) = tokio::join!(
        app::usage::db::fold_all(&app.db),
        app::usage::db::fold_all(&app.db),
        app::usage::db::fold_all(&app.db)
    );
    let folded = a.unwrap() + b.unwrap() + c.unwrap();
    assert_eq!(folded, 12_000, "each mark taken by one fold");
    let counted: i64 = sqlx::query_scalar("SELECT CAST(SUM(count) AS BIGINT) FROM usage_daily")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(counted, 12_000);
    assert_eq!(
        app::usage::db::waiting(&mut app.db.pool().acquire().await.unwrap())
            .await
            .unwrap(),
        0
    );
}

both_backends!(
    two_processes_folding_at_once_count_each_mark_once,
    what_citizens_do_is_counted_once_folded,
    the_page_draws_what_its_tables_say,
    citizens_guests_and_bad_queries_are_refused,
);
