-- 002_stories.sql - story clusters, press-release pickups and the media
-- index.
--
-- A story is one event as several outlets told it: reprints and
-- retellings of one text, found by MinHash over word shingles
-- (analyzer/story/).  Each article joins a story once, when it is first
-- clustered, and never moves: re-running changes nothing.  An own: true
-- source's articles are the office's press releases; the media articles
-- of their stories (or linking to them) are their pickups.

CREATE TABLE stories (
	id bigserial PRIMARY KEY,
	-- the first article of the story (the press release when there is
	-- one): what the digest links to as the original
	original_id bigint REFERENCES articles (id) ON DELETE SET NULL,
	title text,
	articles integer NOT NULL DEFAULT 0,
	outlets integer NOT NULL DEFAULT 0,
	first_published timestamptz,
	last_published timestamptz,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stories_first_idx ON stories (first_published);

-- How each article joined its story: 'first' (it started it), 'text'
-- (near-duplicate text, with the estimated similarity) or 'link' (it
-- links to an article of the story).  signature holds the two MinHash
-- signatures (word shingles, then names and numbers; 128 x uint32
-- little-endian each), shingles and names the sizes of the two sets, and
-- bands their LSH band keys, kept for the articles that come later.
CREATE TABLE article_stories (
	article_id bigint PRIMARY KEY REFERENCES articles (id)
		ON DELETE CASCADE,
	story_id bigint NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
	via text NOT NULL CHECK (via IN ('first', 'text', 'link')),
	similarity real NOT NULL,
	shingles integer NOT NULL,
	names integer NOT NULL,
	signature bytea NOT NULL,
	bands bigint[] NOT NULL,
	published timestamptz NOT NULL,
	clustered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX article_stories_story_idx ON article_stories (story_id);
CREATE INDEX article_stories_bands_idx ON article_stories USING gin (bands);
CREATE INDEX article_stories_published_idx ON article_stories (published);

ALTER TABLE pickups
	ADD COLUMN via text NOT NULL DEFAULT 'text'
		CHECK (via IN ('text', 'link'));

-- Prominence of a mention (README, "The media index"): 1.0 headline,
-- 0.8 lead, 0.6 main role, 0.3 passing; +0.2 when the office is quoted.
ALTER TABLE mentions ADD COLUMN prominence real NOT NULL DEFAULT 0.3;
ALTER TABLE mentions ADD COLUMN quoted boolean NOT NULL DEFAULT false;
-- The media index with the analyzer's tonality, refreshed whenever the
-- story grows; v_mentions shows it with the analyst's tonality.
ALTER TABLE mentions ADD COLUMN media_index real;

-- MediaIndex as Medialogia defines its idea: the outlet's weight, how
-- prominently the office appears, the tonality, and the resonance (how
-- many outlets carried the story).  100 is a positive headline in an
-- outlet of weight 1 that nobody else carried.
CREATE FUNCTION mediamon_media_index(weight real, prominence real,
				     tonality text, outlets integer)
RETURNS real LANGUAGE sql IMMUTABLE AS $$
	SELECT round((100 * coalesce(weight, 0.5) * coalesce(prominence, 0.3)
		* CASE tonality WHEN 'positive' THEN 1 WHEN 'neutral' THEN 0.5
				ELSE -1 END
		* (1 + ln(greatest(coalesce(outlets, 1), 1)) / ln(2)))::numeric,
		1)::real
$$;

-- The view keeps its leading columns; story and media index are added
-- at the end.  Own releases are not media mentions: they are left out.
CREATE OR REPLACE VIEW v_mentions AS
SELECT m.article_id, s.name AS source, a.canonical_url AS url, a.published,
       coalesce(o.tonality, m.tonality) AS tonality,
       m.score,
       CASE WHEN o.tonality IS NULL THEN m.evidence
	    ELSE jsonb_build_object('analyst', o.set_by, 'note', o.note,
				    'analyzer', m.evidence)
       END AS evidence,
       m.start_byte, m.end_byte, m.text AS mention,
       mediamon_media_index(s.weight, m.prominence,
			    coalesce(o.tonality, m.tonality),
			    st.outlets) AS media_index,
       m.prominence, ast.story_id, coalesce(st.outlets, 1) AS resonance
FROM mentions m
JOIN articles a ON a.id = m.article_id
JOIN sources s ON s.id = a.source_id
LEFT JOIN tonality_overrides o ON o.article_id = m.article_id
LEFT JOIN article_stories ast ON ast.article_id = m.article_id
LEFT JOIN stories st ON st.id = ast.story_id
WHERE NOT s.own;

-- Media articles mentioning the office, by day, outlet and tonality; the
-- office's own releases are not coverage and are left out.
CREATE OR REPLACE VIEW v_daily_tonality AS
SELECT (a.published AT TIME ZONE mediamon_timezone())::date AS day,
       s.name AS source,
       count(*) FILTER (WHERE t.tonality = 'positive') AS positive,
       count(*) FILTER (WHERE t.tonality = 'neutral') AS neutral,
       count(*) FILTER (WHERE t.tonality = 'negative') AS negative,
       count(*) AS total
FROM (SELECT aa.article_id, coalesce(o.tonality, aa.tonality) AS tonality
      FROM article_analysis aa
      LEFT JOIN tonality_overrides o ON o.article_id = aa.article_id
      WHERE aa.tonality IS NOT NULL OR o.tonality IS NOT NULL) t
JOIN articles a ON a.id = t.article_id
JOIN sources s ON s.id = a.source_id
WHERE a.published IS NOT NULL AND NOT s.own
GROUP BY 1, 2;

-- Stories with their size; pickups with how fast they came.
CREATE VIEW v_stories AS
SELECT st.id AS story_id, st.title, st.articles, st.outlets,
       st.first_published, st.last_published,
       a.canonical_url AS original_url, s.name AS original_source,
       EXISTS (SELECT 1 FROM press_releases pr
	       JOIN article_stories x ON x.article_id = pr.article_id
	       WHERE x.story_id = st.id) AS has_press_release
FROM stories st
LEFT JOIN articles a ON a.id = st.original_id
LEFT JOIN sources s ON s.id = a.source_id;

CREATE VIEW v_pickups AS
SELECT pr.id AS press_release_id, pr.title AS release_title,
       pr.url AS release_url, pr.published AS release_published,
       a.id AS article_id, s.name AS source, a.canonical_url AS url,
       a.published,
       round((extract(epoch FROM a.published - pr.published)
	      / 3600)::numeric, 1) AS hours,
       coalesce(o.tonality, aa.tonality) AS tonality, p.via, p.similarity
FROM pickups p
JOIN press_releases pr ON pr.id = p.press_release_id
JOIN articles a ON a.id = p.article_id
JOIN sources s ON s.id = a.source_id
LEFT JOIN article_analysis aa ON aa.article_id = a.id
LEFT JOIN tonality_overrides o ON o.article_id = a.id;

-- Each source's health: when it last answered, its last error, what it
-- brought in the last 7 days and how much of it has a body and a date.
-- A source is silent when it has brought nothing new for 3 days, once it
-- has been watched that long; failing when its last fetch failed.
CREATE VIEW v_source_health AS
SELECT s.name AS source, s.enabled, ok.at AS last_ok,
       bad.at AS last_error_at, bad.error AS last_error,
       coalesce(a.week, 0) AS week,
       coalesce(round(100.0 * a.with_body / nullif(a.n, 0)), 0) AS body_pct,
       coalesce(round(100.0 * a.with_date / nullif(a.n, 0)), 0) AS date_pct,
       coalesce(s.enabled AND first.at < now() - interval '3 days'
		AND (a.last IS NULL OR a.last < now() - interval '3 days'),
		false) AS silent,
       bad.at IS NOT NULL AND (ok.at IS NULL OR bad.at >= ok.at)
	       AS failing
FROM sources s
LEFT JOIN LATERAL (SELECT min(fetched_at) AS at FROM fetch_log
		   WHERE source_id = s.id AND kind <> 'article') first ON true
LEFT JOIN LATERAL (SELECT max(fetched_at) AS at FROM fetch_log
		   WHERE source_id = s.id AND kind <> 'article'
		     AND status IN ('ok', 'not_modified')) ok ON true
LEFT JOIN LATERAL (SELECT fetched_at AS at, error FROM fetch_log
		   WHERE source_id = s.id AND kind <> 'article'
		     AND status = 'failed'
		   ORDER BY fetched_at DESC LIMIT 1) bad ON true
LEFT JOIN LATERAL (SELECT count(*) AS n,
			  count(*) FILTER (WHERE fetched_at > now()
					   - interval '7 days') AS week,
			  count(*) FILTER (WHERE length(coalesce(text, ''))
					   > 200) AS with_body,
			  count(*) FILTER (WHERE published IS NOT NULL)
				AS with_date,
			  max(fetched_at) AS last
		   FROM articles
		   WHERE source_id = s.id
		     AND fetched_at > now() - interval '30 days') a ON true;
