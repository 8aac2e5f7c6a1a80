-- Foundation: settings kept by the service, readers, and the durable outbox.
-- Never edit an applied migration: add a new one with the same number in both folders.

CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- AUTOINCREMENT: a deleted reader's id is never reused, so an old signed link can never
-- act on somebody else.
CREATE TABLE subscribers (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    email                TEXT NOT NULL,
    email_key            TEXT NOT NULL,
    name                 TEXT,
    status               TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    lang                 TEXT NOT NULL DEFAULT 'fr' CHECK (lang IN ('fr', 'en')),
    created_at           TEXT NOT NULL,
    confirmation_sent_at TEXT,
    confirmed_at         TEXT,
    unsubscribed_at      TEXT,
    CONSTRAINT subscribers_email_key_unique UNIQUE (email_key)
);
CREATE INDEX subscribers_status_id ON subscribers (status, id);

CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY,
    message_id       TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    subscriber_id    INTEGER REFERENCES subscribers (id) ON DELETE CASCADE,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    list_unsubscribe TEXT,
    created_at       TEXT NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    locked_until     TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    sent_at          TEXT,
    failed_at        TEXT,
    last_error       TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_subscriber ON outbox (subscriber_id);
