//! Starts the real portal for a test: `Application::build` on port 0 with a fresh database
//! (a temporary SQLite file, or a new PostgreSQL database dropped afterwards).

pub mod browser;
pub mod mail;
pub mod notices;
pub mod pki;
pub mod provider;
pub mod push;
pub mod requests;
pub mod services;
pub mod sms;
pub mod tsa;

use app::clock::Clock;
use app::db::Database;
use leptos::prelude::LeptosOptions;
use server::{config::Settings, identity::SharedIdentity, startup::Application};

/// Which database a test runs against.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs an `async fn(Backend)` test once per backend: `both_backends!(name, other_name);`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::common::Backend::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::common::Backend::Postgres).await;
            }
        }
    )*};
}

/// The administrative PostgreSQL URL tests create their databases from.
pub fn postgres_admin_url() -> String {
    std::env::var("PORTAL_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A fresh, empty database for one test; removed when dropped.
pub struct TestDatabase {
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    /// Removed with the directory when dropped.
    Directory {
        _dir: tempfile::TempDir,
    },
    Postgres {
        admin_url: String,
        name: String,
    },
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!("sqlite://{}", dir.path().join("portal.db").display());
                TestDatabase {
                    url,
                    cleanup: Cleanup::Directory { _dir: dir },
                }
            }
            Backend::Postgres => {
                use sqlx::{Connection, Executor};
                let admin_url = postgres_admin_url();
                let name = format!("vs_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL is required for the integration tests and is not reachable at {admin_url}: {e}. \
                         Start it (scripts/test does) or set PORTAL_TEST_POSTGRES_URL."
                    )
                });
                admin
                    .execute(sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                        r#"CREATE DATABASE "{name}""#
                    ))))
                    .await
                    .expect("CREATE DATABASE");
                let mut url = url::Url::parse(&admin_url).expect("a valid PostgreSQL URL");
                url.set_path(&name);
                TestDatabase {
                    url: url.to_string(),
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime; do the async clean-up on a thread of its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime");
                runtime.block_on(async move {
                    use sqlx::{Connection, Executor};
                    if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                        let _ = admin
                            .execute(sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                                r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#
                            ))))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// A running portal and a client for it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The portal's own pool: closing it makes the portal lose its database.
    pub db: Database,
    /// The portal's clock: move it forward instead of sleeping.
    pub clock: Clock,
    pub identity: SharedIdentity,
    /// The built site it serves (a stylesheet and a font), removed when dropped.
    _site: tempfile::TempDir,
    _database: TestDatabase,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("the request reaches the portal")
    }

    /// A browser (its own cookies) on this portal.
    pub fn browser(&self) -> browser::Browser {
        browser::Browser::new(&self.address)
    }

    /// Journal entries with this action, oldest first: (actor, outcome, details).
    pub async fn journal(&self, action: &str) -> Vec<(String, String, serde_json::Value)> {
        use sqlx::Row;
        sqlx::query("SELECT actor, outcome, details FROM audit_events WHERE action = $1 ORDER BY seq")
            .bind(action)
            .fetch_all(self.db.pool())
            .await
            .expect("the journal reads")
            .iter()
            .map(|row| {
                let details: Option<String> = row.get("details");
                (
                    row.get("actor"),
                    row.get("outcome"),
                    details.map_or(serde_json::Value::Null, |d| serde_json::from_str(&d).unwrap()),
                )
            })
            .collect()
    }

    /// How many sessions are open.
    pub async fn open_sessions(&self) -> i64 {
        use sqlx::Row;
        sqlx::query("SELECT COUNT(*) AS n FROM sessions")
            .fetch_one(self.db.pool())
            .await
            .expect("sessions count")
            .get("n")
    }

    pub async fn get_with_language(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .expect("the request reaches the portal")
    }
}

/// Settings for a portal signing in through `provider`.
pub fn with_provider(settings: Settings, provider: &provider::TestProvider) -> Settings {
    let mut settings = settings;
    settings.identity.oidc_issuer = Some(url::Url::parse(&provider.issuer).unwrap());
    settings.identity.oidc_client_id = Some(provider::CLIENT_ID.to_owned());
    settings.identity.oidc_client_secret = Some(server::config::Secret::new(provider::CLIENT_SECRET));
    settings
}

/// Test settings: development mode (said explicitly, as a developer must), the given
/// database, a small body limit, deliveries allowed to the test services on 127.0.0.1, and
/// notices at once at any hour (the tests of folding and quiet hours say otherwise).
pub fn settings(database_url: &str) -> Settings {
    let mut settings = Settings {
        env: server::config::Environment::Development,
        ..Settings::default()
    };
    settings.database.url = server::config::SecretUrl::new(database_url);
    settings.http.max_body_bytes = 64 * 1024;
    settings.delivery.allowed_hosts = "127.0.0.1".to_owned();
    settings.notify.notify_fold_minutes = 0;
    settings.notify.quiet_hours = "off".to_owned();
    settings
}

/// Starts the portal on a fresh database, with a small built site (one hashed stylesheet, one
/// font) standing in for cargo-leptos's output.
pub async fn spawn(backend: Backend) -> TestApp {
    spawn_with(backend, |s| s).await
}

/// Like [`spawn`], with the settings adjusted by `adjust`.
pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(Settings) -> Settings) -> TestApp {
    let database = TestDatabase::create(backend).await;
    let site = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::create_dir_all(site.path().join("fonts")).unwrap();
    std::fs::write(
        site.path().join("pkg/portal.0123456789abcdef.css"),
        "body{color:#223654}".repeat(200),
    )
    .unwrap();
    std::fs::write(site.path().join("fonts/open-sans-latin-400-normal.woff2"), b"wOF2").unwrap();
    let options = LeptosOptions::builder()
        .output_name("portal")
        .site_root(site.path().display().to_string())
        .site_addr("127.0.0.1:0".parse::<std::net::SocketAddr>().unwrap())
        .build();
    let settings = adjust(settings(&database.url));
    let clock = Clock::default();
    let app = Application::build_with_clock(&settings, options, clock.clone())
        .await
        .expect("the portal starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let db = app.db();
    let identity = app.identity();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    TestApp {
        address,
        client,
        db,
        clock,
        identity,
        _site: site,
        _database: database,
    }
}

/// A portal with the demo catalogue loaded (four services, their demo tokens and keys).
pub async fn spawn_demo(backend: Backend) -> TestApp {
    spawn_with(backend, |s| Settings {
        demo_catalogue: true,
        ..s
    })
    .await
}

/// The field ids and problems of a refusal of answers (`AppError::InvalidAnswers`), or the
/// parts and reasons of a refused input (`AppError::InvalidInput`).
pub fn field_errors(answer: &serde_json::Value) -> Vec<(String, String)> {
    if let Some(fields) = answer["InvalidInput"]["fields"].as_array() {
        return fields
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_owned(),
                    pair[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
    }
    answer["InvalidAnswers"]["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("not a field refusal: {answer}"))
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["problem"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Starts the citizen's draft for a service as the wizard does: opens the form, which writes
/// nothing, then saves what it shows (the prefilled answers, as typed now: the server takes a
/// device's time no later than its own), which creates the draft at revision 1. A draft already there is left as it is. Returns the
/// draft.
pub async fn start_draft(browser: &mut browser::Browser, service: &str) -> serde_json::Value {
    let response = browser.post("/api/drafts/open", &format!("service={service}")).await;
    assert_eq!(response.status(), 200);
    let opened: serde_json::Value = response.json().await.unwrap();
    let draft = &opened["draft"];
    if draft["revision"] != 0 {
        return draft.clone();
    }
    let save = serde_json::json!({
        "service": service, "service_version": draft["service_version"], "base_revision": 0,
        "answers": draft["answers"], "step": 0, "edited_at": "2099-01-01T00:00:00Z",
    });
    let (status, outcome) = browser.call("drafts/save", save).await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["Saved"]["revision"], 1, "{outcome}");
    let response = browser.post("/api/drafts/open", &format!("service={service}")).await;
    response.json::<serde_json::Value>().await.unwrap()["draft"].clone()
}
