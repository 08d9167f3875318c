//! Searching the journal. Each search walks one index newest first from its cursor
//! (`seq < $1 ORDER BY seq DESC`), chosen by its most telling part (a request, a citizen, a
//! service, an address, an action), the other parts checked on the entries it walks; a time
//! range becomes a range of sequence numbers first, through the index on time. A page costs the
//! same with a thousand entries or a million, and no page is ever an offset scan.

use super::db::{columns, entry_of_row};
use super::model::AuditEntry;
use super::search::{JournalFilter, JournalPage, Journey};
use crate::moment::Moment;
use crate::ui::when::start_of_quebec_day;
use sqlx::AnyConnection;

/// One search, whatever part leads: `$1` the cursor (exclusive), `$2` the lowest sequence
/// number, `$3`…`$8` the parts, `$9` and `$10` the time range, `$11` the page's size.
macro_rules! search {
    ($leading:literal) => {
        concat!(
            "SELECT ",
            columns!(),
            " FROM audit_events WHERE ",
            $leading,
            " AND seq < $1 AND seq >= $2 \
             AND ($3 IS NULL OR subject = $3) AND ($4 IS NULL OR service_id = $4) \
             AND ($5 IS NULL OR reference = $5) AND ($6 IS NULL OR action = $6) \
             AND ($7 IS NULL OR outcome = $7) AND ($8 IS NULL OR ip = $8) \
             AND ($9 IS NULL OR occurred_at >= $9) AND ($10 IS NULL OR occurred_at < $10) \
             ORDER BY seq DESC LIMIT $11"
        )
    };
}

/// The entries matching `filter`, newest first, `limit` at most, and the cursor of the next
/// page when there are more.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn search(
    conn: &mut AnyConnection,
    filter: &JournalFilter,
    limit: usize,
) -> Result<JournalPage, sqlx::Error> {
    let from = filter.from.map(|day| Moment::at(start_of_quebec_day(day)));
    let until = filter
        .until
        .and_then(|day| day.next_day())
        .map(|day| Moment::at(start_of_quebec_day(day)));
    let Some((lowest, highest)) = seq_range(conn, from.as_ref(), until.as_ref()).await? else {
        return Ok(JournalPage::default());
    };
    let below = filter.before.unwrap_or(i64::MAX).min(highest);
    let sql = if filter.reference.is_some() {
        search!("reference = $5")
    } else if filter.citizen.is_some() {
        search!("subject = $3")
    } else if filter.service.is_some() {
        search!("service_id = $4")
    } else if filter.ip.is_some() {
        search!("ip = $8")
    } else if filter.action.is_some() {
        search!("action = $6")
    } else {
        search!("1 = 1")
    };
    let rows = sqlx::query(sql)
        .bind(below)
        .bind(lowest)
        .bind(&filter.citizen)
        .bind(&filter.service)
        .bind(&filter.reference)
        .bind(&filter.action)
        .bind(filter.outcome.map(|o| o.as_str()))
        .bind(&filter.ip)
        .bind(from)
        .bind(until)
        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
        .fetch_all(conn)
        .await?;
    page_of(&rows, limit)
}

/// The sequence numbers a time range covers: the lowest included and the highest excluded;
/// `None` when the range holds no entry.
async fn seq_range(
    conn: &mut AnyConnection,
    from: Option<&Moment>,
    until: Option<&Moment>,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    let lowest = match from {
        None => 0,
        Some(from) => {
            let first: Option<i64> = sqlx::query_scalar(
                "SELECT seq FROM audit_events WHERE occurred_at >= $1 ORDER BY occurred_at, seq LIMIT 1",
            )
            .bind(from)
            .fetch_optional(&mut *conn)
            .await?;
            match first {
                Some(seq) => seq,
                None => return Ok(None),
            }
        }
    };
    let highest = match until {
        None => i64::MAX,
        Some(until) => {
            let last: Option<i64> = sqlx::query_scalar(
                "SELECT seq FROM audit_events WHERE occurred_at < $1 ORDER BY occurred_at DESC, seq DESC LIMIT 1",
            )
            .bind(until)
            .fetch_optional(&mut *conn)
            .await?;
            match last {
                Some(seq) => seq + 1,
                None => return Ok(None),
            }
        }
    };
    Ok((lowest < highest).then_some((lowest, highest)))
}

/// Everything about one citizen or one request, oldest first, after the entry `after`.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn journey(
    conn: &mut AnyConnection,
    whose: &Journey,
    after: i64,
    limit: usize,
) -> Result<JournalPage, sqlx::Error> {
    let (sql, key) = match whose {
        Journey::Citizen(citizen) => (
            concat!(
                "SELECT ",
                columns!(),
                " FROM audit_events WHERE subject = $1 AND seq > $2 ORDER BY seq LIMIT $3"
            ),
            citizen,
        ),
        Journey::Request(reference) => (
            concat!(
                "SELECT ",
                columns!(),
                " FROM audit_events WHERE reference = $1 AND seq > $2 ORDER BY seq LIMIT $3"
            ),
            reference,
        ),
    };
    let rows = sqlx::query(sql)
        .bind(key)
        .bind(after)
        .bind(i64::try_from(limit + 1).unwrap_or(i64::MAX))
        .fetch_all(conn)
        .await?;
    page_of(&rows, limit)
}

/// A page of at most `limit` entries from `limit + 1` rows read: the one more says there is a
/// next page, which starts after the page's last entry.
fn page_of(rows: &[sqlx::any::AnyRow], limit: usize) -> Result<JournalPage, sqlx::Error> {
    let mut entries = rows.iter().map(entry_of_row).collect::<Result<Vec<AuditEntry>, _>>()?;
    let next = (entries.len() > limit).then(|| {
        entries.truncate(limit);
        entries.last().map(|last| last.seq)
    });
    Ok(JournalPage {
        entries,
        next: next.flatten(),
    })
}
