//! The channels beyond the inbox, each behind a small trait that the server implements with a
//! real provider (SMTP through `lettre` for e-mail). What they carry is written here, in the
//! citizen's language, and says only that there is news: no health detail, no request
//! content, only the service's name and a link that asks to sign in.

use crate::i18n::{Locale, td_string};
use crate::locale::{Bilingual, Page};
use leptos_i18n::Locale as _;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// One e-mail: a text part and an HTML part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Where a one-click unsubscription is posted (RFC 8058), for announcements.
    pub list_unsubscribe: Option<String>,
}

/// Why a channel did not take a message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendFailure {
    /// Worth trying again (the server is down, a 4xx SMTP reply): "SMTP 451".
    Temporary(String),
    /// This address will never take it (a 5xx SMTP reply to the recipient): another channel
    /// takes over.
    Permanent(String),
}

pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), SendFailure>> + Send + 'a>>;

/// Sends e-mail.
pub trait EmailSender: Send + Sync {
    fn send<'a>(&'a self, email: &'a Email) -> Sending<'a>;
}

/// One text message to a mobile number (E.164).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sms {
    pub to: String,
    pub text: String,
    /// The same key twice is one message for the gateway (a job carried twice).
    pub idempotency_key: String,
}

pub type SmsSending<'a> = Pin<Box<dyn Future<Output = Result<String, SendFailure>> + Send + 'a>>;

/// Sends text messages through a gateway; the gateway's id of an accepted message, which its
/// delivery receipts name.
pub trait SmsSender: Send + Sync {
    fn send<'a>(&'a self, sms: &'a Sms) -> SmsSending<'a>;
}

/// A browser's push subscription, as `PushManager.subscribe()` gives it: its push service's
/// endpoint and the keys that encrypt for it (base64url).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subscription {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// One push to one device: what its notification shows (a title and a page of the portal,
/// nothing else: it may show on a locked screen), and how urgent it is (RFC 8030).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Push {
    pub to: Subscription,
    pub title: String,
    /// A path of the portal (`/fr/messages`).
    pub url: String,
    pub urgent: bool,
}

/// Why a device's subscription cannot be kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// The endpoint may not be reached (not https://, inside the network, not a URL).
    Endpoint,
    /// The keys are not a P-256 public key and a 16-byte secret.
    Keys,
}

/// Sends web push. `SendFailure::Permanent` means the subscription is gone (404, 410): the
/// device is removed and the next channel takes over.
pub trait PushSender: Send + Sync {
    /// The portal's VAPID public key (base64url), which a browser binds its subscription to.
    fn public_key(&self) -> &str;
    /// Whether a subscription can be kept and pushed to.
    fn check(&self, subscription: &Subscription) -> Result<(), Unusable>;
    fn send<'a>(&'a self, push: &'a Push) -> Sending<'a>;
}

/// The channels this portal can use, and the address its links start with.
#[derive(Clone)]
pub struct Channels {
    /// None when no SMTP server is configured: e-mail is not offered.
    pub email: Option<Arc<dyn EmailSender>>,
    /// None when no SMS gateway is configured: text messages are not offered.
    pub sms: Option<Arc<dyn SmsSender>>,
    /// None without a VAPID key: web push is not offered.
    pub push: Option<Arc<dyn PushSender>>,
    /// `https://votresante.gouv.qc.ca`, without a trailing slash.
    pub public_url: String,
    /// When notices go out.
    pub timing: super::timing::Timing,
}

impl std::fmt::Debug for Channels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channels")
            .field("email", &self.email.is_some())
            .field("sms", &self.sms.is_some())
            .field("push", &self.push.is_some())
            .field("public_url", &self.public_url)
            .field("timing", &self.timing)
            .finish()
    }
}

impl Channels {
    /// No channel beyond the inbox.
    pub fn none(public_url: &str) -> Channels {
        Channels {
            email: None,
            sms: None,
            push: None,
            public_url: public_url.trim_end_matches('/').to_owned(),
            timing: super::timing::Timing::AT_ONCE,
        }
    }
}

/// The e-mail that tells a citizen there is news about one of their requests.
/// `count` news folded into one message say how many there are.
pub fn news_email(
    channels: &Channels,
    to: &str,
    locale: Locale,
    service: &Bilingual,
    action_required: bool,
    count: usize,
) -> Email {
    let link = format!("{}{}", channels.public_url, Page::Messages.path(locale));
    let service = service.get(locale);
    let subject = match action_required {
        true => td_string!(locale, notifications.email.subject_action),
        false => td_string!(locale, notifications.email.subject_news),
    };
    let intro = match (action_required, count) {
        (true, _) => td_string!(locale, notifications.email.intro_action).to_owned(),
        (false, 0 | 1) => td_string!(locale, notifications.email.intro_news).to_owned(),
        (false, _) => td_string!(locale, notifications.email.intro_news_many, count = count).to_string(),
    };
    let quoted = match locale {
        Locale::fr => format!("« {service} »"),
        Locale::en => format!("“{service}”"),
    };
    let lines = [
        format!("{intro} {quoted}."),
        td_string!(locale, notifications.email.sign_in).to_owned(),
    ];
    let open = td_string!(locale, notifications.email.open);
    compose(locale, to, subject, &lines, Some((&link, open)))
}

/// The push that tells a citizen, on their devices, that there is news about one of their
/// requests: the same words as a text message, and the inbox to open.
pub fn news_push(to: Subscription, locale: Locale, service: &Bilingual, action_required: bool, count: usize) -> Push {
    Push {
        to,
        title: super::sms::news_line(locale, service, action_required, count),
        url: Page::Messages.path(locale),
        urgent: action_required,
    }
}

/// The e-mail that tells a citizen the ministry followed up a problem they reported or an idea
/// they suggested: only that, and the page that lists them (the words stay in the portal).
pub fn feedback_email(channels: &Channels, to: &str, locale: Locale) -> Email {
    let link = format!("{}{}", channels.public_url, Page::MyFeedback.path(locale));
    let lines = [
        td_string!(locale, notifications.feedback.intro).to_owned(),
        td_string!(locale, notifications.email.sign_in).to_owned(),
    ];
    let subject = td_string!(locale, notifications.feedback.subject);
    compose(
        locale,
        to,
        subject,
        &lines,
        Some((&link, td_string!(locale, notifications.feedback.open))),
    )
}

/// The push of that news: the same line, and the list to open.
pub fn feedback_push(to: Subscription, locale: Locale) -> Push {
    Push {
        to,
        title: td_string!(locale, notifications.feedback.subject).to_owned(),
        url: Page::MyFeedback.path(locale),
        urgent: false,
    }
}

/// One announcement as a notice tells it: its title and its text.
pub type Told = (Bilingual, Option<Bilingual>);

/// The e-mail of announcements: one, or the digest of several, each with its title and text
/// (news for everyone, nothing personal), a link to the home page's "Nouveautés", and the
/// one-click unsubscription address.
pub fn announcement_email(channels: &Channels, to: &str, locale: Locale, told: &[Told], unsubscribe: &str) -> Email {
    let link = format!("{}{}", channels.public_url, Page::Home.path(locale));
    let subject = match told {
        [(title, _)] => format!(
            "{} {}",
            td_string!(locale, notifications.announcement.subject_one),
            title.get(locale)
        ),
        _ => td_string!(locale, notifications.announcement.subject_digest).to_owned(),
    };
    let mut lines = Vec::with_capacity(told.len() * 2 + 1);
    for (title, text) in told {
        lines.push(title.get(locale).to_owned());
        if let Some(text) = text {
            lines.push(text.get(locale).to_owned());
        }
    }
    lines.push(td_string!(locale, notifications.announcement.why).to_owned());
    let open = td_string!(locale, notifications.announcement.open);
    let mut email = compose(locale, to, &subject, &lines, Some((&link, open)));
    email.list_unsubscribe = Some(unsubscribe.to_owned());
    email
}

/// The text message of announcements: the title of one, or how many there are, and the home page.
pub fn announcement_sms(public_url: &str, locale: Locale, told: &[Told]) -> String {
    format!(
        "{}: {}. {public_url}{}",
        td_string!(locale, common.portal_name),
        announcement_line(locale, told),
        Page::Home.path(locale)
    )
}

/// The push of announcements: the same line, and the home page to open.
pub fn announcement_push(to: Subscription, locale: Locale, told: &[Told]) -> Push {
    Push {
        to,
        title: announcement_line(locale, told),
        url: Page::Home.path(locale),
        urgent: false,
    }
}

fn announcement_line(locale: Locale, told: &[Told]) -> String {
    match told {
        [(title, _)] => format!(
            "{} {}",
            td_string!(locale, notifications.announcement.subject_one),
            title.get(locale)
        ),
        _ => td_string!(locale, notifications.announcement.many, count = told.len()).to_string(),
    }
}

/// The e-mail that carries a verification code.
pub fn code_email(to: &str, locale: Locale, code: &str) -> Email {
    let lines = [
        format!("{} {code}", td_string!(locale, notifications.email.code_is)),
        td_string!(locale, notifications.email.code_validity).to_owned(),
        td_string!(locale, notifications.email.code_ignore).to_owned(),
    ];
    compose(
        locale,
        to,
        td_string!(locale, notifications.email.subject_code),
        &lines,
        None,
    )
}

/// Both parts of an e-mail in the design system's look: the blue header with the portal's
/// name, the paragraphs, a button to the link, and the footer that says not to reply.
/// `link` is the button's address and its words.
fn compose(locale: Locale, to: &str, subject: &str, lines: &[String], link: Option<(&str, &str)>) -> Email {
    use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
    let portal = td_string!(locale, common.portal_name);
    let hello = td_string!(locale, notifications.email.hello);
    let footer = td_string!(locale, notifications.email.footer);
    let mut plain = format!("{hello}\n\n");
    let mut html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"margin:0;background:#f1f6fa;font-family:Arial,Helvetica,sans-serif;color:#223654\">\
         <div style=\"background:#223654;color:#ffffff;padding:16px 24px;font-size:20px;font-weight:bold\">{portal}</div>\
         <div style=\"background:#ffffff;padding:24px;max-width:600px\"><p>{hello}</p>",
        lang = locale.as_str(),
        title = text(subject),
        portal = text(portal),
        hello = text(hello),
    );
    for line in lines {
        plain.push_str(line);
        plain.push_str("\n\n");
        html.push_str(&format!(
            "<p style=\"font-size:16px;line-height:1.5\">{}</p>",
            text(line)
        ));
    }
    if let Some((link, label)) = link {
        plain.push_str(&format!("{label} : {link}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{href}\" style=\"display:inline-block;background:#095797;color:#ffffff;padding:12px 20px;\
             text-decoration:none;font-weight:bold\">{label}</a></p>",
            href = attr(link),
            label = text(label),
        ));
    }
    plain.push_str(&format!("--\n{portal}\n{footer}\n"));
    html.push_str(&format!(
        "<p style=\"font-size:14px;color:#4e5662;border-top:1px solid #c5cad2;padding-top:16px\">{}</p></div></body></html>",
        text(footer)
    ));
    Email {
        to: to.to_owned(),
        subject: format!("{subject} — {portal}"),
        text: plain,
        html,
        list_unsubscribe: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> Bilingual {
        Bilingual {
            fr: "Plaintes <et> suggestions".into(),
            en: "Complaints <and> suggestions".into(),
        }
    }

    #[test]
    fn the_news_says_which_service_and_links_to_the_inbox_in_the_citizens_language() {
        let channels = Channels::none("https://portail.example/");
        let fr = news_email(&channels, "c@exemple.ca", Locale::fr, &service(), false, 1);
        assert!(fr.text.contains("« Plaintes <et> suggestions »"));
        assert!(fr.text.contains("https://portail.example/fr/messages"));
        assert!(fr.html.contains("Plaintes &lt;et&gt; suggestions"), "escaped in HTML");
        assert!(fr.html.contains("lang=\"fr\""));
        let en = news_email(&channels, "c@exemple.ca", Locale::en, &service(), true, 1);
        let many = news_email(&channels, "c@exemple.ca", Locale::fr, &service(), false, 5);
        assert!(many.text.contains("Il y a 5 nouveautés"), "{}", many.text);
        assert!(en.text.contains("https://portail.example/en/messages"));
        assert!(en.text.contains("“Complaints <and> suggestions”"));
        assert_ne!(fr.subject, en.subject);
    }

    #[test]
    fn announcements_say_their_title_and_text_one_or_a_digest_with_a_one_click_unsubscription() {
        let channels = Channels::none("https://portail.example");
        let one: Vec<Told> = vec![(
            Bilingual {
                fr: "Nouveau : vaccination".into(),
                en: "New: vaccination".into(),
            },
            Some(Bilingual {
                fr: "Prenez rendez-vous en ligne.".into(),
                en: "Book online.".into(),
            }),
        )];
        let email = announcement_email(
            &channels,
            "c@exemple.ca",
            Locale::fr,
            &one,
            "https://portail.example/api/v1/unsubscribe/t",
        );
        assert!(email.subject.contains("Nouveau : vaccination"), "{}", email.subject);
        assert!(
            email.text.contains("Prenez rendez-vous en ligne.") && email.text.contains("https://portail.example/fr")
        );
        assert_eq!(
            email.list_unsubscribe.as_deref(),
            Some("https://portail.example/api/v1/unsubscribe/t")
        );
        let two = [one.clone(), one].concat();
        let digest = announcement_email(&channels, "c@exemple.ca", Locale::en, &two, "u");
        assert!(digest.subject.starts_with("What's new"), "{}", digest.subject);
        assert_eq!(digest.text.matches("New: vaccination").count(), 2);
        assert!(announcement_sms("https://p", Locale::fr, &two).contains("2 nouveautés"));
        assert!(
            news_email(&channels, "c@exemple.ca", Locale::fr, &service(), false, 1)
                .list_unsubscribe
                .is_none()
        );
    }

    #[test]
    fn a_code_email_carries_the_code_and_no_link() {
        let email = code_email("c@exemple.ca", Locale::en, "042917");
        assert!(email.text.contains("042917") && email.html.contains("042917"));
        assert!(!email.html.contains("<a "));
    }
}
