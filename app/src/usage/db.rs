//! Marks written, folded into daily counts, and read back for a page.

use super::figures::{Group, Tallies};
use super::model::{Mark, Measure};
use super::query::UsageFilter;
use crate::db::Database;
use leptos_i18n::Locale as _;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Writes one mark, inside the caller's transaction when there is one.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn record(conn: &mut AnyConnection, mark: &Mark<'_>, now: OffsetDateTime) -> Result<(), sqlx::Error> {
    let day = crate::moment::day(crate::ui::when::quebec_day(now));
    sqlx::query(
        "INSERT INTO usage_marks (day, service_id, measure, language, device, step, seconds) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(day)
    .bind(mark.service.unwrap_or_default())
    .bind(mark.measure.as_str())
    .bind(mark.visit.language.map(|l| l.as_str()).unwrap_or_default())
    .bind(mark.visit.device.map(|d| d.as_str()).unwrap_or_default())
    .bind(i64::from(mark.step))
    .bind(mark.seconds)
    .execute(conn)
    .await?;
    Ok(())
}

/// What one daily count is kept under.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    day: String,
    service: String,
    measure: String,
    language: String,
    device: String,
    step: i64,
}

/// Folds up to `limit` marks into the daily counts and deletes them, in one transaction;
/// returns how many were folded. Marks are taken by deleting them (`DELETE … RETURNING`), so
/// two workers folding at once never count one mark twice: the second finds it gone.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn fold(db: &Database, limit: i64) -> Result<u64, sqlx::Error> {
    let mut tx = db.begin().await?;
    let rows = sqlx::query(
        "DELETE FROM usage_marks WHERE id IN (SELECT id FROM usage_marks ORDER BY id LIMIT $1) \
         RETURNING day, service_id, measure, language, device, step, seconds",
    )
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    let mut counts: BTreeMap<Key, i64> = BTreeMap::new();
    let mut timings: Vec<(String, String, String, i64)> = Vec::new();
    for row in &rows {
        let key = Key {
            day: row.try_get("day")?,
            service: row.try_get("service_id")?,
            measure: row.try_get("measure")?,
            language: row.try_get("language")?,
            device: row.try_get("device")?,
            step: row.try_get("step")?,
        };
        if let Some(seconds) = row.try_get::<Option<i64>, _>("seconds")? {
            timings.push((key.day.clone(), key.service.clone(), key.measure.clone(), seconds));
        }
        *counts.entry(key).or_default() += 1;
    }
    // In the keys' order, so that two folds never wait on each other's rows in turn.
    for (key, count) in &counts {
        sqlx::query(
            "INSERT INTO usage_daily (day, service_id, measure, language, device, step, count) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (day, service_id, measure, language, device, step) \
             DO UPDATE SET count = usage_daily.count + excluded.count",
        )
        .bind(&key.day)
        .bind(&key.service)
        .bind(&key.measure)
        .bind(&key.language)
        .bind(&key.device)
        .bind(key.step)
        .bind(count)
        .execute(&mut *tx)
        .await?;
    }
    for (day, service, measure, seconds) in &timings {
        sqlx::query("INSERT INTO usage_timings (day, service_id, measure, seconds) VALUES ($1, $2, $3, $4)")
            .bind(day)
            .bind(service)
            .bind(measure)
            .bind(seconds)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(rows.len() as u64)
}

/// Folds every mark there is, a batch at a time; returns how many.
pub async fn fold_all(db: &Database) -> Result<u64, sqlx::Error> {
    let mut total = 0;
    loop {
        let folded = fold(db, FOLD_BATCH).await?;
        total += folded;
        if folded < FOLD_BATCH as u64 {
            return Ok(total);
        }
    }
}

/// Marks folded in one transaction.
pub const FOLD_BATCH: i64 = 5_000;

/// The daily counts within the filter's days (of its service, or of all), summed by day and
/// measure, and over the span by measure, language, device and step.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn tallies(conn: &mut AnyConnection, filter: &UsageFilter) -> Result<Tallies, sqlx::Error> {
    let (from, until) = (crate::moment::day(filter.from), crate::moment::day(filter.until));
    let service = filter.service.as_deref();
    let rows = sqlx::query(
        "SELECT day, measure, CAST(SUM(count) AS BIGINT) AS n FROM usage_daily \
         WHERE day >= $1 AND day <= $2 AND ($3 IS NULL OR service_id = $3) GROUP BY day, measure",
    )
    .bind(&from)
    .bind(&until)
    .bind(service)
    .fetch_all(&mut *conn)
    .await?;
    let mut tallies = Tallies::default();
    for row in rows {
        let (day, measure): (String, String) = (row.try_get("day")?, row.try_get("measure")?);
        // A measure a newer portal counts is left out, not misread.
        if let (Some(day), Some(measure)) = (crate::moment::parse_day(&day), Measure::parse(&measure)) {
            tallies.days.push((day, measure, count_of(&row)?));
        }
    }
    let rows = sqlx::query(
        "SELECT measure, language, device, step, CAST(SUM(count) AS BIGINT) AS n FROM usage_daily \
         WHERE day >= $1 AND day <= $2 AND ($3 IS NULL OR service_id = $3) GROUP BY measure, language, device, step",
    )
    .bind(&from)
    .bind(&until)
    .bind(service)
    .fetch_all(&mut *conn)
    .await?;
    for row in rows {
        let measure: String = row.try_get("measure")?;
        if let Some(measure) = Measure::parse(&measure) {
            tallies.groups.push(Group {
                measure,
                language: row.try_get("language")?,
                device: row.try_get("device")?,
                step: u32::try_from(row.try_get::<i64, _>("step")?).unwrap_or(0),
                count: count_of(&row)?,
            });
        }
    }
    Ok(tallies)
}

fn count_of(row: &sqlx::any::AnyRow) -> Result<u64, sqlx::Error> {
    Ok(u64::try_from(row.try_get::<i64, _>("n")?).unwrap_or(0))
}

/// The times to a first status and to a decision of the requests answered within the filter's
/// days.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn timings(conn: &mut AnyConnection, filter: &UsageFilter) -> Result<Vec<(Measure, i64)>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT measure, seconds FROM usage_timings \
         WHERE day >= $1 AND day <= $2 AND ($3 IS NULL OR service_id = $3)",
    )
    .bind(crate::moment::day(filter.from))
    .bind(crate::moment::day(filter.until))
    .bind(filter.service.as_deref())
    .fetch_all(conn)
    .await?;
    let mut read = Vec::with_capacity(rows.len());
    for row in rows {
        let measure: String = row.try_get("measure")?;
        if let Some(measure) = Measure::parse(&measure) {
            read.push((measure, row.try_get("seconds")?));
        }
    }
    Ok(read)
}

/// The figures of a checked query, with the services that can be chosen.
pub async fn report(conn: &mut AnyConnection, filter: &UsageFilter) -> Result<super::model::UsageReport, sqlx::Error> {
    let tallies = tallies(conn, filter).await?;
    let timings = timings(conn, filter).await?;
    let services = crate::catalogue::db::records(conn)
        .await?
        .into_iter()
        .map(|record| (record.id.to_string(), record.tile.title))
        .collect();
    Ok(super::figures::report(filter, &tallies, &timings, services))
}

/// Marks written and not folded yet (for the health of the worker).
pub async fn waiting(conn: &mut AnyConnection) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) AS n FROM usage_marks")
        .fetch_one(conn)
        .await?
        .try_get("n")
}
