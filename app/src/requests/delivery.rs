//! What a service's acknowledgement changes for a request, in the worker's transaction: a line
//! on its timeline, and "Transmise au service" for a submission (unless withdrawn meanwhile).

use super::db as requests;
use super::model::{EventKind, RequestEvent};
use crate::ids::RequestId;
use crate::moment::Moment;
use sqlx::AnyConnection;
use time::OffsetDateTime;

/// What the service acknowledged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acknowledged {
    Submission,
    Withdrawal,
}

/// Records the service's acknowledgement on the request.
pub async fn acknowledged(
    conn: &mut AnyConnection,
    request_id: &RequestId,
    what: Acknowledged,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let kind = match what {
        Acknowledged::Submission => EventKind::Delivered,
        Acknowledged::Withdrawal => EventKind::WithdrawalDelivered,
    };
    let line = RequestEvent::step(kind, Moment::at(now));
    requests::add_event(conn, request_id, &line, None).await?;
    if what == Acknowledged::Submission {
        requests::mark_delivered(conn, request_id, now).await?;
    }
    Ok(())
}
