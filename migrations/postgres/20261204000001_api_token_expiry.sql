-- Service teams' API tokens get an expiry date, set at issue (365 days unless the operator
-- says otherwise). Tokens issued before have none and stay valid until revoked; list-tokens
-- shows them, so operators can replace them.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
