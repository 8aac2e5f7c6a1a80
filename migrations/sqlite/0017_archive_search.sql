-- Search in the archive: each sent issue's words (subject, introduction, every story's title,
-- summary and text), folded and reduced to their French stems by Caravan before they are
-- stored, so that "coopérations" finds "coopération". Derived from the issues: filled when a
-- search finds issues missing from it, and left out of copy-to.
CREATE VIRTUAL TABLE issue_search USING fts5 (
    issue_id UNINDEXED,
    words,
    tokenize = 'unicode61 remove_diacritics 2'
);
