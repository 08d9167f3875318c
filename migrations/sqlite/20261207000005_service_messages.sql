-- A service may write to a citizen about a request without changing its status (a timeline
-- line of kind 'message', a notification of kind 'service_message'), and may say by when the
-- citizen's action is due.
ALTER TABLE request_events ADD COLUMN deadline TEXT;   -- YYYY-MM-DD: the citizen's action is due by then
ALTER TABLE notifications ADD COLUMN deadline TEXT;
