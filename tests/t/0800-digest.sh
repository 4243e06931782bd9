#!/bin/sh
# 0800-digest: a fixture day (tests/fixtures/web/digest: the office's
# press release and three outlets retelling it, a negative and a positive
# mention, violations, a title carrying <script> and onerror=) crawled,
# analysed and digested in all three formats; stories, pickups and the
# media index checked; the HTML opened in headless chromium.
. "$(dirname "$0")/../lib.sh"
start_pg
start_fixture_server
mm db migrate >/dev/null

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 10
  per_host: 4
sources:
  - { name: gp, url: "$FIXTURE/digest/gp/rss.xml", own: true, weight: 1 }
  - { name: kabar, url: "$FIXTURE/digest/a/rss.xml", weight: 0.9 }
  - { name: vesti, url: "$FIXTURE/digest/b/rss.xml", weight: 0.7 }
  - { name: kaktus, url: "$FIXTURE/digest/c/rss.xml", weight: 0.6 }
EOF

# json FILE PYTHON-EXPRESSION: evaluate with d = the parsed file
json() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

test_expect 'the fixture day is crawled, analysed and clustered' '
	mm crawl >/dev/null 2>&1 && mm analyze 2>err && cat err &&
	[ "$(sql "SELECT count(*) FROM articles")" = 11 ] &&
	grep -q "stories: 11 articles clustered" err
'

test_expect 'the release and its three retellings are one story; pickups' '
	sql "SELECT count(*), count(DISTINCT x.story_id) FROM article_stories x
	     JOIN articles a ON a.id = x.article_id
	     WHERE a.canonical_url ~ ${q}(release-1|sokuluk-pastbishcha|pastbishcha-sokuluk|sokuluk-zemli)${q}" >got &&
	echo "4|1" >want && test_cmp want got &&
	[ "$(sql "SELECT outlets FROM stories s JOIN articles a ON a.id = s.original_id WHERE a.canonical_url LIKE ${q}%release-1%${q}")" = 3 ] &&
	sql "SELECT source, hours > 0 AND hours < 10 FROM v_pickups ORDER BY source" >got &&
	printf "kabar|t\nkaktus|t\nvesti|t\n" >want && test_cmp want got &&
	[ "$(sql "SELECT count(*) FROM press_releases")" = 1 ]
'

test_expect 'other events stay in stories of their own' '
	[ "$(sql "SELECT count(*) FROM stories")" = 7 ] &&
	[ "$(sql "SELECT max(articles) FROM stories WHERE original_id IN (SELECT id FROM articles WHERE canonical_url LIKE ${q}%posobiya%${q})")" = 1 ]
'

test_expect 're-running changes no story, pickup or media index' '
	q_state="SELECT x.article_id, x.story_id, x.via, x.similarity FROM article_stories x ORDER BY 1" &&
	sql "$q_state" >before &&
	sql "SELECT * FROM pickups ORDER BY 1, 2" >>before &&
	sql "SELECT article_id, start_byte, media_index FROM mentions ORDER BY 1, 2" >>before &&
	mm analyze 2>/dev/null && mm analyze --all 2>/dev/null &&
	sql "$q_state" >after &&
	sql "SELECT * FROM pickups ORDER BY 1, 2" >>after &&
	sql "SELECT article_id, start_byte, media_index FROM mentions ORDER BY 1, 2" >>after &&
	test_cmp before after
'

test_expect 'the media index: sign of the tonality, weight and resonance' '
	[ "$(sql "SELECT media_index < 0 FROM v_mentions WHERE url LIKE ${q}%advokat-osh%${q} LIMIT 1")" = t ] &&
	[ "$(sql "SELECT resonance FROM v_mentions WHERE url LIKE ${q}%sokuluk-zemli%${q} LIMIT 1")" = 3 ] &&
	[ "$(sql "SELECT count(*) FROM v_mentions WHERE source = ${q}gp${q}")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM mentions WHERE media_index IS NULL")" = 0 ]
'

test_expect 'prominence: the headline, the lead, in passing' '
	[ "$(sql "SELECT DISTINCT prominence FROM v_mentions WHERE url LIKE ${q}%advokat-osh%${q}")" = 1 ] &&
	[ "$(sql "SELECT DISTINCT prominence FROM v_mentions WHERE url LIKE ${q}%sokuluk-zemli%${q}")" = 0.8 ] &&
	[ "$(sql "SELECT DISTINCT prominence FROM v_mentions WHERE url LIKE ${q}%pastbishcha-sokuluk%${q}")" = 0.3 ]
'

# Totals as the analyzer with its tonality model gives them: the Vesti
# pickup of the pastures' return ("как пояснили в прокуратуре") is the
# office's result, positive (the rules alone said neutral).
test_expect 'JSON digest: the contract, key by key' '
	mm digest --date 2026-11-17 --format json >d.json &&
	[ "$(json d.json "sorted(k for k in d if k in {\"date\",\"totals\",\"mentions\",\"violations\",\"press_releases\",\"stories\",\"sources_failed\",\"review_due\"})")" = "[${q}date${q}, ${q}mentions${q}, ${q}press_releases${q}, ${q}review_due${q}, ${q}sources_failed${q}, ${q}stories${q}, ${q}totals${q}, ${q}violations${q}]" ] &&
	[ "$(json d.json "d[\"date\"]")" = 2026-11-17 ] &&
	[ "$(json d.json "[d[\"totals\"][k] for k in (\"articles\",\"mentions\",\"positive\",\"neutral\",\"negative\")]")" = "[9, 6, 4, 1, 1]" ] &&
	[ "$(json d.json "all(set(m) >= {\"url\",\"source\",\"title\",\"published\",\"tonality\",\"evidence\",\"media_index\",\"story_id\"} for m in d[\"mentions\"])")" = True ] &&
	[ "$(json d.json "d[\"mentions\"][0][\"tonality\"], d[\"mentions\"][0][\"source\"], d[\"mentions\"][0][\"media_index\"] < 0, len(d[\"mentions\"][0][\"evidence\"]) > 0")" = "negative kabar True True" ] &&
	[ "$(json d.json "all(set(v) >= {\"case_id\",\"url\",\"source\",\"title\",\"category\",\"region\",\"department\",\"regional_office\"} for v in d[\"violations\"])")" = True ] &&
	[ "$(json d.json "sorted((v[\"category\"], v[\"region\"]) for v in d[\"violations\"] if v[\"category\"] in (\"torture\", \"labour\"))")" = "[(${q}labour${q}, ${q}naryn${q}), (${q}torture${q}, ${q}osh${q}), (${q}torture${q}, ${q}osh_city${q}), (${q}torture${q}, ${q}osh_city${q})]" ] &&
	[ "$(json d.json "[(p[\"title\"][:40], sorted(x[\"source\"] for x in p[\"pickups\"])) for p in d[\"press_releases\"]]")" = "[(${q}Прокуратура Чуйской области вернула госу${q}, [${q}kabar${q}, ${q}kaktus${q}, ${q}vesti${q}])]" ] &&
	[ "$(json d.json "all(set(p) >= {\"url\",\"source\",\"published\",\"tonality\"} for r in d[\"press_releases\"] for p in r[\"pickups\"])")" = True ] &&
	[ "$(json d.json "max((s[\"outlets\"], s[\"articles\"]) for s in d[\"stories\"])")" = "(3, 4)" ] &&
	[ "$(json d.json "d[\"sources_failed\"], d[\"review_due\"]")" = "[] False" ]
'

test_expect 'HTML digest: the injected markup is text, never live' '
	mm digest --date 2026-11-17 --out digest.html &&
	grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" digest.html &&
	grep -q "&lt;img src=x onerror=alert(2)&gt;" digest.html &&
	! grep -qi "<script" digest.html && ! grep -q "<img" digest.html &&
	grep -q "<html lang=\"ru\">" digest.html && grep -q "<svg " digest.html &&
	grep -q "17 ноября 2026 г." digest.html &&
	! grep -qi "src=\"http\|href=\"javascript" digest.html
'

# The analyser stores each mentioning analysis's sentence and prominence
# (sql/013) and the words that decided its tonality (sql/014; triggers
# copy the article's source and story); analyses written before have
# none, and the digest cuts the sentence from the text and takes the
# words from the evidence: the same digest, byte for byte.  A neutral
# material an analyst turned negative shows the words of its evidence
# pulling that way (none are stored for a neutral one).
test_expect 'stored sentences and words are the ones taken from text and evidence' '
	[ "$(sql "SELECT count(*) FROM article_analysis WHERE tonality IS NOT NULL AND (sentence IS NULL OR prominence IS NULL OR words IS NULL)")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM article_analysis WHERE tonality IS NOT NULL")" -ge 6 ] &&
	[ "$(sql "SELECT count(*) FROM article_analysis WHERE tonality IS NULL AND (sentence IS NOT NULL OR words IS NOT NULL)")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM article_analysis WHERE tonality = ${q}neutral${q} AND words <> ${q}${q}")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM article_analysis aa WHERE tonality IS NOT NULL AND prominence IS DISTINCT FROM (SELECT max(prominence) FROM mentions m WHERE m.article_id = aa.article_id)")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM article_analysis aa JOIN articles a ON a.id = aa.article_id LEFT JOIN article_stories x ON x.article_id = a.id WHERE aa.source_id IS DISTINCT FROM a.source_id OR aa.story_id IS DISTINCT FROM x.story_id")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM article_analysis WHERE story_id IS NOT NULL")" -ge 6 ] &&
	left=$(sql "SELECT min(article_id) FROM article_analysis WHERE story_id IS NOT NULL") &&
	[ "$(printf "%s\n" "BEGIN;" "DELETE FROM article_stories WHERE article_id = $left;" "SELECT coalesce(story_id, 0) FROM article_analysis WHERE article_id = $left;" "ROLLBACK;" | psql -X -A -t -q -v ON_ERROR_STOP=1)" = 0 ] &&
	turned=$(sql "SELECT aa.article_id FROM article_analysis aa JOIN articles a ON a.id = aa.article_id WHERE aa.tonality = ${q}neutral${q} AND a.day_at >= timestamptz ${q}2026-11-17 00:00:00+06${q} AND a.day_at < timestamptz ${q}2026-11-18 00:00:00+06${q} AND EXISTS (SELECT 1 FROM jsonb_array_elements(aa.evidence) e WHERE (e->>${q}weight${q})::float < 0) AND NOT EXISTS (SELECT 1 FROM tonality_overrides o WHERE o.article_id = aa.article_id) ORDER BY 1 LIMIT 1") &&
	test -n "$turned" &&
	[ "$(sql "SELECT words FROM article_analysis WHERE article_id = $turned")" = "" ] &&
	sql "INSERT INTO tonality_overrides (article_id, tonality, set_by) VALUES ($turned, ${q}negative${q}, ${q}test${q})" &&
	mm digest --date 2026-11-17 --format json >stored.json &&
	mm digest --date 2026-11-17 --out stored.html &&
	mm digest --date 2026-11-17 --format text >stored.txt &&
	json stored.json "len(d[\"mentions\"]) >= 6 and all(\"прокур\" in m[\"sentence\"].lower() for m in d[\"mentions\"])" | grep -qx True &&
	json stored.json "[m[\"words\"] for m in d[\"mentions\"] if m[\"article_id\"] == $turned]" >turned.words &&
	cat turned.words && grep -q "^\[${q}..*${q}\]$" turned.words &&
	sql "UPDATE article_analysis SET sentence = NULL, words = NULL" &&
	mm digest --date 2026-11-17 --format json >cut.json &&
	mm digest --date 2026-11-17 --out cut.html &&
	mm digest --date 2026-11-17 --format text >cut.txt &&
	test_cmp stored.json cut.json && test_cmp stored.html cut.html &&
	test_cmp stored.txt cut.txt &&
	sql "DELETE FROM tonality_overrides WHERE article_id = $turned" &&
	mm digest --date 2026-11-17 --format json >stored.json &&
	mm analyze --all >/dev/null 2>&1 &&
	[ "$(sql "SELECT count(*) FROM article_analysis WHERE tonality IS NOT NULL AND (sentence IS NULL OR words IS NULL)")" = 0 ] &&
	mm digest --date 2026-11-17 --format json >again.json && test_cmp stored.json again.json
'

# sql/014 rounds the media index in floating point: the values of 002's
# numeric rounding, on a grid of every input the index takes.
test_expect 'the media index keeps its values' '
	cat >old-index.sql <<-EOF &&
	CREATE FUNCTION pg_temp.old_index(weight real, prominence real,
					  tonality text, outlets integer)
	RETURNS real LANGUAGE sql IMMUTABLE AS \$\$
		SELECT round((100 * coalesce(weight, 0.5) * coalesce(prominence, 0.3)
			* CASE tonality WHEN ${q}positive${q} THEN 1 WHEN ${q}neutral${q} THEN 0.5
					ELSE -1 END
			* (1 + ln(greatest(coalesce(outlets, 1), 1)) / ln(2)))::numeric,
			1)::real
	\$\$;
	SELECT count(*), count(*) FILTER (WHERE mediamon_media_index(w, p, t, o)
		IS DISTINCT FROM pg_temp.old_index(w, p, t, o))
	  FROM (SELECT (wi / 100.0)::real w, (pi / 100.0)::real p, t, o
		  FROM generate_series(0, 100) wi, generate_series(0, 100, 5) pi,
		       unnest(ARRAY[${q}positive${q}, ${q}neutral${q}, ${q}negative${q}, NULL]) t,
		       generate_series(0, 40) o
		UNION ALL
		SELECT NULL, NULL, ${q}neutral${q}, NULL) g;
	EOF
	psql -X -q -At -F " " -v ON_ERROR_STOP=1 -f old-index.sql >index.out &&
	cat index.out && [ "$(cut -d" " -f2 index.out)" = 0 ] &&
	[ "$(cut -d" " -f1 index.out)" -gt 300000 ]
'

test_expect 'text digest in Russian: dates, plural forms, sections' '
	mm digest --date 17.11.2026 --format text >d.txt && cat d.txt | head -20 &&
	grep -q "^Дайджест СМИ: 17 ноября 2026 г." d.txt &&
	grep -q "6 материалов о ведомстве, 4 сюжета" d.txt &&
	grep -q "3 издания, 4 материала" d.txt &&
	grep -q "(3 перепечатки)" d.txt &&
	grep -q "решили слова: бездействует" d.txt
'

test_expect 'Kyrgyz and English digests come from their catalogs' '
	mm digest --date 2026-11-17 --format text --lang ky >ky.txt &&
	grep -q "^ЖМК дайджести: 2026-жылдын 17-ноябры" ky.txt &&
	mm digest --date 2026-11-17 --format text --lang en >en.txt &&
	grep -q "^Media digest: 17 November 2026" en.txt &&
	grep -q "3 outlets, 4 articles" en.txt &&
	{ mm digest --lang fr 2>err; [ $? = 2 ]; }
'

test_expect 'a day with no data is a digest that says so' '
	mm digest --date 2026-10-01 --format text >empty.txt &&
	grep -q "не сохранено ни одного материала" empty.txt &&
	mm digest --date 2026-10-01 --format json >empty.json &&
	[ "$(json empty.json "d[\"totals\"][\"articles\"], d[\"mentions\"]")" = "0 []" ]
'

test_expect '--send without mail settings is a clear error' '
	{ mm digest --date 2026-11-17 --send >/dev/null 2>err; [ $? = 1 ]; } &&
	grep -q "needs .smtp:. and leadership e-mails" err
'

test_expect 'run writes the finished day under var/digest/' '
	mm run >run.out 2>run.err; cat run.err | tail -3
	ls "$MEDIAMON_VAR"/digest/*.html "$MEDIAMON_VAR"/digest/*.json &&
	grep -q "^digest: $MEDIAMON_VAR/digest/[0-9-]*.html" run.out &&
	[ "$(sql "SELECT count(*) FROM digests WHERE format = ${q}html${q}")" -ge 1 ]
'

test_expect 'headless chromium renders the digest (screenshot kept)' '
	screenshot "file://$TRASH/digest.html" "$ARTIFACTS/digest.png" 900,3200 &&
	[ "$(wc -c <"$ARTIFACTS/digest.png")" -gt 50000 ]
'

# Violations, analysts' corrections and analyses carry their article's
# moment (the digest finds a day's by it): set on insert, moved with it.
test_expect 'violations and corrections move with their article'"'"'s date' '
	a=$(sql "SELECT v.article_id FROM v_violations v WHERE NOT v.own AND NOT EXISTS (SELECT 1 FROM tonality_overrides o WHERE o.article_id = v.article_id) AND v.day_at >= timestamptz ${q}2026-11-17 00:00:00+06${q} AND v.day_at < timestamptz ${q}2026-11-18 00:00:00+06${q} ORDER BY 1 LIMIT 1") &&
	[ -n "$a" ] && day=$(sql "SELECT day_at FROM articles WHERE id = $a") &&
	sql "INSERT INTO tonality_overrides (article_id, tonality, set_by) VALUES ($a, ${q}neutral${q}, ${q}test${q})" &&
	[ "$(sql "SELECT day_at FROM tonality_overrides WHERE article_id = $a")" = "$day" ] &&
	[ "$(sql "SELECT count(*) FROM violations WHERE day_at IS NULL")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM violations v JOIN articles a ON a.id = v.article_id WHERE v.day_at IS DISTINCT FROM a.day_at")" = 0 ] &&
	url=$(sql "SELECT canonical_url FROM articles WHERE id = $a") &&
	mm digest --date 2026-11-17 --format json >unmoved.json &&
	[ "$(json unmoved.json "any(v[\"url\"] == \"$url\" for v in d[\"violations\"])")" = True ] &&
	sql "UPDATE articles SET published = published - interval ${q}3 days${q} WHERE id = $a" &&
	[ "$(sql "SELECT count(DISTINCT day_at) FROM (SELECT day_at FROM articles WHERE id = $a UNION ALL SELECT day_at FROM violations WHERE article_id = $a UNION ALL SELECT day_at FROM tonality_overrides WHERE article_id = $a UNION ALL SELECT day_at FROM article_analysis WHERE article_id = $a) x")" = 1 ] &&
	[ "$(sql "SELECT day_at < timestamptz ${q}$day${q} FROM articles WHERE id = $a")" = t ] &&
	mm digest --date 2026-11-17 --format json >moved.json &&
	[ "$(json moved.json "any(v[\"url\"] == \"$url\" for v in d[\"violations\"])")" = False ]
'

finish
