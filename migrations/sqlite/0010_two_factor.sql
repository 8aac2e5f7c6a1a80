-- Two-factor sign-in (TOTP, RFC 6238). `totp_secret` is set once the person confirmed a code;
-- `totp_pending` holds the secret shown on the account page until then. `totp_last_step` is
-- the last 30-second step a code was accepted for, so no code opens two sessions.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- One-time recovery codes: only their SHA-256 is kept, and a code is deleted when used.
CREATE TABLE recovery_codes (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);
