-- 014_deciding_words.sql - the words that decided an analysis's
-- tonality, stored with it (issue 13: a digest of a 20,000-article day
-- made again in under 50 ms).  The digest shows them beside each of its
-- 2,000 materials and took them from the evidence: the server wrote
-- each evidence out as JSON text and the digest parsed it back, a fifth
-- of the page's time, to keep four words of it.
--
-- The analyser stores them now (analyzer/excerpt/words.c): the evidence
-- pulling the analysis's way, strongest first, comma-separated; '' for a
-- neutral analysis.  NULL where the text does not mention the office,
-- and in analyses written before this migration, whose words the digest
-- still takes from the evidence (until "mediamon analyze --all").
ALTER TABLE article_analysis ADD COLUMN words text;

-- 013's rows of a period, and their words: the analyser's while its
-- tonality stands, NULL where an analyst decided another (the words
-- pulling that way are in the evidence).  The result type grows, so the
-- function is made again; its callers (mediamon_daily_tonality, the
-- digest) name it by name and are planned with the new one.
DROP FUNCTION mediamon_mentions_between(timestamptz, timestamptz);
CREATE FUNCTION mediamon_mentions_between(t0 timestamptz, t1 timestamptz)
RETURNS TABLE (article_id bigint, tonality text, by_analyst boolean,
	       day_at timestamptz, note text, evidence jsonb, sentence text,
	       prominence real, words text)
LANGUAGE sql STABLE AS $$
	SELECT aa.article_id, coalesce(o.tonality, aa.tonality),
	       o.tonality IS NOT NULL, aa.day_at, o.note, aa.evidence,
	       aa.sentence, aa.prominence,
	       CASE WHEN coalesce(o.tonality, aa.tonality) = aa.tonality
		    THEN aa.words END
	  FROM article_analysis aa
	  LEFT JOIN tonality_overrides o ON o.article_id = aa.article_id
	 WHERE aa.tonality IS NOT NULL
	   AND aa.day_at >= t0 AND aa.day_at < t1
	UNION ALL
	SELECT o.article_id, o.tonality, true, o.day_at, o.note, aa.evidence,
	       aa.sentence, aa.prominence, NULL
	  FROM tonality_overrides o
	  JOIN article_analysis aa ON aa.article_id = o.article_id
	 WHERE aa.tonality IS NULL
	   AND o.day_at >= t0 AND o.day_at < t1
$$;
