//! The demo catalogue for development: the four demo services, published as their teams
//! would, and one well-known token per service so that the README's API example works at once.
//! Refused in production by the configuration check; a production portal on a database that
//! once held it does not start while its credentials are in force ([`credentials_left`]).

use app::ids::ServiceId;
use app::{
    audit::{AuditEvent, Outcome},
    catalogue::{check::parse_manifest, demo::MANIFESTS},
    db::Database,
};
use time::OffsetDateTime;

/// The demo token of a demo service: public, development only.
pub fn demo_token(service: &str) -> String {
    format!("demo-{service}")
}

/// The demo signing key of a demo service: public, development only (the reference service
/// back-end checks deliveries with it).
pub fn demo_secret(service: &str) -> String {
    format!("demo-secret-{service}")
}

/// Publishes each demo service the database does not have yet, and makes sure its demo token
/// exists. Returns `(service, token)` for each, to print.
pub async fn load(db: &Database, now: OffsetDateTime) -> Result<Vec<(ServiceId, String)>, sqlx::Error> {
    let mut tokens = Vec::new();
    let mut tx = db.begin().await?;
    for json in MANIFESTS {
        let manifest = parse_manifest(json.as_bytes())
            .map_err(|problems| sqlx::Error::Protocol(format!("demo manifest invalid: {problems:?}")))?;
        if !app::catalogue::db::has_version(&mut tx, &manifest.id, manifest.version).await? {
            app::catalogue::db::publish(&mut tx, &manifest, now).await?;
            let event = AuditEvent {
                target: Some(manifest.id.to_string()),
                service_id: Some(manifest.id.to_string()),
                details: Some(serde_json::json!({ "version": manifest.version, "demo": true })),
                ..AuditEvent::new("system", "catalogue.publish", Outcome::Success)
            };
            app::audit::db::record(&mut tx, &event, now).await?;
        }
        let token = demo_token(&manifest.id);
        if app::auth::api_tokens::find(&mut tx, &token).await?.is_none() {
            let valid_for = time::Duration::days(i64::from(app::auth::api_tokens::MAX_VALIDITY_DAYS));
            app::auth::api_tokens::issue(&mut tx, &manifest.id, "demo", &token, now, valid_for).await?;
        }
        if app::catalogue::db::signing_secret(&mut tx, &manifest.id)
            .await?
            .is_none()
        {
            app::catalogue::db::set_signing_secret(&mut tx, &manifest.id, &demo_secret(&manifest.id), now).await?;
        }
        tokens.push((manifest.id, token));
    }
    tx.commit().await?;
    Ok(tokens)
}

/// The demo catalogue's public credentials still in force in this database: each demo
/// service's token (unless revoked) and signing key (unless rotated). A production portal
/// refuses to start while any is left: anyone who read the README could publish or sign.
pub async fn credentials_left(db: &Database) -> Result<Vec<String>, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    let mut left = Vec::new();
    for json in MANIFESTS {
        let Ok(manifest) = parse_manifest(json.as_bytes()) else {
            continue;
        };
        let id = &manifest.id;
        if let Some(token) = app::auth::api_tokens::find(&mut conn, &demo_token(id)).await?
            && token.revoked_at.is_none()
        {
            left.push(format!("the demo token of {id}"));
        }
        if app::catalogue::db::signing_secret(&mut conn, id).await?.as_deref() == Some(demo_secret(id).as_str()) {
            left.push(format!("the demo signing key of {id}"));
        }
    }
    Ok(left)
}
