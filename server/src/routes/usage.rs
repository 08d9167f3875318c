//! `GET /api/admin/usage.csv?service=…&period=…&from=…&until=…&lang=fr|en`: the figures of the
//! console's statistics page as CSV, administrators only, journaled. One value a line
//! (`part,label,measure,value`: a period, a language, a device class, a step, a time to an
//! answer, the totals), so a spreadsheet can pivot it; counts under 5 are written "< 5", as
//! on the page.

use crate::state::AppState;
use app::audit::{AuditEvent, Outcome};
use app::auth::{model::Role, session::CurrentSession};
use app::i18n::{Locale, td_string};
use app::usage::model::{Counts, Measure, UsageReport, completion_rate, published};
use app::usage::query::UsageQuery;
use axum::{
    Extension, Router,
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/admin/usage.csv", get(export))
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct Asked {
    #[serde(flatten)]
    query: UsageQuery,
    lang: String,
}

async fn export(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    Query(asked): Query<Asked>,
) -> Response {
    let locale = if asked.lang == "en" { Locale::en } else { Locale::fr };
    let plain = crate::routes::journal::refusal;
    let Some(Extension(session)) = session else {
        return plain(
            StatusCode::UNAUTHORIZED,
            td_string!(locale, usage.export_errors.signed_out),
        );
    };
    let now = state.portal.auth.clock.now();
    let admin = session.role == Role::Admin;
    let filter = match asked.query.check(app::ui::when::quebec_day(now)) {
        Ok(filter) => Some(filter),
        Err(_) if !admin => None,
        Err(app::error::AppError::InvalidInput { fields }) => {
            let said: Vec<&str> = fields
                .iter()
                .map(|(_, why)| app::admin::pages::usage_refusal(why, locale))
                .collect();
            return plain(StatusCode::UNPROCESSABLE_ENTITY, &said.join(" "));
        }
        Err(_) => {
            return plain(
                StatusCode::UNPROCESSABLE_ENTITY,
                td_string!(locale, usage.errors.invalid),
            );
        }
    };
    let read = async {
        let mut tx = state.portal.db.begin().await?;
        let event = match &filter {
            Some(filter) if admin => AuditEvent {
                details: Some(filter.describe()),
                ..session.acting().event("usage.export", Outcome::Success)
            },
            _ => AuditEvent {
                target: Some("usage.export".to_owned()),
                ..session.acting().event("admin.access", Outcome::Denied)
            },
        };
        app::audit::db::record(&mut tx, &event, now).await?;
        let report = match (&filter, admin) {
            (Some(filter), true) => Some(app::usage::db::report(&mut tx, filter).await?),
            _ => None,
        };
        tx.commit().await?;
        Ok::<_, sqlx::Error>(report)
    }
    .await;
    let report = match read {
        Err(error) => {
            tracing::error!(%error, "cannot export the usage figures");
            return plain(
                StatusCode::SERVICE_UNAVAILABLE,
                td_string!(locale, usage.export_errors.unavailable),
            );
        }
        Ok(None) => return plain(StatusCode::FORBIDDEN, td_string!(locale, usage.export_errors.forbidden)),
        Ok(Some(report)) => report,
    };
    let mut response = csv_of(&report).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"statistiques.csv\""),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A count as published: the number, or "< 5".
fn shown(count: u64) -> String {
    published(count).map_or_else(|| "< 5".to_owned(), |count| count.to_string())
}

/// The report as CSV lines `part,label,measure,value`.
pub fn csv_of(report: &UsageReport) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(["part", "label", "measure", "value"]);
    let mut counts = |part: &str, label: &str, counts: &Counts| {
        for measure in Measure::ALL {
            let _ = writer.write_record([part, label, measure.as_str(), &shown(counts.get(measure))]);
        }
        let rate = completion_rate(counts).map_or_else(String::new, |rate| format!("{rate:.1}"));
        let _ = writer.write_record([part, label, "completion_rate_percent", &rate]);
    };
    counts("total", "", &report.totals);
    for bucket in &report.buckets {
        counts("period", &bucket.start, &bucket.counts);
    }
    for (language, of_language) in &report.by_language {
        counts("language", language, of_language);
    }
    for (device, of_device) in &report.by_device {
        counts("device", device, of_device);
    }
    for step in &report.funnel {
        let label = step.step.to_string();
        let _ = writer.write_record(["step", &label, "reached", &shown(step.reached)]);
        let _ = writer.write_record(["step", &label, "abandoned", &shown(step.abandoned)]);
    }
    for timing in &report.timings {
        let label = timing.measure.as_str();
        let seconds = |value: Option<i64>| value.map_or_else(String::new, |s| s.to_string());
        let _ = writer.write_record(["timing", label, "count", &shown(timing.count)]);
        let _ = writer.write_record(["timing", label, "median_seconds", &seconds(timing.median)]);
        let _ = writer.write_record(["timing", label, "p90_seconds", &seconds(timing.p90)]);
        let _ = writer.write_record(["timing", label, "trimmed_mean_seconds", &seconds(timing.trimmed_mean)]);
    }
    writer.into_inner().unwrap_or_default()
}
