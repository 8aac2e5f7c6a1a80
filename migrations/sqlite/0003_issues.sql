-- Issues (the weekly digest and any other letter) and the articles each one carries.
CREATE TABLE issues (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    slug       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'digest' CHECK (kind IN ('digest', 'letter')),
    subject    TEXT NOT NULL,
    intro      TEXT,
    status     TEXT NOT NULL DEFAULT 'draft'
               CHECK (status IN ('draft', 'queued', 'sending', 'sent', 'cancelled')),
    created_at TEXT NOT NULL,
    send_at    TEXT,
    sent_at    TEXT,
    CONSTRAINT issues_slug_unique UNIQUE (slug)
);
CREATE INDEX issues_status ON issues (status, id);

-- `lead_article_id` is the article this one is grouped under ("Sur le même sujet");
-- a lead story names itself.
CREATE TABLE issue_articles (
    issue_id        INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    article_id      INTEGER NOT NULL REFERENCES articles (id),
    position        INTEGER NOT NULL,
    lead_article_id INTEGER NOT NULL REFERENCES articles (id),
    PRIMARY KEY (issue_id, article_id)
);
CREATE INDEX issue_articles_article ON issue_articles (article_id);
