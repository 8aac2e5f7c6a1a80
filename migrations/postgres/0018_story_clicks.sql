-- Clicks on the stories of sent letters, counted per story and issue, never per reader:
-- links in letters are the same for everyone (/r/{issue}/{story}). `clicks` are people's;
-- `early` came while copies of the issue were still going out (link scanners open every
-- link of a message seconds after it arrives), `robots` were HEAD requests, prefetches and
-- known scanners. Only the first is "read"; the others are kept so the page can say what it
-- left out.
CREATE TABLE story_clicks (
    issue_id   BIGINT NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    clicks     BIGINT NOT NULL DEFAULT 0,
    early      BIGINT NOT NULL DEFAULT 0,
    robots     BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (issue_id, article_id)
);

-- When a copy of the issue was last recorded as sent: a click soon after is left out.
ALTER TABLE issues ADD COLUMN last_sent_at TIMESTAMPTZ;
