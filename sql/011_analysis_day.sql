-- 011_analysis_day: the analyses of one day's articles, found directly.
--
-- The materials page wants a day's articles that mention the office
-- (about one in ten) newest first, often of one tonality.  The day is the
-- article's (published, else fetched), the mention and the tonality the
-- analysis's: with them in two tables, a page of the negative ones of a
-- 20,000-article day read all 20,000.  So the analysis carries its
-- article's moment too (day_at, kept equal to coalesce(published,
-- fetched_at) by the two triggers below), and a partial index on it
-- holds the mentioning ones only.
ALTER TABLE article_analysis ADD COLUMN day_at timestamptz;
UPDATE article_analysis aa SET day_at = coalesce(a.published, a.fetched_at)
	FROM articles a WHERE a.id = aa.article_id;

CREATE FUNCTION mediamon_analysis_day_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	NEW.day_at := (SELECT coalesce(published, fetched_at) FROM articles
		       WHERE id = NEW.article_id);
	RETURN NEW;
END $$;
CREATE TRIGGER article_analysis_day_at BEFORE INSERT OR UPDATE
	ON article_analysis FOR EACH ROW
	EXECUTE FUNCTION mediamon_analysis_day_at();

-- An article whose date changes (a corrected feed, the page's own date)
-- moves its analysis with it, before the analyzer's next pass.
CREATE FUNCTION mediamon_article_day_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE article_analysis SET day_at = coalesce(NEW.published,
						      NEW.fetched_at)
	 WHERE article_id = NEW.id;
	RETURN NULL;
END $$;
CREATE TRIGGER articles_day_moved AFTER UPDATE OF published, fetched_at
	ON articles FOR EACH ROW
	WHEN (coalesce(OLD.published, OLD.fetched_at) IS DISTINCT FROM
	      coalesce(NEW.published, NEW.fetched_at))
	EXECUTE FUNCTION mediamon_article_day_moved();

CREATE INDEX article_analysis_day_idx
	ON article_analysis (day_at, article_id) WHERE tonality IS NOT NULL;
