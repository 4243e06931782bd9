-- 005_analysts.sql - what the analysts ask of a year of data: full-text
-- search, trends, the monthly and half-year report, and the office's own
-- site visits beside its press releases.
--
-- The views at the end join the stable interface of 001-003 (README.md,
-- "Views for analysts"): they keep their names and leading columns.  The
-- indexes are the ones that keep "trends" over a year and a ranked
-- "search" under a second on a million articles (README.md, "Analysts").

-- ---- full-text search ----

-- A stored tsvector rather than an expression index: ranking
-- (ts_rank_cd) reads the vector of every matching row, and an expression
-- index would make PostgreSQL parse each matching text again to rank it;
-- stored, the vector is read once from the row.  The 'russian'
-- configuration stems Cyrillic words with the Russian Snowball stemmer
-- (пастбище and пастбищ meet at пастбищ) and Latin words with the
-- English one.  The title weighs A, the text B; the text is cut at
-- 100,000 characters so that no article can pass tsvector's 1 MB limit
-- and fail its insert.
ALTER TABLE articles ADD COLUMN search_tsv tsvector
	GENERATED ALWAYS AS (
		setweight(to_tsvector('russian'::regconfig,
				      coalesce(title, '')), 'A') ||
		setweight(to_tsvector('russian'::regconfig,
				      left(coalesce(text, summary, ''),
					   100000)), 'B')
	) STORED;
CREATE INDEX articles_search_idx ON articles USING gin (search_tsv);

-- ---- indexes for a year of data ----

-- Articles that mention the office are a small part of all articles:
-- "trends" and the report start from this partial index and never read
-- the analyses of the others, and find each one's date and outlet in
-- the covering index on articles (an index-only scan, not a read of the
-- wide article row with its text and search vector).
CREATE INDEX article_analysis_mentioned_idx
	ON article_analysis (article_id) INCLUDE (tonality)
	WHERE tonality IS NOT NULL;
CREATE INDEX articles_id_cover_idx
	ON articles (id) INCLUDE (published, source_id);
-- A period's articles (a month of the report) are a range of this one,
-- read without touching the rows; it answers every query the plain
-- index on published did, which it replaces.
CREATE INDEX articles_published_cover_idx
	ON articles (published) INCLUDE (id, source_id);
DROP INDEX articles_published_idx;
-- The report's press releases and failed fetches of a period.
CREATE INDEX press_releases_published_idx ON press_releases (published);
CREATE INDEX pickups_article_idx ON pickups (article_id);
CREATE INDEX fetch_log_failed_idx ON fetch_log (fetched_at)
	WHERE status = 'failed';
CREATE INDEX cases_opened_idx ON cases (opened_at);

-- ---- the office's own site: daily visits per page ----

-- Imported from Google Analytics or Matomo CSV exports ("mediamon import
-- site-visits"); page is the path (and query) on the office's site, as
-- "/ru/news/123"; a re-import replaces the same day and page.
CREATE TABLE site_visits (
	day date NOT NULL,
	page text NOT NULL,
	visits integer NOT NULL CHECK (visits >= 0),
	origin text NOT NULL DEFAULT 'csv'
		CHECK (origin IN ('google_analytics', 'matomo', 'csv')),
	file text,
	imported_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (day, page)
);

-- The path and query of a URL: how a press release's URL meets the pages
-- of the site's statistics.
CREATE FUNCTION mediamon_url_path(url text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(nullif(regexp_replace(regexp_replace(url,
		'^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*', ''), '#.*$', ''), ''),
		'/')
$$;
CREATE INDEX press_releases_path_idx
	ON press_releases (mediamon_url_path(url));
CREATE INDEX site_visits_page_idx ON site_visits (page, day);

-- ---- views ----

-- Media articles that mention the office, one row each, with the
-- tonality that counts (an analyst's decision wins) and the calendar
-- day in the office's time zone: the rows v_daily_tonality counts and
-- "mediamon trends" groups.  Written as the articles the analyzer found
-- mentioning the office plus those only an analyst marked, so that the
-- first part reads article_analysis_mentioned_idx; the time zone is read
-- once (OFFSET 0 keeps the planner from copying the call into each row).
CREATE VIEW v_article_tonality AS
SELECT a.id AS article_id, s.name AS source, a.canonical_url AS url,
       a.title, a.published, (a.published AT TIME ZONE z.tz)::date AS day,
       coalesce(o.tonality, m.tonality) AS tonality,
       o.tonality IS NOT NULL AS by_analyst, m.regions
FROM (SELECT article_id, tonality, regions FROM article_analysis
      WHERE tonality IS NOT NULL
      UNION ALL
      SELECT aa.article_id, aa.tonality, aa.regions
      FROM article_analysis aa
      JOIN tonality_overrides x ON x.article_id = aa.article_id
      WHERE aa.tonality IS NULL) m
JOIN articles a ON a.id = m.article_id
JOIN sources s ON s.id = a.source_id
LEFT JOIN tonality_overrides o ON o.article_id = m.article_id
CROSS JOIN (SELECT mediamon_timezone() AS tz OFFSET 0) z
WHERE a.published IS NOT NULL AND NOT s.own;

-- Visits of the office's site by day and page, with the press release
-- published at that page when there is one.
CREATE VIEW v_site_visits AS
SELECT v.day, v.page, v.visits, pr.id AS press_release_id, v.origin,
       v.imported_at
FROM site_visits v
LEFT JOIN LATERAL (SELECT id FROM press_releases p
		   WHERE mediamon_url_path(p.url) = v.page
		   ORDER BY p.published, p.id LIMIT 1) pr ON true;

-- Each press release with its pickups and the visits of its page from
-- its publication day on, and in the 7 days from that day.
CREATE VIEW v_release_visits AS
SELECT pr.id AS press_release_id, pr.title AS release_title,
       pr.url AS release_url, pr.published AS release_published,
       (SELECT count(*) FROM pickups p WHERE p.press_release_id = pr.id)
	       AS pickups,
       (SELECT min(hours) FROM v_pickups p
	WHERE p.press_release_id = pr.id) AS first_pickup_hours,
       coalesce(sum(v.visits), 0) AS visits,
       coalesce(sum(v.visits) FILTER (
	       WHERE v.day < (pr.published AT TIME ZONE
			      mediamon_timezone())::date + 7), 0)
	       AS visits_7d
FROM press_releases pr
LEFT JOIN site_visits v
	ON v.page = mediamon_url_path(pr.url)
	AND v.day >= (pr.published AT TIME ZONE mediamon_timezone())::date
GROUP BY pr.id, pr.title, pr.url, pr.published;
