-- Services published by their teams, every version kept: a draft started on an older version
-- keeps using it.
CREATE TABLE services (
    id               TEXT PRIMARY KEY,       -- the service's id and address segment
    current_version  INTEGER NOT NULL,
    tile             TEXT NOT NULL,          -- JSON: the current version's tile (title, summary,
                                             -- category, icon, audience), so the home page
                                             -- reads a few hundred bytes, not whole manifests
    first_published  TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    withdrawn_at     TEXT                    -- set: the tile is hidden, drafts stay readable
);

CREATE TABLE service_versions (
    service_id    TEXT NOT NULL REFERENCES services (id),
    version       INTEGER NOT NULL,
    manifest      TEXT NOT NULL,             -- the manifest as JSON
    published_at  TEXT NOT NULL,
    PRIMARY KEY (service_id, version)
);

-- One draft per citizen and service. `revision` counts the saves the server accepted: a save
-- names the revision it was based on, and a different one is a conflict.
CREATE TABLE drafts (
    id               TEXT PRIMARY KEY,
    citizen_id       TEXT NOT NULL REFERENCES citizens (id),
    service_id       TEXT NOT NULL REFERENCES services (id),
    service_version  INTEGER NOT NULL,
    answers          TEXT NOT NULL,          -- JSON: field id -> value
    step             INTEGER NOT NULL,
    revision         INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    edited_at        TEXT NOT NULL,          -- when the citizen last typed, on their device
    expires_at       TEXT NOT NULL,
    UNIQUE (citizen_id, service_id)
);
CREATE INDEX drafts_expiry ON drafts (expires_at);
