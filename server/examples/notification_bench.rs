//! Benchmark of notifications (not a test): against a running portal in development mode with
//! the demo catalogue, e-mail pointed at this program's SMTP sink, notices at once and no quiet
//! hours, the three demo citizens file ten complaints each and verify an e-mail address (the
//! code read from the sink); then the complaint service reports `events` statuses, 16 at a
//! time, spread over the 30 requests. Prints notifications produced per second (the service's
//! calls, each writing its status, notification and job in one transaction), notifications
//! delivered per second (a notice sent for each, bursts folded), and the lag from the
//! notification to its e-mail, p50 and p99, read from the portal's database.
//!
//! ```sh
//! cargo run --release -p server --example notification_bench -- http://127.0.0.1:3300 sqlite://… 3301 10000
//! ```
//! `scripts/bench-notifications` runs it on SQLite and on PostgreSQL.

#[path = "../tests/api/common/browser.rs"]
#[expect(dead_code, reason = "the tests' browser, of which the benchmark uses a part")]
mod browser;
mod common;

use browser::Browser;
use common::{complaints_version, file_complaint, percentile};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

const CITIZENS: [&str; 3] = ["demo-citizen-1", "demo-citizen-2", "demo-citizen-3"];
const REQUESTS_EACH: usize = 10;
const IN_FLIGHT: usize = 16;

/// Every message the sink received: (recipient, text).
type Mailbox = Arc<Mutex<Vec<(String, String)>>>;

/// Just enough SMTP to take what the portal sends: greeting, EHLO, MAIL, RCPT, DATA, RSET,
/// NOOP, QUIT.
async fn smtp_sink(port: u16, mailbox: Mailbox) {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("the SMTP port is free");
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let mailbox = mailbox.clone();
        tokio::spawn(async move {
            let (read, mut write) = stream.into_split();
            let mut lines = BufReader::new(read).lines();
            let _ = write.write_all(b"220 sink\r\n").await;
            let mut to = String::new();
            while let Ok(Some(line)) = lines.next_line().await {
                let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
                let answer: &[u8] = match verb.as_str() {
                    "EHLO" | "HELO" => b"250 sink\r\n",
                    "RCPT" => {
                        to = line.split(['<', '>']).nth(1).unwrap_or_default().to_owned();
                        b"250 ok\r\n"
                    }
                    "DATA" => {
                        let _ = write.write_all(b"354 go on\r\n").await;
                        let mut text = String::new();
                        while let Ok(Some(line)) = lines.next_line().await {
                            if line == "." {
                                break;
                            }
                            text.push_str(&line);
                            text.push('\n');
                        }
                        mailbox.lock().unwrap().push((to.clone(), text));
                        b"250 kept\r\n"
                    }
                    "QUIT" => {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    }
                    _ => b"250 ok\r\n",
                };
                if write.write_all(answer).await.is_err() {
                    break;
                }
            }
        });
    }
}

/// A citizen signed in, with ten complaints filed and an address verified; their references.
async fn citizen(portal: String, account: &'static str, mailbox: Mailbox) -> Vec<String> {
    let mut browser = Browser::new(&portal);
    assert_eq!(
        browser.dev_sign_in(account, "/fr").await.status(),
        303,
        "development sign-in"
    );
    let version = complaints_version(&portal).await;
    let mut references = Vec::new();
    for _ in 0..REQUESTS_EACH {
        let (_, receipt) = file_complaint(&mut browser, version).await;
        references.push(receipt["reference"].as_str().unwrap().to_owned());
    }
    let address = format!("{account}@exemple.ca");
    let added = browser
        .post(
            "/api/notifications/contacts/add",
            &format!("channel=email&address={address}"),
        )
        .await;
    assert_eq!(added.status(), 200, "e-mail is configured (PORTAL_SMTP_HOST)");
    let settings: Value = browser
        .post("/api/notifications/settings", "")
        .await
        .json()
        .await
        .unwrap();
    let contact = settings["contacts"][0]["id"].as_str().unwrap().to_owned();
    let code = {
        let mailbox = mailbox.lock().unwrap();
        let (_, text) = mailbox
            .iter()
            .rev()
            .find(|(to, _)| *to == address)
            .expect("the code e-mail");
        regex::Regex::new(r"\b\d{6}\b")
            .unwrap()
            .find(text)
            .unwrap()
            .as_str()
            .to_owned()
    };
    let verified = browser
        .post(
            "/api/notifications/contacts/verify",
            &format!("contact={contact}&code={code}"),
        )
        .await;
    assert_eq!(verified.status(), 200);
    references
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let portal = args.next().unwrap_or_else(|| "http://127.0.0.1:3300".to_owned());
    let database = args.next().expect("the portal's database URL");
    let smtp_port: u16 = args.next().map_or(3301, |p| p.parse().expect("a port"));
    let events: usize = args.next().map_or(10_000, |n| n.parse().expect("a number of events"));

    let mailbox = Mailbox::default();
    tokio::spawn(smtp_sink(smtp_port, mailbox.clone()));
    let tasks: Vec<_> = CITIZENS
        .iter()
        .map(|account| tokio::spawn(citizen(portal.clone(), account, mailbox.clone())))
        .collect();
    let mut references = Vec::new();
    for task in tasks {
        references.extend(task.await.unwrap());
    }

    sqlx::any::install_default_drivers();
    let db = sqlx::AnyPool::connect(&database).await.expect("the portal's database");
    let count = async |sql: &'static str| -> i64 { sqlx::query_scalar(sql).fetch_one(&db).await.unwrap() };
    let before = count("SELECT COUNT(*) FROM notifications").await;

    // The service reports statuses, 16 calls at a time.
    let client = reqwest::Client::new();
    let started = Instant::now();
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let senders: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let (client, portal, references, next) = (client.clone(), portal.clone(), references.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if n >= events {
                        break;
                    }
                    let reference = &references[n % references.len()];
                    let status = if n % 10 == 9 {
                        "information_requise"
                    } else {
                        "en_examen"
                    };
                    let answer = client
                        .post(format!("{portal}/api/v1/services/plaintes/requests/{reference}/events"))
                        .bearer_auth("demo-plaintes")
                        .json(&json!({"event_id": format!("bench-{n}"), "status": status}))
                        .send()
                        .await
                        .expect("the portal answers");
                    assert_eq!(answer.status(), 201, "{}", answer.text().await.unwrap_or_default());
                }
            })
        })
        .collect();
    for sender in senders {
        sender.await.unwrap();
    }
    let produced_in = started.elapsed();
    let produced = count("SELECT COUNT(*) FROM notifications").await - before;
    assert_eq!(produced as usize, events, "one notification per event");

    let deadline = Instant::now() + Duration::from_secs(600);
    while count("SELECT COUNT(*) FROM jobs WHERE kind = 'notify' AND state = 'pending'").await > 0 {
        assert!(Instant::now() < deadline, "notices still pending after 10 minutes");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let delivered_in = started.elapsed();
    let rows = sqlx::query(
        "SELECT n.created_at, d.updated_at FROM notifications n \
         JOIN notification_deliveries d ON d.notification_id = n.id WHERE d.channel = 'email' AND d.state = 'sent'",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    use sqlx::Row;
    let at = |text: String| OffsetDateTime::parse(&text, &Rfc3339).unwrap();
    let mut lag: Vec<f64> = rows
        .into_iter()
        .map(|row| (at(row.get("updated_at")) - at(row.get("created_at"))).as_seconds_f64() * 1000.0)
        .collect();
    lag.sort_by(f64::total_cmp);
    let emails = mailbox.lock().unwrap().len() - CITIZENS.len();
    println!(
        "notifications produced: {produced} in {:.1} s = {:.0}/s ({IN_FLIGHT} service calls at a time, {} requests)",
        produced_in.as_secs_f64(),
        produced as f64 / produced_in.as_secs_f64(),
        references.len()
    );
    println!(
        "notifications delivered by e-mail: {} in {:.1} s = {:.0}/s, in {emails} e-mails (bursts of one request folded)",
        lag.len(),
        delivered_in.as_secs_f64(),
        lag.len() as f64 / delivered_in.as_secs_f64()
    );
    println!(
        "lag, notification to its e-mail: p50 {:.0} ms, p99 {:.0} ms",
        percentile(&lag, 0.5),
        percentile(&lag, 0.99)
    );
}
