-- analysts-year.sql - a deterministic year of data for the analysts'
-- figures of "make bench" (scripts/bench, section "analysts"): 40 outlets
-- and the office's own site, :articles media articles over 2025 (one
-- every 31.5 s for a million), :mention_pct percent of them mentioning
-- the office (with their mentions, 2% corrected by an analyst), reported
-- violations in 3% of them and their cases, four press releases a day
-- and their pickups, a year of fetch log and of site visits.
--
-- Texts are the project's own labelled news (tests/data/analyzer), which
-- the caller loads into bench_lines (one JSON line each): an article is
-- one of them (about 560 bytes; real articles run 2-4 times longer) with
-- the first words of another as its title, so that the search index
-- holds real Russian, Kyrgyz and English words.  Every choice is a hash
-- of the row number, never random(): the same year on every machine.
--
-- Steps, so that the two cores share the work (the stored search vector
-- of each article and the search index are most of it):
--   psql -v step=setup -f analysts-year.sql
--   psql -v step=articles -v articles=N -v lo=0 -v hi=N/2 -f ... &
--   psql -v step=articles -v articles=N -v lo=N/2 -v hi=N -f ...
--   psql -v step=search -f ... &
--   psql -v step=rest -v articles=N -v mention_pct=10 -f ...
--   psql -v step=finish -f ...
-- The indexes of articles and article_analysis are dropped at setup and
-- made again from their own definitions once loaded, as a bulk load is
-- done (bench_ddl keeps them in between); foreign keys are not checked
-- (session_replication_role), the rows being made consistent.

\set ON_ERROR_STOP on
SET synchronous_commit = off;
SET maintenance_work_mem = '256MB';
SET session_replication_role = replica;

-- u(i, k): a number in [0, 1) fixed by i and k.
CREATE FUNCTION pg_temp.u(i bigint, k integer) RETURNS double precision
LANGUAGE sql IMMUTABLE AS $$
	SELECT (hashint8(i * 1000003 + k)::bigint & 2147483647)
		/ 2147483648.0::double precision
$$;

SELECT :'step' = 'setup' AS step_setup,
       :'step' = 'articles' AS step_articles,
       :'step' = 'search' AS step_search,
       :'step' = 'rest' AS step_rest,
       :'step' = 'finish' AS step_finish \gset

\if :step_setup
CREATE TABLE bench_texts AS
SELECT (row_number() OVER (ORDER BY line) - 1)::integer AS id,
       line::jsonb ->> 'text' AS body,
       array_to_string((regexp_split_to_array(line::jsonb ->> 'text',
					       '\s+'))[1:9], ' ') AS title
FROM bench_lines
WHERE line LIKE '{%' AND line::jsonb ? 'text';
CREATE UNIQUE INDEX ON bench_texts (id);
SELECT count(*) AS ntexts FROM bench_texts \gset

INSERT INTO sources (name, url, type, lang, region, weight)
SELECT 'outlet-' || lpad(i::text, 2, '0'),
       'https://outlet' || i || '.example/rss', 'rss',
       CASE WHEN i % 4 = 0 THEN 'ky' ELSE 'ru' END,
       (ARRAY['bishkek', 'osh_city', 'chui', 'issyk_kul', 'talas',
	      'naryn', 'jalal_abad', 'osh', 'batken'])[1 + i % 9],
       0.3 + (i % 7) / 10.0
FROM generate_series(1, 40) i;
INSERT INTO sources (name, url, type, lang, region, weight, own)
VALUES ('gp', 'https://prokuror.gov.kg/rss', 'rss', 'ru', 'bishkek', 1,
	true);


CREATE TABLE bench_ddl AS
SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS ddl
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid IN ('articles'::regclass, 'article_analysis'::regclass)
  AND NOT i.indisunique;
SELECT format('DROP INDEX %I', name) FROM bench_ddl \gexec

-- The office's releases, four a day, each picked up by up to six
-- outlets within hours.
INSERT INTO articles (source_id, url, canonical_url, title, text, lang,
		      published, page_status)
SELECT (SELECT id FROM sources WHERE name = 'gp'), g.url, g.url,
       t.title, t.body, 'ru', g.published, 'fetched'
FROM (SELECT j, 'https://prokuror.gov.kg/ru/news/' || j AS url,
	     '2025-01-01 08:00+06'::timestamptz + j * interval '6 hours'
		AS published,
	     floor(pg_temp.u(j, 40) * :ntexts)::integer AS k
      FROM generate_series(0, 4 * 365 - 1) j) g
JOIN bench_texts t ON t.id = g.k
ORDER BY g.j;
\endif

\if :step_articles
SELECT count(*) AS ntexts FROM bench_texts \gset
-- Media articles, in the order a crawler stores them; their ids are
-- fixed (10000 + i), whichever session stores them.
INSERT INTO articles (id, source_id, url, canonical_url, title, text,
		      lang, published, fetched_at, page_status)
SELECT 10000 + g.i, 1 + g.i % 40, g.url, g.url, t2.title, t1.body, 'ru', g.published,
       g.published + interval '10 minutes', 'fetched'
FROM (SELECT i, 'https://outlet' || (1 + i % 40) || '.example/news/' || i
		AS url,
	     '2025-01-01 00:00+06'::timestamptz
		+ (i * 31536000.0 / :articles) * interval '1 second'
		AS published,
	     floor(pg_temp.u(i, 1) * :ntexts)::integer AS k1,
	     floor(pg_temp.u(i, 2) * :ntexts)::integer AS k2
      FROM generate_series(:lo, :hi - 1) i) g
JOIN bench_texts t1 ON t1.id = g.k1
JOIN bench_texts t2 ON t2.id = g.k2
ORDER BY g.i;

\endif

\if :step_rest
SELECT count(*) AS ntexts FROM bench_texts \gset
-- The analyses: every article; :mention_pct percent mention the office.
INSERT INTO article_analysis (article_id, lexicon_version, lang, tonality,
			      score, regions)
SELECT a.id, 'bench', 'ru',
       CASE WHEN pg_temp.u(a.id, 10) * 100 >= :mention_pct THEN NULL
	    WHEN pg_temp.u(a.id, 11) < 0.3 THEN 'positive'
	    WHEN pg_temp.u(a.id, 11) < 0.8 THEN 'neutral'
	    ELSE 'negative' END,
       0,
       CASE WHEN pg_temp.u(a.id, 12) < 0.6
	    THEN ARRAY[(ARRAY['bishkek', 'osh_city', 'chui', 'issyk_kul',
			      'talas', 'naryn', 'jalal_abad', 'osh',
			      'batken'])[1 + floor(pg_temp.u(a.id, 13)
						   * 9)::integer]]
	    ELSE '{}' END
FROM articles a;

INSERT INTO mentions (article_id, start_byte, end_byte, text, tonality,
		      prominence, media_index)
SELECT aa.article_id, 0, 42, 'Генеральная прокуратура', aa.tonality,
       0.3 + floor(pg_temp.u(aa.article_id, 14) * 4) / 5, 0
FROM article_analysis aa, generate_series(1, 2) k
WHERE aa.tonality IS NOT NULL
  AND (k = 1 OR pg_temp.u(aa.article_id, 15) < 0.3);

-- The analyser stores the sentence naming the office with its analysis
-- (analyzer/excerpt/sentence.c): here the text's first, where the mention is.
UPDATE article_analysis aa
   SET sentence = left(split_part(a.text, '. ', 1), 300) || '.'
  FROM articles a
 WHERE a.id = aa.article_id AND aa.tonality IS NOT NULL;

INSERT INTO tonality_overrides (article_id, tonality, note, set_by)
SELECT article_id,
       CASE tonality WHEN 'negative' THEN 'neutral' ELSE 'negative' END,
       'bench', 'analyst'
FROM article_analysis
WHERE tonality IS NOT NULL AND pg_temp.u(article_id, 16) < 0.02;

-- Reported violations in 3% of the articles; two in three are routed to
-- a case of their own, and most cases are decided within 60 days.
INSERT INTO violations (article_id, category, stage, country, region)
SELECT a.id,
       (ARRAY['corruption', 'torture', 'trafficking', 'labour',
	      'land_property', 'children', 'environment',
	      'abuse_of_office', 'fraud', 'domestic_violence',
	      'other'])[1 + floor(pg_temp.u(a.id, 21) * 11)::integer],
       (ARRAY['alleged', 'acting', 'decided'])[1 + floor(
	       pg_temp.u(a.id, 22) * 3)::integer],
       'kg',
       CASE WHEN pg_temp.u(a.id, 23) < 0.8
	    THEN (ARRAY['bishkek', 'osh_city', 'chui', 'issyk_kul', 'talas',
			'naryn', 'jalal_abad', 'osh',
			'batken'])[1 + floor(pg_temp.u(a.id, 24)
					     * 9)::integer] END
FROM articles a
WHERE pg_temp.u(a.id, 20) < 0.03;

INSERT INTO cases (category, region, department_id, regional_office_id,
		   status, title, article_id, stage, opened_at, updated_at,
		   closed_at)
SELECT v.category, v.region, dc.department_id, rr.office_id,
       c.status, a.title, a.id, v.stage, c.opened, c.opened,
       CASE WHEN c.status IN ('closed', 'rejected')
	    THEN c.opened + pg_temp.u(v.id, 32) * interval '60 days' END
FROM violations v
JOIN articles a ON a.id = v.article_id
LEFT JOIN department_categories dc ON dc.category = v.category
LEFT JOIN regional_office_regions rr ON rr.region = v.region
CROSS JOIN LATERAL (
	SELECT a.published + interval '2 hours' AS opened,
	       CASE WHEN pg_temp.u(v.id, 31) < 0.45 THEN 'closed'
		    WHEN pg_temp.u(v.id, 31) < 0.50 THEN 'rejected'
		    WHEN pg_temp.u(v.id, 31) < 0.75 THEN 'in_review'
		    WHEN pg_temp.u(v.id, 31) < 0.90 THEN 'sent'
		    ELSE 'new' END AS status) c
WHERE pg_temp.u(v.id, 30) < 0.67
ORDER BY v.id;

UPDATE violations v SET case_id = c.id
FROM cases c WHERE c.article_id = v.article_id AND c.category = v.category;
UPDATE violations SET route_note = 'stage decided'
WHERE case_id IS NULL AND stage = 'decided';

INSERT INTO case_history (case_id, from_status, to_status, note,
			  changed_by, changed_at)
SELECT id, NULL, 'new', NULL, 'routing', opened_at FROM cases
UNION ALL
SELECT id, 'in_review', status, 'bench', 'analyst', closed_at FROM cases
WHERE closed_at IS NOT NULL;

INSERT INTO press_releases (article_id, title, url, published)
SELECT a.id, a.title, a.canonical_url, a.published
FROM articles a JOIN sources s ON s.id = a.source_id
WHERE s.own ORDER BY a.id;

INSERT INTO pickups (press_release_id, article_id, similarity, via)
SELECT pr.id, a.id, 0.5, 'text'
FROM press_releases pr
CROSS JOIN generate_series(1, 6) k
CROSS JOIN LATERAL (
	SELECT (floor(extract(epoch FROM pr.published
			      - '2025-01-01 00:00+06'::timestamptz)
		      * :articles / 31536000.0) + k * 97)::bigint AS i) x
JOIN articles a ON a.canonical_url = 'https://outlet'
	|| (1 + x.i % 40) || '.example/news/' || x.i
WHERE k <= floor(pg_temp.u(pr.id, 41) * 7) AND x.i < :articles;

-- A year of feed fetches, four a day per outlet; 2% fail.
INSERT INTO fetch_log (source_id, kind, url, fetched_at, status,
		       http_status, error)
SELECT s.id, 'feed', s.url, t,
       CASE WHEN pg_temp.u(s.id * 100000 + n, 50) < 0.02 THEN 'failed'
	    ELSE 'ok' END,
       CASE WHEN pg_temp.u(s.id * 100000 + n, 50) < 0.02 THEN 503
	    ELSE 200 END,
       CASE WHEN pg_temp.u(s.id * 100000 + n, 50) < 0.02
	    THEN 'HTTP 503' END
FROM sources s,
     generate_series(0, 4 * 365 - 1) n,
     LATERAL (SELECT '2025-01-01 00:00+06'::timestamptz
		     + n * interval '6 hours' AS t) w
WHERE NOT s.own;

-- Visits of the office's site: the front page every day, each release
-- for the two weeks after it, fading.
INSERT INTO site_visits (day, page, visits, origin)
SELECT d::date, '/', 800 + floor(pg_temp.u(i, 60) * 400)::integer,
       'matomo'
FROM generate_series('2025-01-01'::date, '2025-12-31'::date,
		     interval '1 day') WITH ORDINALITY AS g (d, i);
INSERT INTO site_visits (day, page, visits, origin)
SELECT (pr.published AT TIME ZONE 'Asia/Bishkek')::date + k,
       mediamon_url_path(pr.url),
       floor(pg_temp.u(pr.id * 16 + k, 61) * 300 / (k + 1))::integer,
       'matomo'
FROM press_releases pr, generate_series(0, 13) k
ON CONFLICT (day, page) DO NOTHING;

SELECT ddl FROM bench_ddl WHERE ddl NOT LIKE '%USING gin%' \gexec
\endif

\if :step_search
SELECT ddl FROM bench_ddl WHERE ddl LIKE '%USING gin%' \gexec
\endif

\if :step_finish
SELECT setval('articles_id_seq', (SELECT max(id) FROM articles));
DROP TABLE bench_ddl;
DROP TABLE bench_texts;
DROP TABLE bench_lines;
VACUUM ANALYZE;
\endif
