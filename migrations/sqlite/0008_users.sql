-- Editors and admins of the admin pages (`caravan users add`). Passwords are kept as argon2id
-- hashes (PHC strings), never as themselves.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT NOT NULL,
    email_key     TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('editor', 'admin')),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    CONSTRAINT users_email_key_unique UNIQUE (email_key)
);
