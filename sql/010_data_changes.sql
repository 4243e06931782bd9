-- 010_data_changes: which transactions changed what the pages show, so
-- that "mediamon serve" can keep a finished page (a digest of 20,000
-- articles takes a second to make) and know for certain when it is out
-- of date (digest/web/page_cache.c).
--
-- Every transaction that writes to one of the tables below leaves one
-- row with its id.  A page made from snapshot S is still current while
-- no row is visible now that was not visible in S: that is, no change
-- has committed since S, whatever order the writers committed in.  A
-- writer still running when S was taken is caught when it commits.
-- Rows are only needed while a kept page is (an hour at most); the
-- server deletes those older than a day.
CREATE TABLE data_changes (
	xid xid8 PRIMARY KEY,
	at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION mediamon_data_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO data_changes (xid) VALUES (pg_current_xact_id())
		ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;

-- What the digest, the trends and the reports read.  Not here: the web's
-- own bookkeeping (users, sessions, login_attempts, audit_log), alerts,
-- the crawl's politeness and run records, digests, schema_migrations.
-- A table added later that pages read gets the same trigger.
DO $$
DECLARE t text;
BEGIN
	FOREACH t IN ARRAY ARRAY['articles', 'article_analysis',
		'article_revisions', 'article_sources', 'article_stories',
		'mentions', 'violations', 'stories', 'cases', 'case_history',
		'departments', 'department_categories', 'regional_offices',
		'regional_office_regions', 'sources', 'fetch_log', 'responses',
		'tonality_overrides', 'tonality_override_history',
		'press_releases', 'pickups', 'site_visits', 'settings']
	LOOP
		EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR '
			'DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE '
			'FUNCTION mediamon_data_changed()', t || '_changed', t);
	END LOOP;
END $$;
