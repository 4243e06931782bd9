-- 008_day_pages.sql - what a page about one day reads, found through
-- indexes rather than by reading every article (measured with "make
-- bench" section web: a day of 20,000 articles in a generated year; the
-- figures are in README.md, "The web interface").
--
-- The day of an article is its publication, else when it was fetched:
-- the digest and the materials page cut days by that expression, which
-- no index on published alone serves.
CREATE INDEX articles_day_idx ON articles ((coalesce(published, fetched_at)));

-- v_source_health counts each source's articles of the last 30 days by
-- when they were fetched (the digest's silent sources, /sources): without
-- this it read every article the source ever had.
CREATE INDEX articles_source_fetched_idx ON articles (source_id, fetched_at);

-- v_daily_tonality's rows for the days d0..d1 (both included): the
-- view groups every article before a condition on its day can apply, so
-- pages that want a day or a month ask this instead.  The window is
-- cut on published itself, with the time zone read once, so that
-- articles_published_cover_idx finds the rows.
CREATE FUNCTION mediamon_daily_tonality(d0 date, d1 date)
RETURNS TABLE (day date, source text, positive bigint, neutral bigint,
	       negative bigint, total bigint)
LANGUAGE plpgsql STABLE AS $$
DECLARE
	tz text := mediamon_timezone();
BEGIN
	RETURN QUERY
	SELECT (t.published AT TIME ZONE tz)::date, t.source,
	       count(*) FILTER (WHERE t.tonality = 'positive'),
	       count(*) FILTER (WHERE t.tonality = 'neutral'),
	       count(*) FILTER (WHERE t.tonality = 'negative'),
	       count(*)
	FROM v_article_tonality t
	WHERE t.published >= d0::timestamp AT TIME ZONE tz
	  AND t.published < (d1 + 1)::timestamp AT TIME ZONE tz
	GROUP BY 1, 2;
END
$$;
