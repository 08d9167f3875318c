//! Health information pages in the database: the pages on show, one page, publishing and
//! withdrawing, and each administrator's draft of a page.

use super::model::{HealthPageContent, HealthPageFields};
use crate::catalogue::model::Category;
use crate::locale::Bilingual;
use crate::moment::Moment;
use sqlx::{AnyConnection, Row, any::AnyRow};
use time::OffsetDateTime;

/// A page as stored: its content and its dates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPage {
    pub content: HealthPageContent,
    pub published_at: Moment,
    pub updated_at: Moment,
    pub withdrawn_at: Option<Moment>,
}

const COLUMNS: &str = "id, category, title_fr, title_en, summary_fr, summary_en, body_fr, body_en, reviewed_on, \
                       published_at, updated_at, withdrawn_at";

fn stored(row: &AnyRow) -> Result<StoredPage, sqlx::Error> {
    let text = |name: &str| row.try_get::<String, _>(name);
    let category = Category::parse(&text("category")?).unwrap_or(Category::Prevention);
    Ok(StoredPage {
        content: HealthPageContent {
            id: text("id")?,
            category,
            title: Bilingual {
                fr: text("title_fr")?,
                en: text("title_en")?,
            },
            summary: Bilingual {
                fr: text("summary_fr")?,
                en: text("summary_en")?,
            },
            body: Bilingual {
                fr: text("body_fr")?,
                en: text("body_en")?,
            },
            reviewed_on: text("reviewed_on")?,
        },
        published_at: row.try_get("published_at")?,
        updated_at: row.try_get("updated_at")?,
        withdrawn_at: row.try_get("withdrawn_at")?,
    })
}

/// Every page, on show or withdrawn, newest first (the console's list).
pub async fn all(conn: &mut AnyConnection) -> Result<Vec<StoredPage>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM health_pages ORDER BY published_at DESC, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(conn).await?;
    rows.iter().map(stored).collect()
}

/// The pages on show, newest first.
pub async fn on_show(conn: &mut AnyConnection) -> Result<Vec<StoredPage>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM health_pages WHERE withdrawn_at IS NULL ORDER BY published_at DESC, id");
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql)).fetch_all(conn).await?;
    rows.iter().map(stored).collect()
}

/// One page, on show or withdrawn.
pub async fn page(conn: &mut AnyConnection, id: &str) -> Result<Option<StoredPage>, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM health_pages WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(stored).transpose()
}

/// Publishes `content`: a new page, or the new text of a page (shown again if it was
/// withdrawn). Returns whether the page is new.
pub async fn publish(
    conn: &mut AnyConnection,
    content: &HealthPageContent,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let now = Moment::at(now);
    let exists = page(conn, &content.id).await?.is_some();
    let sql = match exists {
        true => {
            "UPDATE health_pages SET category = $2, title_fr = $3, title_en = $4, summary_fr = $5, summary_en = $6, \
             body_fr = $7, body_en = $8, reviewed_on = $9, updated_at = $10, withdrawn_at = NULL WHERE id = $1"
        }
        false => {
            "INSERT INTO health_pages (id, category, title_fr, title_en, summary_fr, summary_en, body_fr, body_en, \
             reviewed_on, published_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)"
        }
    };
    sqlx::query(sql)
        .bind(&content.id)
        .bind(content.category.as_str())
        .bind(&content.title.fr)
        .bind(&content.title.en)
        .bind(&content.summary.fr)
        .bind(&content.summary.en)
        .bind(&content.body.fr)
        .bind(&content.body.en)
        .bind(&content.reviewed_on)
        .bind(&now)
        .execute(conn)
        .await?;
    Ok(!exists)
}

/// Withdraws a page (`shown` false) or shows it again; false when it already is so or is none.
pub async fn set_shown(
    conn: &mut AnyConnection,
    id: &str,
    shown: bool,
    now: OffsetDateTime,
) -> Result<bool, sqlx::Error> {
    let sql = match shown {
        true => "UPDATE health_pages SET withdrawn_at = NULL WHERE id = $1 AND withdrawn_at IS NOT NULL",
        false => "UPDATE health_pages SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL",
    };
    let done = sqlx::query(sql).bind(id).bind(Moment::at(now)).execute(conn).await?;
    Ok(done.rows_affected() == 1)
}

/// An administrator's draft of a page (`page` empty: a page not yet published).
pub async fn draft(
    conn: &mut AnyConnection,
    author: &str,
    page: &str,
) -> Result<Option<(HealthPageFields, Moment)>, sqlx::Error> {
    let row = sqlx::query("SELECT fields, updated_at FROM health_page_drafts WHERE author = $1 AND page_id = $2")
        .bind(author)
        .bind(page)
        .fetch_optional(conn)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let fields = serde_json::from_str(&row.try_get::<String, _>("fields")?).unwrap_or_default();
    Ok(Some((fields, row.try_get("updated_at")?)))
}

pub async fn keep_draft(
    conn: &mut AnyConnection,
    author: &str,
    page: &str,
    fields: &HealthPageFields,
    now: OffsetDateTime,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(fields).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    sqlx::query(
        "INSERT INTO health_page_drafts (author, page_id, fields, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (author, page_id) DO UPDATE SET fields = excluded.fields, updated_at = excluded.updated_at",
    )
    .bind(author)
    .bind(page)
    .bind(json)
    .bind(Moment::at(now))
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_aside(conn: &mut AnyConnection, author: &str, page: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM health_page_drafts WHERE author = $1 AND page_id = $2")
        .bind(author)
        .bind(page)
        .execute(conn)
        .await?;
    Ok(())
}
