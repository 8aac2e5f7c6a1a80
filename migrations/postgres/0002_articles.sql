-- Articles synced from CARAVAN_ARTICLES_DIR, keyed by slug (the file name without `.md`).
CREATE TABLE articles (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug         TEXT NOT NULL,
    title        TEXT NOT NULL,
    date         DATE,
    summary      TEXT,
    caption      TEXT,
    source       TEXT,
    url          TEXT,
    tags         TEXT NOT NULL DEFAULT '[]',
    lang         TEXT NOT NULL DEFAULT 'fr',
    body_md      TEXT NOT NULL,
    body_html    TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT articles_slug_unique UNIQUE (slug)
);
CREATE INDEX articles_created ON articles (created_at, id);
