//! "Mon profil": the identity claims we hold, the preferred language, and signing out
//! everywhere.

use crate::auth::api::{SetPreferredLanguage, my_profile};
use crate::auth::model::{Profile, Role};
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::{ErrorNotice, PageTitle};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The signed-in citizen's profile.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SetPreferredLanguage>::new();
    let profile = Resource::new_blocking(move || save.version().get(), |_| my_profile());
    view! {
        <PageTitle title=Signal::derive(move || t_string!(i18n, auth.profile.title).to_string()) />
        <div class="container prose">
            <h1>{t!(i18n, auth.profile.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(profile) => view! { <ProfileDetails profile save /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ProfileDetails(profile: Profile, save: ServerAction<SetPreferredLanguage>) -> impl IntoView {
    let i18n = use_i18n();
    let not_provided = move || t_string!(i18n, auth.profile.not_provided).to_owned();
    let name = profile.display_name.clone();
    let email = profile.email.clone();
    let birth_date = profile.birth_date.clone();
    let french = profile.preferred_language == "fr";
    let saved = move || matches!(save.value().get(), Some(Ok(())));
    let failed = move || save.value().get().and_then(Result::err);
    view! {
        <section aria-labelledby="identity-heading">
            <h2 id="identity-heading">{t!(i18n, auth.profile.identity_heading)}</h2>
            <p>{t!(i18n, auth.profile.identity_text)}</p>
            <dl class="facts">
                <dt>{t!(i18n, auth.profile.name)}</dt>
                <dd>{move || name.clone().unwrap_or_else(not_provided)}</dd>
                <dt>{t!(i18n, auth.profile.email)}</dt>
                <dd>{move || email.clone().unwrap_or_else(not_provided)}</dd>
                <dt>{t!(i18n, auth.profile.birth_date)}</dt>
                <dd>{move || birth_date.clone().unwrap_or_else(not_provided)}</dd>
                <dt>{t!(i18n, auth.profile.role)}</dt>
                <dd>
                    {move || match profile.role {
                        Role::Citizen => t_string!(i18n, auth.profile.role_citizen),
                        Role::Admin => t_string!(i18n, auth.profile.role_admin),
                    }}
                </dd>
            </dl>
        </section>
        <section aria-labelledby="language-heading">
            <h2 id="language-heading">{t!(i18n, auth.profile.language_heading)}</h2>
            <ActionForm action=save attr:class="form">
                <div class="field">
                    <label for="preferred-language">{t!(i18n, auth.profile.language_label)}</label>
                    <select id="preferred-language" name="language">
                        <option value="fr" lang="fr" selected=french>{t!(i18n, auth.profile.language_fr)}</option>
                        <option value="en" lang="en" selected=!french>{t!(i18n, auth.profile.language_en)}</option>
                    </select>
                </div>
                <button type="submit" class="button">{t!(i18n, auth.profile.save)}</button>
            </ActionForm>
            <div role="status">
                <Show when=saved>
                    <p class="notice notice--success">{t!(i18n, auth.profile.saved)}</p>
                </Show>
            </div>
            {move || failed().map(|error| view! { <ErrorNotice error /> })}
        </section>
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t!(i18n, auth.profile.sessions_heading)}</h2>
            <p>{t!(i18n, auth.profile.open_sessions)} " " <strong data-testid="open-sessions">{profile.open_sessions}</strong></p>
            <p>
                <a href=move || Page::SignInHistory.path(i18n.get_locale())>{t!(i18n, auth.profile.history_link)}</a>
            </p>
            <p>{t!(i18n, auth.profile.sign_out_everywhere_text)}</p>
            <form method="post" action="/auth/logout" on:submit=crate::drafts::forget_on_sign_out()>
                <input type="hidden" name="scope" value="everywhere" />
                <button type="submit" class="button button--secondary">{t!(i18n, auth.profile.sign_out_everywhere)}</button>
            </form>
        </section>
    }
}
