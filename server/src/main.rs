//! The portal binary: parse the command line, load the configuration, and run a command.
//! Every failure ends in one clear line on stderr and a non-zero exit code.

use app::{audit::db::Verification, db::Database};
use clap::Parser;
use server::{
    cli::{Cli, Command},
    config::{self, Settings},
    startup::{Application, StartupError},
    telemetry,
};
use std::process::ExitCode;

/// Rendering allocates many small strings on every worker thread: mimalloc's per-thread heaps
/// do that without the lock waits of the system allocator (README, "Benchmark").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // The one command that needs no configuration: it makes part of one.
    match cli.command {
        Some(Command::GenerateVapidKeys) => return generate_vapid_keys(),
        Some(Command::GenerateSeal { days }) => return generate_seal(days),
        _ => {}
    }
    let settings = match Settings::load(cli.config.as_deref()) {
        Ok(settings) => settings,
        Err(error) => return fail(&error, 2),
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Work => work(settings).await,
        Command::VerifyAudit { anchor } => verify_audit(&settings, anchor.as_deref()).await,
        Command::AuditHead => audit_head(&settings).await,
        Command::IssueToken {
            service,
            label,
            valid_days,
        } => issue_token(&settings, &service, &label, valid_days).await,
        Command::ListTokens => list_tokens(&settings).await,
        Command::RevokeToken { id } => revoke_token(&settings, &id).await,
        Command::RotateSigningKey { service } => rotate_signing_key(&settings, &service).await,
        Command::CheckConfig => {
            print!("{}", settings.to_redacted_toml());
            ExitCode::SUCCESS
        }
        Command::GenerateVapidKeys => generate_vapid_keys(),
        Command::GenerateSeal { days } => generate_seal(days),
    }
}

fn generate_seal(days: u32) -> ExitCode {
    match app::signatures::seal::Seal::generate("Votre sante - sceau (developpement)", days) {
        Ok((key, certificate)) => {
            println!("# The seal of signed documents: self-signed, valid {days} days (development and tests).");
            println!("PORTAL_SEAL_KEY=\"{}\"", key.trim_end());
            println!("PORTAL_SEAL_CERTIFICATES=\"{}\"", certificate.trim_end());
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error, 1),
    }
}

fn generate_vapid_keys() -> ExitCode {
    let (private, public) = server::channels::push::generate_keys();
    println!("PORTAL_VAPID_PRIVATE_KEY={private}");
    println!("# its public key (browsers get it from the portal's pages): {public}");
    ExitCode::SUCCESS
}

async fn serve(settings: Settings) -> ExitCode {
    telemetry::init(settings.env, &settings.log);
    let leptos_options = match config::leptos_options() {
        Ok(options) => options,
        Err(error) => return fail(&error, 2),
    };
    let app = match Application::build(&settings, leptos_options).await {
        Ok(app) => app,
        Err(error @ StartupError::Config(_)) => return fail(&error, 2),
        Err(error) => return fail(&error, 1),
    };
    tracing::info!(address = %app.local_addr(), env = ?settings.env, "Votre santé is listening");
    match app.run_until_stopped(shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => fail(&error, 1),
    }
}

async fn work(settings: Settings) -> ExitCode {
    telemetry::init(settings.env, &settings.log);
    match server::startup::work_until_stopped(&settings, shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error @ StartupError::Config(_)) => fail(&error, 2),
        Err(error) => fail(&error, 1),
    }
}

async fn verify_audit(settings: &Settings, anchor: Option<&str>) -> ExitCode {
    let anchor = match anchor.map(app::audit::Head::parse) {
        Some(None) => return fail(&"--anchor must be SEQ:HASH, as `server audit-head` prints it", 2),
        Some(Some(head)) => Some(head),
        None => None,
    };
    let db = match Database::connect(settings.database.url.expose(), 1).await {
        Ok(db) => db,
        Err(error) => return fail(&error, 1),
    };
    let result = app::audit::db::verify(&db, anchor.as_ref()).await;
    db.close().await;
    match result {
        Ok(Verification::Intact { entries }) => {
            match anchor {
                Some(anchor) => println!(
                    "audit journal intact: {entries} entries, entry #{} as anchored",
                    anchor.seq
                ),
                None => println!("audit journal intact: {entries} entries"),
            }
            ExitCode::SUCCESS
        }
        Ok(Verification::Broken(broken)) => {
            eprintln!("{broken}");
            ExitCode::from(1)
        }
        Err(error) => fail(&error, 1),
    }
}

/// Prints the journal's head, `SEQ:HASH`, and journals that it was exported (the entry that
/// says so comes after the head printed).
async fn audit_head(settings: &Settings) -> ExitCode {
    let db = match migrated(settings).await {
        Ok(db) => db,
        Err(exit) => return exit,
    };
    let result = async {
        let mut tx = db.begin().await?;
        let head = app::audit::db::head(&mut tx).await?;
        let event = app::audit::AuditEvent {
            target: Some(head.to_string()),
            ..app::audit::AuditEvent::new("operator", "audit.head_exported", app::audit::Outcome::Success)
        };
        app::audit::db::record(&mut tx, &event, time::OffsetDateTime::now_utc()).await?;
        tx.commit().await?;
        Ok::<_, sqlx::Error>(head)
    }
    .await;
    db.close().await;
    match result {
        Ok(head) => {
            println!("{head}");
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error, 1),
    }
}

/// Prints a new API token for a service team, valid for `valid_days`; only its hash is kept,
/// and the issue journaled (with its expiry, without the token).
async fn issue_token(settings: &Settings, service: &str, label: &str, valid_days: u32) -> ExitCode {
    if !app::catalogue::model::is_valid_id(service) {
        return fail(&"--service must be lower-case letters, digits and hyphens (2 to 60)", 2);
    }
    let valid_days = valid_days.min(app::auth::api_tokens::MAX_VALIDITY_DAYS);
    let db = match migrated(settings).await {
        Ok(db) => db,
        Err(exit) => return exit,
    };
    let token = server::identity::sessions::new_token();
    let now = time::OffsetDateTime::now_utc();
    let valid_for = time::Duration::days(i64::from(valid_days));
    let result = async {
        let mut tx = db.begin().await?;
        let id = app::auth::api_tokens::issue(&mut tx, &service.into(), label, &token, now, valid_for).await?;
        let expires_at = app::moment::Moment::at(now + valid_for);
        let event = app::audit::AuditEvent {
            target: Some(service.to_owned()),
            details: Some(serde_json::json!({ "token_id": id, "label": label, "expires_at": expires_at })),
            ..app::audit::AuditEvent::new("operator", "api_token.issue", app::audit::Outcome::Success)
        };
        app::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await
    }
    .await;
    db.close().await;
    match result {
        Ok(()) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error, 1),
    }
}

/// Prints every API token's id, service, label, issue date, expiry and revocation, one per
/// line ("-" where there is none).
async fn list_tokens(settings: &Settings) -> ExitCode {
    let db = match migrated(settings).await {
        Ok(db) => db,
        Err(exit) => return exit,
    };
    let listed = async { app::auth::api_tokens::list(&mut *db.pool().acquire().await?).await }.await;
    db.close().await;
    match listed {
        Ok(tokens) => {
            println!("id\tservice\tlabel\tissued\texpires\trevoked");
            for token in tokens {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    token.id,
                    token.service,
                    token.label,
                    token.created_at,
                    token.expires_at.as_deref().unwrap_or("-"),
                    token.revoked_at.as_deref().unwrap_or("-")
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error, 1),
    }
}

/// Revokes a live API token by its id, journaled; an unknown or already revoked id exits 2.
async fn revoke_token(settings: &Settings, id: &str) -> ExitCode {
    let event = app::audit::AuditEvent {
        details: Some(serde_json::json!({ "token_id": id })),
        ..app::audit::AuditEvent::new("operator", "api_token.revoke", app::audit::Outcome::Success)
    };
    let now = time::OffsetDateTime::now_utc();
    match journaled_change(settings, event, now, async |tx| {
        app::auth::api_tokens::revoke(tx, id, now).await
    })
    .await
    {
        Ok(true) => {
            println!("revoked {id}");
            ExitCode::SUCCESS
        }
        Ok(false) => fail(&format!("no live token has the id {id} (see server list-tokens)"), 2),
        Err(exit) => exit,
    }
}

/// Prints a new signing key for a published service and keeps it; the old one stops at once.
/// Journaled, without the key.
async fn rotate_signing_key(settings: &Settings, service: &str) -> ExitCode {
    if !app::catalogue::model::is_valid_id(service) {
        return fail(&"--service must be lower-case letters, digits and hyphens (2 to 60)", 2);
    }
    let key = hex::encode(rand::random::<[u8; 32]>());
    let event = app::audit::AuditEvent {
        target: Some(service.to_owned()),
        ..app::audit::AuditEvent::new("operator", "signing_key.rotate", app::audit::Outcome::Success)
    };
    let now = time::OffsetDateTime::now_utc();
    let rotate = async |tx: &mut sqlx::AnyConnection| {
        if !app::catalogue::db::exists(tx, &service.into()).await? {
            return Ok(false);
        }
        app::catalogue::db::set_signing_secret(tx, &service.into(), &key, now).await?;
        Ok(true)
    };
    match journaled_change(settings, event, now, rotate).await {
        Ok(true) => {
            println!("{key}");
            ExitCode::SUCCESS
        }
        Ok(false) => fail(&format!("{service} is not published: publish it first"), 2),
        Err(exit) => exit,
    }
}

/// An operator's change and its journal entry, in one transaction on the migrated database.
/// `change` answers whether there was something to change; nothing is journaled otherwise.
async fn journaled_change(
    settings: &Settings,
    event: app::audit::AuditEvent,
    now: time::OffsetDateTime,
    change: impl AsyncFnOnce(&mut sqlx::AnyConnection) -> Result<bool, sqlx::Error>,
) -> Result<bool, ExitCode> {
    let db = migrated(settings).await?;
    let result = async {
        let mut tx = db.begin().await?;
        if !change(&mut tx).await? {
            return Ok(false);
        }
        app::audit::db::record(&mut tx, &event, now).await?;
        tx.commit().await.map(|()| true)
    }
    .await;
    db.close().await;
    result.map_err(|error: sqlx::Error| fail(&error, 1))
}

/// The database, migrated, for an operator's command; on failure, the exit it ends with.
async fn migrated(settings: &Settings) -> Result<Database, ExitCode> {
    let db = Database::connect(settings.database.url.expose(), 1)
        .await
        .map_err(|error| fail(&error, 1))?;
    db.migrate().await.map_err(|error| fail(&error, 1))?;
    Ok(db)
}

fn fail(error: &dyn std::fmt::Display, code: u8) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(code)
}

/// SIGTERM (what orchestrators send) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
