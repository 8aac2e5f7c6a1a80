-- What keeps strangers from mailing a victim through the sign-up form.
-- A suppressed reader (imported as unsubscribed, complained, bounced for good) is never mailed
-- at a stranger's request; the reason says which.
ALTER TABLE subscribers ADD COLUMN suppressed TEXT
    CHECK (suppressed IN ('import', 'hard_bounce', 'complaint'));

-- Every confirmation e-mail queued, by mailbox (plus-tags and Gmail dots removed) as SHA-256,
-- so that the log holds no address. Rows older than a week are deleted by the housekeeping.
CREATE TABLE confirmation_sends (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailbox_hash TEXT NOT NULL,
    send_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX confirmation_sends_mailbox ON confirmation_sends (mailbox_hash, send_at);
CREATE INDEX confirmation_sends_time ON confirmation_sends (send_at);

-- Confirmations booked per hour (hours since the Unix epoch), service-wide (`scope` 'all')
-- and per recipient domain (`scope` its SHA-256): running counts, so that a flood of
-- sign-ups costs one lookup per batch, not a count over the flood.
CREATE TABLE confirmation_hours (
    scope  TEXT NOT NULL,
    hour   BIGINT NOT NULL,
    booked BIGINT NOT NULL,
    PRIMARY KEY (scope, hour)
);
CREATE INDEX confirmation_hours_hour ON confirmation_hours (hour);

-- Retention: unconfirmed sign-ups by age, sent e-mails by when they left.
CREATE INDEX subscribers_pending_created ON subscribers (created_at) WHERE status = 'pending';
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_recipient ON outbox (recipient);
