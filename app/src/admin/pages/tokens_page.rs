//! "Jetons des services": every service team's API token (never the token itself) with its
//! state, the form that issues one, and on each live one the forms that rotate or revoke it. A
//! token just issued is shown here once, then never again.

use super::Forbidden;
use super::board_page::board_refusal;
use crate::admin::tokens_api::{
    ISSUED, IssueServiceToken, LABEL_MAX, REVOKED, RevokeServiceToken, RotateServiceToken, TokenView, service_tokens,
};
use crate::error::AppError;
use crate::i18n::{Locale, t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::when::moment_of;
use crate::ui::{ErrorNotice, PageTitle, is_done, refusal_of};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The token a plain post just issued, read once from its cookie (and the cookie cleared).
fn just_issued() -> Option<String> {
    #[cfg(feature = "ssr")]
    return crate::admin::once_cookie::take(crate::admin::tokens_api::NEW_TOKEN_COOKIE);
    #[cfg(not(feature = "ssr"))]
    None
}

#[component]
pub fn TokensPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // One resource for both reads (a resource made inside another suspense's branch can leave
    // the page waiting); the services only once the tokens said this is an administrator.
    let read = Resource::new_blocking(
        || (),
        |_| async {
            let tokens = service_tokens().await?;
            Ok::<_, AppError>((tokens, crate::admin::services_api::service_records().await?))
        },
    );
    let issue = ServerAction::<IssueServiceToken>::new();
    let rotate = ServerAction::<RotateServiceToken>::new();
    let revoke = ServerAction::<RevokeServiceToken>::new();
    let failed = issue
        .value()
        .get_untracked()
        .and_then(Result::err)
        .or_else(|| rotate.value().get_untracked().and_then(Result::err))
        .or_else(|| revoke.value().get_untracked().and_then(Result::err));
    let (refused, other) = refusal_of(failed);
    let new_token = is_done(ISSUED).then(just_issued).flatten();
    let revoked = is_done(REVOKED);
    view! {
        <PageTitle title=t_string!(i18n, admin.tokens.title) />
        <div class="container">
            <p><a href=Page::Admin.path(locale)>{t!(i18n, journal.back_to_console)}</a></p>
            <h1>{t!(i18n, admin.tokens.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || {
                    let (refused, other, new_token) = (refused.clone(), other.clone(), new_token.clone());
                    Suspend::new(async move {
                        match read.await {
                            Err(AppError::Forbidden) => view! { <Forbidden /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                            Ok((tokens, services)) => view! {
                                <p>{t!(i18n, admin.tokens.intro)}</p>
                                <div role="status">
                                    {new_token.map(|token| view! {
                                        <div class="notice notice--success">
                                            <p>{t!(i18n, admin.tokens.shown_once)}</p>
                                            <p><code class="mono" data-testid="new-token">{token}</code></p>
                                        </div>
                                    })}
                                    {revoked.then(|| view! { <p class="notice notice--success">{t!(i18n, admin.tokens.revoked)}</p> })}
                                </div>
                                {other.map(|error| view! { <ErrorNotice error /> })}
                                <IssueForm issue refused services />
                                <Tokens tokens rotate revoke locale />
                            }
                            .into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

#[component]
fn IssueForm(
    issue: ServerAction<IssueServiceToken>,
    refused: Vec<(String, String)>,
    services: Vec<crate::catalogue::model::ServiceRecord>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let error_of = move |part: &str| -> Option<&'static str> {
        refused
            .iter()
            .find(|(p, _)| p == part)
            .map(|(_, why)| match why.as_str() {
                "days" => crate::i18n::td_string!(locale, admin.tokens.days_error),
                "unknown" => crate::i18n::td_string!(locale, admin.tokens.unknown_service),
                other => board_refusal_or_label(other, locale),
            })
    };
    let service_error = error_of("service");
    let field = move |part: &'static str, label: String, kind: &'static str, value: &'static str| {
        let id = format!("token-{part}");
        let error = error_of(part);
        let error_id = format!("{id}-error");
        view! {
            <div class="field" class:field--error=error.is_some()>
                <label for=id.clone()>{label}</label>
                {error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
                <input id=id type=kind name=part value=value required maxlength=(kind == "text").then(|| LABEL_MAX.to_string())
                    min=(kind == "number").then_some("1") max=(kind == "number").then_some("730")
                    aria-describedby=error.map(|_| error_id.clone()) aria-invalid=error.map(|_| "true") />
            </div>
        }
    };
    let options = services
        .into_iter()
        .map(|record| {
            let title = match locale {
                Locale::fr => record.tile.title.fr,
                Locale::en => record.tile.title.en,
            };
            let id = record.id.to_string();
            view! { <option value=id.clone()>{format!("{title} ({id})")}</option> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="issue-heading">
            <h2 id="issue-heading">{t!(i18n, admin.tokens.issue_heading)}</h2>
            <ActionForm action=issue attr:class="form">
                <div class="field" class:field--error=service_error.is_some()>
                    <label for="token-service">{t!(i18n, admin.tokens.service)}</label>
                    {service_error.map(|message| view! { <p class="field-error" id="token-service-error">{message}</p> })}
                    <select id="token-service" name="service" required
                        aria-describedby=service_error.map(|_| "token-service-error") aria-invalid=service_error.map(|_| "true")>
                        {options}
                    </select>
                </div>
                {field("label", t_string!(i18n, admin.tokens.label).to_owned(), "text", "")}
                {field("days", t_string!(i18n, admin.tokens.days).to_owned(), "number", "365")}
                <button type="submit" class="button">{t!(i18n, admin.tokens.issue)}</button>
            </ActionForm>
        </section>
    }
}

fn board_refusal_or_label(why: &str, locale: Locale) -> &'static str {
    match why {
        "too_long" => crate::i18n::td_string!(locale, admin.tokens.label_too_long),
        "required" => crate::i18n::td_string!(locale, admin.tokens.label_required),
        other => board_refusal(other, locale),
    }
}

/// A token's state at a glance: revoked, expired or live until its expiry.
fn state_of(token: &TokenView, locale: Locale) -> String {
    let i18n = use_i18n();
    let when = |label: &str, at: &crate::moment::Moment| format!("{label} {}", moment_of(at, locale));
    match (&token.revoked_at, &token.expires_at, token.live) {
        (Some(at), _, _) => when(t_string!(i18n, admin.tokens.revoked_on), at),
        (None, Some(end), false) => when(t_string!(i18n, admin.tokens.expired_on), end),
        (None, Some(end), true) => when(t_string!(i18n, admin.tokens.live_until), end),
        (None, None, _) => t_string!(i18n, admin.tokens.live).to_owned(),
    }
}

#[component]
fn Tokens(
    tokens: Vec<TokenView>,
    rotate: ServerAction<RotateServiceToken>,
    revoke: ServerAction<RevokeServiceToken>,
    locale: Locale,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = tokens
        .into_iter()
        .map(|token| {
            let (live, state) = (token.live, state_of(&token, locale));
            let name = format!("{} — {}", token.service, token.label);
            let actions = live.then(|| {
                let (rotate_id, revoke_id) = (token.id.clone(), token.id.clone());
                let rotate_label = format!("{} {name}", t_string!(i18n, admin.tokens.rotate));
                let revoke_label = format!("{} {name}", t_string!(i18n, admin.tokens.revoke));
                view! {
                    <ActionForm action=rotate>
                        <input type="hidden" name="id" value=rotate_id />
                        <button type="submit" class="button button--secondary" aria-label=rotate_label>{t!(i18n, admin.tokens.rotate)}</button>
                    </ActionForm>
                    <ActionForm action=revoke>
                        <input type="hidden" name="id" value=revoke_id />
                        <button type="submit" class="button button--secondary" aria-label=revoke_label>{t!(i18n, admin.tokens.revoke)}</button>
                    </ActionForm>
                }
            });
            view! {
                <tr data-testid="token" data-live=live.to_string()>
                    <td class="mono">{token.service.to_string()}</td>
                    <td>{token.label.clone()}</td>
                    <td>{moment_of(&token.created_at, locale)}</td>
                    <td>{state}</td>
                    <td>{actions}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{t!(i18n, admin.tokens.list_heading)}</h2>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="tokens-caption">
                <table class="table">
                    <caption id="tokens-caption">{t!(i18n, admin.tokens.caption)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, admin.tokens.service)}</th>
                            <th scope="col">{t!(i18n, admin.tokens.label)}</th>
                            <th scope="col">{t!(i18n, admin.tokens.issued_on)}</th>
                            <th scope="col">{t!(i18n, admin.tokens.state)}</th>
                            <th scope="col">{t!(i18n, admin.tokens.action)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
