-- Issue 18: the journal searched by administrators. Each entry names, when it has them, the
-- service and the request (by its reference) it concerns; `subject` now names the citizen an
-- entry concerns on every entry that has one (the actor too when they acted for themself).
-- Both new columns are part of the entry's hash when present.
ALTER TABLE audit_events ADD COLUMN service_id TEXT;
ALTER TABLE audit_events ADD COLUMN reference TEXT;

-- Every search walks one of these newest first from a cursor (`seq < $n ORDER BY seq DESC`),
-- so a page costs the same with a thousand entries or a million.
CREATE INDEX audit_events_subject ON audit_events (subject, seq);
CREATE INDEX audit_events_service ON audit_events (service_id, seq);
CREATE INDEX audit_events_reference ON audit_events (reference, seq);
CREATE INDEX audit_events_action ON audit_events (action, seq);
CREATE INDEX audit_events_ip ON audit_events (ip, seq);
-- A time range is turned into a range of sequence numbers through this one.
CREATE INDEX audit_events_time ON audit_events (occurred_at, seq);
