-- 014_digest_materials.sql - what the digest shows of its materials and
-- counts of a month, read without going back to the articles (issue 13:
-- a digest of a 20,000-article day made again in under 50 ms).  First
-- the words that decided an analysis's tonality, stored with it.  The
-- digest shows them beside each of its 2,000 materials and took them
-- from the evidence: the server wrote each evidence out as JSON text and
-- the digest parsed it back, to keep four words of it.
--
-- The analyser stores them now (analyzer/excerpt/words.c): the evidence
-- pulling the analysis's way, strongest first, comma-separated; '' for a
-- neutral analysis.  NULL where the text does not mention the office,
-- and in analyses written before this migration, whose words the digest
-- still takes from the evidence (until "mediamon analyze --all").
ALTER TABLE article_analysis ADD COLUMN words text;

-- And the article's source, as the analysis carries its moment (011): a
-- month of mentions is counted without the office's own sources from
-- the index of moments alone, not by looking up each article (the
-- digest's 30-day trend and its day's figures).  An article never
-- changes source; the trigger that copies the moment on every write of
-- an analysis copies the source too.
--
-- And its story (002): the digest groups and ranks its materials by
-- story, and looking each one up in article_stories cost a fifth of the
-- materials' read.  An article joins one story once (the clusterer never
-- moves it); the triggers below copy it whichever of the two rows is
-- written last, and clear it if the article leaves its story.
ALTER TABLE article_analysis ADD COLUMN source_id bigint,
	ADD COLUMN story_id bigint;
ALTER TABLE article_analysis DISABLE TRIGGER article_analysis_day_at;
UPDATE article_analysis aa SET source_id = a.source_id, story_id = x.story_id
  FROM articles a LEFT JOIN article_stories x ON x.article_id = a.id
 WHERE a.id = aa.article_id;
DROP TRIGGER article_analysis_day_at ON article_analysis;
CREATE FUNCTION mediamon_analysis_article() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	SELECT day_at, source_id INTO NEW.day_at, NEW.source_id
	  FROM articles WHERE id = NEW.article_id;
	NEW.story_id := (SELECT story_id FROM article_stories
			 WHERE article_id = NEW.article_id);
	RETURN NEW;
END $$;
CREATE TRIGGER article_analysis_day_at BEFORE INSERT OR UPDATE
	ON article_analysis FOR EACH ROW
	EXECUTE FUNCTION mediamon_analysis_article();
CREATE FUNCTION mediamon_story_joined() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		UPDATE article_analysis SET story_id = NULL
		 WHERE article_id = OLD.article_id AND story_id IS NOT NULL;
		RETURN NULL;
	END IF;
	UPDATE article_analysis SET story_id = NEW.story_id
	 WHERE article_id = NEW.article_id
	   AND story_id IS DISTINCT FROM NEW.story_id;
	RETURN NULL;
END $$;
CREATE TRIGGER article_stories_analysis
	AFTER INSERT OR DELETE OR UPDATE OF story_id ON article_stories
	FOR EACH ROW EXECUTE FUNCTION mediamon_story_joined();
DROP INDEX article_analysis_day_idx;
CREATE INDEX article_analysis_day_idx
	ON article_analysis (day_at, article_id) INCLUDE (tonality, source_id)
	WHERE tonality IS NOT NULL;

-- 013's rows of a period, and their words: the analyser's while its
-- tonality stands, NULL where an analyst decided another (the words
-- pulling that way are in the evidence); their source and story.  The
-- result type grows, so the function is made again; its callers
-- (mediamon_daily_tonality, the digest) name it by name and are planned
-- with the new one.
DROP FUNCTION mediamon_mentions_between(timestamptz, timestamptz);
CREATE FUNCTION mediamon_mentions_between(t0 timestamptz, t1 timestamptz)
RETURNS TABLE (article_id bigint, tonality text, by_analyst boolean,
	       day_at timestamptz, note text, evidence jsonb, sentence text,
	       prominence real, words text, source_id bigint,
	       story_id bigint)
LANGUAGE sql STABLE AS $$
	SELECT aa.article_id, coalesce(o.tonality, aa.tonality),
	       o.tonality IS NOT NULL, aa.day_at, o.note, aa.evidence,
	       aa.sentence, aa.prominence,
	       CASE WHEN coalesce(o.tonality, aa.tonality) = aa.tonality
		    THEN aa.words END, aa.source_id, aa.story_id
	  FROM article_analysis aa
	  LEFT JOIN tonality_overrides o ON o.article_id = aa.article_id
	 WHERE aa.tonality IS NOT NULL
	   AND aa.day_at >= t0 AND aa.day_at < t1
	UNION ALL
	SELECT o.article_id, o.tonality, true, o.day_at, o.note, aa.evidence,
	       aa.sentence, aa.prominence, NULL, aa.source_id, aa.story_id
	  FROM tonality_overrides o
	  JOIN article_analysis aa ON aa.article_id = o.article_id
	 WHERE aa.tonality IS NULL
	   AND o.day_at >= t0 AND o.day_at < t1
$$;

-- The media index (002) rounded to a tenth in floating point, half away
-- from zero, instead of through numeric: the same values (the old and
-- the new agree on every weight and prominence in hundredths, each
-- tonality and 0 to 40 outlets; tests/t/0800-digest.sh), and a digest
-- of 2,000 materials no longer prints each product as decimal text to
-- round it.  The sign is the tonality's, applied after rounding the
-- size (so that halves go away from zero, as numeric's round does); it
-- stays one expression, which PostgreSQL writes into the query that
-- calls it.
CREATE OR REPLACE FUNCTION mediamon_media_index(weight real, prominence real,
						tonality text, outlets integer)
RETURNS real LANGUAGE sql IMMUTABLE AS $$
	SELECT (CASE tonality WHEN 'positive' THEN 1 WHEN 'neutral' THEN 1
			      ELSE -1 END
		* floor(1000 * coalesce(weight, 0.5) * coalesce(prominence, 0.3)
			* CASE tonality WHEN 'neutral' THEN 0.5 ELSE 1 END
			* (1 + ln(greatest(coalesce(outlets, 1), 1)) / ln(2))
			+ 0.5) / 10)::real
$$;
