-- The audit journal: append-only, each entry chained to the previous one by its hash.
CREATE TABLE audit_events (
    seq         BIGINT PRIMARY KEY,    -- 1, 2, 3… without gaps
    occurred_at TEXT   NOT NULL,       -- RFC 3339 UTC, fixed width
    actor       TEXT   NOT NULL,       -- pseudonymous subject, service id, or "system"
    action      TEXT   NOT NULL,       -- e.g. "auth.sign_in"
    target      TEXT,                  -- what the action was about (an id, never health data)
    outcome     TEXT   NOT NULL,       -- success | failure | denied
    request_id  TEXT,
    ip          TEXT,
    details     TEXT,                  -- JSON object, never health data
    prev_hash   TEXT   NOT NULL,
    hash        TEXT   NOT NULL
);
CREATE INDEX audit_events_actor ON audit_events (actor, seq);

-- The chain's head: one row, locked by every append so that appends are serialized.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT   NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
