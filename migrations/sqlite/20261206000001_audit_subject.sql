-- Issue 14: the citizen an action was done for, when someone acted on their behalf (delegated access).
-- NULL when the actor acted for themself; part of the entry's hash when present.
ALTER TABLE audit_events ADD COLUMN subject TEXT;
