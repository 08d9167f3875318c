-- Documents a service asks a citizen to sign ("signature"). The portal keeps the PDF as sent,
-- its SHA-256, the citizen's decision with its evidence, and the signed (sealed) PDF.
CREATE TABLE signature_requests (
    id                   TEXT PRIMARY KEY,        -- random: what addresses use
    service_id           TEXT NOT NULL REFERENCES services (id),
    service_signature_id TEXT NOT NULL,           -- the service's own id: a replay finds this row
    citizen_id           TEXT NOT NULL REFERENCES citizens (id),
    request_id           TEXT REFERENCES requests (id),
    title_fr             TEXT NOT NULL,
    title_en             TEXT NOT NULL,
    explanation_fr       TEXT NOT NULL,
    explanation_en       TEXT NOT NULL,
    document_name        TEXT NOT NULL,
    document             BLOB NOT NULL,          -- the PDF exactly as the service sent it
    document_sha256      TEXT NOT NULL,
    pages                INTEGER NOT NULL,
    deadline             TEXT NOT NULL,           -- YYYY-MM-DD: signable until that day ends in Québec
    state                TEXT NOT NULL,           -- pending | signed | declined | expired
    decline_reason       TEXT,
    evidence             TEXT,                    -- JSON, once signed or declined
    signed_document      BLOB,
    signed_sha256        TEXT,
    created_at           TEXT NOT NULL,
    decided_at           TEXT,
    UNIQUE (service_id, service_signature_id)
);
CREATE INDEX signature_requests_citizen ON signature_requests (citizen_id, created_at);
CREATE INDEX signature_requests_pending ON signature_requests (state, deadline);

-- Signing needs a fresh authentication: a sign-in may ask the provider to authenticate the
-- person again (prompt=login, max_age=0), and its session keeps when and how (the ID token's
-- auth_time and acr); an ordinary sign-in leaves them empty.
ALTER TABLE sign_in_attempts ADD COLUMN fresh INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN auth_time TEXT;
ALTER TABLE sessions ADD COLUMN acr TEXT;
