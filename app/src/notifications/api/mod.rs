//! Server functions of the inbox (read it, mark a notification or all as read), of the news and
//! of the message settings (preferences, followed categories; contacts in `contact.rs`, push
//! devices in `device.rs`). Every call is the signed-in person's own (or the person they act
//! for): another's notification, contact or device is "not found", the same as an id that does
//! not exist.

use super::model::{Inbox, Settings};
use crate::error::AppError;
use crate::ids::ContactId;
use leptos::prelude::*;

/// The citizen's inbox, newest first.
#[server(endpoint = "notifications/inbox")]
pub async fn my_inbox() -> Result<Inbox, AppError> {
    crate::api::answer(
        async {
            let acting = crate::auth::session::require_acting()?;
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            Ok(super::db::inbox(&mut conn, &acting.subject, super::model::INBOX_PAGE).await?)
        }
        .await,
    )
}

/// How many of the citizen's notifications are unread, for the header; none for a guest
/// (every page asks, and a guest's page is no error).
#[server(endpoint = "notifications/unread")]
pub async fn unread_count() -> Result<u32, AppError> {
    crate::api::answer(
        async {
            let Some(session) = crate::auth::session::current_session() else {
                return Ok(0);
            };
            let acting = session.acting();
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            Ok(super::db::unread(&mut conn, &acting.subject).await?)
        }
        .await,
    )
}

/// The home page's "Nouveautés", newest first, for whoever looks: a new service that the viewer
/// cannot see (signed-in only, or withdrawn since) is left out.
#[server(endpoint = "notifications/news")]
pub async fn whats_new() -> Result<Vec<super::model::Announcement>, AppError> {
    use crate::catalogue::model::Audience;
    crate::api::answer(
        async {
            let portal = crate::api::portal()?;
            let now = portal.auth.clock.now();
            let signed_in = crate::auth::session::current_session().is_some();
            let news = portal
                .news
                .get(crate::catalogue::db::TileCache::TTL, now, || async {
                    let mut conn = portal.db.pool().acquire().await?;
                    super::announcements::latest(&mut conn, super::model::NEWS_ON_HOME * 2).await
                })
                .await?;
            let tiles = portal.tiles.listed(&portal.db, now).await?;
            let visible = |service: &crate::ids::ServiceId| {
                tiles
                    .iter()
                    .any(|t| t.id == *service && (signed_in || t.tile.audience == Audience::Everyone))
            };
            Ok(news
                .iter()
                .filter(|a| a.service.as_ref().is_none_or(visible))
                .take(super::model::NEWS_ON_HOME as usize)
                .cloned()
                .collect())
        }
        .await,
    )
}

/// What the inbox says after a plain post marked notifications as read.
pub const MARKED_READ: &str = "read";

/// Marks one notification as read (`id`), or every one (`all`). A plain form post of the inbox
/// page, which comes back to it.
#[server(endpoint = "notifications/read")]
pub async fn mark_read(id: String) -> Result<u64, AppError> {
    let marked = mark(id).await;
    after_post(<MarkRead as leptos::server_fn::ServerFn>::PATH, &marked, MARKED_READ);
    crate::api::answer(marked)
}

#[cfg(feature = "ssr")]
async fn mark(id: String) -> Result<u64, AppError> {
    use crate::ids::NotificationId;
    let acting = crate::auth::session::require_acting()?;
    let portal = crate::api::portal()?;
    let now = portal.auth.clock.now();
    let mut conn = portal.db.pool().acquire().await?;
    let one = (id != "all").then(|| NotificationId::new(id));
    if let Some(one) = &one
        && !super::db::exists(&mut conn, &acting.subject, one).await?
    {
        return Err(AppError::NotFound);
    }
    Ok(super::db::mark_read(&mut conn, &acting.subject, one.as_ref(), now).await?)
}

/// The notification settings page: the citizen's choices and contacts.
#[server(endpoint = "notifications/settings")]
pub async fn my_settings() -> Result<Settings, AppError> {
    crate::api::answer(
        async {
            let acting = crate::auth::session::require_acting()?;
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            Ok(Settings {
                preferences: super::preferences::of(&mut conn, &acting.subject).await?,
                contacts: super::contacts::list(&mut conn, &acting.subject).await?,
                email_available: portal.channels.email.is_some(),
                sms_available: portal.channels.sms.is_some(),
                push_key: portal.channels.push.as_ref().map(|push| push.public_key().to_owned()),
                devices: super::devices::list(&mut conn, &acting.subject).await?,
                following: super::announcements::following(&mut conn, &acting.subject).await?,
            })
        }
        .await,
    )
}

/// What the settings page says after each of its plain posts.
pub const PREFERENCES_SAVED: &str = "preferences";
pub const CODE_SENT: &str = "code_sent";
pub const CONTACT_VERIFIED: &str = "verified";
pub const CONTACT_REMOVED: &str = "removed";
pub const DEVICE_ADDED: &str = "device_added";
pub const FOLLOWING_SAVED: &str = "following";
pub const DEVICE_REMOVED: &str = "device_removed";

pub use preferences_form::{SavePreferences, save_preferences};

#[expect(
    clippy::too_many_arguments,
    reason = "the preferences form posts one field per box, nine of them"
)]
mod preferences_form {
    use super::*;

    /// Keeps the channels chosen for each topic (a checked box says `on`); the inbox has every
    /// message whatever is chosen. One argument per box of the page's plain form.
    #[server(endpoint = "notifications/preferences")]
    pub async fn save_preferences(
        request_updates_email: Option<String>,
        action_required_email: Option<String>,
        announcements_email: Option<String>,
        request_updates_sms: Option<String>,
        action_required_sms: Option<String>,
        announcements_sms: Option<String>,
        request_updates_push: Option<String>,
        action_required_push: Option<String>,
        announcements_push: Option<String>,
    ) -> Result<(), AppError> {
        use crate::notifications::model::{Channel, Preferences, Topic};
        // In the order they are tried, whatever order the boxes come in.
        let chosen = |push: Option<String>, sms: Option<String>, email: Option<String>| {
            [(Channel::Push, push), (Channel::Sms, sms), (Channel::Email, email)]
                .into_iter()
                .filter_map(|(channel, checked)| checked.map(|_| channel))
                .collect::<Vec<_>>()
        };
        let preferences = Preferences {
            chosen: vec![
                (
                    Topic::RequestUpdates,
                    chosen(request_updates_push, request_updates_sms, request_updates_email),
                ),
                (
                    Topic::ActionRequired,
                    chosen(action_required_push, action_required_sms, action_required_email),
                ),
                (
                    Topic::Announcements,
                    chosen(announcements_push, announcements_sms, announcements_email),
                ),
            ],
        };
        let saved = async {
            let acting = crate::auth::session::require_acting()?;
            let portal = crate::api::portal()?;
            let mut conn = portal.db.pool().acquire().await?;
            crate::notifications::preferences::set(&mut conn, &acting.subject, &preferences).await?;
            Ok(())
        }
        .await;
        after_post(
            <SavePreferences as leptos::server_fn::ServerFn>::PATH,
            &saved,
            PREFERENCES_SAVED,
        );
        crate::api::answer(saved)
    }
}

/// Keeps the categories whose news the citizen follows (a checked box says `on`) and how often
/// they are told (`each` or `weekly`).
#[server(endpoint = "notifications/following")]
pub async fn save_following(
    prevention: Option<String>,
    care: Option<String>,
    rights: Option<String>,
    family: Option<String>,
    frequency: String,
) -> Result<(), AppError> {
    use super::model::{Following, Frequency};
    use crate::catalogue::model::Category;
    let saved = async {
        let frequency = Frequency::parse(&frequency).ok_or_else(|| AppError::InvalidInput {
            fields: vec![("frequency".to_owned(), "unknown".to_owned())],
        })?;
        let checked = [
            (Category::Prevention, prevention),
            (Category::Care, care),
            (Category::Rights, rights),
            (Category::Family, family),
        ];
        let following = Following {
            categories: checked.into_iter().filter_map(|(c, on)| on.map(|_| c)).collect(),
            frequency,
        };
        let acting = crate::auth::session::require_acting()?;
        let portal = crate::api::portal()?;
        let mut tx = portal.db.begin().await?;
        super::announcements::set_following(&mut tx, &acting.subject, &following).await?;
        tx.commit().await?;
        Ok(())
    }
    .await;
    after_post(
        <SaveFollowing as leptos::server_fn::ServerFn>::PATH,
        &saved,
        FOLLOWING_SAVED,
    );
    crate::api::answer(saved)
}

/// Adds an e-mail address (`channel=email`) or a mobile number (`channel=sms`) and sends it a
/// code; it is used once the code comes back.
#[server(endpoint = "notifications/contacts/add")]
pub async fn add_contact(channel: String, address: String) -> Result<(), AppError> {
    let sent = contact::add(channel, address).await;
    after_post(<AddContact as leptos::server_fn::ServerFn>::PATH, &sent, CODE_SENT);
    crate::api::answer(sent)
}

/// Sends a new code to one of the citizen's addresses.
#[server(endpoint = "notifications/contacts/resend")]
pub async fn resend_code(contact: ContactId) -> Result<(), AppError> {
    let sent = contact::resend(contact).await;
    after_post(<ResendCode as leptos::server_fn::ServerFn>::PATH, &sent, CODE_SENT);
    crate::api::answer(sent)
}

/// Checks the code the citizen read in the message.
#[server(endpoint = "notifications/contacts/verify")]
pub async fn verify_contact(contact: ContactId, code: String) -> Result<(), AppError> {
    let verified = contact::verify(contact, code).await;
    after_post(
        <VerifyContact as leptos::server_fn::ServerFn>::PATH,
        &verified,
        CONTACT_VERIFIED,
    );
    crate::api::answer(verified)
}

/// Removes one of the citizen's addresses.
#[server(endpoint = "notifications/contacts/remove")]
pub async fn remove_contact(contact: ContactId) -> Result<(), AppError> {
    let removed = contact::remove(contact).await;
    after_post(
        <RemoveContact as leptos::server_fn::ServerFn>::PATH,
        &removed,
        CONTACT_REMOVED,
    );
    crate::api::answer(removed)
}

/// Keeps this browser's push subscription for the citizen's notices. The settings page's form
/// posts it, filled by `public/push.js` once the citizen allowed notifications on the device.
#[server(endpoint = "notifications/devices/add")]
pub async fn add_device(endpoint: String, p256dh: String, auth: String) -> Result<(), AppError> {
    let added = device::add(endpoint, p256dh, auth).await;
    after_post(<AddDevice as leptos::server_fn::ServerFn>::PATH, &added, DEVICE_ADDED);
    crate::api::answer(added)
}

/// Stops the notices on one of the citizen's devices.
#[server(endpoint = "notifications/devices/remove")]
pub async fn remove_device(device: crate::ids::DeviceId) -> Result<(), AppError> {
    let removed = device::remove(device).await;
    after_post(
        <RemoveDevice as leptos::server_fn::ServerFn>::PATH,
        &removed,
        DEVICE_REMOVED,
    );
    crate::api::answer(removed)
}

/// A plain post comes back to its page, with what it did or its error.
#[cfg(feature = "ssr")]
fn after_post<T>(function: &str, result: &Result<T, AppError>, done: &str) {
    match result {
        Ok(_) => crate::api::return_with_done(done),
        Err(error) => crate::api::return_with_error(function, error),
    }
}

/// The reasons a contact form is refused, as the page's field errors name them.
pub mod refusal {
    pub const FIELD_ADDRESS: &str = "address";
    pub const FIELD_MOBILE: &str = "mobile";
    pub const FIELD_CODE: &str = "code";
    pub const INVALID_EMAIL: &str = "invalid_email";
    pub const INVALID_MOBILE: &str = "invalid_mobile";
    pub const TOO_MANY_CODES: &str = "too_many_codes";
    pub const NOT_SENT: &str = "not_sent";
    pub const WRONG_CODE: &str = "wrong_code";
    pub const SPENT_CODE: &str = "spent_code";
    pub const FIELD_DEVICE: &str = "device";
    pub const UNUSABLE_DEVICE: &str = "unusable_device";
    pub const NO_PUSH: &str = "no_push";
}

#[cfg(feature = "ssr")]
mod contact;
#[cfg(feature = "ssr")]
mod device;
