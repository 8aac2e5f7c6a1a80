-- The bounce and complaint ledger: what mail systems said about a message after it left
-- (DSNs, complaints, provider webhooks), one row an event, stored once however often the
-- same report arrives (dedupe_key). Erasing a reader erases their events.
CREATE TABLE bounce_events (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subscriber_id BIGINT REFERENCES subscribers (id) ON DELETE CASCADE,
    issue_id      BIGINT REFERENCES issues (id) ON DELETE SET NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('hard', 'soft', 'complaint', 'delivered')),
    status        TEXT,
    diagnostic    TEXT,
    source        TEXT NOT NULL,
    dedupe_key    TEXT NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT bounce_events_dedupe_unique UNIQUE (dedupe_key)
);
CREATE INDEX bounce_events_subscriber ON bounce_events (subscriber_id, received_at);
CREATE INDEX bounce_events_issue ON bounce_events (issue_id, kind);

-- Soft bounces add to a score, 0.5 a day with one (counted here as days, so no fractions),
-- that suppresses at a threshold and starts again after weeks without bounces; and when the
-- reader was suppressed.
ALTER TABLE subscribers ADD COLUMN soft_bounce_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE subscribers ADD COLUMN last_soft_bounce_at TIMESTAMPTZ;
ALTER TABLE subscribers ADD COLUMN suppressed_at TIMESTAMPTZ;
