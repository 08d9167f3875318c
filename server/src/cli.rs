//! The command line: `serve` (default), `work`, `verify-audit`, `audit-head`, `check-config`,
//! `issue-token`, `list-tokens`, `revoke-token`, `rotate-signing-key`.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

pub(crate) const ENVIRONMENT_HELP: &str = "\
Configuration, in layers (later wins): built-in defaults, the --config file, environment.

Environment variables:
  PORTAL_ENV                       production (default: JSON logs, a provider required) or
                                   development (readable logs, the development sign-in
                                   without a provider); development is never assumed
  PORTAL_DATABASE_URL              sqlite://data/votre-sante.db (default, created if missing)
                                   or postgres://user:password@host:5432/name
  PORTAL_DATABASE_MAX_CONNECTIONS  pool size (default 10)
  PORTAL_PUBLIC_URL                address citizens use (default http://127.0.0.1:3000);
                                   https://… turns on HSTS and secure cookies; the sign-in
                                   redirect URI is PORTAL_PUBLIC_URL/auth/callback
  PORTAL_LOG                       log filter (default info)
  PORTAL_MAX_BODY_BYTES            larger request bodies get 413 (default 2097152)
  PORTAL_SHUTDOWN_GRACE_SECONDS    time for in-flight requests after SIGTERM (default 20)
  PORTAL_REQUEST_TIMEOUT_SECONDS   a request taking longer, its body included, gets 408
                                   (default 120)
  PORTAL_HEADER_READ_TIMEOUT_SECONDS  a client sending its headers slower than this is
                                   disconnected (default 10)
  PORTAL_MAX_CONCURRENT_UPLOADS    files received at once; one more gets 503 and
                                   Retry-After (default 16)
  PORTAL_OIDC_ISSUER               identity provider's issuer URL (required in production;
                                   without it, development mode offers a development sign-in)
  PORTAL_OIDC_CLIENT_ID            the portal's client id at the provider
  PORTAL_OIDC_CLIENT_SECRET        the portal's client secret (never printed)
  PORTAL_OIDC_SCOPES               scopes asked (default \"openid profile email\")
  PORTAL_ADMIN_SUBJECTS            comma-separated provider subjects who are administrators
  PORTAL_SESSION_IDLE_MINUTES      a session ends after this long unused (default 30)
  PORTAL_SESSION_ABSOLUTE_HOURS    a session ends this long after sign-in (default 12)
  PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE  sign-in requests per client address (default 30)
  PORTAL_DEMO_CATALOGUE            true: load the demo services and print their demo
                                   tokens at start (development only; default false)
  PORTAL_DRAFT_RETENTION_DAYS      drafts unsaved for this long are deleted (default 90)
  PORTAL_DELIVERY_RETRY_HOURS      a delivery to a service is retried this long, then
                                   dead-lettered for administrators (default 24)
  PORTAL_DELIVERY_TIMEOUT_SECONDS  one delivery attempt may take this long (default 10)
  PORTAL_DELIVERY_ALLOWED_HOSTS    comma-separated hosts inside the network (loopback,
                                   private) a service's endpoint may name (default none)
  PORTAL_DELIVERY_WORKERS          deliveries carried at the same time (1 to 64, default 4)
  PORTAL_JOB_POLL_MILLISECONDS     how often idle workers look for due jobs (default 250)
  PORTAL_PURGE_INTERVAL_SECONDS    how often expired sessions and drafts are purged
                                   (default 60)
  PORTAL_USAGE_FOLD_SECONDS        how often usage marks are folded into the daily counts
                                   of the statistics pages (default 60)
  PORTAL_RUN_WORKERS               false: serve pages only, and leave jobs and purges to
                                   `server work` processes (default true)
  PORTAL_SMTP_HOST                 SMTP server for e-mail notices (default none: no e-mail)
  PORTAL_SMTP_PORT                 its port (default 587)
  PORTAL_SMTP_TLS                  starttls (default), tls, or none (development only)
  PORTAL_SMTP_USERNAME             SMTP credentials, with PORTAL_SMTP_PASSWORD (secret)
  PORTAL_SMTP_PASSWORD
  PORTAL_EMAIL_FROM                the sender (default Votre santé <ne-pas-repondre@…>)
  PORTAL_SMS_GATEWAY_URL           SMS gateway (the portal's contract; default none: no SMS)
  PORTAL_SMS_GATEWAY_TOKEN         its bearer token (secret)
  PORTAL_SMS_RECEIPT_SECRET        the key its delivery receipts are signed with (secret)
  PORTAL_VAPID_PRIVATE_KEY         web push's VAPID key, base64url (secret; default none:
                                   no web push; `server generate-vapid-keys` makes one)
  PORTAL_VAPID_SUBJECT             how push services reach the operator (mailto: or https:)
  PORTAL_NOTIFY_FOLD_MINUTES       a notice waits this long, gathering its request's news
                                   into one message (default 15; 0: at once)
  PORTAL_QUIET_HOURS               Québec hours without notices (default 21-8; off)
  PORTAL_QUIET_HOURS_SPARE_ACTION_REQUIRED
                                   action required notices go out anyway (default true)
  PORTAL_SEAL_KEY                  the seal of signed documents: a P-256 key, PEM (secret;
                                   default none: no document to sign in production, one made
                                   for the run in development; `server generate-seal` makes one)
  PORTAL_SEAL_CERTIFICATES         its certificate, then those that issued it, PEM
  PORTAL_SEAL_TSA_URL              an RFC 3161 time-stamping authority for each signature
  PORTAL_CONFIG                    same as --config
  LEPTOS_SITE_ADDR                 listen address (default 127.0.0.1:3000)
  LEPTOS_SITE_ROOT                 built site, as cargo-leptos writes it (default target/site)

The configuration file is TOML with the same names in lower case, without PORTAL_
(e.g. database_url = \"postgres://…\").";

/// Votre santé, the citizen portal of Québec's health and social services ministry.
#[derive(Debug, Parser)]
#[command(name = "server", version, about, after_help = ENVIRONMENT_HELP)]
pub struct Cli {
    /// A TOML configuration file, applied over the defaults and under the environment.
    #[arg(long, env = "PORTAL_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the portal (the default), with its workers unless PORTAL_RUN_WORKERS=false.
    Serve,
    /// Carry jobs and purges without serving pages: as many of these as the queue needs, beside
    /// the web processes, on the same database.
    Work,
    /// Check the audit journal's hash chain; names the first broken entry and exits 1 if any.
    VerifyAudit {
        /// A head exported earlier (`SEQ:HASH`, from `server audit-head` or the console): the
        /// entry it names must still carry that hash, which a journal rewritten with every
        /// hash recomputed does not.
        #[arg(long)]
        anchor: Option<String>,
    },
    /// Print the head of the audit journal (`SEQ:HASH`) to keep elsewhere; journaled.
    AuditHead,
    /// Print the effective configuration, secrets masked, and exit.
    CheckConfig,
    /// Issue an API token for a service team (printed once; only its hash is stored).
    IssueToken {
        /// The service the token publishes and reports for, e.g. `depistage-cancer`.
        #[arg(long)]
        service: String,
        /// Who holds it, for the journal (e.g. the team's name).
        #[arg(long, default_value = "service team")]
        label: String,
        /// How many days the token acts before it expires (1 to 730); issue the next one before.
        #[arg(long, default_value_t = 365, value_parser = clap::value_parser!(u32).range(1..=730))]
        valid_days: u32,
    },
    /// List the service teams' API tokens (id, service, label, issued, expires, revoked): never
    /// a token.
    ListTokens,
    /// Revoke an API token at once (journaled); its holder's next call gets 401.
    RevokeToken {
        /// The token's id, as `list-tokens` shows it.
        #[arg(long)]
        id: String,
    },
    /// Replace a published service's signing key (printed once): the portal signs its next
    /// deliveries with it, so give it to the service team first.
    RotateSigningKey {
        /// The service, e.g. `depistage-cancer`.
        #[arg(long)]
        service: String,
    },
    /// Make a VAPID key pair for web push and print it: the private key for
    /// PORTAL_VAPID_PRIVATE_KEY, and its public key. Needs no configuration.
    GenerateVapidKeys,
    /// Make a seal for signed documents (a P-256 key and a self-signed certificate) and print
    /// it as PORTAL_SEAL_KEY and PORTAL_SEAL_CERTIFICATES: for development and tests; in
    /// production, use a certificate from the ministry's authority. Needs no configuration.
    GenerateSeal {
        /// How many days the certificate is valid.
        #[arg(long, default_value_t = 365)]
        days: u32,
    },
}
