//! E-mail addresses and mobile numbers of the signed-in citizen: adding one (a code sent), sending
//! the code again, verifying it, removing the contact.

use super::refusal::*;
use crate::audit::Outcome;
use crate::error::AppError;
use crate::ids::ContactId;
use crate::notifications::channels::{SendFailure, Sms, code_email};
use crate::notifications::contacts::{self, CodeCheck, CodeRefused};
use crate::notifications::model::Channel;

/// A code's field names its contact, so the page says the error beside the right address.
fn code_field(id: &ContactId) -> String {
    format!("{FIELD_CODE}:{id}")
}

fn refused(field: &str, reason: &str) -> AppError {
    AppError::InvalidInput {
        fields: vec![(field.to_owned(), reason.to_owned())],
    }
}

pub async fn add(channel: String, address: String) -> Result<(), AppError> {
    let acting = crate::auth::session::require_acting()?;
    let (channel, address) = match Channel::parse(&channel) {
        Some(Channel::Email) => (
            Channel::Email,
            contacts::normalized_email(&address).ok_or_else(|| refused(FIELD_ADDRESS, INVALID_EMAIL))?,
        ),
        Some(Channel::Sms) => (
            Channel::Sms,
            crate::notifications::sms::normalized_mobile(&address)
                .ok_or_else(|| refused(FIELD_MOBILE, INVALID_MOBILE))?,
        ),
        _ => return Err(AppError::InvalidInput { fields: Vec::new() }),
    };
    let field = if channel == Channel::Sms {
        FIELD_MOBILE
    } else {
        FIELD_ADDRESS
    };
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let mut tx = portal.db.begin().await?;
    let id = contacts::add(&mut tx, &acting.subject, channel, &address, now).await?;
    send_code(&mut tx, &acting, &id, (channel, &address), field).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn resend(id: ContactId) -> Result<(), AppError> {
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let mut tx = portal.db.begin().await?;
    let (channel, address) = contacts::contact_of(&mut tx, &acting.subject, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    send_code(&mut tx, &acting, &id, (channel, &address), &code_field(&id)).await?;
    tx.commit().await?;
    Ok(())
}

/// A new code, within the limits, sent at once; journaled without the code or the address.
async fn send_code(
    tx: &mut sqlx::AnyConnection,
    acting: &crate::auth::session::Acting,
    id: &ContactId,
    (channel, address): (Channel, &str),
    field: &str,
) -> Result<(), AppError> {
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    if !crate::notifications::delivery::offered(&portal.channels, channel) {
        return Err(refused(field, NOT_SENT));
    }
    let code = match contacts::new_code(tx, &acting.subject, id, address, now).await? {
        Ok(code) => code,
        Err(CodeRefused::TooMany) => return Err(refused(field, TOO_MANY_CODES)),
    };
    let locale = contacts::language_of(tx, &acting.subject).await?;
    let sent = match (channel, &portal.channels.email, &portal.channels.sms) {
        (Channel::Email, Some(sender), _) => sender.send(&code_email(address, locale, &code)).await,
        (Channel::Sms, _, Some(sender)) => {
            let message = Sms {
                to: address.to_owned(),
                text: crate::notifications::sms::code_sms(locale, &code),
                idempotency_key: uuid::Uuid::new_v4().to_string(),
            };
            sender.send(&message).await.map(|_| ())
        }
        _ => return Err(refused(field, NOT_SENT)),
    };
    let invalid = if channel == Channel::Sms {
        INVALID_MOBILE
    } else {
        INVALID_EMAIL
    };
    match sent {
        Ok(()) => {}
        Err(SendFailure::Permanent(_)) => return Err(refused(field, invalid)),
        Err(SendFailure::Temporary(said)) => {
            tracing::warn!(%said, "verification code not sent");
            return Err(refused(field, NOT_SENT));
        }
    }
    let event = crate::audit::AuditEvent {
        target: Some(id.to_string()),
        ..acting.event("contact.code_sent", Outcome::Success)
    };
    crate::audit::db::record(tx, &event, now).await?;
    Ok(())
}

pub async fn verify(id: ContactId, code: String) -> Result<(), AppError> {
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let mut tx = portal.db.begin().await?;
    contacts::contact_of(&mut tx, &acting.subject, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let check = contacts::check_code(&mut tx, &acting.subject, &id, &code, now).await?;
    let outcome = if check == CodeCheck::Verified {
        Outcome::Success
    } else {
        Outcome::Failure
    };
    let event = crate::audit::AuditEvent {
        target: Some(id.to_string()),
        ..acting.event("contact.verify", outcome)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    match check {
        CodeCheck::Verified => Ok(()),
        CodeCheck::Wrong(left) => Err(refused(&code_field(&id), &format!("{WRONG_CODE}:{left}"))),
        CodeCheck::Spent => Err(refused(&code_field(&id), SPENT_CODE)),
    }
}

pub async fn remove(id: ContactId) -> Result<(), AppError> {
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let mut tx = portal.db.begin().await?;
    if !contacts::remove(&mut tx, &acting.subject, &id).await? {
        return Err(AppError::NotFound);
    }
    let event = crate::audit::AuditEvent {
        target: Some(id.to_string()),
        ..acting.event("contact.removed", Outcome::Success)
    };
    crate::audit::db::record(&mut tx, &event, now).await?;
    tx.commit().await?;
    Ok(())
}
