-- One row per (issue, reader): the fan-out of a queued issue, and each message's fate.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    issue_id        INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    subscriber_id   INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'retrying', 'sent', 'bounced', 'skipped', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    locked_until    TEXT,
    sent_at         TEXT,
    last_error      TEXT,
    CONSTRAINT deliveries_issue_subscriber_unique UNIQUE (issue_id, subscriber_id)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');
CREATE INDEX deliveries_subscriber ON deliveries (subscriber_id);

ALTER TABLE issues ADD COLUMN started_at TEXT;
