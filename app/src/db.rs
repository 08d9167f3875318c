//! The database: one pool, one code path, SQLite or PostgreSQL chosen by URL.
//!
//! Design choice: sqlx's `Any` driver rather than a trait with two implementations or generic
//! code over `sqlx::Database`.
//! - For: every query is written once and runs on both backends, so both are exercised by the
//!   same tests; the pool type is concrete (no generics leaking into server functions); the
//!   backend is picked at start-up from `PORTAL_DATABASE_URL`, with no rebuild.
//! - Against: no compile-time checked queries (`query!` needs one backend), and `Any` only
//!   carries the types both share (integers, floats, text, bytes, booleans). So times are stored
//!   as RFC 3339 UTC text with a fixed width (it sorts), identifiers as text, and JSON as text.
//!   SQL must stay portable: numbered `$1` parameters, `RETURNING`, `ON CONFLICT`.
//! - Where the backends differ (types, triggers, pragmas), the difference lives in the
//!   per-backend migrations (`migrations/sqlite`, `migrations/postgres`) and in
//!   [`Database::connect`]'s SQLite pragmas, nowhere else.

use sqlx::{
    Any, AnyPool, Transaction,
    any::{AnyPoolOptions, install_default_drivers},
    migrate::Migrator,
};
use std::{path::Path, sync::Once, time::Duration};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// Which database engine serves the portal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend a database URL names, if it is one we support.
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("PORTAL_DATABASE_URL must start with sqlite: or postgres://")]
    UnsupportedUrl,
    #[error("cannot create the directory of the SQLite file {0}: {1}")]
    Directory(String, std::io::Error),
    #[error("cannot connect to the database: {0}")]
    Connect(sqlx::Error),
    #[error("cannot apply the database migrations: {0}")]
    Migrate(sqlx::migrate::MigrateError),
}

/// The portal's connection pool and the backend behind it. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Database {
    pool: AnyPool,
    backend: Backend,
}

impl Database {
    /// Opens a pool (creating the SQLite file if missing) and checks one connection works.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Database, DbError> {
        static DRIVERS: Once = Once::new();
        DRIVERS.call_once(install_default_drivers);
        let backend = Backend::of_url(url).ok_or(DbError::UnsupportedUrl)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_creating_file(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(5))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL lets readers run beside the writer; busy_timeout makes writers queue
                        // instead of failing; foreign keys are off by default in SQLite.
                        sqlx::raw_sql(
                            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                             PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                        )
                        .execute(conn)
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await
            .map_err(DbError::Connect)?;
        Ok(Database { pool, backend })
    }

    /// Applies the backend's pending migrations.
    pub async fn migrate(&self) -> Result<(), DbError> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.pool).await.map_err(DbError::Migrate)
    }

    /// The backend behind the pool.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for reads that need no transaction.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a transaction; every write that matters happens in one, with its audit entry.
    pub async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            // A transaction that reads before it writes (is there a draft? which version is
            // current?) would fail on SQLite when another writer commits in between: its read
            // snapshot cannot become a write. Taking the write lock at the start makes writers
            // queue (busy_timeout) instead. PostgreSQL's row locks and constraints need no such
            // thing.
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Whether the database answers and holds the portal's schema (readiness).
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT seq FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await
            .map(|_| ())
    }

    /// Connections open and idle, for the metrics.
    pub fn pool_usage(&self) -> (u32, u32) {
        (
            self.pool.size(),
            u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
        )
    }

    /// Closes every connection (graceful shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// `sqlite://path` with `mode=rwc` (create if missing) unless a mode was given, after making
/// sure the file's directory exists.
fn sqlite_url_creating_file(url: &str) -> Result<String, DbError> {
    let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let in_memory = path == ":memory:" || query.contains("mode=memory");
    if !in_memory && let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| DbError::Directory(path.to_owned(), e))?;
    }
    Ok(match (in_memory, query.contains("mode=")) {
        (true, _) | (_, true) => url.to_owned(),
        (false, false) if query.is_empty() => format!("{url}?mode=rwc"),
        (false, false) => format!("{url}&mode=rwc"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_their_backend() {
        assert_eq!(Backend::of_url("sqlite://portal.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("sqlite::memory:"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("postgres://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("postgresql://u@h/db"), Some(Backend::Postgres));
        assert_eq!(Backend::of_url("mysql://u@h/db"), None);
        assert_eq!(Backend::of_url("portal.db"), None);
    }

    #[test]
    fn sqlite_files_are_created_unless_a_mode_is_given() {
        let dir = std::env::temp_dir().join(format!("vs-db-test-{}", std::process::id()));
        let file = dir.join("sub/portal.db");
        let url = format!("sqlite://{}", file.display());
        assert_eq!(sqlite_url_creating_file(&url).unwrap(), format!("{url}?mode=rwc"));
        assert!(file.parent().unwrap().is_dir());
        let with_mode = format!("{url}?mode=ro");
        assert_eq!(sqlite_url_creating_file(&with_mode).unwrap(), with_mode);
        assert_eq!(sqlite_url_creating_file("sqlite::memory:").unwrap(), "sqlite::memory:");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
