//! `/fr/signatures/{signature}`, `/en/signatures/{signature}`.

use crate::error::AppError;
use crate::i18n::{t, t_string, td_string, use_i18n};
use crate::ids::SignatureId;
use crate::locale::Page;
use crate::signatures::api::{DECLINED, DeclineSignature, SIGNED, SignDocument, show_signature};
use crate::signatures::model::{CONSENT_VERSION, REASON_MAX, SignatureState, SignatureView};
use crate::ui::when::{date_of, day_of};
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Where a citizen reads and downloads a document to sign (`signed`: the sealed one).
pub fn document_path(id: &SignatureId, signed: bool) -> String {
    match signed {
        false => format!("/signatures/{id}/document.pdf"),
        true => format!("/signatures/{id}/signed.pdf"),
    }
}

#[component]
pub fn SignDocumentPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| SignatureId::new(p.get("signature").unwrap_or_default()));
    let shown = Resource::new_blocking(id, show_signature);
    view! {
        <PageTitle title=t_string!(i18n, signatures.heading) />
        <div class="container prose">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match shown.await {
                        Ok(view) => view! { <Document view /> }.into_any(),
                        Err(error) => view! {
                            <h1>{t!(i18n, signatures.heading)}</h1>
                            <ErrorNotice error />
                            <p><a href=Page::MyRequests.path(i18n.get_locale_untracked())>{t!(i18n, requests.detail.back)}</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn Document(view: SignatureView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let title = view.title.get(locale).to_owned();
    let state_label = match view.state {
        SignatureState::Pending => t_string!(i18n, signatures.state.pending),
        SignatureState::Signed => t_string!(i18n, signatures.state.signed),
        SignatureState::Declined => t_string!(i18n, signatures.state.declined),
        SignatureState::Expired => t_string!(i18n, signatures.state.expired),
    };
    let done = match (view.state, is_done(SIGNED), is_done(DECLINED)) {
        (SignatureState::Signed, true, _) => Some(t_string!(i18n, signatures.done_signed)),
        (SignatureState::Declined, _, true) => Some(t_string!(i18n, signatures.done_declined)),
        _ => None,
    };
    let size = view.document_size.div_ceil(1024);
    let facts = view! {
        <dl class="facts">
            <dt>{t!(i18n, signatures.from_service)}</dt>
            <dd>{view.service_name.get(locale).to_owned()}</dd>
            {view.request_reference.clone().map(|reference| view! {
                <dt>{t!(i18n, signatures.for_request)}</dt>
                <dd>{reference}</dd>
            })}
            <dt>{t!(i18n, signatures.deadline)}</dt>
            <dd>{day_of(&view.deadline, locale)}</dd>
            <dt>{t!(i18n, signatures.standing)}</dt>
            <dd data-testid="signature-state">{state_label}</dd>
            {view.decided_at.clone().map(|at| view! {
                <dt>{match view.state {
                    SignatureState::Signed => t_string!(i18n, signatures.signed_on),
                    _ => t_string!(i18n, signatures.declined_on),
                }}</dt>
                <dd>{date_of(&at, locale)}</dd>
            })}
        </dl>
    };
    let document = document_path(&view.id, false);
    let reading = view! {
        <h2>{t!(i18n, signatures.document)}</h2>
        <p>
            <a href=format!("{document}?inline=1") target="_blank" rel="noopener">{t!(i18n, signatures.open)} " : " {view.document_name.clone()}</a>
            " · "
            <a href=document.clone() download=view.document_name.clone()>{t!(i18n, signatures.download)}</a>
        </p>
        <p class="hint">{td_string!(locale, signatures.pages, count = view.pages, size = size).to_string()}</p>
        <p><strong>{t!(i18n, signatures.fingerprint)}</strong></p>
        <p class="mono" data-testid="document-sha256">{view.document_sha256.clone()}</p>
        <p class="hint">{t!(i18n, signatures.fingerprint_help)}</p>
        <h2>{t!(i18n, signatures.explanation)}</h2>
        <blockquote class="notification__message">{view.explanation.get(locale).to_owned()}</blockquote>
    };
    let outcome = match view.state {
        SignatureState::Pending => view! { <Decide view=view.clone() title=title.clone() /> }.into_any(),
        SignatureState::Signed => view! {
            <p><a class="button" href=document_path(&view.id, true) download="">{t!(i18n, signatures.download_signed)}</a></p>
            {view.signed_sha256.clone().map(|sha256| view! {
                <p><strong>{t!(i18n, signatures.signed_fingerprint)}</strong></p>
                <p class="mono" data-testid="signed-sha256">{sha256}</p>
            })}
        }
        .into_any(),
        SignatureState::Declined => view.decline_reason.clone().map(|reason| view! {
            <p><strong>{t!(i18n, signatures.decline_reason)}</strong></p>
            <blockquote class="notification__message">{reason}</blockquote>
        }).into_any(),
        SignatureState::Expired => view! { <p class="notice">{t!(i18n, signatures.expired_text)}</p> }.into_any(),
    };
    view! {
        <h1>{t!(i18n, signatures.heading)} " : " {title.clone()}</h1>
        <div role="status">
            {done.map(|done| view! { <p class="notice notice--success">{done}</p> })}
        </div>
        {facts}
        {reading}
        {outcome}
        {view.request_reference.is_some().then(|| view! {
            <p><a href=Page::MyRequests.path(locale)>{t!(i18n, requests.detail.back)}</a></p>
        })}
    }
}

/// The consent, the fresh authentication and the two decisions.
#[component]
fn Decide(view: SignatureView, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let sign = ServerAction::<SignDocument>::new();
    let decline = ServerAction::<DeclineSignature>::new();
    let refusal = |failed: Option<AppError>| match failed {
        Some(AppError::InvalidInput { fields }) => fields.into_iter().next().map(|(_, key)| key),
        _ => None,
    };
    let sign_failed = sign.value().get_untracked().and_then(Result::err);
    let decline_failed = decline.value().get_untracked().and_then(Result::err);
    let sign_refusal = refusal(sign_failed.clone()).map(|key| message(&key, locale));
    let decline_refusal = refusal(decline_failed.clone()).map(|key| message(&key, locale));
    let other = sign_failed
        .into_iter()
        .chain(decline_failed)
        .find(|error| !matches!(error, AppError::InvalidInput { .. }));
    let here = crate::ui::current_path();
    let reauthenticate = format!(
        "/auth/login?fresh=1&return_to={}",
        crate::auth::model::encode_path(&here)
    );
    let consent = td_string!(locale, signatures.consent, title = title.as_str()).to_string();
    let id = view.id.as_str().to_owned();
    let decline_id = id.clone();
    let has_sign_error = sign_refusal.is_some();
    view! {
        {other.map(|error| view! { <ErrorNotice error /> })}
        <h2>{t!(i18n, signatures.consent_heading)}</h2>
        <p data-testid="consent-text">{consent}</p>
        <p class="hint">{td_string!(locale, signatures.consent_version, version = CONSENT_VERSION).to_string()}</p>
        {if view.fresh {
            view! {
                <p class="notice notice--success">{t!(i18n, signatures.fresh_text)}</p>
                <ActionForm action=sign attr:class="form">
                    <input type="hidden" name="id" value=id.clone() />
                    <input type="hidden" name="language" value=locale.to_string() />
                    <div class="field" class:field--error=has_sign_error>
                        {sign_refusal.clone().map(|message| view! { <p class="field-error" id="consent-error">{message}</p> })}
                        <div class="choice">
                            <input
                                type="checkbox"
                                id="consent"
                                name="consent"
                                aria-describedby=has_sign_error.then_some("consent-error")
                                aria-invalid=has_sign_error.then_some("true")
                                autofocus=has_sign_error
                            />
                            <label for="consent">{t!(i18n, signatures.consent_box)}</label>
                        </div>
                    </div>
                    <div class="wizard__actions">
                        <button type="submit" class="button">{t!(i18n, signatures.sign)}</button>
                    </div>
                </ActionForm>
            }
            .into_any()
        } else {
            view! {
                <section class="callout" aria-labelledby="reauth-heading">
                    <h3 id="reauth-heading">{t!(i18n, signatures.reauth_heading)}</h3>
                    {sign_refusal.map(|message| view! { <p class="field-error">{message}</p> })}
                    <p>{t!(i18n, signatures.reauth_text)}</p>
                    <p><a class="button" href=reauthenticate rel="external">{t!(i18n, signatures.reauth)}</a></p>
                </section>
            }
            .into_any()
        }}
        <h2>{t!(i18n, signatures.decline_heading)}</h2>
        <ActionForm action=decline attr:class="form">
            <input type="hidden" name="id" value=decline_id />
            <input type="hidden" name="language" value=locale.to_string() />
            <div class="field" class:field--error=decline_refusal.is_some()>
                <label for="decline-reason">{t!(i18n, signatures.decline_reason)}</label>
                <p class="hint" id="decline-reason-hint">{t!(i18n, signatures.decline_hint)}</p>
                {decline_refusal.clone().map(|message| view! { <p class="field-error" id="decline-reason-error">{message}</p> })}
                <textarea
                    id="decline-reason"
                    name="reason"
                    rows="3"
                    maxlength=REASON_MAX.to_string()
                    aria-describedby=if decline_refusal.is_some() { "decline-reason-hint decline-reason-error" } else { "decline-reason-hint" }
                    aria-invalid=decline_refusal.is_some().then_some("true")
                ></textarea>
            </div>
            <div class="wizard__actions">
                <button type="submit" class="button button--secondary">{t!(i18n, signatures.decline)}</button>
            </div>
        </ActionForm>
    }
}

/// A refusal's sentence from its key.
fn message(key: &str, locale: crate::i18n::Locale) -> String {
    match key {
        "signatures.errors.consent" => td_string!(locale, signatures.errors.consent),
        "signatures.errors.stale" => td_string!(locale, signatures.errors.stale),
        "signatures.errors.decided" => td_string!(locale, signatures.errors.decided),
        "signatures.errors.expired" => td_string!(locale, signatures.errors.expired),
        "signatures.errors.changed" => td_string!(locale, signatures.errors.changed),
        "signatures.errors.reason_too_long" => td_string!(locale, signatures.errors.reason_too_long),
        _ => td_string!(locale, common.errors.invalid_input),
    }
    .to_owned()
}
