//! Benchmark of the administrators' console (not a test), in two steps:
//!
//! - `seed <database-url> <entries>`: migrates the database, appends `entries` journal entries
//!   over the past year (a valid hash chain: 20,000 citizens, the four demo services, sign-ins,
//!   drafts, submissions, deliveries, statuses, withdrawals, a few failures), a year of daily
//!   usage counts for the four services (every measure, language, device class and step), and
//!   then 100,000 usage marks, whose folding it times (marks/s).
//! - `measure <portal> <samples>`: signs in as the demo administrator and asks the journal's
//!   searches and the statistics pages `samples` times each, one at a time, printing each
//!   page's p50 and p99.
//!
//! ```sh
//! cargo run --release -p server --example console_bench -- seed sqlite:///tmp/b.db 1000000
//! cargo run --release -p server --example console_bench -- measure http://127.0.0.1:3300 200
//! ```
//! `scripts/bench-console` runs both on SQLite and on PostgreSQL.

#[path = "../tests/api/common/browser.rs"]
#[expect(dead_code, reason = "the tests' browser, of which the benchmark uses a part")]
mod browser;
#[expect(
    dead_code,
    reason = "what the benchmarks share, of which this one uses the percentiles"
)]
mod common;

use app::audit::AuditEntry;
use app::moment::Moment;
use app::usage::model::{Device, Mark, Measure, Visit};
use std::time::Instant;
use time::{Duration, OffsetDateTime};

const CITIZENS: u64 = 20_000;
const SERVICES: [&str; 4] = [
    "plaintes",
    "depistage-cancer",
    "grossesse-pour-autrui",
    "orientation-soins",
];
/// What a year of journal holds, by weight: mostly sign-ins, saves and deliveries.
const ACTIONS: [(&str, u64); 10] = [
    ("auth.sign_in", 30),
    ("auth.sign_out", 10),
    ("draft.create", 12),
    ("request.submit", 10),
    ("delivery.acknowledged", 10),
    ("request.status", 14),
    ("notification.acknowledged", 8),
    ("request.withdraw", 2),
    ("delivery.failed", 3),
    ("signature.signed", 1),
];
/// Rows written by one INSERT.
const BATCH: usize = 500;

/// A small deterministic generator, so that two runs seed the same journal.
struct Dice(u64);

impl Dice {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

fn entry(dice: &mut Dice, seq: i64, at: OffsetDateTime, prev_hash: String) -> AuditEntry {
    let total: u64 = ACTIONS.iter().map(|(_, w)| w).sum();
    let mut roll = dice.next(total);
    let action = ACTIONS
        .iter()
        .find(|(_, weight)| {
            let hit = roll < *weight;
            roll = roll.saturating_sub(*weight);
            hit
        })
        .map_or("auth.sign_in", |(a, _)| a);
    let citizen = format!("c{:06}", dice.next(CITIZENS));
    let service = SERVICES[dice.next(SERVICES.len() as u64) as usize];
    let about_request = action.starts_with("request.") || action.starts_with("delivery.");
    let reference = about_request.then(|| format!("VS-2026-{:06}", dice.next(400_000)));
    let (actor, outcome) = match action {
        "request.status" => (format!("service:{service}"), "success"),
        "delivery.acknowledged" | "notification.acknowledged" => ("system".to_owned(), "success"),
        "delivery.failed" => ("system".to_owned(), "failure"),
        _ => (citizen.clone(), "success"),
    };
    let mut entry = AuditEntry {
        seq,
        occurred_at: Moment::at(at),
        actor,
        subject: Some(citizen),
        action: action.to_owned(),
        target: reference.clone(),
        outcome: outcome.to_owned(),
        service_id: (action != "auth.sign_in" && action != "auth.sign_out").then(|| service.to_owned()),
        reference,
        request_id: None,
        ip: Some(format!("10.{}.{}.{}", dice.next(4), dice.next(256), dice.next(256))),
        details: None,
        prev_hash,
        hash: String::new(),
    };
    entry.hash = entry.compute_hash();
    entry
}

async fn seed_journal(db: &app::db::Database, entries: i64) {
    let started = Instant::now();
    let mut dice = Dice(0x9e37_79b9_7f4a_7c15);
    let now = OffsetDateTime::now_utc();
    let first = now - Duration::days(365);
    let step = Duration::days(365) / entries.max(1) as f64;
    let mut prev = "0".repeat(64);
    let mut seq = 0_i64;
    let placeholders = |rows: usize| {
        (0..rows)
            .map(|row| {
                let cells: Vec<String> = (1..=14).map(|c| format!("${}", row * 14 + c)).collect();
                format!("({})", cells.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    while seq < entries {
        let rows = BATCH.min((entries - seq) as usize);
        let sql = format!(
            "INSERT INTO audit_events (seq, occurred_at, actor, subject, action, target, outcome, service_id, \
             reference, request_id, ip, details, prev_hash, hash) VALUES {}",
            placeholders(rows)
        );
        let mut batch = Vec::with_capacity(rows);
        for _ in 0..rows {
            seq += 1;
            let made = entry(&mut dice, seq, first + step * seq as f64, prev);
            prev = made.hash.clone();
            batch.push(made);
        }
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for e in &batch {
            query = query
                .bind(e.seq)
                .bind(e.occurred_at.as_str().to_owned())
                .bind(e.actor.clone())
                .bind(e.subject.clone())
                .bind(e.action.clone())
                .bind(e.target.clone())
                .bind(e.outcome.clone())
                .bind(e.service_id.clone())
                .bind(e.reference.clone())
                .bind(e.request_id.clone())
                .bind(e.ip.clone())
                .bind(e.details.clone())
                .bind(e.prev_hash.clone())
                .bind(e.hash.clone());
        }
        query.execute(db.pool()).await.expect("the entries are written");
        if seq % 100_000 == 0 {
            eprintln!("  {seq} entries");
        }
    }
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(prev)
        .execute(db.pool())
        .await
        .expect("the head follows");
    println!(
        "  journal: {entries} entries seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// A year of daily counts for every service, as the worker would have left them.
async fn seed_daily(db: &app::db::Database) {
    let started = Instant::now();
    let mut dice = Dice(42);
    let today = app::ui::when::quebec_day(OffsetDateTime::now_utc());
    let mut rows = 0;
    let mut tx = db.begin().await.unwrap();
    for back in 0..365 {
        let day = app::moment::day(today - Duration::days(back));
        for service in SERVICES {
            for measure in Measure::ALL {
                let steps: &[i64] = if measure == Measure::StepReached {
                    &[1, 2, 3, 4, 5]
                } else {
                    &[0]
                };
                for language in ["fr", "en", ""] {
                    for device in ["computer", "phone", "other", ""] {
                        for step in steps {
                            sqlx::query(
                                "INSERT INTO usage_daily (day, service_id, measure, language, device, step, count) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
                            )
                            .bind(&day)
                            .bind(service)
                            .bind(measure.as_str())
                            .bind(language)
                            .bind(device)
                            .bind(step)
                            .bind(dice.next(200) as i64)
                            .execute(&mut *tx)
                            .await
                            .unwrap();
                            rows += 1;
                        }
                    }
                }
            }
            for measure in ["first_status", "decision"] {
                for _ in 0..20 {
                    sqlx::query(
                        "INSERT INTO usage_timings (day, service_id, measure, seconds) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(&day)
                    .bind(service)
                    .bind(measure)
                    .bind(dice.next(30 * 86_400) as i64)
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                }
            }
        }
    }
    tx.commit().await.unwrap();
    println!(
        "  statistics: {rows} daily counts seeded in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Writes 100,000 marks and times the worker's folding of them.
async fn fold_marks(db: &app::db::Database) {
    let now = OffsetDateTime::now_utc();
    let mut dice = Dice(7);
    let mut tx = db.begin().await.unwrap();
    for _ in 0..100_000 {
        let visit = Visit {
            language: Some(if dice.next(4) == 0 {
                app::i18n::Locale::en
            } else {
                app::i18n::Locale::fr
            }),
            device: Some(Device::ALL[dice.next(3) as usize]),
        };
        let measure = Measure::ALL[dice.next(Measure::ALL.len() as u64) as usize];
        let mark = Mark::new(measure, Some(SERVICES[dice.next(4) as usize]), visit);
        app::usage::db::record(&mut tx, &mark, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    let started = Instant::now();
    let folded = app::usage::db::fold_all(db).await.unwrap();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "  fold: {folded} marks in {seconds:.2} s ({:.0} marks/s)",
        folded as f64 / seconds
    );
}

async fn measure(portal: &str, samples: usize) {
    let mut admin = browser::Browser::new(portal);
    let signed_in = admin.dev_sign_in("demo-admin", "/fr/administration").await;
    assert_eq!(
        signed_in.status(),
        303,
        "the development sign-in (PORTAL_ENV=development)"
    );
    let today = app::ui::when::quebec_day(OffsetDateTime::now_utc());
    let week_ago = app::moment::day(today - Duration::days(7));
    let pages = [
        ("journal, newest 50", "/fr/administration/journal".to_owned()),
        (
            "journal, one citizen",
            "/fr/administration/journal?citizen=c000042".to_owned(),
        ),
        (
            "journal, one action",
            "/fr/administration/journal?action=request.withdraw".to_owned(),
        ),
        (
            "journal, service + outcome",
            "/fr/administration/journal?service=plaintes&outcome=failure".to_owned(),
        ),
        (
            "journal, last 7 days",
            format!("/fr/administration/journal?from={week_ago}"),
        ),
        (
            "journey of a citizen",
            "/fr/administration/parcours?citizen=c000042".to_owned(),
        ),
        ("statistics, 30 days", "/fr/administration/statistiques".to_owned()),
        (
            "statistics, a service, 12 weeks",
            "/fr/administration/statistiques?service=plaintes&period=week".to_owned(),
        ),
        (
            "statistics, 12 months",
            "/fr/administration/statistiques?period=month".to_owned(),
        ),
        (
            "statistics, a year of days",
            format!(
                "/fr/administration/statistiques?from={}",
                app::moment::day(today - Duration::days(364))
            ),
        ),
    ];
    for (label, path) in pages {
        let mut times = Vec::with_capacity(samples);
        for _ in 0..samples {
            let started = Instant::now();
            let response = admin.get(&path).await;
            assert_eq!(response.status(), 200, "{path}");
            response.bytes().await.unwrap();
            times.push(started.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "  {label:<34} p50 {:>7.1} ms  p99 {:>7.1} ms",
            common::percentile(&times, 0.5),
            common::percentile(&times, 0.99)
        );
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("seed") => {
            let url = args.get(2).expect("a database URL");
            let entries: i64 = args
                .get(3)
                .map_or(1_000_000, |n| n.parse().expect("a number of entries"));
            let db = app::db::Database::connect(url, 4).await.expect("the database opens");
            db.migrate().await.expect("the migrations apply");
            seed_journal(&db, entries).await;
            seed_daily(&db).await;
            fold_marks(&db).await;
        }
        Some("measure") => {
            let portal = args.get(2).expect("the portal's address");
            let samples = args.get(3).map_or(200, |n| n.parse().expect("a number of samples"));
            measure(portal, samples).await;
        }
        _ => {
            eprintln!("usage: console_bench seed <database-url> [entries] | measure <portal> [samples]");
            std::process::exit(2);
        }
    }
}
