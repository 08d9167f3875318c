//! The channels that carry notifications beyond the inbox, each a real provider behind the
//! small traits of `app::notifications::channels`: e-mail over SMTP with `lettre`.

pub mod email;

use crate::config::Settings;
use app::notifications::channels::Channels;
use std::sync::Arc;

/// The channels the settings configure; a channel that cannot be built is left out (and said).
pub fn from_settings(settings: &Settings) -> Channels {
    let mut channels = Channels::none(settings.http.public_url.as_str());
    if settings.email.smtp_host.is_some() {
        match email::SmtpSender::new(&settings.email) {
            Ok(sender) => channels.email = Some(Arc::new(sender)),
            Err(error) => tracing::error!(%error, "cannot use the SMTP server: no e-mail will be sent"),
        }
    }
    channels
}
