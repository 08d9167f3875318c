//! The binary as an operator runs it: help, configuration errors, an unreachable database,
//! and the audit verification command. Each failure is one clear line and a non-zero exit.

use std::{
    net::SocketAddr,
    process::{Child, Command, Output, Stdio},
};

/// The server binary with only the variables the test sets: nothing leaks in from the shell.
/// Development mode, as a developer trying it sets it, unless the test says otherwise.
fn portal(env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_server"));
    for (key, _) in std::env::vars() {
        if key.starts_with("PORTAL_") || key.starts_with("LEPTOS_") {
            command.env_remove(key);
        }
    }
    command.env("PORTAL_ENV", "development");
    command.env("PORTAL_DELIVERY_ALLOWED_HOSTS", "127.0.0.1");
    command.envs(env.iter().copied());
    command
}

/// The binary with nothing set at all, not even the environment.
fn bare(args: &[&str]) -> Output {
    let mut command = portal(&[]);
    command.env_remove("PORTAL_ENV");
    command.args(args).output().expect("the server binary runs")
}

fn server(args: &[&str], env: &[(&str, &str)]) -> Output {
    portal(env).args(args).output().expect("the server binary runs")
}

/// Starts the portal on a free port with `env` and waits until `/readyz` answers.
fn start_portal(env: &[(&str, &str)], stdout: Stdio) -> (Child, SocketAddr) {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let site_addr = addr.to_string();
    let mut env = env.to_vec();
    env.push(("LEPTOS_SITE_ADDR", &site_addr));
    let child = portal(&env).stdout(stdout).spawn().expect("the portal starts");
    let ready = tokio::runtime::Runtime::new().unwrap().block_on(async {
        for _ in 0..200 {
            if reqwest::get(format!("http://{addr}/readyz"))
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return true;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        false
    });
    assert!(ready, "the portal never became ready");
    (child, addr)
}

/// Sends SIGTERM, as an orchestrator does, and waits for the exit.
fn stop_portal(mut child: Child) -> (std::process::ExitStatus, Child) {
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    (child.wait().unwrap(), child)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_one_clear_line(output: &Output, expected: &str) {
    let err = stderr(output);
    assert!(!output.status.success());
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.starts_with("error: ") && err.contains(expected), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn help_lists_the_operator_variables() {
    let output = server(&["--help"], &[]);
    assert!(output.status.success());
    let help = String::from_utf8_lossy(&output.stdout);
    for name in [
        "PORTAL_DATABASE_URL",
        "PORTAL_ENV",
        "PORTAL_OIDC_ISSUER",
        "PORTAL_OIDC_CLIENT_SECRET",
        "PORTAL_ADMIN_SUBJECTS",
        "PORTAL_VAPID_PRIVATE_KEY",
        "generate-vapid-keys",
        "PORTAL_SEAL_KEY",
        "PORTAL_SEAL_TSA_URL",
        "generate-seal",
        "LEPTOS_SITE_ADDR",
        "LEPTOS_SITE_ROOT",
        "verify-audit",
    ] {
        assert!(help.contains(name), "{name} missing from --help");
    }
}

/// `generate-vapid-keys` needs no configuration (it makes part of one); what it prints is a key
/// the portal accepts, and a key that is not one stops the portal with one line.
#[test]
fn vapid_keys_are_made_without_configuration_and_accepted() {
    let output = bare(&["generate-vapid-keys"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    let private = printed
        .lines()
        .find_map(|line| line.strip_prefix("PORTAL_VAPID_PRIVATE_KEY="))
        .expect("the private key")
        .to_owned();
    assert_eq!(private.len(), 43, "32 bytes, base64url: {printed}");
    let subject = ("PORTAL_VAPID_SUBJECT", "mailto:exploitation@votresante.example");
    let output = server(&["check-config"], &[("PORTAL_VAPID_PRIVATE_KEY", &private), subject]);
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.contains("vapid_private_key") && !shown.contains(&private),
        "masked: {shown}"
    );
    let output = server(
        &["check-config"],
        &[("PORTAL_VAPID_PRIVATE_KEY", "bm90LWEta2V5"), subject],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_one_clear_line(&output, "PORTAL_VAPID_PRIVATE_KEY");
}

/// `generate-seal` needs no configuration either; the pair it prints is one the portal accepts
/// (masked by `check-config`), and a key without its certificate stops it with one line.
#[test]
fn a_seal_is_made_without_configuration_and_accepted() {
    let output = bare(&["generate-seal", "--days", "30"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    let value = |name: &str| {
        let start = printed.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        printed[start..start + printed[start..].find('"').unwrap()].to_owned()
    };
    let (key, certificates) = (value("PORTAL_SEAL_KEY"), value("PORTAL_SEAL_CERTIFICATES"));
    assert!(key.starts_with("-----BEGIN PRIVATE KEY-----"), "{printed}");
    assert!(certificates.starts_with("-----BEGIN CERTIFICATE-----"), "{printed}");
    let output = server(
        &["check-config"],
        &[("PORTAL_SEAL_KEY", &key), ("PORTAL_SEAL_CERTIFICATES", &certificates)],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(!shown.contains("BEGIN PRIVATE KEY"), "the key is masked: {shown}");
    let output = server(&["check-config"], &[("PORTAL_SEAL_KEY", &key)]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_clear_line(&output, "PORTAL_SEAL_CERTIFICATES");
}

#[test]
fn a_malformed_variable_is_one_line_and_exit_2() {
    let output = server(&["check-config"], &[("PORTAL_ENV", "staging")]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_clear_line(&output, "invalid configuration");
    let output = server(&["check-config"], &[("PORTAL_DATABASE_URL", "mysql://db/portal")]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_clear_line(&output, "PORTAL_DATABASE_URL");
}

/// Nothing set: production, which refuses to start without an identity provider and says how
/// to try the portal locally; the development sign-in is never the default.
#[test]
fn with_nothing_set_the_portal_is_production_and_opens_no_development_sign_in() {
    for args in [&["check-config"][..], &[]] {
        let output = bare(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_one_clear_line(&output, "PORTAL_ENV=development");
    }
}

#[test]
fn production_without_a_provider_refuses_to_start() {
    let output = server(&["check-config"], &[("PORTAL_ENV", "production")]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_clear_line(&output, "development sign-in cannot be enabled in production");
    let output = server(
        &["check-config"],
        &[
            ("PORTAL_ENV", "production"),
            ("PORTAL_OIDC_ISSUER", "https://idp.example"),
            ("PORTAL_OIDC_CLIENT_ID", "votre-sante"),
            ("PORTAL_OIDC_CLIENT_SECRET", "client-secret-never-printed"),
        ],
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.contains("oidc_issuer") && !shown.contains("client-secret-never-printed"),
        "{shown}"
    );
}

#[test]
fn a_malformed_or_missing_file_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("portal.toml");
    std::fs::write(&file, "database_url = [unclosed").unwrap();
    let output = server(&["--config", file.to_str().unwrap(), "check-config"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert_one_clear_line(&output, "invalid configuration");
    std::fs::write(&file, "databse_url = \"sqlite://x.db\"\n").unwrap();
    let output = server(&["--config", file.to_str().unwrap(), "check-config"], &[]);
    assert_one_clear_line(&output, "databse_url");
    let output = server(&["--config", "/nonexistent/portal.toml", "check-config"], &[]);
    assert_one_clear_line(&output, "does not exist");
}

#[test]
fn layers_apply_in_order_and_secrets_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("portal.toml");
    std::fs::write(
        &file,
        "log = \"debug\"\ndatabase_url = \"postgres://portal:filesecret@db/portal\"\n",
    )
    .unwrap();
    let output = server(
        &["--config", file.to_str().unwrap(), "check-config"],
        &[("PORTAL_DATABASE_URL", "postgres://portal:envsecret@db/portal")],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.contains("log = \"debug\""),
        "the file applies over the defaults: {shown}"
    );
    assert!(
        shown.contains("postgres://portal:********@db/portal"),
        "the environment applies over the file: {shown}"
    );
    assert!(!shown.contains("secret"), "{shown}");
}

#[test]
fn an_unreachable_database_is_one_line_and_exit_1() {
    let output = server(
        &[],
        &[
            ("PORTAL_DATABASE_URL", "postgres://portal:hunter2@127.0.0.1:1/portal"),
            ("LEPTOS_SITE_ADDR", "127.0.0.1:0"),
            ("PORTAL_LOG", "off"),
        ],
    );
    assert_eq!(output.status.code(), Some(1));
    assert_one_clear_line(&output, "cannot connect to the database");
    assert!(!stderr(&output).contains("hunter2"));
}

#[test]
fn verify_audit_reports_an_intact_journal_then_names_the_edited_entry() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    let env = [("PORTAL_DATABASE_URL", url.as_str()), ("PORTAL_LOG", "off")];
    // Start the portal once so the journal exists (its start is the first entry), then stop it.
    let (child, _) = start_portal(&env, Stdio::null());
    let (status, _) = stop_portal(child);
    assert!(status.success(), "graceful shutdown exits 0");

    let intact = server(&["verify-audit"], &env);
    assert!(intact.status.success(), "{}", stderr(&intact));
    assert!(String::from_utf8_lossy(&intact.stdout).contains("audit journal intact: 1 entries"));

    tokio::runtime::Runtime::new().unwrap().block_on(async {
        use sqlx::Executor;
        let db = app::db::Database::connect(&url, 1).await.unwrap();
        db.pool().execute("DROP TRIGGER audit_events_no_update").await.unwrap();
        db.pool()
            .execute("UPDATE audit_events SET actor = 'someone' WHERE seq = 1")
            .await
            .unwrap();
        db.close().await;
    });
    let broken = server(&["verify-audit"], &env);
    assert_eq!(broken.status.code(), Some(1));
    assert!(
        stderr(&broken).contains("audit journal broken at entry #1"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn audit_head_prints_the_head_to_keep_and_verify_audit_checks_it() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    let env = [("PORTAL_DATABASE_URL", url.as_str()), ("PORTAL_LOG", "off")];
    let (child, _) = start_portal(&env, Stdio::null());
    let (status, _) = stop_portal(child);
    assert!(status.success());

    let head = server(&["audit-head"], &env);
    assert!(head.status.success(), "{}", stderr(&head));
    let printed = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    let anchor = app::audit::Head::parse(&printed).expect("SEQ:HASH");
    assert_eq!(
        anchor.seq, 1,
        "the start of the portal; the export's own entry comes after it"
    );

    let anchored = server(&["verify-audit", "--anchor", &printed], &env);
    assert!(anchored.status.success(), "{}", stderr(&anchored));
    assert!(
        String::from_utf8_lossy(&anchored.stdout).contains("audit journal intact: 2 entries, entry #1 as anchored")
    );

    let other = format!("1:{}", "0".repeat(64));
    let rewritten = server(&["verify-audit", "--anchor", &other], &env);
    assert_eq!(rewritten.status.code(), Some(1));
    assert!(
        stderr(&rewritten).contains("entry #1: its hash is not the one exported earlier"),
        "{}",
        stderr(&rewritten)
    );

    assert_one_clear_line(
        &server(&["verify-audit", "--anchor", "twelve"], &env),
        "--anchor must be SEQ:HASH",
    );
}

#[test]
fn production_logs_are_json_lines_carrying_the_request_id() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    let (child, addr) = start_portal(
        &[
            ("PORTAL_DATABASE_URL", url.as_str()),
            ("PORTAL_ENV", "production"),
            // Discovered at the first sign-in only: nothing needs to listen there.
            ("PORTAL_OIDC_ISSUER", "https://idp.invalid"),
            ("PORTAL_OIDC_CLIENT_ID", "votre-sante"),
            ("PORTAL_OIDC_CLIENT_SECRET", "client-secret-never-printed"),
        ],
        Stdio::piped(),
    );
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let response = reqwest::Client::new()
            .get(format!("http://{addr}/healthz?secret=should-not-be-logged"))
            .header("x-request-id", "trace-me-42")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    });
    let (status, mut child) = stop_portal(child);
    assert!(status.success());
    let lines: Vec<serde_json::Value> = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map(|line| {
            let line = line.unwrap();
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"))
        })
        .collect();
    let request_line = lines
        .iter()
        .find(|line| line["span"]["request_id"] == "trace-me-42")
        .unwrap_or_else(|| panic!("no line carries the request id: {lines:#?}"));
    assert_eq!(request_line["span"]["path"], "/healthz");
    assert!(request_line["status"].as_u64() == Some(200), "{request_line}");
    let all = lines.iter().map(|l| l.to_string()).collect::<String>();
    assert!(
        !all.contains("should-not-be-logged"),
        "query strings stay out of the logs"
    );
}

#[test]
fn issue_token_prints_a_token_once_that_publishes_for_its_service_only() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    let env = [("PORTAL_DATABASE_URL", url.as_str())];
    let output = server(
        &["issue-token", "--service", "plaintes", "--label", "Équipe plaintes"],
        &env,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let token = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert!(token.len() >= 40, "a long random token: {token}");

    let bad = server(&["issue-token", "--service", "Plaintes!"], &env);
    assert_one_clear_line(&bad, "--service must be lower-case letters");
    assert_eq!(bad.status.code(), Some(2));
    for days in ["0", "731", "forever"] {
        let bad = server(&["issue-token", "--service", "plaintes", "--valid-days", days], &env);
        assert_eq!(bad.status.code(), Some(2), "--valid-days {days}");
        assert!(stderr(&bad).contains("--valid-days"), "{}", stderr(&bad));
    }

    // It expires in 365 days unless told otherwise, and list-tokens says when.
    let short = server(&["issue-token", "--service", "plaintes", "--valid-days", "10"], &env);
    assert!(short.status.success(), "{}", stderr(&short));
    let listing = String::from_utf8(server(&["list-tokens"], &env).stdout).unwrap();
    let in_days = |days: i64| {
        let at = time::OffsetDateTime::now_utc() + time::Duration::days(days);
        format!("{:04}-{:02}-{:02}", at.year(), u8::from(at.month()), at.day())
    };
    let expiries: Vec<&str> = listing
        .lines()
        .skip(1)
        .map(|line| line.split('\t').nth(4).unwrap())
        .collect();
    assert_eq!(expiries.len(), 2, "{listing}");
    assert!(
        expiries[0].starts_with(&in_days(365)) || expiries[0].starts_with(&in_days(364)),
        "{listing}"
    );
    assert!(
        expiries[1].starts_with(&in_days(10)) || expiries[1].starts_with(&in_days(9)),
        "{listing}"
    );

    let (child, addr) = start_portal(&env, Stdio::null());
    let manifest = app::catalogue::demo::COMPLAINTS;
    let publish = |id: &str| {
        let url = format!("http://{addr}/api/v1/services/{id}");
        let body = manifest.to_owned();
        let token = token.clone();
        tokio::runtime::Runtime::new().unwrap().block_on(async move {
            reqwest::Client::new()
                .put(url)
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    };
    assert_eq!(publish("plaintes"), 201);
    assert_eq!(publish("depistage-cancer"), 403);
    stop_portal(child);
    let db = std::fs::read(dir.path().join("portal.db")).unwrap();
    let text = String::from_utf8_lossy(&db);
    assert!(!text.contains(&token), "only the token's hash is stored");

    // A new signing key, printed once, replaces the one the first publication gave.
    let secret = || {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            let db = app::db::Database::connect(&url, 1).await.unwrap();
            let mut conn = db.pool().acquire().await.unwrap();
            app::catalogue::db::signing_secret(&mut conn, &"plaintes".into())
                .await
                .unwrap()
                .unwrap()
        })
    };
    let before = secret();
    let output = server(&["rotate-signing-key", "--service", "plaintes"], &env);
    assert!(output.status.success(), "{}", stderr(&output));
    let key = String::from_utf8(output.stdout).unwrap().trim().to_owned();
    assert_eq!(key.len(), 64, "32 random bytes in hex: {key}");
    assert_ne!(key, before);
    assert_eq!(secret(), key, "deliveries are signed with it from now on");
    let unknown = server(&["rotate-signing-key", "--service", "inconnu"], &env);
    assert_eq!(unknown.status.code(), Some(2));
    assert_one_clear_line(&unknown, "inconnu is not published");
    let journal = server(&["verify-audit"], &env);
    assert!(
        journal.status.success(),
        "the journal stays intact: {}",
        stderr(&journal)
    );
}

#[test]
fn the_demo_catalogue_is_refused_in_production() {
    let output = server(
        &["check-config"],
        &[
            ("PORTAL_ENV", "production"),
            ("PORTAL_OIDC_ISSUER", "https://idp.example"),
            ("PORTAL_OIDC_CLIENT_ID", "votre-sante"),
            ("PORTAL_OIDC_CLIENT_SECRET", "secret"),
            ("PORTAL_DEMO_CATALOGUE", "true"),
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_one_clear_line(
        &output,
        "PORTAL_DEMO_CATALOGUE cannot be set when PORTAL_ENV=production",
    );
}

/// A database that once served the demo catalogue (development) keeps its public tokens and
/// signing keys: production refuses to start on it, naming them, until an operator has revoked
/// each demo token (`list-tokens`, `revoke-token`) and rotated each signing key.
#[test]
fn production_refuses_a_database_holding_the_demo_credentials_until_they_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("portal.db").display());
    let development = [("PORTAL_DATABASE_URL", url.as_str()), ("PORTAL_DEMO_CATALOGUE", "true")];
    let (child, _) = start_portal(&development, Stdio::null());
    assert!(stop_portal(child).0.success());

    let production = [
        ("PORTAL_DATABASE_URL", url.as_str()),
        ("PORTAL_ENV", "production"),
        ("PORTAL_OIDC_ISSUER", "https://idp.invalid"),
        ("PORTAL_OIDC_CLIENT_ID", "votre-sante"),
        ("PORTAL_OIDC_CLIENT_SECRET", "client-secret-never-printed"),
    ];
    for command in [&[][..], &["work"]] {
        let refused = server(command, &production);
        assert_eq!(refused.status.code(), Some(1), "{command:?}");
        assert_one_clear_line(&refused, "the demo token of plaintes");
        assert!(stderr(&refused).contains("the demo signing key of depistage-cancer"));
    }

    let listed = server(&["list-tokens"], &production);
    assert!(listed.status.success(), "{}", stderr(&listed));
    let listing = String::from_utf8(listed.stdout).unwrap();
    assert!(!listing.contains("demo-plaintes"), "never a token: {listing}");
    let demo: Vec<(String, String)> = listing
        .lines()
        .skip(1)
        .map(|line| line.split('\t').map(str::to_owned).collect::<Vec<_>>())
        .filter(|columns| columns[2] == "demo" && columns[5] == "-")
        .map(|columns| (columns[0].clone(), columns[1].clone()))
        .collect();
    assert_eq!(demo.len(), 4, "{listing}");
    for (id, service) in &demo {
        let revoked = server(&["revoke-token", "--id", id], &production);
        assert!(revoked.status.success(), "{}", stderr(&revoked));
        let rotated = server(&["rotate-signing-key", "--service", service], &production);
        assert!(rotated.status.success(), "{}", stderr(&rotated));
    }
    let again = server(&["revoke-token", "--id", &demo[0].0], &production);
    assert_eq!(again.status.code(), Some(2));
    assert_one_clear_line(&again, "no live token");
    let listing = String::from_utf8(server(&["list-tokens"], &production).stdout).unwrap();
    assert!(
        listing.lines().skip(1).all(|line| !line.ends_with("\t-")),
        "all revoked: {listing}"
    );

    let (child, _) = start_portal(&production, Stdio::null());
    assert!(
        stop_portal(child).0.success(),
        "production starts once the demo credentials are gone"
    );
}
