-- What the delivery workers need: a reader's hard bounces (after three they are no longer
-- mailed), when an issue finished (sent or cancelled), and indexes for the claim and for
-- "is anything of this issue still open?".
ALTER TABLE subscribers ADD COLUMN hard_bounces INTEGER NOT NULL DEFAULT 0;
ALTER TABLE issues ADD COLUMN finished_at TIMESTAMPTZ;

DROP INDEX deliveries_due;
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id)
    WHERE status IN ('pending', 'retrying');
CREATE INDEX deliveries_open ON deliveries (issue_id)
    WHERE status IN ('pending', 'retrying');
