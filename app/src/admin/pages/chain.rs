//! The journal's integrity on the console: verify the chain (against a head exported earlier,
//! when given) and export the head. Both are plain GET forms to the journal page, which reads
//! them and journals them.

use super::journal_form::{RefusalSummary, refusal_message};
use crate::admin::journal_api::ChainReport;
use crate::audit::Head;
use crate::error::AppError;
use crate::i18n::{Locale, t, td_string, use_i18n};
use crate::locale::Page;
use crate::ui::ErrorNotice;
use leptos::prelude::*;

fn reason_label(code: &str, locale: Locale) -> &'static str {
    match code {
        "hash_mismatch" => td_string!(locale, journal.chain.reasons.hash_mismatch),
        "link_mismatch" => td_string!(locale, journal.chain.reasons.link_mismatch),
        "gap" => td_string!(locale, journal.chain.reasons.gap),
        "truncated" => td_string!(locale, journal.chain.reasons.truncated),
        "anchor_mismatch" => td_string!(locale, journal.chain.reasons.anchor_mismatch),
        _ => td_string!(locale, journal.chain.reasons.head_mismatch),
    }
}

#[component]
pub fn ChainSection(
    anchor: String,
    report: Option<Result<ChainReport, AppError>>,
    head: Option<Result<Head, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let (refused, report) = match report {
        Some(Err(AppError::InvalidInput { fields })) => (fields, None),
        other => (Vec::new(), other),
    };
    let anchor_error = refused
        .iter()
        .find(|(part, _)| part == "anchor")
        .map(|(_, why)| refusal_message(why, locale));
    let described = match anchor_error {
        Some(_) => "chain-anchor-error chain-anchor-hint",
        None => "chain-anchor-hint",
    };
    let report = report.map(|report| match report {
        Ok(ChainReport::Intact { entries, anchored }) => view! {
            <div class="notice notice--success" data-testid="chain-report">
                <p>{t!(i18n, journal.chain.intact, entries = entries)}</p>
                {anchored.map(|seq| view! { <p>{t!(i18n, journal.chain.anchored, seq = seq)}</p> })}
            </div>
        }
        .into_any(),
        Ok(ChainReport::Broken { seq, reason }) => {
            let reason = reason_label(&reason, locale);
            view! {
                <p class="notice notice--error" data-testid="chain-report">
                    {t!(i18n, journal.chain.broken, seq = seq, reason = reason)}
                </p>
            }
            .into_any()
        }
        Err(error) => view! { <ErrorNotice error /> }.into_any(),
    });
    let head = head.map(|head| match head {
        Ok(head) => view! {
            <div class="notice notice--success">
                <p>{t!(i18n, journal.chain.head_is)}</p>
                <p><code class="mono" data-testid="chain-head">{head.to_string()}</code></p>
            </div>
        }
        .into_any(),
        Err(error) => view! { <ErrorNotice error /> }.into_any(),
    });
    let here = Page::AdminJournal.path(locale);
    view! {
        <section aria-labelledby="chain-heading">
            <h2 id="chain-heading">{t!(i18n, journal.chain.heading)}</h2>
            <p>{t!(i18n, journal.chain.intro)}</p>
            <RefusalSummary refused=refused.clone() prefix="chain" />
            <div role="status">{report}</div>
            <form method="get" action=here.clone() class="form">
                <input type="hidden" name="verify" value="1" />
                <div class="field" class:field--error=anchor_error.is_some()>
                    <label for="chain-anchor">{t!(i18n, journal.chain.anchor)}</label>
                    <p class="hint" id="chain-anchor-hint">{t!(i18n, journal.chain.anchor_hint)}</p>
                    {anchor_error.map(|message| view! { <p class="field-error" id="chain-anchor-error">{message}</p> })}
                    <input id="chain-anchor" type="text" name="anchor" value=anchor maxlength="100" spellcheck="false"
                        autocomplete="off" aria-describedby=described aria-invalid=anchor_error.map(|_| "true") />
                </div>
                <button type="submit" class="button">{t!(i18n, journal.chain.verify)}</button>
            </form>
            <h3>{t!(i18n, journal.chain.head_heading)}</h3>
            <p>{t!(i18n, journal.chain.head_intro)}</p>
            <div role="status">{head}</div>
            <form method="get" action=here class="form">
                <input type="hidden" name="head" value="1" />
                <button type="submit" class="button button--secondary">{t!(i18n, journal.chain.export_head)}</button>
            </form>
        </section>
    }
}
