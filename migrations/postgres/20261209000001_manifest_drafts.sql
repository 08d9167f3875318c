-- Issue 18: an administrator writes a service's manifest in the console. What they typed is
-- kept as their draft (one per administrator and service, '' for a service not yet
-- published), so a check that finds problems, a page reloaded or a session ended loses
-- nothing; publishing it deletes the draft.
CREATE TABLE manifest_drafts (
    author      TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    manifest    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (author, service_id)
);
