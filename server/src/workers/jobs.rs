//! The job workers: each claims a due job of a kind this process carries, hands it to its
//! carrier, then records the outcome: done (and its consequences for what it concerns), tried
//! again later with backoff, or dead-lettered for administrators; every attempt journaled.

use super::{WorkerSettings, delivery};
use app::audit::{AuditEvent, Outcome};
use app::db::Database;
use app::jobs::{About, JobKind, db as jobs, db::Job};
use app::usage::model::{Mark, Measure, Visit};
use std::sync::Arc;
use time::OffsetDateTime;

/// What carries each kind of job, shared by the workers of a process.
pub struct Carriers {
    /// Deliveries to services.
    pub delivery: reqwest::Client,
    /// Where deliveries may go, checked before each one.
    pub destinations: crate::destinations::Destinations,
    /// The channels that carry notifications beyond the inbox.
    pub channels: app::notifications::channels::Channels,
    /// How long a notice is tried before it is given up.
    pub retry_for: time::Duration,
}

impl Carriers {
    /// The kinds this process carries.
    pub const KINDS: [JobKind; 5] = JobKind::ALL;

    async fn carry(&self, db: &Database, job: &Job, now: OffsetDateTime) -> Result<Attempt, sqlx::Error> {
        match job.kind {
            JobKind::DeliverSubmission | JobKind::DeliverWithdrawal | JobKind::DeliverSignature => {
                delivery::deliver(&self.delivery, &self.destinations, db, job, now).await
            }
            JobKind::Notify => {
                use app::notifications::delivery::{Carried, carry};
                let About::Notification(id) = &job.about else {
                    return Ok(Attempt::Refused("not a notification".to_owned()));
                };
                Ok(match carry(db, &self.channels, id, now).await? {
                    Carried::Done => Attempt::Acknowledged,
                    Carried::Retry(said) => Attempt::Failed(said),
                    Carried::Later(at) => Attempt::Postponed(at),
                })
            }
            JobKind::Announce => {
                let About::Announcement(id) = &job.about else {
                    return Ok(Attempt::Refused("not an announcement".to_owned()));
                };
                let mut tx = db.begin().await?;
                let told = app::notifications::announcements::tell_followers(&mut tx, id, self.retry_for, now).await?;
                tx.commit().await?;
                tracing::info!(announcement = %id, told, "announcement told to its followers");
                Ok(Attempt::Acknowledged)
            }
        }
    }
}

/// What one attempt came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The destination has it.
    Acknowledged,
    /// The destination will never take it as it is ("HTTP 422").
    Refused(String),
    /// Worth trying again ("HTTP 503", "timeout", "no connection").
    Failed(String),
    /// Not now, and not a failure: due again at this time (quiet hours).
    Postponed(OffsetDateTime),
}

/// A name for a worker, unique among every process: the journal says who carried each job.
pub fn worker_name() -> String {
    format!("worker-{}-{}", std::process::id(), uuid::Uuid::new_v4().simple())
}

/// One worker: a job at a time, then the next; asleep until woken or the poll interval passes.
pub async fn work(
    db: Database,
    clock: app::clock::Clock,
    carriers: Arc<Carriers>,
    settings: WorkerSettings,
    worker: String,
) {
    loop {
        match carry_one(&db, &clock, &carriers, &settings, &worker).await {
            Ok(true) => {}
            Ok(false) => {
                tokio::select! {
                    () = tokio::time::sleep(settings.poll) => {}
                    () = settings.wake.notified() => {}
                }
            }
            Err(error) => {
                tracing::warn!(%error, "job worker: database error");
                tokio::time::sleep(settings.poll).await;
            }
        }
    }
}

/// The journal's name for a kind's attempts: `delivery.acknowledged`, `delivery.failed`, …
fn journal_prefix(kind: JobKind) -> &'static str {
    match kind {
        JobKind::DeliverSubmission | JobKind::DeliverWithdrawal | JobKind::DeliverSignature => "delivery",
        JobKind::Notify => "notification",
        JobKind::Announce => "announcement",
    }
}

/// Claims and carries one due job; false when none is due.
pub async fn carry_one(
    db: &Database,
    clock: &app::clock::Clock,
    carriers: &Carriers,
    settings: &WorkerSettings,
    worker: &str,
) -> Result<bool, sqlx::Error> {
    let lease = time::Duration::try_from(settings.lease).unwrap_or(time::Duration::MINUTE);
    let job = {
        let mut conn = db.pool().acquire().await?;
        let Some(job) = jobs::claim(&mut conn, worker, &Carriers::KINDS, clock.now(), lease).await? else {
            return Ok(false);
        };
        job
    };
    let outcome = carriers.carry(db, &job, clock.now()).await?;
    let now = clock.now();
    let mut tx = db.begin().await?;
    let names = match &job.about {
        About::Request(id) => app::requests::db::journal_names(&mut tx, id).await?,
        _ => None,
    };
    let journal = |what: &str, outcome: Outcome, said: Option<&str>| {
        let event = AuditEvent {
            target: Some(job.about.id().to_owned()),
            details: Some(serde_json::json!({
                "job": job.id, "kind": job.kind.as_str(), "attempt": job.attempts, "outcome": said, "worker": worker,
            })),
            ..AuditEvent::new("system", format!("{}.{what}", journal_prefix(job.kind)), outcome)
        };
        match &names {
            Some(names) => event
                .about_request(&names.service_id, &names.reference)
                .concerning(&names.citizen_id),
            None => event,
        }
    };
    // A delivery to a service refused or given up for good counts in the usage statistics.
    let mut lost = false;
    let event = match outcome {
        Attempt::Acknowledged => {
            if !jobs::done(&mut tx, &job.id, worker, now).await? {
                return Ok(true); // the lease ran out and another worker took the job over
            }
            consequences(&mut tx, &job, now).await?;
            journal("acknowledged", Outcome::Success, None)
        }
        Attempt::Refused(said) => {
            if !jobs::dead(&mut tx, &job.id, worker, &said, now).await? {
                return Ok(true);
            }
            tracing::warn!(job = %job.id, kind = job.kind.as_str(), %said, "job refused: dead-lettered");
            lost = true;
            journal("refused", Outcome::Failure, Some(&said))
        }
        Attempt::Postponed(at) => {
            let About::Notification(id) = &job.about else {
                return Ok(true);
            };
            if !app::notifications::delivery::postpone(&mut tx, &job.id, worker, id, at).await? {
                return Ok(true);
            }
            journal("postponed", Outcome::Success, Some("quiet hours"))
        }
        Attempt::Failed(said) => {
            let wait = app::jobs::retry::backoff(job.attempts, rand::random::<f64>());
            let next = now + time::Duration::try_from(wait).unwrap_or(time::Duration::HOUR);
            if app::moment::Moment::at(next) > job.give_up_at {
                if !jobs::dead(&mut tx, &job.id, worker, &said, now).await? {
                    return Ok(true);
                }
                tracing::warn!(job = %job.id, kind = job.kind.as_str(), %said, "job given up: dead-lettered");
                lost = true;
                if let About::Notification(id) = &job.about {
                    app::notifications::delivery::given_up(&mut tx, id, now).await?;
                }
                journal("given_up", Outcome::Failure, Some(&said))
            } else {
                if !jobs::retry_at(&mut tx, &job.id, worker, next, &said).await? {
                    return Ok(true);
                }
                journal("failed", Outcome::Failure, Some(&said))
            }
        }
    };
    app::audit::db::record(&mut tx, &event, now).await?;
    if let (true, "delivery", Some(names)) = (lost, journal_prefix(job.kind), &names) {
        let mark = Mark::new(Measure::DeliveryFailed, Some(&names.service_id), Visit::default());
        app::usage::db::record(&mut tx, &mark, now).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// What a done job changes for the thing it concerns, in the same transaction.
async fn consequences(tx: &mut sqlx::AnyConnection, job: &Job, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    use app::requests::delivery::{Acknowledged, acknowledged};
    match (&job.about, job.kind) {
        (About::Request(id), JobKind::DeliverSubmission) => acknowledged(tx, id, Acknowledged::Submission, now).await,
        (About::Request(id), JobKind::DeliverWithdrawal) => acknowledged(tx, id, Acknowledged::Withdrawal, now).await,
        // A notification's deliveries recorded their own outcome as they went.
        _ => Ok(()),
    }
}
