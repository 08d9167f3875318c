-- Requests ("démarches"): what a citizen submitted, frozen, with its timeline. `id` is random
-- and is what addresses use; `reference` is what people read and say on the phone.
CREATE TABLE requests (
    id               TEXT PRIMARY KEY,
    reference        TEXT NOT NULL UNIQUE,   -- VS-2026-000123
    citizen_id       TEXT NOT NULL REFERENCES citizens (id),
    service_id       TEXT NOT NULL REFERENCES services (id),
    service_version  INTEGER NOT NULL,
    answers          TEXT NOT NULL,          -- JSON: the validated answers, never changed
    idempotency_key  TEXT NOT NULL,          -- the browser's key: a second submit finds this row
    stage            TEXT NOT NULL,          -- received | delivered | withdrawn (the portal's part)
    status           TEXT,                   -- the service's latest status id, if any
    terminal         INTEGER NOT NULL DEFAULT 0,
    action_required  INTEGER NOT NULL DEFAULT 0,
    expected_date    TEXT,                   -- YYYY-MM-DD, as the service last gave it
    submitted_at     TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (citizen_id, idempotency_key)
);
CREATE INDEX requests_citizen ON requests (citizen_id, updated_at);

-- Every step of a request, in order: the portal's (received, delivered, withdrawn, withdrawal
-- delivered) and the service's statuses. A service's event id makes a replay harmless.
CREATE TABLE request_events (
    id               TEXT PRIMARY KEY,
    request_id       TEXT NOT NULL REFERENCES requests (id),
    kind             TEXT NOT NULL,          -- received | delivered | status | withdrawn | withdrawal_delivered
    status           TEXT,                   -- kind = status: the service's status id
    service_event_id TEXT,                   -- kind = status: the service's own id of the event
    message_fr       TEXT,
    message_en       TEXT,
    expected_date    TEXT,
    action_required  INTEGER NOT NULL DEFAULT 0,
    at               TEXT NOT NULL,
    UNIQUE (request_id, service_event_id)
);
CREATE INDEX request_events_request ON request_events (request_id, at);

-- Yearly counters of reference numbers.
CREATE TABLE request_counters (
    year  INTEGER PRIMARY KEY,
    last  INTEGER NOT NULL
);

-- Deliveries to services, written in the same transaction as what they announce. A worker
-- claims one by setting a lease; a worker that dies lets its lease run out and another
-- takes the job over. `id` is the Idempotency-Key the service receives.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY,
    request_id       TEXT NOT NULL REFERENCES requests (id),
    service_id       TEXT NOT NULL REFERENCES services (id),
    kind             TEXT NOT NULL,          -- submission | withdrawal
    url              TEXT NOT NULL,
    body             TEXT NOT NULL,          -- the JSON sent, fixed when the job is written
    state            TEXT NOT NULL,          -- pending | delivered | dead
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    lease_owner      TEXT,
    lease_until      TEXT,
    last_error       TEXT,                   -- "HTTP 503", "timeout": never a body
    created_at       TEXT NOT NULL,
    give_up_at       TEXT NOT NULL,
    finished_at      TEXT
);
CREATE INDEX outbox_due ON outbox (state, next_attempt_at);

-- The key each service verifies the portal's signature with (HMAC-SHA256).
CREATE TABLE service_secrets (
    service_id  TEXT PRIMARY KEY REFERENCES services (id),
    secret      TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- A submitted request keeps its files: they leave the draft for the request.
ALTER TABLE attachments ADD COLUMN request_id TEXT REFERENCES requests (id);
