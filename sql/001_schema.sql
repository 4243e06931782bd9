-- 001_schema.sql - schema v1 of mediamon: the whole mission in one place.
--
-- Data flows one way: the crawler writes sources, crawl_runs, fetch_log,
-- articles and their revisions; the analyzer writes article_analysis,
-- mentions and violations; routing turns violations into cases; the
-- digest and alerts stages record what they sent.  Analysts read the v_*
-- views at the end of this file: they are the stable public interface
-- (documented in README.md) and keep their columns across versions.
--
-- Timestamps are timestamptz (UTC on the wire); calendar days are cut in
-- the office's time zone, kept in settings('timezone').

CREATE TABLE settings (
	key text PRIMARY KEY,
	value text NOT NULL
);
INSERT INTO settings VALUES ('timezone', 'Asia/Bishkek'), ('country', 'kg');

-- The media list, synchronised from sources.yaml at every crawl.  Rows are
-- never deleted (articles keep pointing at them); a source dropped from
-- the file is marked enabled = false.
CREATE TABLE sources (
	id serial PRIMARY KEY,
	name text NOT NULL UNIQUE,
	url text NOT NULL,
	type text NOT NULL CHECK (type IN ('rss', 'html', 'telegram')),
	lang text,
	country text,
	region text,
	weight real NOT NULL DEFAULT 0.5 CHECK (weight BETWEEN 0 AND 1),
	own boolean NOT NULL DEFAULT false,
	enabled boolean NOT NULL DEFAULT true,
	-- conditional-request validators of the last successful fetch
	etag text,
	last_modified text,
	updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE crawl_runs (
	id bigserial PRIMARY KEY,
	started_at timestamptz NOT NULL DEFAULT now(),
	finished_at timestamptz,
	host text,
	pid integer,
	mode text NOT NULL DEFAULT 'crawl'
		CHECK (mode IN ('crawl', 'replay', 'reextract')),
	sources_total integer NOT NULL DEFAULT 0,
	sources_failed integer NOT NULL DEFAULT 0,
	articles_new integer NOT NULL DEFAULT 0,
	articles_updated integer NOT NULL DEFAULT 0
);

-- One row per fetch outcome: a source's feed or page, or an article page.
CREATE TABLE fetch_log (
	id bigserial PRIMARY KEY,
	run_id bigint REFERENCES crawl_runs (id) ON DELETE CASCADE,
	source_id integer REFERENCES sources (id),
	kind text NOT NULL
		CHECK (kind IN ('feed', 'listing', 'telegram', 'article',
				'robots', 'probe')),
	url text NOT NULL,
	fetched_at timestamptz NOT NULL DEFAULT now(),
	status text NOT NULL
		CHECK (status IN ('ok', 'not_modified', 'failed', 'skipped')),
	http_status integer,
	bytes bigint NOT NULL DEFAULT 0,
	duration_ms integer,
	items_new integer NOT NULL DEFAULT 0,
	items_seen integer NOT NULL DEFAULT 0,
	error text
);
CREATE INDEX fetch_log_source_idx ON fetch_log (source_id, fetched_at);
CREATE INDEX fetch_log_run_idx ON fetch_log (run_id);

-- An article is identified by its canonical URL, however many feeds or
-- channels lead to it.  text_raw is what the extractor took from the page
-- (or the feed), text the cleaned main text the analyzer reads.
CREATE TABLE articles (
	id bigserial PRIMARY KEY,
	source_id integer NOT NULL REFERENCES sources (id),
	url text NOT NULL,
	canonical_url text NOT NULL UNIQUE,
	guid text,
	title text,
	summary text,
	text_raw text,
	text text,
	author text,
	lang text,
	published timestamptz,
	published_text text,
	-- links the story carries (a Telegram post's links, for instance)
	links text[] NOT NULL DEFAULT '{}',
	fetched_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	-- sha256 over what the feed said (title, summary, content): when a
	-- feed shows a different version, the old one becomes a revision
	feed_sha256 text,
	-- sha256 over the stored title and text
	content_sha256 text,
	-- evidence archive: where the page's HTTP response is kept
	warc_file text,
	warc_offset bigint,
	body_sha256 text,
	page_status text NOT NULL DEFAULT 'pending'
		CHECK (page_status IN ('pending', 'fetched', 'failed',
				       'feed_only')),
	revision integer NOT NULL DEFAULT 1,
	-- how the text was found: 'xpath', 'generic', 'jsonld', 'feed', 'none'
	extract_method text
);
CREATE INDEX articles_published_idx ON articles (published);
CREATE INDEX articles_source_idx ON articles (source_id, published);
CREATE INDEX articles_guid_idx ON articles (source_id, guid);

-- Every source (feed) that led to an article: one story, several outlets'
-- feeds, stored once.
CREATE TABLE article_sources (
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	source_id integer NOT NULL REFERENCES sources (id),
	first_seen timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (article_id, source_id)
);

-- Earlier versions of an article whose headline or body was edited.
CREATE TABLE article_revisions (
	id bigserial PRIMARY KEY,
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	revision integer NOT NULL,
	title text,
	summary text,
	text text,
	content_sha256 text,
	warc_file text,
	warc_offset bigint,
	replaced_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (article_id, revision)
);

-- ---- analysis ----

-- One row per analysed article; lexicon_version says which lexicons
-- produced it, so a lexicon change is visible and "analyze --all" knows.
CREATE TABLE article_analysis (
	article_id bigint PRIMARY KEY REFERENCES articles (id)
		ON DELETE CASCADE,
	lexicon_version text NOT NULL,
	analyzed_at timestamptz NOT NULL DEFAULT now(),
	lang text,
	tonality text CHECK (tonality IN ('positive', 'neutral', 'negative')),
	score real,
	positive real,
	negative real,
	evidence jsonb,
	regions text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX article_analysis_version_idx
	ON article_analysis (lexicon_version);

CREATE TABLE mentions (
	id bigserial PRIMARY KEY,
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	start_byte integer NOT NULL,
	end_byte integer NOT NULL,
	text text NOT NULL,
	tonality text NOT NULL
		CHECK (tonality IN ('positive', 'neutral', 'negative')),
	score real NOT NULL DEFAULT 0,
	positive real NOT NULL DEFAULT 0,
	negative real NOT NULL DEFAULT 0,
	evidence jsonb
);
CREATE INDEX mentions_article_idx ON mentions (article_id);

-- An analyst's decision on an article's tonality wins everywhere and
-- survives re-analysis; history keeps every decision.
CREATE TABLE tonality_overrides (
	article_id bigint PRIMARY KEY REFERENCES articles (id)
		ON DELETE CASCADE,
	tonality text NOT NULL
		CHECK (tonality IN ('positive', 'neutral', 'negative')),
	note text,
	set_by text NOT NULL DEFAULT current_user,
	set_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE tonality_override_history (
	id bigserial PRIMARY KEY,
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	tonality text NOT NULL,
	note text,
	set_by text NOT NULL DEFAULT current_user,
	set_at timestamptz NOT NULL DEFAULT now()
);

-- ---- violations, routing and cases ----

CREATE TABLE departments (
	id serial PRIMARY KEY,
	code text NOT NULL UNIQUE,
	name text NOT NULL,
	email text
);

-- Which department handles which violation category.
CREATE TABLE department_categories (
	category text PRIMARY KEY,
	department_id integer NOT NULL REFERENCES departments (id)
);

CREATE TABLE regional_offices (
	id serial PRIMARY KEY,
	region text NOT NULL UNIQUE,
	name text NOT NULL,
	email text
);

CREATE TABLE cases (
	id bigserial PRIMARY KEY,
	category text NOT NULL,
	region text,
	department_id integer REFERENCES departments (id),
	regional_office_id integer REFERENCES regional_offices (id),
	status text NOT NULL DEFAULT 'new'
		CHECK (status IN ('new', 'assigned', 'in_progress', 'closed',
				  'rejected')),
	title text,
	assignee text,
	opened_at timestamptz NOT NULL DEFAULT now(),
	due_at timestamptz,
	closed_at timestamptz
);

CREATE TABLE case_history (
	id bigserial PRIMARY KEY,
	case_id bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
	status text NOT NULL,
	note text,
	changed_by text NOT NULL DEFAULT current_user,
	changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE violations (
	id bigserial PRIMARY KEY,
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	category text NOT NULL
		CHECK (category IN ('corruption', 'torture', 'trafficking',
				    'labour', 'land_property', 'children',
				    'environment', 'abuse_of_office', 'fraud',
				    'domestic_violence', 'other')),
	stage text NOT NULL CHECK (stage IN ('alleged', 'acting', 'decided')),
	country text,
	region text,
	evidence jsonb,
	case_id bigint REFERENCES cases (id),
	detected_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX violations_article_idx ON violations (article_id);
CREATE INDEX violations_case_idx ON violations (case_id);

-- ---- press releases, alerts, digests ----

-- The office's own publications (articles from an own: true source) and
-- the media articles that picked them up.
CREATE TABLE press_releases (
	id bigserial PRIMARY KEY,
	article_id bigint UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
	title text NOT NULL,
	url text,
	published timestamptz,
	created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pickups (
	press_release_id bigint NOT NULL REFERENCES press_releases (id)
		ON DELETE CASCADE,
	article_id bigint NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
	similarity real NOT NULL,
	detected_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (press_release_id, article_id)
);

CREATE TABLE alerts (
	id bigserial PRIMARY KEY,
	kind text NOT NULL,
	article_id bigint REFERENCES articles (id) ON DELETE CASCADE,
	case_id bigint REFERENCES cases (id) ON DELETE CASCADE,
	channel text NOT NULL,
	recipient text NOT NULL,
	subject text,
	status text NOT NULL DEFAULT 'sent'
		CHECK (status IN ('sent', 'failed')),
	error text,
	sent_at timestamptz NOT NULL DEFAULT now()
);
-- One alert of a kind per article and recipient: re-runs do not re-send.
CREATE UNIQUE INDEX alerts_once_idx ON alerts (kind, article_id, recipient)
	WHERE status = 'sent';

CREATE TABLE digests (
	id bigserial PRIMARY KEY,
	day date NOT NULL,
	period_start timestamptz NOT NULL,
	period_end timestamptz NOT NULL,
	format text NOT NULL,
	path text,
	articles integer NOT NULL DEFAULT 0,
	mentions integer NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now(),
	sent_at timestamptz,
	recipients text
);

-- ---- reference data: the office's structure (Kyrgyz Republic) ----

INSERT INTO departments (code, name) VALUES
	('anticorruption', 'Управление по надзору за исполнением законодательства о противодействии коррупции'),
	('human_rights', 'Управление по надзору за соблюдением прав и свобод граждан'),
	('criminal', 'Управление по надзору за законностью расследования уголовных дел'),
	('economy', 'Управление по надзору за исполнением законодательства в сфере экономики'),
	('minors', 'Отдел по надзору за соблюдением прав несовершеннолетних'),
	('environment', 'Отдел по надзору за исполнением природоохранного законодательства'),
	('press', 'Пресс-служба');

INSERT INTO department_categories (category, department_id)
SELECT c, d.id FROM (VALUES
	('corruption', 'anticorruption'),
	('abuse_of_office', 'anticorruption'),
	('torture', 'human_rights'),
	('domestic_violence', 'human_rights'),
	('labour', 'human_rights'),
	('trafficking', 'criminal'),
	('fraud', 'criminal'),
	('land_property', 'economy'),
	('children', 'minors'),
	('environment', 'environment'),
	('other', 'criminal')) AS m (c, code)
JOIN departments d ON d.code = m.code;

INSERT INTO regional_offices (region, name) VALUES
	('bishkek', 'Прокуратура города Бишкек'),
	('osh_city', 'Прокуратура города Ош'),
	('chui', 'Прокуратура Чуйской области'),
	('issyk_kul', 'Прокуратура Иссык-Кульской области'),
	('talas', 'Прокуратура Таласской области'),
	('naryn', 'Прокуратура Нарынской области'),
	('jalal_abad', 'Прокуратура Жалал-Абадской области'),
	('osh', 'Прокуратура Ошской области'),
	('batken', 'Прокуратура Баткенской области');

-- ---- the analysts' views: a stable public interface ----
-- url is the canonical URL: tracking parameters and fragments dropped.

CREATE FUNCTION mediamon_timezone() RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT value FROM settings WHERE key = 'timezone'),
			'Asia/Bishkek')
$$;

CREATE VIEW v_articles AS
SELECT a.id, s.name AS source, a.canonical_url AS url, a.title, a.published, a.lang, s.own
FROM articles a
JOIN sources s ON s.id = a.source_id;

-- The analyst's label, where there is one, wins over the analyzer's.
CREATE VIEW v_mentions AS
SELECT m.article_id, s.name AS source, a.canonical_url AS url, a.published,
       coalesce(o.tonality, m.tonality) AS tonality,
       m.score,
       CASE WHEN o.tonality IS NULL THEN m.evidence
	    ELSE jsonb_build_object('analyst', o.set_by, 'note', o.note,
				    'analyzer', m.evidence)
       END AS evidence,
       m.start_byte, m.end_byte, m.text AS mention
FROM mentions m
JOIN articles a ON a.id = m.article_id
JOIN sources s ON s.id = a.source_id
LEFT JOIN tonality_overrides o ON o.article_id = m.article_id;

CREATE VIEW v_violations AS
SELECT v.article_id, v.case_id, s.name AS source, a.canonical_url AS url, a.published,
       v.category, coalesce(c.region, v.region) AS region,
       d.code AS department, ro.name AS regional_office,
       coalesce(c.status, 'unrouted') AS status,
       v.stage, v.country, v.id AS violation_id
FROM violations v
JOIN articles a ON a.id = v.article_id
JOIN sources s ON s.id = a.source_id
LEFT JOIN cases c ON c.id = v.case_id
LEFT JOIN department_categories dc ON dc.category = v.category
LEFT JOIN departments d ON d.id = coalesce(c.department_id, dc.department_id)
LEFT JOIN regional_offices ro
	ON ro.id = c.regional_office_id
	OR (c.regional_office_id IS NULL AND ro.region = v.region);

-- Articles that mention the office, by day (in the office's time zone),
-- outlet and tonality; an analyst's label wins.
CREATE VIEW v_daily_tonality AS
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
WHERE a.published IS NOT NULL
GROUP BY 1, 2;
