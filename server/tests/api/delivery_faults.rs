//! Delivery when things go wrong, each case asserting that nothing is lost and nothing is
//! delivered twice (a repeat, when a service never answered, carries the same Idempotency-Key):
//! - the service is down when the citizen sends, and comes back later;
//! - the service answers after the portal's timeout;
//! - the portal process is killed (SIGKILL) in the middle of a delivery, and after committing
//!   requests it has not delivered yet; another process takes over;
//! - a web process and two `server work` processes drain one queue of 500 jobs on one
//!   PostgreSQL; a web process without workers leaves the jobs to `server work`.
//!
//! The last two run the real `server` binary as separate processes.

use crate::common;

use app::forms::ValidAnswers;
use app::jobs::{About, JobKind, db::NewJob};
use app::requests::db::NewRequest;
use common::requests::{
    KEY, Service, citizen_with_complete_draft, complaints_to, eventually, portal_with, scalar, submit,
};
use common::{Backend, TestDatabase};
use server::config::Settings;
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

async fn the_service_down_at_submission_gets_the_request_when_back(backend: Backend) {
    // A port nobody listens on yet.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let app = portal_with(backend, &format!("http://{address}"), |s| s).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    assert_eq!(submit(&mut camille, KEY).await.0, 200);
    eventually(async || !app.journal("delivery.failed").await.is_empty()).await;
    assert_eq!(app.journal("delivery.failed").await[0].2["outcome"], "no connection");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM jobs WHERE state = 'pending'").await,
        1
    );

    let service = Service::serve(tokio::net::TcpListener::bind(address).await.unwrap());
    app.clock.advance(time::Duration::minutes(1));
    eventually(async || !app.journal("delivery.acknowledged").await.is_empty()).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(service.count(), 1, "delivered once, when back");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM requests WHERE stage = 'delivered'").await,
        1
    );
}

async fn a_service_slower_than_the_timeout_gets_the_same_key_again(backend: Backend) {
    let (service, address) = Service::start().await;
    service.wait(Duration::from_secs(3));
    let app = portal_with(backend, &address, |mut s: Settings| {
        s.delivery.timeout_seconds = 1;
        s
    })
    .await;
    let mut camille = citizen_with_complete_draft(&app).await;
    assert_eq!(submit(&mut camille, KEY).await.0, 200);
    eventually(async || !app.journal("delivery.failed").await.is_empty()).await;
    assert_eq!(app.journal("delivery.failed").await[0].2["outcome"], "timeout");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM requests WHERE stage = 'delivered'").await,
        0
    );

    service.wait(Duration::ZERO);
    app.clock.advance(time::Duration::minutes(1));
    eventually(async || !app.journal("delivery.acknowledged").await.is_empty()).await;
    let keys = service.keys();
    assert_eq!(keys.len(), 2, "the slow try and the acknowledged one");
    assert_eq!(keys[0], keys[1], "the same key: the service keeps one");
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM request_events WHERE kind = 'delivered'").await,
        1
    );
}

/// Workers carry deliveries side by side: while one waits for a slow answer, the next request
/// still goes out.
async fn a_slow_answer_holds_up_one_delivery_not_the_next(backend: Backend) {
    let (service, address) = Service::start().await;
    service.wait(Duration::from_secs(3));
    let app = portal_with(backend, &address, |s| s).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    assert_eq!(submit(&mut camille, KEY).await.0, 200);
    eventually(async || service.count() == 1).await;
    let mut camille = citizen_with_complete_draft(&app).await;
    assert_eq!(
        submit(&mut camille, "5d6e7f80-0000-4000-8000-000000000002").await.0,
        200
    );
    eventually(async || service.count() == 2).await;
    assert!(
        app.journal("delivery.acknowledged").await.is_empty(),
        "the second went out while the first still waited"
    );
    eventually(async || app.journal("delivery.acknowledged").await.len() == 2).await;
}

both_backends!(
    the_service_down_at_submission_gets_the_request_when_back,
    a_service_slower_than_the_timeout_gets_the_same_key_again,
    a_slow_answer_holds_up_one_delivery_not_the_next,
);

/// What a portal process does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `server`: pages, and its workers unless told otherwise.
    Web { run_workers: bool },
    /// `server work`: workers only.
    Work,
}

/// A portal process on `url`, in production mode, delivering with `timeout_seconds`.
struct Portal {
    child: Child,
}

impl Portal {
    async fn start(url: &str, timeout_seconds: u64) -> Portal {
        Portal::launch(url, timeout_seconds, Role::Web { run_workers: true }).await
    }

    async fn launch(url: &str, timeout_seconds: u64, role: Role) -> Portal {
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
        for (key, _) in std::env::vars() {
            if key.starts_with("PORTAL_") || key.starts_with("LEPTOS_") {
                command.env_remove(key);
            }
        }
        if role == Role::Work {
            command.arg("work");
        }
        let run_workers = (role != Role::Web { run_workers: false }).to_string();
        let portal = Portal {
            child: command
                .envs([
                    ("PORTAL_RUN_WORKERS", run_workers.as_str()),
                    ("PORTAL_DATABASE_URL", url),
                    ("PORTAL_ENV", "development"),
                    ("PORTAL_DELIVERY_ALLOWED_HOSTS", "127.0.0.1"),
                    ("PORTAL_OIDC_ISSUER", "https://idp.invalid"),
                    ("PORTAL_OIDC_CLIENT_ID", "votre-sante"),
                    ("PORTAL_OIDC_CLIENT_SECRET", "client-secret-never-printed"),
                    ("PORTAL_DELIVERY_TIMEOUT_SECONDS", &timeout_seconds.to_string()),
                    ("LEPTOS_SITE_ADDR", &addr.to_string()),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("the portal starts"),
        };
        if role == Role::Work {
            return portal; // no pages to be ready for: it starts carrying jobs at once
        }
        for _ in 0..400 {
            if reqwest::get(format!("http://{addr}/readyz"))
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return portal;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the portal never became ready");
    }

    fn process_id(&self) -> String {
        self.child.id().to_string()
    }

    /// SIGKILL: no shutdown, no clean-up, the lease left behind.
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The database of a portal whose complaint service delivers to `service`, with one citizen.
async fn prepare(url: &str, service: &str) -> app::db::Database {
    let db = app::db::Database::connect(url, 4).await.unwrap();
    db.migrate().await.unwrap();
    let now = time::OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let manifest = serde_json::to_vec(&complaints_to(service, 1)).unwrap();
    let manifest = app::catalogue::check::parse_manifest(&manifest).unwrap();
    app::catalogue::db::publish(&mut tx, &manifest, now).await.unwrap();
    app::catalogue::db::set_signing_secret(&mut tx, &"plaintes".into(), "fault-test-secret", now)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO citizens (id, subject_hash, created_at, last_sign_in_at) VALUES ('citizen-1', 'hash-1', $1, $1)",
    )
    .bind(app::moment::Moment::at(now))
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    db
}

/// Files `count` requests as submission does (request and delivery in one transaction each).
async fn file_requests(db: &app::db::Database, service: &str, count: usize) {
    let now = time::OffsetDateTime::now_utc();
    let url = format!("{service}/submissions");
    for _ in 0..count {
        let mut tx = db.begin().await.unwrap();
        let key = uuid::Uuid::new_v4().to_string();
        let new = NewRequest {
            citizen_id: &"citizen-1".into(),
            service_id: &"plaintes".into(),
            service_version: 1,
            answers: &ValidAnswers::new(),
            idempotency_key: &key,
        };
        let filed = app::requests::db::create(&mut tx, &new, now).await.unwrap();
        let body =
            serde_json::json!({ "kind": "submission", "request": { "id": filed.id, "reference": filed.reference } });
        let job = NewJob {
            kind: JobKind::DeliverSubmission,
            about: &About::Request(filed.id.clone()),
            destination: &url,
            body: &body.to_string(),
            waits_for: None,
        };
        app::jobs::db::enqueue(&mut tx, &job, now, time::Duration::hours(24))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
}

async fn count(db: &app::db::Database, sql: &'static str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

/// Waits (up to `seconds`) until `done` holds.
async fn within(seconds: u64, mut done: impl AsyncFnMut() -> bool) {
    for _ in 0..seconds * 10 {
        if done().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("not done after {seconds} s");
}

/// The portal is killed while the service holds its delivery, and while requests it committed
/// wait in the outbox; a new process delivers every one, once acknowledged each.
async fn a_portal_killed_mid_delivery_loses_nothing(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let (service, address) = Service::start().await;
    let db = prepare(&database.url, &address).await;
    file_requests(&db, &address, 1).await;
    // The first delivery hangs: the portal is killed while it waits for the answer.
    service.wait(Duration::from_secs(60));
    let first = Portal::start(&database.url, 2).await;
    within(20, async || service.count() == 1).await;
    first.kill();
    assert_eq!(count(&db, "SELECT COUNT(*) FROM jobs WHERE state = 'pending'").await, 1);
    // Committed while no portal runs: requests received, not delivered.
    file_requests(&db, &address, 3).await;
    service.wait(Duration::ZERO);

    let _second = Portal::start(&database.url, 2).await;
    // The killed worker's lease (3 × timeout + 5 s) runs out, then its job is taken over.
    within(60, async || {
        count(&db, "SELECT COUNT(*) FROM jobs WHERE state = 'done'").await == 4
    })
    .await;
    let keys = service.keys();
    let mut times: HashMap<&String, usize> = HashMap::new();
    for key in &keys {
        *times.entry(key).or_default() += 1;
    }
    assert_eq!(times.len(), 4, "every request reached the service");
    assert_eq!(keys.len(), 5, "only the unanswered delivery went twice: {times:?}");
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM requests WHERE stage = 'delivered'").await,
        4
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM request_events WHERE kind = 'delivered'").await,
        4,
        "one acknowledgement each"
    );
}

both_backends!(a_portal_killed_mid_delivery_loses_nothing);

/// The process ids of the workers that carried the acknowledged deliveries (a worker is named
/// `worker-<process id>-<worker id>`).
async fn processes_that_delivered(db: &app::db::Database) -> std::collections::BTreeSet<String> {
    sqlx::query_scalar("SELECT details FROM audit_events WHERE action = 'delivery.acknowledged'")
        .fetch_all(db.pool())
        .await
        .unwrap()
        .into_iter()
        .map(|details: String| {
            let details: serde_json::Value = serde_json::from_str(&details).unwrap();
            details["worker"]
                .as_str()
                .unwrap()
                .split('-')
                .nth(1)
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// A web process and two `server work` processes on one PostgreSQL share one queue of 500 jobs:
/// each job is claimed by one of them and delivered exactly once, and all three carried some.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_web_process_and_two_workers_share_one_queue_each_job_done_once() {
    let database = TestDatabase::create(Backend::Postgres).await;
    let (service, address) = Service::start().await;
    // Slow enough that no process can take everything alone.
    service.wait(Duration::from_millis(20));
    let db = prepare(&database.url, &address).await;
    file_requests(&db, &address, 500).await;
    let (web, first, second) = tokio::join!(
        Portal::start(&database.url, 10),
        Portal::launch(&database.url, 10, Role::Work),
        Portal::launch(&database.url, 10, Role::Work),
    );
    within(120, async || {
        count(&db, "SELECT COUNT(*) FROM jobs WHERE state = 'done'").await == 500
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let keys = service.keys();
    let distinct: std::collections::HashSet<&String> = keys.iter().collect();
    assert_eq!(
        (keys.len(), distinct.len()),
        (500, 500),
        "each job delivered exactly once"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM jobs WHERE attempts <> 1").await, 0);
    let expected = [&web, &first, &second].map(Portal::process_id).into_iter().collect();
    assert_eq!(processes_that_delivered(&db).await, expected, "all three carried jobs");
}

/// A web process told not to run workers (`PORTAL_RUN_WORKERS=false`) serves pages and leaves
/// the queue alone; a `server work` process carries every job.
async fn a_web_process_without_workers_leaves_the_jobs_to_server_work(backend: Backend) {
    let database = TestDatabase::create(backend).await;
    let (service, address) = Service::start().await;
    let db = prepare(&database.url, &address).await;
    file_requests(&db, &address, 5).await;
    let _web = Portal::launch(&database.url, 2, Role::Web { run_workers: false }).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(service.count(), 0, "the web process carried nothing");
    assert_eq!(count(&db, "SELECT COUNT(*) FROM jobs WHERE state = 'pending'").await, 5);
    let worker = Portal::launch(&database.url, 2, Role::Work).await;
    within(30, async || {
        count(&db, "SELECT COUNT(*) FROM jobs WHERE state = 'done'").await == 5
    })
    .await;
    assert_eq!(service.count(), 5);
    assert_eq!(
        processes_that_delivered(&db).await,
        [worker.process_id()].into_iter().collect()
    );
    let started: Vec<String> = sqlx::query_scalar("SELECT details FROM audit_events WHERE action = 'system.start'")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(started.iter().any(|d| d.contains(r#""role":"work""#)), "{started:?}");
}

both_backends!(a_web_process_without_workers_leaves_the_jobs_to_server_work);
