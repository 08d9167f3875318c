-- The devices where a citizen allowed web push: each browser's subscription, its push
-- service's endpoint and the keys that encrypt for it (base64url), named after the browser.
-- An endpoint belongs to one citizen; one the push service says is gone is deleted.
CREATE TABLE push_devices (
    id            TEXT PRIMARY KEY,
    citizen_id    TEXT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,           -- "Chrome · Android"
    endpoint      TEXT NOT NULL UNIQUE,
    p256dh        TEXT NOT NULL,
    auth          TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_sent_at  TEXT
);
CREATE INDEX push_devices_citizen ON push_devices (citizen_id, created_at);
