-- Search in the archive: each sent issue's words (subject, introduction, every story's title,
-- summary and text) under PostgreSQL's `french` text search configuration, so that
-- "coopérations" finds "coopération". Derived from the issues: filled when a search finds
-- issues missing from it, and left out of copy-to.
CREATE TABLE issue_search (
    issue_id BIGINT PRIMARY KEY REFERENCES issues (id) ON DELETE CASCADE,
    document TSVECTOR NOT NULL
);
CREATE INDEX issue_search_document ON issue_search USING GIN (document);
