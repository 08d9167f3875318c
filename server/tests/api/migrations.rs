//! The two migration folders describe one schema: the same migrations, by name, and after
//! migrating, the same tables with the same columns on SQLite and on PostgreSQL. A migration
//! written for one store only fails here, not in production.

use crate::common::{Backend, TestDatabase};
use app::db::Database;
use std::collections::BTreeSet;

fn migrations_in(folder: &str) -> BTreeSet<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../migrations")
        .join(folder);
    std::fs::read_dir(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn both_folders_list_the_same_migrations() {
    let sqlite = migrations_in("sqlite");
    let postgres = migrations_in("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite.symmetric_difference(&postgres).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "a migration is in one folder only"
    );
}

/// Every `table.column` of the migrated schema, without the migrator's own table.
async fn columns(backend: Backend) -> BTreeSet<String> {
    let test_db = TestDatabase::create(backend).await;
    let db = Database::connect(&test_db.url, 2).await.unwrap();
    db.migrate().await.unwrap();
    let query = match backend {
        Backend::Sqlite => {
            "SELECT m.name || '.' || p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'"
        }
        Backend::Postgres => {
            "SELECT CAST(table_name || '.' || column_name AS TEXT) FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'"
        }
    };
    let found: Vec<String> = sqlx::query_scalar(query).fetch_all(db.pool()).await.unwrap();
    db.close().await;
    found.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_stores_have_the_same_tables_and_columns() {
    let sqlite = columns(Backend::Sqlite).await;
    let postgres = columns(Backend::Postgres).await;
    assert!(sqlite.contains("requests.reference"), "{sqlite:?}");
    assert_eq!(
        sqlite.symmetric_difference(&postgres).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "columns in one store only"
    );
}
