//! Withdrawing a service's tile and showing it again: one operation, whoever asks (the service
//! team through its API, an administrator from the console), journaled with who asked.

use super::db;
use crate::audit::AuditEvent;
use crate::ids::ServiceId;
use sqlx::AnyConnection;
use time::OffsetDateTime;

/// Hides (`shown` false) or shows again (`shown` true) the tile of `id`, at its current
/// version, and journals `event` (its action says which) about the service. Returns whether
/// anything changed (false: it was already so, or was never published). The caller clears the
/// tile cache once its transaction commits.
pub async fn set_shown(
    conn: &mut AnyConnection,
    id: &ServiceId,
    shown: bool,
    event: AuditEvent,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let changed = match shown {
        true => db::restore(conn, id, now).await?,
        false => db::withdraw(conn, id, now).await?,
    };
    if changed {
        let event = AuditEvent {
            target: Some(id.to_string()),
            ..event.about_service(id.as_str())
        };
        crate::audit::db::record(conn, &event, now).await?;
    }
    Ok(changed)
}
