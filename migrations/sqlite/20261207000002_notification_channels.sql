-- Where the ministry's messages reach a citizen beyond the inbox: their contacts (an e-mail
-- address, later a mobile number), each used only once verified with a one-time code; which
-- channels they chose for each topic; and every delivery of a notification on a channel, with
-- its status in one vocabulary for all channels.
CREATE TABLE contacts (
    id           TEXT PRIMARY KEY,
    citizen_id   TEXT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
    channel      TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    address      TEXT NOT NULL,            -- as the citizen wrote it, trimmed (lower-case domain)
    verified_at  TEXT,                     -- none until the code was entered, or the provider said so
    failed_at    TEXT,                     -- a permanent failure (hard bounce): not used until verified again
    created_at   TEXT NOT NULL,
    UNIQUE (citizen_id, channel, address)
);

-- The one code in force for a contact: only its hash is kept, never the code.
CREATE TABLE contact_codes (
    contact_id  TEXT PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
    code_hash   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0
);

-- Every code sent, for the rate limits (per citizen, per address); the address is hashed.
CREATE TABLE contact_code_sends (
    citizen_id    TEXT NOT NULL,
    address_hash  TEXT NOT NULL,
    sent_at       TEXT NOT NULL
);
CREATE INDEX contact_code_sends_citizen ON contact_code_sends (citizen_id, sent_at);
CREATE INDEX contact_code_sends_address ON contact_code_sends (address_hash, sent_at);

-- The channels a citizen chose for a topic, beyond the inbox (always). No row: the defaults.
CREATE TABLE notification_preferences (
    citizen_id  TEXT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
    topic       TEXT NOT NULL CHECK (topic IN ('request_updates', 'action_required', 'announcements')),
    channels    TEXT NOT NULL,             -- comma-separated: email, sms, push; empty for none
    PRIMARY KEY (citizen_id, topic)
);

-- One delivery per notification and channel.
CREATE TABLE notification_deliveries (
    notification_id  TEXT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    channel          TEXT NOT NULL,        -- email | sms | push
    state            TEXT NOT NULL,        -- created | sending | sent | delivered | temporary_failure | permanent_failure | technical_failure
    contact_id       TEXT REFERENCES contacts (id) ON DELETE SET NULL,  -- the address it went to
    provider_id      TEXT,                 -- the gateway's id of the message, which its receipts name
    updated_at       TEXT NOT NULL,
    PRIMARY KEY (notification_id, channel)
);
CREATE INDEX notification_deliveries_provider ON notification_deliveries (channel, provider_id);
