//! The audit journal on a real database: appends, concurrency, append-only, tamper detection.

use crate::common;

use app::audit::{
    AuditEvent, Outcome,
    db::{Verification, record, verify},
    model::{BreakReason, ChainBreak},
};
use app::db::Database;
use common::{Backend, spawn};
use sqlx::Executor;

async fn append(db: &Database, n: usize) {
    for i in 0..n {
        let mut tx = db.begin().await.unwrap();
        let event = AuditEvent {
            target: Some(format!("target-{i}")),
            request_id: Some(format!("req-{i}")),
            ip: Some("203.0.113.7".into()),
            details: Some(serde_json::json!({ "user_agent": "test" })),
            ..AuditEvent::new(format!("subject-{i}"), "auth.sign_in", Outcome::Success)
        };
        record(&mut tx, &event, time::OffsetDateTime::now_utc()).await.unwrap();
        tx.commit().await.unwrap();
    }
}

async fn count(db: &Database) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_events")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

/// Lets the test play an attacker with direct database access: lift the append-only guard.
async fn lift_append_only_guard(db: &Database, backend: Backend) {
    let statements = match backend {
        Backend::Sqlite => "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;",
        Backend::Postgres => "ALTER TABLE audit_events DISABLE TRIGGER USER;",
    };
    db.pool().execute(statements).await.unwrap();
}

async fn entries_chain_and_verify(backend: Backend) {
    let app = spawn(backend).await;
    // The start of the portal is the first entry.
    assert_eq!(count(&app.db).await, 1);
    append(&app.db, 25).await;
    match verify(&app.db, None).await.unwrap() {
        Verification::Intact { entries } => assert_eq!(entries, 26),
        broken => panic!("{broken:?}"),
    }
}

async fn a_rolled_back_action_leaves_no_entry_and_no_gap(backend: Backend) {
    let app = spawn(backend).await;
    let mut tx = app.db.begin().await.unwrap();
    record(
        &mut tx,
        &AuditEvent::new("s", "x.y", Outcome::Failure),
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    append(&app.db, 2).await;
    assert_eq!(count(&app.db).await, 3);
    assert!(matches!(
        verify(&app.db, None).await.unwrap(),
        Verification::Intact { entries: 3 }
    ));
}

async fn concurrent_appends_keep_one_unbroken_chain(backend: Backend) {
    let app = spawn(backend).await;
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let db = app.db.clone();
            tokio::spawn(async move { append(&db, 10).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    assert_eq!(count(&app.db).await, 81);
    assert!(matches!(
        verify(&app.db, None).await.unwrap(),
        Verification::Intact { entries: 81 }
    ));
}

async fn the_journal_refuses_updates_and_deletes(backend: Backend) {
    let app = spawn(backend).await;
    append(&app.db, 3).await;
    let update = app
        .db
        .pool()
        .execute("UPDATE audit_events SET actor = 'x' WHERE seq = 2")
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = app.db.pool().execute("DELETE FROM audit_events WHERE seq = 2").await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(count(&app.db).await, 4);
    assert!(matches!(
        verify(&app.db, None).await.unwrap(),
        Verification::Intact { entries: 4 }
    ));
}

async fn an_edited_row_is_detected_and_named(backend: Backend) {
    let app = spawn(backend).await;
    append(&app.db, 10).await;
    lift_append_only_guard(&app.db, backend).await;
    app.db
        .pool()
        .execute("UPDATE audit_events SET outcome = 'failure' WHERE seq = 6")
        .await
        .unwrap();
    match verify(&app.db, None).await.unwrap() {
        Verification::Broken(broken) => {
            assert_eq!(
                broken,
                ChainBreak {
                    seq: 6,
                    reason: BreakReason::HashMismatch
                }
            );
        }
        intact => panic!("tampering not detected: {intact:?}"),
    }
}

async fn a_deleted_row_is_detected_and_named(backend: Backend) {
    let app = spawn(backend).await;
    append(&app.db, 10).await;
    lift_append_only_guard(&app.db, backend).await;
    app.db
        .pool()
        .execute("DELETE FROM audit_events WHERE seq = 4")
        .await
        .unwrap();
    match verify(&app.db, None).await.unwrap() {
        Verification::Broken(broken) => assert_eq!(broken.seq, 5),
        intact => panic!("deletion not detected: {intact:?}"),
    }
}

async fn the_person_acted_for_is_kept_and_its_erasure_detected(backend: Backend) {
    let app = spawn(backend).await;
    append(&app.db, 2).await;
    let mut tx = app.db.begin().await.unwrap();
    let event = AuditEvent {
        subject: Some("child-1".into()),
        target: Some("plaintes".into()),
        ..AuditEvent::new("parent-1", "draft.create", Outcome::Success)
    };
    let seq = record(&mut tx, &event, time::OffsetDateTime::now_utc()).await.unwrap();
    tx.commit().await.unwrap();
    append(&app.db, 2).await;
    let mut conn = app.db.pool().acquire().await.unwrap();
    let entries = app::audit::db::entries_after(&mut conn, seq - 1, i64::MAX, 2)
        .await
        .unwrap();
    assert_eq!(
        (entries[0].actor.as_str(), entries[0].subject.as_deref()),
        ("parent-1", Some("child-1"))
    );
    assert_eq!(entries[1].subject, None, "an entry about no citizen names none");
    drop(conn);
    assert!(matches!(
        verify(&app.db, None).await.unwrap(),
        Verification::Intact { entries: 6 }
    ));

    // Erasing who was acted for, to pass an act off as the actor's own, breaks the chain.
    lift_append_only_guard(&app.db, backend).await;
    sqlx::query("UPDATE audit_events SET subject = NULL WHERE seq = $1")
        .bind(seq)
        .execute(app.db.pool())
        .await
        .unwrap();
    match verify(&app.db, None).await.unwrap() {
        Verification::Broken(broken) => assert_eq!(
            broken,
            ChainBreak {
                seq,
                reason: BreakReason::HashMismatch
            }
        ),
        intact => panic!("erased subject not detected: {intact:?}"),
    }
}

both_backends!(
    the_person_acted_for_is_kept_and_its_erasure_detected,
    entries_chain_and_verify,
    a_rolled_back_action_leaves_no_entry_and_no_gap,
    concurrent_appends_keep_one_unbroken_chain,
    the_journal_refuses_updates_and_deletes,
    an_edited_row_is_detected_and_named,
    a_deleted_row_is_detected_and_named,
);
