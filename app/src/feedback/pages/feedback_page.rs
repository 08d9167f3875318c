//! "Signaler un problème" / "Proposer une idée": first what does not belong here and where it
//! goes (a question about a request goes to its service; a service not found, to the
//! catalogue), then the form. A problem may carry, with consent, the page it came from, the
//! browser and the language; nothing else. Guests may send too; a field no person sees and the
//! form's ticket turn robots away without a CAPTCHA.

use crate::feedback::api::{
    AttachScreenshot, HONEYPOT, REPORT, SCREENSHOT_FIELD, SCREENSHOT_JOINED, SENT, SendFeedback, feedback_form,
};
use crate::feedback::model::{BODY_MAX, FeedbackKind, SCREENSHOT_MAX_BYTES, TITLE_MAX};
use crate::i18n::{t, t_string, use_i18n};
use crate::locale::Page;
use crate::ui::{ErrorNotice, PageTitle, is_done, refusal_of};
use leptos::form::ActionForm;
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_query_map;

#[component]
pub fn FeedbackPage(kind: FeedbackKind) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let form = Resource::new_blocking(|| (), |_| feedback_form());
    let from = use_query_map()
        .with_untracked(|q| q.get("page"))
        .filter(|p| p.starts_with('/') && !p.starts_with("//"));
    let viewer = crate::auth::use_viewer();
    let (title, intro) = match kind {
        FeedbackKind::Problem => (
            t_string!(i18n, feedback.problem.heading),
            t_string!(i18n, feedback.problem.intro),
        ),
        FeedbackKind::Idea => (
            t_string!(i18n, feedback.idea.heading),
            t_string!(i18n, feedback.idea.intro),
        ),
    };
    let sent = is_done(SENT);
    let joined = is_done(SCREENSHOT_JOINED);
    // After a problem is sent, its token lets its sender join a screenshot to it.
    let report = use_query_map()
        .with_untracked(|q| q.get(REPORT))
        .filter(|_| kind == FeedbackKind::Problem && !joined);
    view! {
        <PageTitle title=title />
        <div class="container prose">
            <h1>{title}</h1>
            <div role="status">
                {sent.then(|| view! {
                    <div class="notice notice--success">
                        <p>{match kind {
                            FeedbackKind::Problem => t_string!(i18n, feedback.sent.problem),
                            FeedbackKind::Idea => t_string!(i18n, feedback.sent.idea),
                        }}</p>
                        <Suspense fallback=|| ()>
                            {move || Suspend::new(async move {
                                let signed_in = viewer.await.ok().and_then(|v| v.signed_in).is_some();
                                signed_in.then(|| view! {
                                    <p><a href=Page::MyFeedback.path(locale)>{t!(i18n, feedback.sent.follow)}</a></p>
                                })
                            })}
                        </Suspense>
                    </div>
                })}
                {joined.then(|| view! { <p class="notice notice--success">{t!(i18n, feedback.screenshot.joined)}</p> })}
            </div>
            {report.map(|token| view! { <Screenshot token /> })}
            <p>{intro}</p>
            <Elsewhere />
            <Suspense fallback=|| ()>
                {move || {
                    let from = from.clone();
                    Suspend::new(async move {
                        match form.await {
                            Ok(form) => view! { <Form kind ticket=form.ticket from /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error /> }.into_any(),
                        }
                    })
                }}
            </Suspense>
        </div>
    }
}

/// Joining a screenshot to the problem report just sent: a plain multipart form (no script).
#[component]
fn Screenshot(token: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    // A multipart post has no action to read: its error comes back in the address.
    let failed = use_query_map().with_untracked(|query| {
        query
            .get("__err")
            .filter(|_| query.get("__path").as_deref() == Some(AttachScreenshot::PATH))
            .map(|error| leptos::server_fn::error::ServerFnUrlError::<crate::error::AppError>::decode_err(&error))
    });
    let (refused, other) = refusal_of(failed);
    let reason = refused.into_iter().next().map(|(_, reason)| match reason.as_str() {
        "too_large" => t_string!(i18n, feedback.screenshot.too_large),
        "not_an_image" => t_string!(i18n, feedback.screenshot.not_an_image),
        "already" => t_string!(i18n, feedback.screenshot.already),
        "expired" => t_string!(i18n, feedback.screenshot.expired),
        _ => t_string!(i18n, feedback.screenshot.required),
    });
    let has_error = reason.is_some();
    let limit = crate::attachments::kinds::human_size(SCREENSHOT_MAX_BYTES as u64, locale);
    view! {
        <section aria-labelledby="screenshot-heading" class="callout">
            <h2 id="screenshot-heading">{t!(i18n, feedback.screenshot.heading)}</h2>
            {other.map(|error| view! { <ErrorNotice error /> })}
            <form method="post" action=AttachScreenshot::PATH enctype="multipart/form-data" class="form">
                <input type="hidden" name="report" value=token />
                <div class="field" class:field--error=has_error>
                    <label for="feedback-screenshot">{t!(i18n, feedback.screenshot.label)}</label>
                    <p class="hint" id="feedback-screenshot-hint">{t!(i18n, feedback.screenshot.hint, limit = limit)}</p>
                    {reason.map(|message| view! { <p class="field-error" id="feedback-screenshot-error">{message}</p> })}
                    <input
                        type="file"
                        id="feedback-screenshot"
                        name=SCREENSHOT_FIELD
                        accept="image/png,image/jpeg"
                        required
                        aria-describedby=if has_error { "feedback-screenshot-hint feedback-screenshot-error" } else { "feedback-screenshot-hint" }
                        aria-invalid=has_error.then_some("true")
                        autofocus=has_error
                    />
                </div>
                <button type="submit" class="button button--secondary">{t!(i18n, feedback.screenshot.send)}</button>
            </form>
        </section>
    }
}

/// What does not go in this form, and where it goes instead.
#[component]
fn Elsewhere() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <section aria-labelledby="elsewhere-heading" class="callout">
            <h2 id="elsewhere-heading">{t!(i18n, feedback.elsewhere.heading)}</h2>
            <h3>{t!(i18n, feedback.elsewhere.request_heading)}</h3>
            <p>
                {t!(i18n, feedback.elsewhere.request_text)} " "
                <a href=Page::MyRequests.path(locale)>{t!(i18n, feedback.elsewhere.request_link)}</a>
            </p>
            <h3>{t!(i18n, feedback.elsewhere.service_heading)}</h3>
            <p>
                {t!(i18n, feedback.elsewhere.service_text)} " "
                <a href=Page::Home.path(locale)>{t!(i18n, feedback.elsewhere.service_link)}</a>
            </p>
        </section>
    }
}

#[component]
fn Form(kind: FeedbackKind, ticket: String, from: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let send = ServerAction::<SendFeedback>::new();
    let (refused, other) = refusal_of(send.value().get_untracked().and_then(Result::err));
    let reason_of = |name: &str| {
        refused
            .iter()
            .find(|(f, _)| f == name)
            .map(|(_, reason)| reason.clone())
    };
    let said = move |reason: &str| match reason {
        "too_long" => t_string!(i18n, feedback.errors.too_long),
        "too_fast" => t_string!(i18n, feedback.errors.too_fast),
        "expired" => t_string!(i18n, feedback.errors.expired),
        "too_many" => t_string!(i18n, feedback.errors.too_many),
        "refused" | "unknown" => t_string!(i18n, feedback.errors.refused),
        _ => t_string!(i18n, feedback.errors.required),
    };
    let whole = reason_of("form")
        .or_else(|| reason_of("kind"))
        .map(|reason| said(&reason));
    let (title_reason, body_reason) = (reason_of("title"), reason_of("body"));
    let field = move |name: &'static str, label: String, hint: String, long: bool, reason: Option<String>| {
        let id = format!("feedback-{name}");
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described = match reason.is_some() {
            true => format!("{hint_id} {error_id}"),
            false => hint_id.clone(),
        };
        let invalid = reason.is_some().then_some("true");
        let input = match long {
            true => view! {
                <textarea id=id.clone() name=name rows="6" maxlength=BODY_MAX.to_string() required
                    aria-describedby=described aria-invalid=invalid></textarea>
            }
            .into_any(),
            false => view! {
                <input id=id.clone() type="text" name=name maxlength=TITLE_MAX.to_string() required
                    aria-describedby=described aria-invalid=invalid />
            }
            .into_any(),
        };
        let has_error = reason.is_some();
        view! {
            <div class="field" class:field--error=has_error>
                <label for=id>{label}</label>
                <p class="hint" id=hint_id>{hint}</p>
                {reason.map(|reason| view! { <p class="field-error" id=error_id>{said(&reason)}</p> })}
                {input}
            </div>
        }
    };
    let consent = (kind == FeedbackKind::Problem).then(|| {
        let page = from.clone().unwrap_or_default();
        view! {
            <div class="field field--choice">
                <input type="checkbox" id="feedback-context" name="context" value="on" checked />
                <label for="feedback-context">{t!(i18n, feedback.form.context)}</label>
                <p class="hint">{t!(i18n, feedback.form.context_hint)} " " {page}</p>
            </div>
        }
    });
    view! {
        {whole.map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
        {other.map(|error| view! { <ErrorNotice error /> })}
        <ActionForm action=send attr:class="form">
            <input type="hidden" name="kind" value=kind.as_str() />
            <input type="hidden" name="language" value=locale.as_str() />
            <input type="hidden" name="ticket" value=ticket />
            {from.map(|page| view! { <input type="hidden" name="page" value=page /> })}
            {field("title", t_string!(i18n, feedback.form.title).to_owned(), t_string!(i18n, feedback.form.title_hint).to_owned(), false, title_reason)}
            // "Est-ce la même chose ?": filled by `public/feedback.js` while the title is typed.
            <div aria-live="polite" data-similar=kind.as_str()>
                <div data-similar-found="" hidden="">
                    <h2>{t!(i18n, feedback.similar.heading)}</h2>
                    <p>{t!(i18n, feedback.similar.intro)}</p>
                    <ul></ul>
                </div>
            </div>
            {field("body", t_string!(i18n, feedback.form.body).to_owned(), t_string!(i18n, feedback.form.body_hint).to_owned(), true, body_reason)}
            {consent}
            // No person sees or reaches this field; a robot that fills every field is refused.
            <div class="honeypot" aria-hidden="true">
                <label for="feedback-website">{t!(i18n, feedback.form.honeypot)}</label>
                <input type="text" id="feedback-website" name=HONEYPOT tabindex="-1" autocomplete="off" />
            </div>
            <button type="submit" class="button">{t!(i18n, feedback.form.send)}</button>
        </ActionForm>
        <script src="/feedback.js" defer="" nonce=use_nonce()></script>
    }
}
