//! The channels that carry notifications beyond the inbox, each a real provider behind the
//! small traits of `app::notifications::channels`: e-mail over SMTP with `lettre`, text
//! messages through an HTTP gateway of the portal's own contract, web push with VAPID.

pub mod email;
pub mod push;
pub mod sms;

use crate::config::Settings;
use app::notifications::channels::Channels;
use std::sync::Arc;

/// The channels the settings configure; a channel that cannot be built is left out (and said).
pub fn from_settings(settings: &Settings) -> Channels {
    let mut channels = Channels::none(settings.http.public_url.as_str());
    // Checked with the settings at start: a bad value never gets here.
    channels.timing = settings
        .notify
        .timing()
        .unwrap_or(app::notifications::timing::Timing::AT_ONCE);
    if settings.email.smtp_host.is_some() {
        match email::SmtpSender::new(&settings.email) {
            Ok(sender) => channels.email = Some(Arc::new(sender)),
            Err(error) => tracing::error!(%error, "cannot use the SMTP server: no e-mail will be sent"),
        }
    }
    if settings.sms.sms_gateway_url.is_some() {
        match sms::HttpSmsGateway::new(&settings.sms, &settings.http.public_url) {
            Ok(gateway) => channels.sms = Some(Arc::new(gateway)),
            Err(error) => tracing::error!(%error, "cannot use the SMS gateway: no text message will be sent"),
        }
    }
    if let Some(key) = &settings.push.vapid_private_key {
        let subject = settings.push.vapid_subject.as_deref().unwrap_or_default();
        let destinations = crate::destinations::from_settings(settings);
        match push::WebPush::new(key.expose(), subject, destinations) {
            Ok(push) => channels.push = Some(Arc::new(push)),
            Err(error) => tracing::error!(%error, "cannot use the VAPID key: no web push will be sent"),
        }
    }
    channels
}
