//! The reference service back-end: a small program that implements the portal's service
//! contract, for the demo and the tests. It receives deliveries (`POST /{service}/submissions`
//! and `/{service}/withdrawals`), checks their signature and freshness, keeps each once by its
//! `Idempotency-Key`, and reports statuses to the portal, from its page (`GET /`) or from the
//! command line.
//!
//! ```sh
//! reference-service serve --listen 127.0.0.1:3200 --portal http://127.0.0.1:3000
//! reference-service report --portal http://127.0.0.1:3000 --service plaintes \
//!     --reference VS-2026-000001 --status en_examen --fr "Nous examinons votre plainte." \
//!     --en "We are reviewing your complaint."
//! ```
//!
//! Keys and tokens are the demo ones (`demo-secret-<service>`, `demo-<service>`) unless
//! `--secret service=key` and `--token service=token` say otherwise.

use axum::{
    Form, Json, Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    routing::{get, post},
};
use clap::{Parser, Subcommand};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How far the signature's time may be from this program's clock.
const FRESHNESS_SECONDS: i64 = 300;

#[derive(Parser)]
#[command(
    name = "reference-service",
    about = "A service back-end speaking the portal's contract"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Receives deliveries and shows them at `/`.
    Serve {
        #[arg(long, default_value = "127.0.0.1:3200")]
        listen: String,
        #[arg(long, default_value = "http://127.0.0.1:3000")]
        portal: String,
        /// `service=key`, repeatable; otherwise `demo-secret-<service>`.
        #[arg(long = "secret")]
        secrets: Vec<String>,
        /// `service=token`, repeatable; otherwise `demo-<service>`.
        #[arg(long = "token")]
        tokens: Vec<String>,
    },
    /// Reports a status of a request to the portal.
    Report {
        #[arg(long, default_value = "http://127.0.0.1:3000")]
        portal: String,
        /// Defaults to the demo token, `demo-<service>`.
        #[arg(long)]
        token: Option<String>,
        #[command(flatten)]
        event: Report,
    },
}

/// One delivery received.
#[derive(Clone, serde::Serialize)]
struct Received {
    service: String,
    kind: String,
    idempotency_key: String,
    reference: String,
    body: Value,
}

#[derive(Clone)]
struct Shared {
    received: Arc<Mutex<Vec<Received>>>,
    portal: String,
    secrets: HashMap<String, String>,
    tokens: HashMap<String, String>,
}

impl Shared {
    fn secret(&self, service: &str) -> String {
        self.secrets
            .get(service)
            .cloned()
            .unwrap_or_else(|| format!("demo-secret-{service}"))
    }

    fn token(&self, service: &str) -> String {
        self.tokens
            .get(service)
            .cloned()
            .unwrap_or_else(|| format!("demo-{service}"))
    }
}

fn pairs(list: &[String]) -> HashMap<String, String> {
    list.iter()
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// Whether `header` is a fresh signature of the delivery `key` with `body`, with `secret`.
fn signed(secret: &str, header: &str, key: &str, body: &str, now: i64) -> bool {
    server::signing::verify(secret, header, &[key, body], now, FRESHNESS_SECONDS)
}

async fn receive(
    State(shared): State<Shared>,
    Path((service, kind)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let body = String::from_utf8_lossy(&body).into_owned();
    let header = headers
        .get("x-portal-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    if key.is_empty() || !signed(&shared.secret(&service), header, &key, &body, now) {
        eprintln!("refused a delivery for {service}: no key, or a bad or stale signature");
        return (StatusCode::UNAUTHORIZED, "bad signature").into_response();
    }
    let Ok(parsed) = serde_json::from_str::<Value>(&body) else {
        return (StatusCode::UNPROCESSABLE_ENTITY, "not JSON").into_response();
    };
    let mut received = shared.received.lock().unwrap_or_else(|e| e.into_inner());
    if received.iter().any(|r| r.idempotency_key == key) {
        return (StatusCode::OK, Json(json!({ "duplicate": true }))).into_response();
    }
    let reference = parsed["request"]["reference"].as_str().unwrap_or_default().to_owned();
    // What the delivery says it is; a service with one endpoint gets both kinds there.
    let kind = parsed["kind"]
        .as_str()
        .map_or_else(|| kind.trim_end_matches('s').to_owned(), str::to_owned);
    println!("received {kind} {reference} for {service}");
    received.push(Received {
        service,
        kind,
        idempotency_key: key,
        reference,
        body: parsed,
    });
    (StatusCode::OK, Json(json!({ "duplicate": false }))).into_response()
}

async fn listing(State(shared): State<Shared>) -> Json<Vec<Received>> {
    Json(shared.received.lock().unwrap_or_else(|e| e.into_inner()).clone())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

async fn page(State(shared): State<Shared>) -> Html<String> {
    let rows: String = shared
        .received
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .map(|r| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td><form method=post action=/report>\
                 <input type=hidden name=service value=\"{0}\"><input type=hidden name=reference value=\"{1}\">\
                 <label>Statut <input name=status required></label> <label>FR <input name=fr></label> \
                 <label>EN <input name=en></label> <button>Envoyer</button></form></td></tr>",
                escape(&r.service),
                escape(&r.reference),
                escape(&r.kind)
            )
        })
        .collect();
    Html(format!(
        "<!doctype html><html lang=fr><meta charset=utf-8><title>Service de référence</title>\
         <h1>Service de référence</h1><table><thead><tr><th>Service<th>Référence<th>Type<th>Statut</tr></thead>\
         <tbody>{rows}</tbody></table></html>"
    ))
}

/// A status to report, from the page's form or the command line.
#[derive(Deserialize, clap::Args)]
#[group(skip)]
struct Report {
    #[arg(long)]
    service: String,
    #[arg(long)]
    reference: String,
    #[arg(long)]
    status: String,
    #[arg(long)]
    fr: Option<String>,
    #[arg(long)]
    en: Option<String>,
    /// Defaults to a fresh id; the same id twice is recorded once by the portal.
    #[serde(default)]
    #[arg(long)]
    event_id: Option<String>,
}

async fn report_from_page(State(shared): State<Shared>, Form(form): Form<Report>) -> Response {
    let token = shared.token(&form.service);
    match report(&shared.portal, &token, form).await {
        Ok(_) => Redirect::to("/").into_response(),
        Err(error) => (StatusCode::BAD_GATEWAY, error).into_response(),
    }
}

async fn report(portal: &str, token: &str, report: Report) -> Result<String, String> {
    let Report {
        service,
        reference,
        status,
        fr,
        en,
        event_id,
    } = report;
    let mut event = json!({
        "event_id": event_id.unwrap_or_else(|| uuid::Uuid::new_v4().to_string()),
        "status": status,
    });
    if let (Some(fr), Some(en)) = (fr.filter(|t| !t.is_empty()), en.filter(|t| !t.is_empty())) {
        event["message"] = json!({ "fr": fr, "en": en });
    }
    let response = reqwest::Client::new()
        .post(format!(
            "{portal}/api/v1/services/{service}/requests/{reference}/events"
        ))
        .bearer_auth(token)
        .json(&event)
        .send()
        .await
        .map_err(|e| format!("the portal cannot be reached: {e}"))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    if status.is_success() {
        Ok(text)
    } else {
        Err(format!("{status}: {text}"))
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match Cli::parse().command {
        Command::Serve {
            listen,
            portal,
            secrets,
            tokens,
        } => {
            let shared = Shared {
                received: Arc::default(),
                portal,
                secrets: pairs(&secrets),
                tokens: pairs(&tokens),
            };
            let router = Router::new()
                .route("/", get(page))
                .route("/received", get(listing))
                .route("/report", post(report_from_page))
                .route("/{service}/{kind}", post(receive))
                .with_state(shared);
            let listener = match tokio::net::TcpListener::bind(&listen).await {
                Ok(listener) => listener,
                Err(error) => {
                    eprintln!("cannot listen on {listen}: {error}");
                    return std::process::ExitCode::FAILURE;
                }
            };
            println!("reference service on http://{listen}");
            if let Err(error) = axum::serve(listener, router).await {
                eprintln!("{error}");
                return std::process::ExitCode::FAILURE;
            }
            std::process::ExitCode::SUCCESS
        }
        Command::Report { portal, token, event } => {
            let token = token.unwrap_or_else(|| format!("demo-{}", event.service));
            match report(&portal, &token, event).await {
                Ok(text) => {
                    println!("{text}");
                    std::process::ExitCode::SUCCESS
                }
                Err(error) => {
                    eprintln!("{error}");
                    std::process::ExitCode::FAILURE
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from([
            "reference-service",
            "report",
            "--service",
            "plaintes",
            "--reference",
            "VS-2026-000001",
            "--status",
            "recue",
            "--fr",
            "Reçue",
            "--en",
            "Received",
        ])
        .unwrap();
        let Command::Report { event, token, .. } = cli.command else {
            panic!("not a report")
        };
        assert_eq!(
            (event.service.as_str(), event.status.as_str(), token),
            ("plaintes", "recue", None)
        );
    }

    #[test]
    fn the_portals_signature_is_checked_for_secret_idempotency_key_body_and_freshness() {
        let body = r#"{"kind":"submission"}"#;
        let key = "7b0c9f0e-4c1d-4a8e-9d2a-1f3e5a7c9b11";
        let now = 1_790_000_000;
        let header = server::workers::delivery::signature("demo-secret-plaintes", now, key, body);
        assert!(signed("demo-secret-plaintes", &header, key, body, now));
        assert!(signed(
            "demo-secret-plaintes",
            &header,
            key,
            body,
            now + FRESHNESS_SECONDS
        ));
        assert!(
            !signed("demo-secret-plaintes", &header, key, body, now + FRESHNESS_SECONDS + 1),
            "stale"
        );
        assert!(!signed("another-key", &header, key, body, now), "another secret");
        assert!(
            !signed("demo-secret-plaintes", &header, key, r#"{"kind":"withdrawal"}"#, now),
            "another body"
        );
        assert!(
            !signed("demo-secret-plaintes", &header, "another-idempotency-key", body, now),
            "the same body replayed under another Idempotency-Key"
        );
        assert!(
            !signed("demo-secret-plaintes", "t=1,v1=zz", key, body, now),
            "malformed"
        );
    }
}
