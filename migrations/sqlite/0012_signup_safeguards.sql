-- What keeps strangers from mailing a victim through the sign-up form.
-- A suppressed reader (imported as unsubscribed, complained, bounced for good) is never mailed
-- at a stranger's request; the reason says which.
ALTER TABLE subscribers ADD COLUMN suppressed TEXT
    CHECK (suppressed IN ('import', 'hard_bounce', 'complaint'));

-- Each confirmation in the outbox says which mailbox it went to (plus-tags and Gmail dots
-- removed) as SHA-256, so that per-mailbox limits can count without holding any address, in
-- the row the sign-up writes anyway.
ALTER TABLE outbox ADD COLUMN mailbox_hash TEXT;
CREATE INDEX outbox_mailbox ON outbox (mailbox_hash, created_at) WHERE mailbox_hash IS NOT NULL;

-- Confirmations booked per hour (hours since the Unix epoch), service-wide (`scope` 'all')
-- and per recipient domain (`scope` its SHA-256): running counts, so that a flood of
-- sign-ups costs one lookup per batch, not a count over the flood.
CREATE TABLE confirmation_hours (
    scope  TEXT NOT NULL,
    hour   INTEGER NOT NULL,
    booked INTEGER NOT NULL,
    PRIMARY KEY (scope, hour)
);
CREATE INDEX confirmation_hours_hour ON confirmation_hours (hour);

-- No index serves only the hourly sweep or an erasure: every one is a write per sign-up.
-- The sweep finds pending readers through subscribers_status_id and scans the outbox once
-- an hour; an erasure scans the outbox once.
