//! A request's documents to sign, on its page: each with where it stands and its deadline, a
//! link to read and sign it.

use crate::i18n::{t, t_string, use_i18n};
use crate::locale::signature_path;
use crate::signatures::model::{SignatureLine, SignatureState};
use crate::ui::when::day_of;
use leptos::prelude::*;

#[component]
pub fn ToSign(signatures: Vec<SignatureLine>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    (!signatures.is_empty()).then(|| {
        let lines = signatures
            .into_iter()
            .map(|line| {
                let state = match line.state {
                    SignatureState::Pending => t_string!(i18n, signatures.state.pending),
                    SignatureState::Signed => t_string!(i18n, signatures.state.signed),
                    SignatureState::Declined => t_string!(i18n, signatures.state.declined),
                    SignatureState::Expired => t_string!(i18n, signatures.state.expired),
                };
                let pending = line.state == SignatureState::Pending;
                view! {
                    <li data-testid="to-sign">
                        <a href=signature_path(locale, line.id.as_str())>{line.title.get(locale).to_owned()}</a>
                        " — " <span class:badge=pending class:badge--warning=pending>{state}</span>
                        {pending.then(|| view! {
                            " · " {t!(i18n, signatures.deadline)} " " {day_of(&line.deadline, locale)}
                        })}
                    </li>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="to-sign-heading">
                <h2 id="to-sign-heading">{t!(i18n, signatures.list_heading)}</h2>
                <ul>{lines}</ul>
            </section>
        }
    })
}
