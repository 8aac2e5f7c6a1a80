-- Which relay sent how many of an issue's messages (several relays in CARAVAN_SMTP_URL):
-- counts per issue and relay, added to as deliveries are recorded, for the issue page.
CREATE TABLE issue_relays (
    issue_id INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    relay    TEXT NOT NULL,
    sent     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (issue_id, relay)
);
