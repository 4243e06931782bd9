-- 013_digest_day.sql - a digest of one day made again from that day's
-- rows only (issue 13: a page in under 50 ms for a day of 20,000
-- articles, measured with "make bench" section web; figures in
-- README.md, "The web interface").  Made again after a change, the
-- digest of such a day took 0.6 s: it counted the day's articles by
-- reading them, read the texts of its 2,078 materials to cut their
-- sentences, found the day's violations and corrections among those of
-- every day, and asked v_source_health for the silent sources.
--
-- The digest cut its day on the expression coalesce(published,
-- fetched_at), which an expression index finds but cannot answer alone
-- (PostgreSQL reads the table to recheck an expression), so counting a
-- 20,000-article day read 20,000 rows.  The article's moment becomes a
-- column of its own, kept by PostgreSQL itself, and its index carries
-- the source (the digest leaves out the office's own sources): the
-- count reads the index alone.  Adding the column rewrites articles
-- once (9 s for 200,000 articles on the project machine).
ALTER TABLE articles ADD COLUMN day_at timestamptz
	GENERATED ALWAYS AS (coalesce(published, fetched_at)) STORED;
DROP INDEX articles_day_idx;
CREATE INDEX articles_day_idx ON articles (day_at) INCLUDE (source_id);

-- The analyses' copy of the moment (011) is read from the column now.
CREATE OR REPLACE FUNCTION mediamon_analysis_day_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.day_at := (SELECT day_at FROM articles WHERE id = NEW.article_id);
	RETURN NEW;
END $$;

-- Violations and analysts' tonality corrections carry the moment too:
-- the digest lists a day's violations, a few among 20,000 articles, and
-- counts the articles only an analyst marked as mentioning the office;
-- without it both were found by reading those of every day.  Kept by the
-- same two triggers as the analyses' copy.
ALTER TABLE violations ADD COLUMN day_at timestamptz;
UPDATE violations v SET day_at = a.day_at FROM articles a
	WHERE a.id = v.article_id;
CREATE TRIGGER violations_day_at BEFORE INSERT OR UPDATE OF article_id
	ON violations FOR EACH ROW
	EXECUTE FUNCTION mediamon_analysis_day_at();
CREATE INDEX violations_day_idx ON violations (day_at);

ALTER TABLE tonality_overrides ADD COLUMN day_at timestamptz;
UPDATE tonality_overrides o SET day_at = a.day_at FROM articles a
	WHERE a.id = o.article_id;
CREATE TRIGGER tonality_overrides_day_at
	BEFORE INSERT OR UPDATE OF article_id ON tonality_overrides
	FOR EACH ROW EXECUTE FUNCTION mediamon_analysis_day_at();
CREATE INDEX tonality_overrides_day_idx ON tonality_overrides (day_at);

CREATE OR REPLACE FUNCTION mediamon_article_day_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE article_analysis SET day_at = NEW.day_at
	 WHERE article_id = NEW.id;
	UPDATE violations SET day_at = NEW.day_at WHERE article_id = NEW.id;
	UPDATE tonality_overrides SET day_at = NEW.day_at
	 WHERE article_id = NEW.id;
	RETURN NULL;
END $$;

-- v_violations keeps its columns and adds the moment, the article's
-- title and whether the source is the office's own (what the digest
-- joined the articles and sources again for).
CREATE OR REPLACE VIEW v_violations AS
SELECT v.article_id, v.case_id, s.name AS source, a.canonical_url AS url,
       a.published, v.category, coalesce(c.region, v.region) AS region,
       d.code AS department, ro.name AS regional_office,
       coalesce(c.status, CASE WHEN v.route_note IS NOT NULL
			       THEN 'not_routed' ELSE 'unrouted' END)
	       AS status,
       v.stage, v.country, v.id AS violation_id, v.route_note, v.day_at,
       a.title, s.own
FROM violations v
JOIN articles a ON a.id = v.article_id
JOIN sources s ON s.id = a.source_id
LEFT JOIN cases c ON c.id = v.case_id
LEFT JOIN department_categories dc ON dc.category = v.category
LEFT JOIN departments d ON d.id = coalesce(c.department_id, dc.department_id)
LEFT JOIN regional_office_regions rr ON rr.region = v.region
LEFT JOIN regional_offices ro
	ON ro.id = CASE WHEN c.id IS NOT NULL THEN c.regional_office_id
			ELSE rr.office_id END;

-- The sentence naming the office (the first mention's), stored by the
-- analyser with its analysis (analyzer/sentence.c): a day's digest shows
-- 2,000 of them and cut each from its article's text.  NULL where the
-- text does not mention the office, and in analyses written before this
-- migration, whose sentence the digest still cuts from the text (until
-- "mediamon analyze --all" analyses them again).  And the article's
-- prominence (analyzer/prominence.c), which the analyser wrote on each
-- mention only and the digest read back from them for the media index.
ALTER TABLE article_analysis ADD COLUMN sentence text,
	ADD COLUMN prominence real;
UPDATE article_analysis aa SET prominence = m.prominence
  FROM (SELECT article_id, max(prominence) AS prominence FROM mentions
	 GROUP BY article_id) m
 WHERE m.article_id = aa.article_id;

-- The articles that mention the office with a moment in [t0, t1), with
-- their tonality (the analyst's word wins), moment and what a reader is
-- shown of them: the analyser's from the partial index of 011 (the
-- mentioning ones only), and those only an analyst marked.  The rows
-- v_article_tonality holds, by moment instead of publication, the
-- office's own sources included (callers join the source).  One SELECT,
-- so PostgreSQL plans it inside its caller, reading only the columns the
-- caller asks for: a count of a month reads the index alone.
CREATE FUNCTION mediamon_mentions_between(t0 timestamptz, t1 timestamptz)
RETURNS TABLE (article_id bigint, tonality text, by_analyst boolean,
	       day_at timestamptz, note text, evidence jsonb, sentence text,
	       prominence real)
LANGUAGE sql STABLE AS $$
	SELECT aa.article_id, coalesce(o.tonality, aa.tonality),
	       o.tonality IS NOT NULL, aa.day_at, o.note, aa.evidence,
	       aa.sentence, aa.prominence
	  FROM article_analysis aa
	  LEFT JOIN tonality_overrides o ON o.article_id = aa.article_id
	 WHERE aa.tonality IS NOT NULL
	   AND aa.day_at >= t0 AND aa.day_at < t1
	UNION ALL
	SELECT o.article_id, o.tonality, true, o.day_at, o.note, aa.evidence,
	       aa.sentence, aa.prominence
	  FROM tonality_overrides o
	  JOIN article_analysis aa ON aa.article_id = o.article_id
	 WHERE aa.tonality IS NULL
	   AND o.day_at >= t0 AND o.day_at < t1
$$;

-- 008's daily counts from the same rows: the days' mentioning analyses
-- through their index, each joined to its article, not every article of
-- the days hashed.  Same rows as before: an article published in the
-- window has its moment there (the moment is the publication when there
-- is one), so "published" is all that is left to ask.
CREATE OR REPLACE FUNCTION mediamon_daily_tonality(d0 date, d1 date)
RETURNS TABLE (day date, source text, positive bigint, neutral bigint,
	negative bigint, total bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	tz text := mediamon_timezone();
	t0 timestamptz := d0::timestamp AT TIME ZONE tz;
	t1 timestamptz := (d1 + 1)::timestamp AT TIME ZONE tz;
BEGIN
	RETURN QUERY
	SELECT (a.published AT TIME ZONE tz)::date, s.name,
	       count(*) FILTER (WHERE t.tonality = 'positive'),
	       count(*) FILTER (WHERE t.tonality = 'neutral'),
	       count(*) FILTER (WHERE t.tonality = 'negative'),
	       count(*)
	FROM mediamon_mentions_between(t0, t1) t
	JOIN articles a ON a.id = t.article_id
	JOIN sources s ON s.id = a.source_id
	WHERE NOT s.own AND a.published IS NOT NULL
	GROUP BY 1, 2;
END
$$;

-- v_source_health keeps its columns and meaning, asked so that a reader
-- of some columns pays for those only: the digest wants the silent
-- sources, and the view read every source's whole fetch history for it
-- (the earliest fetch, and the latest failure found by walking back from
-- the newest fetch), planning each of fetch_log's monthly partitions
-- three times.  "Watched for three days" and "nothing for three days"
-- are asked as EXISTS; the other parts are aggregates, which PostgreSQL
-- leaves out when their columns are not read; failures have an index of
-- their own.
CREATE INDEX fetch_log_source_failed_idx ON fetch_log (source_id, fetched_at)
	WHERE status = 'failed';

CREATE OR REPLACE VIEW v_source_health AS
SELECT s.name AS source, s.enabled, ok.at AS last_ok,
       bad.at AS last_error_at,
       (SELECT f.error FROM fetch_log f
	 WHERE f.source_id = s.id AND f.kind <> 'article'
	   AND f.status = 'failed' AND f.fetched_at = bad.at
	 LIMIT 1) AS last_error,
       coalesce(a.week, 0) AS week,
       coalesce(round(100.0 * a.with_body / nullif(a.n, 0)), 0) AS body_pct,
       coalesce(round(100.0 * a.with_date / nullif(a.n, 0)), 0) AS date_pct,
       coalesce(s.enabled
		AND EXISTS (SELECT 1 FROM fetch_log f
			     WHERE f.source_id = s.id AND f.kind <> 'article'
			       AND f.fetched_at < now() - interval '3 days')
		AND NOT EXISTS (SELECT 1 FROM articles x
				 WHERE x.source_id = s.id
				   AND x.fetched_at >= now()
				       - interval '3 days'),
		false) AS silent,
       bad.at IS NOT NULL AND (ok.at IS NULL OR bad.at >= ok.at)
	       AS failing
FROM sources s
LEFT JOIN LATERAL (SELECT max(fetched_at) AS at FROM fetch_log
		   WHERE source_id = s.id AND kind <> 'article'
		     AND status IN ('ok', 'not_modified')) ok ON true
LEFT JOIN LATERAL (SELECT max(fetched_at) AS at FROM fetch_log
		   WHERE source_id = s.id AND kind <> 'article'
		     AND status = 'failed') bad ON true
LEFT JOIN LATERAL (SELECT count(*) AS n,
			  count(*) FILTER (WHERE fetched_at > now()
					   - interval '7 days') AS week,
			  count(*) FILTER (WHERE length(coalesce(text, ''))
					   > 200) AS with_body,
			  count(*) FILTER (WHERE published IS NOT NULL)
				AS with_date
		   FROM articles
		   WHERE source_id = s.id
		     AND fetched_at > now() - interval '30 days') a ON true;
