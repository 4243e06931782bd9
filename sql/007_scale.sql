-- 007_scale.sql - storage and many crawlers (issue 17).
--
-- One copy of each text, compressed with lz4.  articles.text_raw is now
-- NULL where the raw text is the text itself (always for a feed's full
-- text, and for a page whose cleaning removed nothing): read it as
-- coalesce(text_raw, text).  Existing rows are made so here.  Article
-- texts are compressed with lz4 instead of pglz where the server has it
-- (PostgreSQL 14 and later, built with lz4 as Debian's is): storing a
-- 12 KB article costs about half the time, and the texts read back
-- faster; rows written before keep pglz until they are rewritten.  A
-- server without lz4 keeps pglz and says so.

UPDATE articles SET text_raw = NULL WHERE text_raw = text;

DO $$
BEGIN
	ALTER TABLE articles
		ALTER COLUMN text SET COMPRESSION lz4,
		ALTER COLUMN text_raw SET COMPRESSION lz4,
		ALTER COLUMN summary SET COMPRESSION lz4;
	ALTER TABLE article_revisions
		ALTER COLUMN text SET COMPRESSION lz4,
		ALTER COLUMN summary SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
	RAISE NOTICE 'lz4 is not available on this server: article texts '
		'stay compressed with pglz';
END $$;

-- Many crawlers on one database.  A live crawl claims each source for
-- its run (sources.crawl_run) before fetching it, so crawlers started
-- together share the sources; the claim lapses when that run is no
-- longer 'running' (finished, or found interrupted by a later run).
ALTER TABLE sources ADD COLUMN crawl_run bigint;

-- Politeness across crawlers: the earliest time the next request to a
-- host may start, booked by every crawler with one upsert before each
-- request (the row lock orders them).  Rows are a few per site.
CREATE TABLE crawl_hosts (
	host text PRIMARY KEY,
	next_at timestamptz NOT NULL
);
