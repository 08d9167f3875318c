-- A citizen's withdrawal: when, and the reason they gave, if any (sent to the service, shown
-- on the request's page, never logged).
ALTER TABLE requests ADD COLUMN withdrawn_at TEXT;
ALTER TABLE requests ADD COLUMN withdrawal_reason TEXT;

-- Dead letters, for administrators: the jobs that ended without delivery.
CREATE INDEX outbox_finished ON outbox (state, finished_at);

-- A withdrawal waits for its request's submission: the claim looks up a request's jobs.
CREATE INDEX outbox_request ON outbox (request_id, kind, state);
