-- Files attached to a draft's answers. The portal keeps them itself (in the database, so every
-- instance of a scaled-out portal sees them) until the draft is deleted or expires; an answer
-- refers to one by its id, which is random and useless to anyone but its owner.
CREATE TABLE attachments (
    id          TEXT PRIMARY KEY,
    citizen_id  TEXT NOT NULL REFERENCES citizens (id),
    service_id  TEXT NOT NULL REFERENCES services (id),
    field_id    TEXT NOT NULL,
    name        TEXT NOT NULL,           -- the file's name, cleaned; shown to its owner only
    media_type  TEXT NOT NULL,           -- recognized from the content, never from the name
    size        BIGINT NOT NULL,
    sha256      TEXT NOT NULL,
    content     BLOB NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX attachments_draft ON attachments (citizen_id, service_id);
