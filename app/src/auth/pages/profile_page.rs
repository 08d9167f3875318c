//! "Mon profil": the identity claims we hold, the preferred language, and signing out
//! everywhere. Rendered by the server only: the forms are plain posts that come back here.

use crate::auth::api::{SetPreferredLanguage, my_profile};
use crate::auth::model::{Profile, Role};
use crate::auth::use_viewer;
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::{ErrorNotice, PageTitle, is_done};
use leptos::form::ActionForm;
use leptos::prelude::*;

/// The signed-in citizen's profile.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    // Reads the error of a post that came back (`__err` in the address), if any.
    let save = ServerAction::<SetPreferredLanguage>::new();
    let profile = Resource::new_blocking(|| (), |_| my_profile());
    let viewer = use_viewer();
    view! {
        <PageTitle title=t_string!(i18n, auth.profile.title) />
        <div class="container prose">
            <h1>{t!(i18n, auth.profile.heading)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let device_key = viewer.await.ok().and_then(|v| v.signed_in).map(|person| person.device_key);
                    match profile.await {
                        Ok(profile) => view! { <ProfileDetails profile device_key save /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error /> }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}

#[component]
fn ProfileDetails(
    profile: Profile,
    device_key: Option<String>,
    save: ServerAction<SetPreferredLanguage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let not_provided = move || t_string!(i18n, auth.profile.not_provided).to_owned();
    let name = profile.display_name.clone();
    let email = profile.email.clone();
    let birth_date = profile.birth_date.clone();
    let french = profile.preferred_language == "fr";
    let saved = is_done("language");
    let failed = save.value().get_untracked().and_then(Result::err);
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
                {saved.then(|| view! { <p class="notice notice--success">{t!(i18n, auth.profile.saved)}</p> })}
            </div>
            {failed.map(|error| view! { <ErrorNotice error /> })}
        </section>
        <section aria-labelledby="feedback-heading">
            <h2 id="feedback-heading">{t!(i18n, feedback.mine.heading)}</h2>
            <p>
                <a href=move || Page::MyFeedback.path(i18n.get_locale())>{t!(i18n, auth.profile.feedback_link)}</a>
                " · "
                <a href=move || Page::ReportProblem.path(i18n.get_locale())>{t!(i18n, feedback.problem.heading)}</a>
                " · "
                <a href=move || Page::SuggestIdea.path(i18n.get_locale())>{t!(i18n, feedback.idea.heading)}</a>
            </p>
        </section>
        <section aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t!(i18n, auth.profile.sessions_heading)}</h2>
            <p>{t!(i18n, auth.profile.open_sessions)} " " <strong data-testid="open-sessions">{profile.open_sessions}</strong></p>
            <p>
                <a href=move || Page::SignInHistory.path(i18n.get_locale())>{t!(i18n, auth.profile.history_link)}</a>
            </p>
            <p>{t!(i18n, auth.profile.sign_out_everywhere_text)}</p>
            <form method="post" action="/auth/logout" data-device-key=device_key>
                <input type="hidden" name="scope" value="everywhere" />
                <button type="submit" class="button button--secondary">{t!(i18n, auth.profile.sign_out_everywhere)}</button>
            </form>
        </section>
    }
}
