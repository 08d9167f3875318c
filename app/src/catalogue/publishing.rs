//! Publishing a manifest: one operation, whoever asks (a service team through
//! `PUT /api/v1/services/{id}`, an administrator from the console). The manifest's own checks,
//! then the address it is published at and the destination rules; then, in one transaction,
//! the new version, its journal entry (and one naming the old and new endpoints when they
//! change: where health data goes is never changed unseen) and, the first time, the key the
//! service checks the portal's deliveries with and the news of a new service.

use super::check::{FieldProblem, parse_manifest};
use super::db::{self as catalogue_db, Published};
use super::model::{Endpoints, ServiceManifest};
use crate::api::Portal;
use crate::audit::AuditEvent;
use crate::ids::ServiceId;
use serde_json::json;
use time::OffsetDateTime;

/// What a publication did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publication {
    pub version: u32,
    /// The first publication: the key the service checks deliveries with, given this once.
    pub signing_secret: Option<String>,
}

/// Why nothing was published.
#[derive(Debug)]
pub enum Refusal {
    /// Every problem of the manifest, each named by its path.
    Problems(Vec<FieldProblem>),
    /// The version is not above the published one.
    StaleVersion {
        current: u32,
    },
    Database(sqlx::Error),
}

impl From<sqlx::Error> for Refusal {
    fn from(error: sqlx::Error) -> Self {
        Refusal::Database(error)
    }
}

/// The manifest in `body`, checked as it would be published at `id`: every problem, or the
/// manifest (what the console previews).
pub fn checked(portal: &Portal, id: &str, body: &[u8]) -> Result<ServiceManifest, Vec<FieldProblem>> {
    let manifest = parse_manifest(body)?;
    let problems = portal.destinations.problems(id, &manifest);
    match problems.is_empty() {
        true => Ok(manifest),
        false => Err(problems),
    }
}

/// Publishes the manifest in `body` at `id`; `by` is the journal's event of whoever asked (its
/// actor and where the call came from), which becomes `catalogue.publish`.
pub async fn publish(
    portal: &Portal,
    id: &ServiceId,
    body: &[u8],
    by: AuditEvent,
    now: OffsetDateTime,
) -> Result<Publication, Refusal> {
    let manifest = checked(portal, id, body).map_err(Refusal::Problems)?;
    let mut tx = portal.db.begin().await?;
    let before = portal
        .manifests
        .current(&mut tx, id)
        .await?
        .map(|current| current.endpoints.clone());
    let published = catalogue_db::publish(&mut tx, &manifest, now).await?;
    if let Published::StaleVersion { current } = published {
        return Err(Refusal::StaleVersion { current });
    }
    let event = AuditEvent {
        action: "catalogue.publish".to_owned(),
        target: Some(id.to_string()),
        details: Some(json!({ "version": manifest.version })),
        ..by.clone()
    }
    .about_service(id.as_str());
    crate::audit::db::record(&mut tx, &event, now).await?;
    if before.as_ref() != Some(&manifest.endpoints) {
        let event = AuditEvent {
            action: "catalogue.endpoints".to_owned(),
            target: Some(id.to_string()),
            details: Some(json!({
                "version": manifest.version,
                "before": before.as_ref().map(endpoints_json),
                "after": endpoints_json(&manifest.endpoints),
            })),
            ..by.clone()
        }
        .about_service(id.as_str());
        crate::audit::db::record(&mut tx, &event, now).await?;
    }
    let signing_secret = match published {
        Published::Created => {
            let secret = crate::auth::session::new_secret_token();
            catalogue_db::set_signing_secret(&mut tx, id, &secret, now).await?;
            announce(&mut tx, portal, &manifest, &by.actor, now).await?;
            Some(secret)
        }
        _ => None,
    };
    tx.commit().await?;
    portal.tiles.invalidate();
    if signing_secret.is_some() {
        portal.news.invalidate();
        portal.deliveries.wake.notify_one();
    }
    Ok(Publication {
        version: manifest.version,
        signing_secret,
    })
}

/// A service published for the first time is news: told on the home page and to the citizens
/// who follow its category.
async fn announce(
    tx: &mut sqlx::AnyConnection,
    portal: &Portal,
    manifest: &ServiceManifest,
    by: &str,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    use crate::notifications::announcements::{NewAnnouncement, publish};
    let new = NewAnnouncement {
        kind: crate::notifications::model::AnnouncementKind::NewService,
        service: Some(&manifest.id),
        page: None,
        category: Some(manifest.category),
        title: &manifest.title,
        text: &manifest.summary,
        published_by: by,
    };
    publish(tx, &new, portal.deliveries.retry_for, now).await?;
    Ok(())
}

fn endpoints_json(endpoints: &Endpoints) -> serde_json::Value {
    json!({ "submissions": endpoints.submissions, "withdrawals": endpoints.withdrawals })
}
