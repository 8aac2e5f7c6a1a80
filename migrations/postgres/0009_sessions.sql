-- Signed-in editors. The cookie carries a random id signed with CARAVAN_SECRET; the database
-- keeps only its SHA-256, so a copy of the database opens no session. Each session has its
-- own CSRF token for the forms it shows.
CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- The dashboard counts readers confirmed and gone per week: without these it would read
-- every reader twice per week shown.
CREATE INDEX subscribers_confirmed_at ON subscribers (confirmed_at);
CREATE INDEX subscribers_unsubscribed_at ON subscribers (unsubscribed_at);
