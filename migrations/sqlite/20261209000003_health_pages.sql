-- Issue 18: health information pages ("renseignements de santé"), written by administrators in
-- Markdown, in French and English. A page has an id (its address), a category of the
-- catalogue, a title, a summary and a text in each language, and the date its content was last
-- reviewed. It is on show from its first publication until withdrawn. What an administrator
-- types is kept as their draft until published, like a manifest.
CREATE TABLE health_pages (
    id            TEXT PRIMARY KEY,
    category      TEXT NOT NULL,
    title_fr      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    summary_fr    TEXT NOT NULL,
    summary_en    TEXT NOT NULL,
    body_fr       TEXT NOT NULL,
    body_en       TEXT NOT NULL,
    reviewed_on   TEXT NOT NULL,                 -- YYYY-MM-DD
    published_at  TEXT NOT NULL,                 -- its first publication
    updated_at    TEXT NOT NULL,
    withdrawn_at  TEXT
);
CREATE INDEX health_pages_on_show ON health_pages (withdrawn_at, published_at);

CREATE TABLE health_page_drafts (
    author      TEXT NOT NULL,
    page_id     TEXT NOT NULL,                   -- '' for a page not yet published
    fields      TEXT NOT NULL,                   -- the form as typed, JSON
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (author, page_id)
);

-- A page's first publication is news: the announcement links to it.
ALTER TABLE announcements ADD COLUMN page_id TEXT;
