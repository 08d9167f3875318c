-- The citizen's inbox ("Messages"): every notification, newest first. The inbox is the record;
-- e-mail, SMS and push (later) only say that there is news, with a link here. A message is
-- kept as it was told: the service's title and the status's words at the time.
CREATE TABLE notifications (
    id               TEXT PRIMARY KEY,
    citizen_id       TEXT NOT NULL REFERENCES citizens (id),
    kind             TEXT NOT NULL,          -- status_changed | action_required
    request_id       TEXT REFERENCES requests (id),
    reference        TEXT,                   -- the request's, as people read it
    title_fr         TEXT NOT NULL,          -- the service's title
    title_en         TEXT NOT NULL,
    status_fr        TEXT,                   -- the status's words
    status_en        TEXT,
    message_fr       TEXT,                   -- what the service wrote to the citizen
    message_en       TEXT,
    expected_date    TEXT,                   -- YYYY-MM-DD: when the service expects to decide
    source           TEXT NOT NULL,          -- what produced it (a service's event id): once only
    created_at       TEXT NOT NULL,
    read_at          TEXT,
    UNIQUE (citizen_id, request_id, source)
);
CREATE INDEX notifications_citizen ON notifications (citizen_id, created_at);
CREATE INDEX notifications_unread ON notifications (citizen_id, read_at);
CREATE INDEX notifications_request ON notifications (request_id, created_at);
