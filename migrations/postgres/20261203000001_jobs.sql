-- One durable job queue for every domain. A job is written in the same transaction as what it
-- announces (a submission, a withdrawal today; notifications, signatures, announcements next),
-- then carried by a worker until its destination acknowledges it. The outbox of the first
-- phase becomes the queue's first two kinds; its rows move over unchanged.
CREATE TABLE jobs (
    id               TEXT PRIMARY KEY,       -- also the Idempotency-Key the destination receives
    kind             TEXT NOT NULL,          -- what to do: deliver_submission | deliver_withdrawal | …
    about            TEXT NOT NULL,          -- what it concerns: request | …
    about_id         TEXT NOT NULL,
    destination      TEXT NOT NULL,          -- where it goes: a service's endpoint, …
    body             TEXT NOT NULL,          -- what is sent, fixed when the job is written
    waits_for        TEXT,                   -- a job that must be done first (a withdrawal's submission)
    state            TEXT NOT NULL,          -- pending | done | dead
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    lease_owner      TEXT,
    lease_until      TEXT,
    last_error       TEXT,                   -- "HTTP 503", "timeout": never a body
    created_at       TEXT NOT NULL,
    give_up_at       TEXT NOT NULL,
    finished_at      TEXT
);

INSERT INTO jobs (id, kind, about, about_id, destination, body, waits_for, state, attempts, next_attempt_at,
                  lease_owner, lease_until, last_error, created_at, give_up_at, finished_at)
SELECT o.id,
       CASE o.kind WHEN 'withdrawal' THEN 'deliver_withdrawal' ELSE 'deliver_submission' END,
       'request', o.request_id, o.url, o.body,
       CASE o.kind WHEN 'withdrawal' THEN
           (SELECT s.id FROM outbox s WHERE s.request_id = o.request_id AND s.kind = 'submission'
            ORDER BY s.created_at LIMIT 1)
       END,
       CASE o.state WHEN 'delivered' THEN 'done' ELSE o.state END,
       o.attempts, o.next_attempt_at, o.lease_owner, o.lease_until, o.last_error, o.created_at,
       o.give_up_at, o.finished_at
FROM outbox o;

DROP TABLE outbox;

-- Due jobs, in the order they are due.
CREATE INDEX jobs_due ON jobs (state, next_attempt_at);
-- Dead letters, for administrators, most recent first.
CREATE INDEX jobs_finished ON jobs (state, finished_at);
-- A thing's jobs (a request's deliveries), and the job another one waits for.
CREATE INDEX jobs_about ON jobs (about, about_id);
