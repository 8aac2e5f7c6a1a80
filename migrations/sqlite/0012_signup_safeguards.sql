-- What keeps strangers from mailing a victim through the sign-up form.
-- A suppressed reader (imported as unsubscribed, complained, bounced for good) is never mailed
-- at a stranger's request; the reason says which.
ALTER TABLE subscribers ADD COLUMN suppressed TEXT
    CHECK (suppressed IN ('import', 'hard_bounce', 'complaint'));

-- Every confirmation e-mail queued, by mailbox (plus-tags and Gmail dots removed) and by
-- recipient domain, both as SHA-256 so that the log holds no address. `send_at` is when the
-- e-mail may leave: past the service-wide or a domain's hourly ceiling it lies in the future.
-- Rows older than a week are deleted by the housekeeping task.
CREATE TABLE confirmation_sends (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    mailbox_hash TEXT NOT NULL,
    domain_hash  TEXT NOT NULL,
    send_at      TEXT NOT NULL
);
CREATE INDEX confirmation_sends_mailbox ON confirmation_sends (mailbox_hash, send_at);
CREATE INDEX confirmation_sends_domain ON confirmation_sends (domain_hash, send_at);
CREATE INDEX confirmation_sends_time ON confirmation_sends (send_at);

-- Retention: unconfirmed sign-ups by age, sent e-mails by when they left.
CREATE INDEX subscribers_pending_created ON subscribers (created_at) WHERE status = 'pending';
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX outbox_recipient ON outbox (recipient);
