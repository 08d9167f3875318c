-- News of new services: a service's first publication, or an administrator's novelty, told to
-- everyone on the home page ("Nouveautés") and, in their inbox and on the channels they chose
-- for announcements, to the citizens who follow its category (each one, or weekly).
CREATE TABLE announcements (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('new_service', 'novelty')),
    service_id    TEXT,                    -- the new service, for a new service
    category      TEXT,                    -- prevention | care | rights | family; none: all
    title_fr      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    text_fr       TEXT NOT NULL,
    text_en       TEXT NOT NULL,
    published_by  TEXT NOT NULL,           -- service:<id>, or the administrator's pseudonym
    published_at  TEXT NOT NULL
);
CREATE INDEX announcements_published ON announcements (published_at);

-- The categories a citizen follows; no row: they follow none (announcements reach the home
-- page only).
CREATE TABLE announcement_follows (
    citizen_id  TEXT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
    category    TEXT NOT NULL CHECK (category IN ('prevention', 'care', 'rights', 'family')),
    PRIMARY KEY (citizen_id, category)
);
CREATE INDEX announcement_follows_category ON announcement_follows (category);

-- How often a citizen is told beyond the inbox; no row: each one.
CREATE TABLE announcement_frequency (
    citizen_id  TEXT PRIMARY KEY REFERENCES citizens (id) ON DELETE CASCADE,
    frequency   TEXT NOT NULL CHECK (frequency IN ('each', 'weekly'))
);

-- One-click unsubscription from announcement e-mails (RFC 8058): a token per e-mail, only its
-- hash kept.
CREATE TABLE unsubscribe_tokens (
    token_hash  TEXT PRIMARY KEY,
    citizen_id  TEXT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL
);
CREATE INDEX unsubscribe_tokens_created ON unsubscribe_tokens (created_at);

CREATE INDEX notifications_kind ON notifications (citizen_id, kind, created_at);
