-- Corrections: a dated note on an article, shown wherever the article is, and a letter to the
-- readers who were sent the story.

-- The topics a sent copy was cut by (the reader's `topics` column as it was at sending: NULL,
-- every topic, the whole edition). With the issue's groups it says which stories a reader
-- was sent. Copies sent before it existed were whole editions: NULL says so too.
ALTER TABLE deliveries ADD COLUMN sent_topics TEXT;

-- Who an issue goes to: NULL, every confirmed reader; 'correction', the readers listed in
-- correction_readers. Correction letters stay out of the public archive.
ALTER TABLE issues ADD COLUMN audience TEXT;

CREATE TABLE corrections (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    note            TEXT NOT NULL,
    corrected_at    TEXT NOT NULL,
    -- The letter that carries it to readers; NULL for a note read from an article file.
    letter_issue_id INTEGER REFERENCES issues (id) ON DELETE SET NULL
);
CREATE INDEX corrections_article ON corrections (article_id);
CREATE INDEX corrections_letter ON corrections (letter_issue_id);

-- The readers a correction letter goes to, chosen from the delivery ledger when each of its
-- corrections was published; a reader once per letter.
CREATE TABLE correction_readers (
    issue_id      INTEGER NOT NULL REFERENCES issues (id) ON DELETE CASCADE,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    PRIMARY KEY (issue_id, subscriber_id)
);
