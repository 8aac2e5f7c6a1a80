-- Topics (articles/topics.toml): what each article is about, as a JSON array of slugs
-- (the tagger's, or the front matter's `topics`), and what each reader chose. A reader's
-- NULL is every topic, the ones added later included: readers who never chose miss nothing.
ALTER TABLE articles ADD COLUMN topics TEXT NOT NULL DEFAULT '[]';
ALTER TABLE subscribers ADD COLUMN topics TEXT;
-- A reader who paused their letters from the preference page gets none until then.
ALTER TABLE subscribers ADD COLUMN paused_until TEXT;
