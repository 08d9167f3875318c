//! `PUT /api/v1/services/{id}`: a service team publishes a manifest. Besides the manifest's own
//! checks, its endpoints must satisfy the destination rules (`crate::destinations`), and a
//! change of endpoints is journaled with the old and new addresses: where health data goes is
//! never changed unseen.

use super::{ApiError, Caller, Fault, require_json};
use crate::state::AppState;
use app::ids::ServiceId;
use app::{
    audit::{AuditEvent, Outcome},
    catalogue::{
        check::{FieldProblem, ProblemCode, parse_manifest},
        db::{self as catalogue_db, Published},
        model::{Endpoints, ServiceManifest},
    },
};
use axum::{
    Json,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// `PUT /api/v1/services/{id}`: publishes a manifest (201 the first time, 200 for a new
/// version; 409 when the version is not above the current one; 422 with every problem).
pub(super) async fn publish(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<ServiceId>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let locale = caller.locale;
    caller.may_act_on(&id, &state, "catalogue.publish").await?;
    require_json(&headers, locale)?;
    let mut manifest = parse_manifest(&body);
    if let Ok(m) = &manifest {
        let problems = problems_here(&state, &id, m);
        if !problems.is_empty() {
            manifest = Err(problems);
        }
    }
    let manifest =
        manifest.map_err(|problems| ApiError::new(Fault::InvalidManifest, locale).with_problems(problems))?;
    let now = state.portal.auth.clock.now();
    let mut tx = state.portal.db.begin().await.map_err(ApiError::database(locale))?;
    let before = state
        .portal
        .manifests
        .current(&mut tx, &id)
        .await
        .map_err(ApiError::database(locale))?
        .map(|current| current.endpoints.clone());
    let published = catalogue_db::publish(&mut tx, &manifest, now)
        .await
        .map_err(ApiError::database(locale))?;
    if let Published::StaleVersion { current } = published {
        return Err(ApiError::new(Fault::StaleVersion { current }, locale));
    }
    let event = AuditEvent {
        target: Some(id.to_string()),
        service_id: Some(id.to_string()),
        details: Some(json!({ "version": manifest.version })),
        ..AuditEvent::new(format!("service:{id}"), "catalogue.publish", Outcome::Success)
    };
    app::audit::db::record(&mut tx, &event, now)
        .await
        .map_err(ApiError::database(locale))?;
    if before.as_ref() != Some(&manifest.endpoints) {
        let event = AuditEvent {
            target: Some(id.to_string()),
            service_id: Some(id.to_string()),
            details: Some(json!({
                "version": manifest.version,
                "before": before.as_ref().map(endpoints_json),
                "after": endpoints_json(&manifest.endpoints),
            })),
            ..AuditEvent::new(format!("service:{id}"), "catalogue.endpoints", Outcome::Success)
        };
        app::audit::db::record(&mut tx, &event, now)
            .await
            .map_err(ApiError::database(locale))?;
    }
    // The first publication gives the service the key it checks the portal's deliveries with;
    // it is shown this once.
    let secret = if published == Published::Created {
        let secret = hex::encode(rand::random::<[u8; 32]>());
        app::catalogue::db::set_signing_secret(&mut tx, &id, &secret, now)
            .await
            .map_err(ApiError::database(locale))?;
        announce(&mut tx, &state, &manifest, now)
            .await
            .map_err(ApiError::database(locale))?;
        Some(secret)
    } else {
        None
    };
    tx.commit().await.map_err(ApiError::database(locale))?;
    state.portal.tiles.invalidate();
    if secret.is_some() {
        state.portal.news.invalidate();
        state.portal.deliveries.wake.notify_one();
    }
    Ok(match secret {
        Some(secret) => (
            StatusCode::CREATED,
            [(header::LOCATION, format!("/api/v1/services/{id}"))],
            Json(json!({ "id": id, "version": manifest.version, "signing_secret": secret })),
        )
            .into_response(),
        None => (StatusCode::OK, Json(json!({ "id": id, "version": manifest.version }))).into_response(),
    })
}

/// A service published for the first time is news: told on the home page and to the citizens
/// who follow its category.
async fn announce(
    tx: &mut sqlx::AnyConnection,
    state: &AppState,
    manifest: &ServiceManifest,
    now: time::OffsetDateTime,
) -> Result<(), sqlx::Error> {
    use app::notifications::announcements::{NewAnnouncement, publish};
    let new = NewAnnouncement {
        kind: app::notifications::model::AnnouncementKind::NewService,
        service: Some(&manifest.id),
        category: Some(manifest.category),
        title: &manifest.title,
        text: &manifest.summary,
        published_by: &format!("service:{}", manifest.id),
    };
    publish(tx, &new, state.portal.deliveries.retry_for, now).await?;
    Ok(())
}

/// What the address and the rules of this portal add to the manifest's own checks: its id is
/// the service in the address, and its endpoints are destinations the portal may send to.
fn problems_here(state: &AppState, id: &str, manifest: &ServiceManifest) -> Vec<FieldProblem> {
    let mut problems = Vec::new();
    if manifest.id != id {
        problems.push(FieldProblem {
            path: "id".to_owned(),
            code: ProblemCode::Mismatch,
        });
    }
    let endpoints = &manifest.endpoints;
    let named = [
        ("endpoints.submissions", Some(&endpoints.submissions)),
        ("endpoints.withdrawals", endpoints.withdrawals.as_ref()),
    ];
    for (path, endpoint) in named {
        if let Some(Err(code)) = endpoint.map(|url| state.destinations.check(url)) {
            problems.push(FieldProblem {
                path: path.to_owned(),
                code,
            });
        }
    }
    problems
}

fn endpoints_json(endpoints: &Endpoints) -> serde_json::Value {
    json!({ "submissions": endpoints.submissions, "withdrawals": endpoints.withdrawals })
}
