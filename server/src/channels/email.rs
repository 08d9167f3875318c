//! E-mail over SMTP: `lettre`'s asynchronous transport (a connection pool, STARTTLS or TLS with
//! rustls), multipart text and HTML. An SMTP reply decides what a failure is: a permanent
//! (5xx) reply to the recipient is the address's fault, for good; anything else (no
//! connection, a timeout, a 4xx reply) is worth trying again.

use crate::config::{EmailSettings, SmtpTls};
use app::notifications::channels::{Email, EmailSender, SendFailure, Sending};
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Sends through one SMTP server.
pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    pub fn new(settings: &EmailSettings) -> Result<SmtpSender, String> {
        let host = settings.smtp_host.as_deref().ok_or("no SMTP host")?;
        let builder = match settings.smtp_tls {
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
            SmtpTls::Starttls => {
                AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host).map_err(|e| e.to_string())?
            }
            SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host).map_err(|e| e.to_string())?,
        };
        let mut builder = builder.port(settings.smtp_port).timeout(Some(Duration::from_secs(10)));
        if let (Some(user), Some(password)) = (&settings.smtp_username, &settings.smtp_password) {
            builder = builder.credentials(Credentials::new(user.clone(), password.expose().to_owned()));
        }
        Ok(SmtpSender {
            transport: builder.build(),
            from: settings
                .email_from
                .parse()
                .map_err(|_| "PORTAL_EMAIL_FROM is not an address")?,
        })
    }

    async fn deliver(&self, email: &Email) -> Result<(), SendFailure> {
        let to: Mailbox = email
            .to
            .parse()
            .map_err(|_| SendFailure::Permanent("not an address".to_owned()))?;
        let mut message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject);
        if let Some(address) = &email.list_unsubscribe {
            // RFC 8058: a mail program's "unsubscribe" posts to the address, in one click.
            let header =
                |name: &'static str, value: String| HeaderValue::new(HeaderName::new_from_ascii_str(name), value);
            message = message
                .raw_header(header("List-Unsubscribe", format!("<{address}>")))
                .raw_header(header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click".to_owned()));
        }
        let message = message
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| SendFailure::Permanent(format!("message: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) if error.is_permanent() => Err(SendFailure::Permanent(said(&error))),
            Err(error) => Err(SendFailure::Temporary(said(&error))),
        }
    }
}

/// What an SMTP failure was, in a few words and never with the message: "SMTP 550", "no
/// connection".
fn said(error: &lettre::transport::smtp::Error) -> String {
    match error.status() {
        Some(code) => format!("SMTP {code}"),
        None if error.is_timeout() => "timeout".to_owned(),
        None => "no connection".to_owned(),
    }
}

impl EmailSender for SmtpSender {
    fn send<'a>(&'a self, email: &'a Email) -> Sending<'a> {
        Box::pin(self.deliver(email))
    }
}
