//! News of new services: an announcement is written once (a service's first publication, or an
//! administrator's novelty), shown to everyone on the home page, and told to the citizens who
//! follow its category by a durable job that writes each one's inbox entry and, for those who
//! chose channels for announcements, the notice that carries it: at once, or gathered into the
//! Monday digest. A citizen's announcements not sent yet go in one message.

use super::model::{Announcement, AnnouncementKind, Following, Frequency, NotificationKind, Topic};
use super::{db, preferences, timing};
use crate::catalogue::model::Category;
use crate::ids::{AnnouncementId, CitizenId, NotificationId};
use crate::jobs::db::{self as jobs, NewJob};
use crate::jobs::{About, JobKind};
use crate::locale::Bilingual;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// An announcement to publish.
pub struct NewAnnouncement<'a> {
    pub kind: AnnouncementKind,
    pub service: Option<&'a crate::ids::ServiceId>,
    /// The health information page it announces, if one.
    pub page: Option<&'a str>,
    pub category: Option<Category>,
    pub title: &'a Bilingual,
    pub text: &'a Bilingual,
    /// `service:<id>`, or the administrator's pseudonym.
    pub published_by: &'a str,
}

/// Writes an announcement and the job that tells its followers, inside the caller's
/// transaction.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn publish(
    conn: &mut AnyConnection,
    new: &NewAnnouncement<'_>,
    retry_for: time::Duration,
    now: OffsetDateTime,
) -> Result<AnnouncementId, sqlx::Error> {
    let id = AnnouncementId::new(uuid::Uuid::new_v4().to_string());
    sqlx::query(
        "INSERT INTO announcements (id, kind, service_id, category, title_fr, title_en, text_fr, text_en, \
         published_by, published_at, page_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(new.kind.as_str())
    .bind(new.service)
    .bind(new.category.map(Category::as_str))
    .bind(&new.title.fr)
    .bind(&new.title.en)
    .bind(&new.text.fr)
    .bind(&new.text.en)
    .bind(new.published_by)
    .bind(Moment::at(now))
    .bind(new.page)
    .execute(&mut *conn)
    .await?;
    let about = About::Announcement(id.clone());
    let job = NewJob {
        kind: JobKind::Announce,
        about: &about,
        destination: "",
        body: "",
        waits_for: None,
    };
    jobs::enqueue_due(conn, &job, now, now, retry_for).await?;
    Ok(id)
}

fn announcement(row: &AnyRow) -> Result<Announcement, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    let category: Option<String> = row.try_get("category")?;
    Ok(Announcement {
        id: row.try_get("id")?,
        kind: AnnouncementKind::parse(&kind).ok_or_else(|| sqlx::Error::Decode(format!("kind {kind}").into()))?,
        service: row.try_get("service_id")?,
        page: row.try_get("page_id")?,
        category: category.as_deref().and_then(Category::parse),
        title: Bilingual {
            fr: row.try_get("title_fr")?,
            en: row.try_get("title_en")?,
        },
        text: Bilingual {
            fr: row.try_get("text_fr")?,
            en: row.try_get("text_en")?,
        },
        published_at: row.try_get("published_at")?,
    })
}

/// The newest announcements, for the home page (a health information page's only while it is
/// on show).
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn latest(conn: &mut AnyConnection, limit: u32) -> Result<Vec<Announcement>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT id, kind, service_id, page_id, category, title_fr, title_en, text_fr, text_en, published_at \
         FROM announcements \
         WHERE page_id IS NULL OR page_id IN (SELECT id FROM health_pages WHERE withdrawn_at IS NULL) \
         ORDER BY published_at DESC, id LIMIT $1",
    )
    .bind(i64::from(limit))
    .fetch_all(conn)
    .await?;
    rows.iter().map(announcement).collect()
}

/// One announcement; none if there is no such one.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn get(conn: &mut AnyConnection, id: &AnnouncementId) -> Result<Option<Announcement>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT id, kind, service_id, page_id, category, title_fr, title_en, text_fr, text_en, published_at \
         FROM announcements WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(conn)
    .await?;
    row.as_ref().map(announcement).transpose()
}

/// The categories a citizen follows and how often they are told.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn following(conn: &mut AnyConnection, citizen_id: &CitizenId) -> Result<Following, sqlx::Error> {
    let categories: Vec<String> =
        sqlx::query_scalar("SELECT category FROM announcement_follows WHERE citizen_id = $1 ORDER BY category")
            .bind(citizen_id)
            .fetch_all(&mut *conn)
            .await?;
    let frequency: Option<String> =
        sqlx::query_scalar("SELECT frequency FROM announcement_frequency WHERE citizen_id = $1")
            .bind(citizen_id)
            .fetch_optional(conn)
            .await?;
    Ok(Following {
        categories: Category::ALL
            .into_iter()
            .filter(|c| categories.iter().any(|chosen| chosen == c.as_str()))
            .collect(),
        frequency: frequency
            .as_deref()
            .and_then(Frequency::parse)
            .unwrap_or(Frequency::Each),
    })
}

/// Keeps what a citizen follows, replacing what they followed.
#[tracing::instrument(level = "debug", skip_all, err)]
pub async fn set_following(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    following: &Following,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM announcement_follows WHERE citizen_id = $1")
        .bind(citizen_id)
        .execute(&mut *conn)
        .await?;
    for category in &following.categories {
        sqlx::query("INSERT INTO announcement_follows (citizen_id, category) VALUES ($1, $2)")
            .bind(citizen_id)
            .bind(category.as_str())
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "INSERT INTO announcement_frequency (citizen_id, frequency) VALUES ($1, $2) \
         ON CONFLICT (citizen_id) DO UPDATE SET frequency = $2",
    )
    .bind(citizen_id)
    .bind(following.frequency.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Tells an announcement to its followers, in one transaction: an inbox entry each (once, even
/// when the job is carried twice) and, for those who chose a channel for announcements, a
/// notice due at once or at the next digest, which joins the notice of theirs already waiting.
/// How many citizens it reached.
pub async fn tell_followers(
    conn: &mut AnyConnection,
    id: &AnnouncementId,
    retry_for: time::Duration,
    now: OffsetDateTime,
) -> Result<usize, sqlx::Error> {
    let Some(announcement) = get(conn, id).await? else {
        return Ok(0);
    };
    let followers: Vec<(CitizenId, Option<String>)> = {
        let rows = sqlx::query(
            "SELECT DISTINCT f.citizen_id, q.frequency FROM announcement_follows f \
             LEFT JOIN announcement_frequency q ON q.citizen_id = f.citizen_id \
             WHERE $1 IS NULL OR f.category = $1 ORDER BY f.citizen_id",
        )
        .bind(announcement.category.map(Category::as_str))
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("citizen_id")?, row.try_get("frequency")?)))
            .collect::<Result<_, sqlx::Error>>()?
    };
    for (citizen_id, frequency) in &followers {
        let entry = db::NewNotification {
            citizen_id,
            kind: NotificationKind::Announcement,
            request: None,
            title: &announcement.title,
            status: None,
            message: Some(&announcement.text),
            expected_date: None,
            deadline: None,
            source: id.as_str(),
        };
        let Some(notification) = db::add_once(conn, &entry, now).await? else {
            continue;
        };
        if preferences::of(conn, citizen_id)
            .await?
            .channels(Topic::Announcements)
            .is_empty()
        {
            continue;
        }
        let due = match frequency.as_deref().and_then(Frequency::parse) {
            Some(Frequency::Weekly) => timing::next_digest(now),
            _ => now,
        };
        enqueue(conn, citizen_id, notification, due, retry_for, now).await?;
    }
    Ok(followers.len())
}

/// The notice of an announcement: none written when one of the citizen's is already waiting to
/// go by then (it will carry this one too).
async fn enqueue(
    conn: &mut AnyConnection,
    citizen_id: &CitizenId,
    id: NotificationId,
    due: OffsetDateTime,
    retry_for: time::Duration,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    if let Some(waiting) = db::pending_announcement_notice(conn, citizen_id, due).await?
        && jobs::hold_unleased(conn, &waiting, now).await?
    {
        return Ok(());
    }
    super::delivery::write_notice(conn, id, due, None, retry_for, now).await?;
    Ok(())
}
