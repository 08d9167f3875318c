//! Server functions of documents to sign: the citizen's view of one, signing it and declining
//! it. The forms are plain posts (no WebAssembly); a refusal names `signature` with its message
//! key and writes nothing.

use super::model::SignatureView;
use crate::error::AppError;
use crate::ids::SignatureId;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos::server_fn::ServerFn;

/// What the page says when a plain post has just signed or declined.
pub const SIGNED: &str = "signed";
pub const DECLINED: &str = "declined";

/// The citizen's document `id` (another's is not found). A pending one past its deadline is
/// marked expired here, and its service told.
#[server(endpoint = "signatures/show")]
pub async fn show_signature(id: SignatureId) -> Result<SignatureView, AppError> {
    let session = crate::auth::session::require_citizen()?;
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let mut tx = portal.db.begin().await?;
    super::decide::expire_due(&mut tx, &portal, now).await?;
    let stored = super::db::of_citizen(&mut tx, &session.acting().subject, &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let service = portal
        .manifests
        .current(&mut tx, &stored.service)
        .await?
        .map(|manifest| manifest.title.clone())
        .unwrap_or_else(|| crate::locale::Bilingual {
            fr: stored.service.to_string(),
            en: stored.service.to_string(),
        });
    tx.commit().await?;
    portal.deliveries.wake.notify_one();
    let fresh = super::decide::is_fresh(&session, now);
    crate::api::answer(Ok(stored.view(service, fresh)))
}

/// Signs the citizen's document `id`: `consent` (`on`) is the consent box, `language` the
/// language of the consent text shown.
#[server(endpoint = "signatures/sign")]
pub async fn sign_document(id: SignatureId, consent: Option<String>, language: String) -> Result<(), AppError> {
    let locale = language.parse().unwrap_or_default();
    let signed = super::decide::sign(&id, consent.is_some(), locale).await;
    match &signed {
        Ok(()) => crate::api::return_with_done(SIGNED),
        Err(error) => crate::api::return_with_error(SignDocument::PATH, error),
    }
    crate::api::answer(signed)
}

/// Declines the citizen's document `id`, with an optional `reason`.
#[server(endpoint = "signatures/decline")]
pub async fn decline_signature(id: SignatureId, reason: String, language: String) -> Result<(), AppError> {
    let locale = language.parse().unwrap_or_default();
    let declined = super::decide::decline(&id, &reason, locale).await;
    match &declined {
        Ok(()) => crate::api::return_with_done(DECLINED),
        Err(error) => crate::api::return_with_error(DeclineSignature::PATH, error),
    }
    crate::api::answer(declined)
}
