-- A screenshot joined to a problem report after it was sent: at most one, PNG or JPEG,
-- recognised by content, seen by administrators only.
CREATE TABLE feedback_screenshots (
    feedback_id  TEXT PRIMARY KEY REFERENCES feedback (id),
    media_type   TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    created_at   TEXT NOT NULL
);
