-- Problems with the portal and ideas to improve it ("problème, idée": feedback), sent by a
-- citizen or a guest, with where each stands and the ministry's answer; every change is a line
-- of feedback_events. Of a sender's address only a keyed hash is kept, for the rate limit.
CREATE TABLE feedback (
    id           TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,                  -- problem | idea
    citizen_id   TEXT REFERENCES citizens (id),  -- none: sent by a guest
    origin       TEXT NOT NULL,                  -- keyed hash of the sender's address
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    language     TEXT NOT NULL,                  -- fr | en: the sender's
    page         TEXT,                           -- a problem, with consent: the portal page it came from
    browser      TEXT,                           -- a problem, with consent: the browser
    status       TEXT NOT NULL,                  -- received | under_review | planned | done | not_retained
    answer_fr    TEXT,
    answer_en    TEXT,
    reopened     INTEGER NOT NULL DEFAULT 0,     -- the sender asked once to reopen it
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX feedback_citizen ON feedback (citizen_id, created_at);
CREATE INDEX feedback_board ON feedback (kind, status, updated_at);
CREATE INDEX feedback_origin ON feedback (origin, created_at);

CREATE TABLE feedback_events (
    id           TEXT PRIMARY KEY,
    feedback_id  TEXT NOT NULL REFERENCES feedback (id),
    status       TEXT NOT NULL,
    answer_fr    TEXT,
    answer_en    TEXT,
    actor        TEXT NOT NULL,                  -- an administrator's or the sender's pseudonym, or 'guest'
    at           TEXT NOT NULL
);
CREATE INDEX feedback_events_of ON feedback_events (feedback_id, at);

-- Keys the portal makes once and every node shares (the feedback form's ticket key).
CREATE TABLE portal_keys (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
