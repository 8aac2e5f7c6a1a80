-- Foundation: settings kept by the service, readers, and the durable outbox.
-- Never edit an applied migration: add a new one with the same number in both folders.

CREATE TABLE app_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE subscribers (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email                TEXT NOT NULL,
    email_key            TEXT NOT NULL,
    name                 TEXT,
    status               TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    lang                 TEXT NOT NULL DEFAULT 'fr' CHECK (lang IN ('fr', 'en')),
    created_at           TIMESTAMPTZ NOT NULL,
    confirmation_sent_at TIMESTAMPTZ,
    confirmed_at         TIMESTAMPTZ,
    unsubscribed_at      TIMESTAMPTZ,
    CONSTRAINT subscribers_email_key_unique UNIQUE (email_key)
);
CREATE INDEX subscribers_status_id ON subscribers (status, id);

CREATE TABLE outbox (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id       TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL,
    subscriber_id    BIGINT REFERENCES subscribers (id) ON DELETE CASCADE,
    recipient        TEXT NOT NULL,
    subject          TEXT NOT NULL,
    body_text        TEXT NOT NULL,
    body_html        TEXT NOT NULL,
    list_unsubscribe TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    locked_until     TIMESTAMPTZ,
    attempts         INTEGER NOT NULL DEFAULT 0,
    sent_at          TIMESTAMPTZ,
    failed_at        TIMESTAMPTZ,
    last_error       TEXT
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_subscriber ON outbox (subscriber_id);
