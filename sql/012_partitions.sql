-- 012_partitions.sql - monthly partitions for what grows without bound and
-- a retention for raw page texts (issue 17).
--
-- Partitioned by month of fetched_at (months cut in UTC), each month a
-- partition named TABLE_YYYY_MM, plus TABLE_default for rows no month
-- partition takes yet:
--   fetch_log       one row per fetch outcome, referenced by nothing;
--   article_bodies  the extractor's raw text of each page fetch, moved out
--                   of articles.text_raw, which nothing in the tree reads;
--                   "mediamon db maintain" drops its months older than
--                   retention: raw_body_days.  articles keeps its hashes
--                   (body_sha256, content_sha256) and WARC references,
--                   and the WARC keeps the page itself.
-- articles stays one table: fourteen tables reference articles(id), and
-- canonical_url is unique across all time, which a partitioned table can
-- only enforce on keys that include the partition key (README.md,
-- "Performance and scale", says what partitioning it would take).
--
-- An existing database keeps every row: fetch_log is copied into its
-- month partitions and the old table dropped; articles.text_raw is
-- copied into article_bodies and its column dropped.  The space of the
-- dropped column comes back with "VACUUM FULL articles" (an UPDATE here
-- would recompute every article's search vector).

-- The partition of parent (a table partitioned by range of fetched_at)
-- for the month of day, created when missing: as a table of its own,
-- filled with that month's rows from parent's default partition, then
-- attached, which locks parent far less than CREATE ... PARTITION OF
-- (crawlers go on inserting).  Returns the partition's name when it was
-- made, NULL when it existed.
CREATE FUNCTION mediamon_month_partition(parent text, day date)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	m date := make_date(extract(year FROM day)::int,
			    extract(month FROM day)::int, 1);
	m0 timestamptz := m::timestamp AT TIME ZONE 'UTC';
	m1 timestamptz := (m + interval '1 month') AT TIME ZONE 'UTC';
	part text := parent || '_' || to_char(m, 'YYYY_MM');
BEGIN
	IF to_regclass(part) IS NOT NULL THEN
		RETURN NULL;
	END IF;
	EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS '
		       'INCLUDING CONSTRAINTS INCLUDING STORAGE '
		       'INCLUDING COMPRESSION)', part, parent);
	IF to_regclass(parent || '_default') IS NOT NULL THEN
		-- no crawler may add a row of the month in between
		EXECUTE format('LOCK TABLE %I IN EXCLUSIVE MODE',
			       parent || '_default');
		EXECUTE format('WITH moved AS (DELETE FROM %I WHERE '
			       'fetched_at >= $1 AND fetched_at < $2 '
			       'RETURNING *) INSERT INTO %I SELECT * FROM '
			       'moved', parent || '_default', part)
			USING m0, m1;
	END IF;
	EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES '
		       'FROM (%L) TO (%L)', parent, part, m0, m1);
	RETURN part;
END
$$;

-- What "mediamon db maintain" does, idempotent, safe beside running
-- crawlers: for fetch_log and article_bodies, the partitions of this
-- month and the next two, and of every month whose rows wait in the
-- default partition (maintenance that did not run for months); then,
-- when raw_body_days > 0, drops the months of article_bodies that ended
-- more than raw_body_days ago (a raw text is kept at least that long, at
-- most a month more).  One row per partition made or dropped, with the
-- bytes a dropped one held.  A table lock it cannot get within 10 s
-- fails the call rather than queue the crawlers behind it.
CREATE FUNCTION mediamon_maintain(raw_body_days integer)
RETURNS TABLE (action text, part text, bytes bigint)
LANGUAGE plpgsql AS $$
DECLARE
	this_month date := date_trunc('month', now() AT TIME ZONE 'UTC');
	cutoff timestamp := now() AT TIME ZONE 'UTC'
			    - raw_body_days * interval '1 day';
	parent text;
	m date;
	made text;
BEGIN
	-- one at a time ("mmpt"): a second caller waits, then finds it done
	PERFORM pg_advisory_xact_lock(1835888756);
	PERFORM set_config('lock_timeout', '10s', true);
	FOREACH parent IN ARRAY ARRAY['fetch_log', 'article_bodies'] LOOP
		FOR m IN EXECUTE format(
			'SELECT generate_series($1, $1 + interval ''2 months'', '
			'interval ''1 month'')::date '
			'UNION SELECT DISTINCT date_trunc(''month'', fetched_at '
			'AT TIME ZONE ''UTC'')::date FROM %I ORDER BY 1',
			parent || '_default') USING this_month::timestamp LOOP
			made := mediamon_month_partition(parent, m);
			IF made IS NOT NULL THEN
				action := 'made';
				part := made;
				bytes := NULL;
				RETURN NEXT;
			END IF;
		END LOOP;
	END LOOP;
	IF raw_body_days <= 0 THEN
		RETURN;
	END IF;
	FOR part IN SELECT c.relname FROM pg_inherits i
		    JOIN pg_class c ON c.oid = i.inhrelid
		    WHERE i.inhparent = 'article_bodies'::regclass
		      AND c.relname ~ '^article_bodies_[0-9]{4}_[0-9]{2}$'
		      AND to_date(right(c.relname, 7), 'YYYY_MM')
			  + interval '1 month' <= cutoff
		    ORDER BY 1 LOOP
		action := 'dropped';
		bytes := pg_total_relation_size(part::regclass);
		EXECUTE format('DROP TABLE %I', part);
		RETURN NEXT;
	END LOOP;
END
$$;

-- ---- fetch_log, partitioned ----

-- What is defined on fetch_log by name, to be made again on the new table
-- once it is there: the views that read it (a view follows the old table
-- through its rename) and its triggers (010's data_changes).
CREATE TEMP TABLE mm_fetch_log_deps ON COMMIT DROP AS
SELECT DISTINCT format('CREATE OR REPLACE VIEW %s AS %s', c.oid::regclass,
		       pg_get_viewdef(c.oid)) AS ddl
FROM pg_depend d
JOIN pg_rewrite r ON r.oid = d.objid
JOIN pg_class c ON c.oid = r.ev_class
WHERE d.refobjid = 'fetch_log'::regclass AND c.relkind = 'v'
UNION ALL
SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t
WHERE t.tgrelid = 'fetch_log'::regclass AND NOT t.tgisinternal;

ALTER TABLE fetch_log RENAME TO fetch_log_unpartitioned;
ALTER TABLE fetch_log_unpartitioned DROP CONSTRAINT fetch_log_pkey;
DROP INDEX fetch_log_source_idx, fetch_log_run_idx, fetch_log_failed_idx;

-- The same columns, defaults and checks (whatever migrations added), the
-- same keys to crawl_runs and sources; the primary key takes the month.
CREATE TABLE fetch_log (
	LIKE fetch_log_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS
		INCLUDING STORAGE INCLUDING COMPRESSION,
	PRIMARY KEY (id, fetched_at),
	FOREIGN KEY (run_id) REFERENCES crawl_runs (id) ON DELETE CASCADE,
	FOREIGN KEY (source_id) REFERENCES sources (id)
) PARTITION BY RANGE (fetched_at);
ALTER SEQUENCE fetch_log_id_seq OWNED BY fetch_log.id;
CREATE INDEX fetch_log_source_idx ON fetch_log (source_id, fetched_at);
CREATE INDEX fetch_log_run_idx ON fetch_log (run_id);
CREATE INDEX fetch_log_failed_idx ON fetch_log (fetched_at)
	WHERE status = 'failed';
CREATE TABLE fetch_log_default PARTITION OF fetch_log DEFAULT;

-- A partition for every month from the oldest row to now, then the rows.
SELECT mediamon_month_partition('fetch_log', m::date)
FROM generate_series((SELECT date_trunc('month', min(fetched_at)
					  AT TIME ZONE 'UTC')
		      FROM fetch_log_unpartitioned),
		     now() AT TIME ZONE 'UTC', interval '1 month') m;
INSERT INTO fetch_log SELECT * FROM fetch_log_unpartitioned;

DO $$
DECLARE
	ddl text;
BEGIN
	FOR ddl IN SELECT d.ddl FROM mm_fetch_log_deps d LOOP
		EXECUTE ddl;
	END LOOP;
END $$;
DROP TABLE fetch_log_unpartitioned;

-- ---- article_bodies: the raw texts, out of articles ----

-- One row per stored page fetch that gave a raw text: what the
-- extractor took from the page, NULL where it is the text that fetch
-- gave (one copy of each text, as in 007).  An article fetched again has
-- a row per fetch; the latest is its last page's.  No row: the page
-- gave none, the raw text was the text before this migration, or
-- retention dropped it (the WARC keeps the page: crawl --reextract).
CREATE TABLE article_bodies (
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	fetched_at timestamptz NOT NULL DEFAULT now(),
	text_raw text,
	PRIMARY KEY (article_id, fetched_at)
) PARTITION BY RANGE (fetched_at);

DO $$
BEGIN
	ALTER TABLE article_bodies ALTER COLUMN text_raw SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
	RAISE NOTICE 'lz4 is not available on this server: raw texts stay '
		'compressed with pglz';
END $$;
CREATE TABLE article_bodies_default PARTITION OF article_bodies DEFAULT;

-- A stored raw text was written when its page was: the article's last
-- update is the best date there is for it.
SELECT mediamon_month_partition('article_bodies', m::date)
FROM generate_series((SELECT date_trunc('month', min(updated_at)
					  AT TIME ZONE 'UTC')
		      FROM articles WHERE text_raw IS NOT NULL),
		     now() AT TIME ZONE 'UTC', interval '1 month') m;
INSERT INTO article_bodies (article_id, fetched_at, text_raw)
SELECT id, updated_at, text_raw FROM articles WHERE text_raw IS NOT NULL;
ALTER TABLE articles DROP COLUMN text_raw;

-- This month and the next two of both tables, retention left to the
-- command that knows the setting.
SELECT count(*) FROM mediamon_maintain(0);
