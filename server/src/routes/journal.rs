//! `GET /api/admin/journal.csv` and `GET /api/admin/journal.json`: a search of the journal (the
//! console's own query, `?citizen=…&from=…`), every matching entry newest first, up to
//! [`EXPORT_MAX`]. Administrators only; journaled before the first byte; streamed a page at a
//! time, so a large export holds one page in memory, never cached.

use crate::state::AppState;
use app::audit::search::{EXPORT_MAX, JournalFilter, JournalQuery};
use app::audit::{AuditEntry, AuditEvent, Outcome};
use app::auth::{model::Role, session::CurrentSession};
use app::i18n::{Locale, td_string};
use axum::{
    Extension, Router,
    body::{Body, Bytes},
    extract::{Query, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use tokio_stream::wrappers::ReceiverStream;

/// Entries read from the database at once.
const CHUNK: usize = 1_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/admin/journal.csv", get(as_csv))
        .route("/api/admin/journal.json", get(as_json))
}

async fn as_csv(
    state: State<AppState>,
    session: Option<Extension<CurrentSession>>,
    asked: Query<ExportQuery>,
) -> Response {
    export(state, session, asked, Format::Csv).await
}

async fn as_json(
    state: State<AppState>,
    session: Option<Extension<CurrentSession>>,
    asked: Query<ExportQuery>,
) -> Response {
    export(state, session, asked, Format::Json).await
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Csv,
    Json,
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// The console's query and the language of any refusal (`lang=en`; French otherwise).
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ExportQuery {
    #[serde(flatten)]
    query: JournalQuery,
    lang: String,
}

async fn export(
    State(state): State<AppState>,
    session: Option<Extension<CurrentSession>>,
    Query(asked): Query<ExportQuery>,
    format: Format,
) -> Response {
    let locale = if asked.lang == "en" { Locale::en } else { Locale::fr };
    let Some(Extension(session)) = session else {
        return refusal(StatusCode::UNAUTHORIZED, td_string!(locale, journal.export.signed_out));
    };
    let filter = match asked.query.check() {
        Ok(filter) => filter,
        Err(_) => {
            return refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                td_string!(locale, journal.export.invalid),
            );
        }
    };
    let admin = session.role == Role::Admin;
    let event = if admin {
        let mut details = app::admin::journal_api::server::described(&filter);
        details["format"] = format.as_str().into();
        AuditEvent {
            details: Some(details),
            ..session.acting().event("audit.export", Outcome::Success)
        }
    } else {
        AuditEvent {
            target: Some("audit.export".to_owned()),
            ..session.acting().event("admin.access", Outcome::Denied)
        }
    };
    let journaled = async {
        let mut tx = state.portal.db.begin().await?;
        app::audit::db::record(&mut tx, &event, state.portal.auth.clock.now()).await?;
        tx.commit().await
    }
    .await;
    if let Err(error) = journaled {
        tracing::error!(%error, "cannot journal an export of the journal");
        return refusal(
            StatusCode::SERVICE_UNAVAILABLE,
            td_string!(locale, journal.export.unavailable),
        );
    }
    if !admin {
        return refusal(StatusCode::FORBIDDEN, td_string!(locale, journal.export.forbidden));
    }
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(2);
    tokio::spawn(write(state, filter, format, sender));
    let mut response = Body::from_stream(ReceiverStream::new(receiver)).into_response();
    let (media_type, name) = match format {
        Format::Csv => ("text/csv; charset=utf-8", "journal.csv"),
        Format::Json => ("application/json", "journal.json"),
    };
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// An export refused: the message in the asker's language, never cached.
pub(crate) fn refusal(status: StatusCode, message: &str) -> Response {
    let mut response = (status, format!("{message}\n")).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Writes the export a chunk at a time; a database error ends the body with an error, so the
/// download is seen to have failed rather than to be complete.
async fn write(
    state: AppState,
    mut filter: JournalFilter,
    format: Format,
    sender: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    let mut written = 0;
    let mut first = true;
    let opening = match format {
        Format::Csv => csv_header(),
        Format::Json => b"[".to_vec(),
    };
    if sender.send(Ok(Bytes::from(opening))).await.is_err() {
        return;
    }
    loop {
        let page = async {
            let mut conn = state.portal.db.pool().acquire().await?;
            app::audit::find::search(&mut conn, &filter, CHUNK.min(EXPORT_MAX - written)).await
        }
        .await;
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                tracing::error!(%error, "export of the journal cut short");
                let _ = sender.send(Err(std::io::Error::other("database"))).await;
                return;
            }
        };
        written += page.entries.len();
        let chunk = match format {
            Format::Csv => csv_rows(&page.entries),
            Format::Json => json_items(&page.entries, &mut first),
        };
        if sender.send(Ok(Bytes::from(chunk))).await.is_err() {
            return; // the administrator stopped the download
        }
        match page.next {
            Some(next) if written < EXPORT_MAX => filter.before = Some(next),
            _ => break,
        }
    }
    if format == Format::Json {
        let _ = sender.send(Ok(Bytes::from_static(b"]\n"))).await;
    }
}

const COLUMNS: [&str; 14] = [
    "seq",
    "occurred_at",
    "actor",
    "subject",
    "action",
    "target",
    "outcome",
    "service_id",
    "reference",
    "request_id",
    "ip",
    "details",
    "prev_hash",
    "hash",
];

fn csv_header() -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(COLUMNS);
    writer.into_inner().unwrap_or_default()
}

fn csv_rows(entries: &[AuditEntry]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    for entry in entries {
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        let _ = writer.write_record([
            entry.seq.to_string(),
            entry.occurred_at.to_string(),
            neutral(&entry.actor),
            neutral(&text(&entry.subject)),
            entry.action.clone(),
            neutral(&text(&entry.target)),
            entry.outcome.clone(),
            neutral(&text(&entry.service_id)),
            neutral(&text(&entry.reference)),
            neutral(&text(&entry.request_id)),
            neutral(&text(&entry.ip)),
            neutral(&text(&entry.details)),
            entry.prev_hash.clone(),
            entry.hash.clone(),
        ]);
    }
    writer.into_inner().unwrap_or_default()
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, a tab or a carriage
/// return first) gets a leading apostrophe (OWASP's CSV injection advice): a value a service or
/// a hostile client chose never runs in an administrator's spreadsheet.
pub(crate) fn neutral(value: &str) -> String {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    }
}

fn json_items(entries: &[AuditEntry], first: &mut bool) -> Vec<u8> {
    let mut out = Vec::new();
    for entry in entries {
        if !std::mem::take(first) {
            out.push(b',');
        }
        out.push(b'\n');
        if serde_json::to_writer(&mut out, entry).is_err() {
            continue;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_in_cells() {
        assert_eq!(neutral("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutral("+1"), "'+1");
        assert_eq!(neutral("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutral("auth.sign_in"), "auth.sign_in");
        assert_eq!(neutral(""), "");
    }
}
