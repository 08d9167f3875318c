-- Identity: citizens known by a pseudonym of their provider subject, server-side sessions,
-- sign-in attempts in flight (state, nonce, PKCE verifier) and service accounts' API tokens.

CREATE TABLE citizens (
    id                 TEXT PRIMARY KEY,       -- our own identifier (UUID), used everywhere else
    subject_hash       TEXT NOT NULL UNIQUE,   -- SHA-256 of issuer and provider subject
    display_name       TEXT,
    email              TEXT,
    birth_date         TEXT,                   -- YYYY-MM-DD, for display and form prefill
    preferred_language TEXT NOT NULL DEFAULT 'fr' CHECK (preferred_language IN ('fr', 'en')),
    created_at         TEXT NOT NULL,
    last_sign_in_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    id_hash             TEXT PRIMARY KEY,      -- SHA-256 of the cookie's token; the token is never stored
    citizen_id          TEXT NOT NULL REFERENCES citizens (id) ON DELETE CASCADE,
    role                TEXT NOT NULL CHECK (role IN ('citizen', 'admin')),
    created_at          TEXT NOT NULL,
    idle_expires_at     TEXT NOT NULL,
    absolute_expires_at TEXT NOT NULL,
    ip                  TEXT,
    user_agent          TEXT
);
CREATE INDEX sessions_citizen ON sessions (citizen_id);
CREATE INDEX sessions_idle_expiry ON sessions (idle_expires_at);

CREATE TABLE sign_in_attempts (
    state_hash    TEXT PRIMARY KEY,            -- SHA-256 of the OAuth state
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    return_to     TEXT NOT NULL,
    locale        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    used_at       TEXT                         -- set by the callback: a state works once
);
CREATE INDEX sign_in_attempts_expiry ON sign_in_attempts (expires_at);

CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY,
    service     TEXT NOT NULL,                 -- the service (tile) the token acts for
    label       TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,          -- SHA-256 of the token; the token is shown once
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
