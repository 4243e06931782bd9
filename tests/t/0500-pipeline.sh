#!/bin/sh
# 0500-pipeline: the daily job end to end on the fixture web (crawl, then
# analyze, through the database), and an analyzer killed in the middle of
# a run that, run again, leaves every article analysed exactly once.
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
  - { name: rss2, url: "$FIXTURE/feeds/rss2.xml" }
  - { name: atom, url: "$FIXTURE/feeds/atom.xml" }
  - { name: listing, url: "$FIXTURE/", type: html,
      links: "//a[@class='news-link']/@href" }
  - { name: channel, url: "$FIXTURE/s/gp_kg", type: telegram }
EOF

test_expect 'run crawls and analyses what it crawled' '
	mm run >run.out 2>run.err; rc=$?
	cat run.out run.err
	[ "$rc" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM articles")" = 7 ] &&
	[ "$(sql "SELECT count(*) FROM article_analysis")" = 7 ] &&
	[ "$(sql "SELECT count(DISTINCT article_id) FROM mentions")" -ge 5 ] &&
	grep -q "^digest: .*/digest/[0-9-]*.html$" run.out &&
	grep -q "^alerts: 0 new" run.out
'

test_expect 'the weather story has no mention; the office stories do' '
	[ "$(sql "SELECT count(*) FROM mentions m JOIN articles a ON a.id = m.article_id WHERE a.canonical_url LIKE ${q}%pogoda.html${q}")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM v_mentions WHERE url LIKE ${q}%prokuratura-vyyavila-narusheniya.html${q}")" -ge 1 ]
'

test_expect 'the views show what was found, per day in Bishkek time' '
	[ "$(sql "SELECT sum(total) FROM v_daily_tonality")" -ge 5 ] &&
	[ "$(sql "SELECT count(*) FROM v_violations WHERE department IS NOT NULL")" -ge 1 ]
'

test_expect 'a second run finds nothing new to crawl or analyse' '
	sql "SELECT article_id, analyzed_at FROM article_analysis ORDER BY 1" >before &&
	mm run >run2.out 2>run2.err &&
	grep -q " 0 new articles" run2.out &&
	grep -q "^partitions: 0 made, 0 dropped" run2.out &&
	sql "SELECT article_id, analyzed_at FROM article_analysis ORDER BY 1" >after &&
	test_cmp before after
'

test_expect 'an analyzer killed mid-run leaves nothing half done' '
	sql "INSERT INTO articles (source_id, url, canonical_url, title, text)
	     SELECT a.source_id, a.url || ${q}?copy=${q} || g, a.canonical_url || ${q}?copy=${q} || g, a.title, a.text
	     FROM articles a, generate_series(1, 300) g
	     WHERE a.canonical_url LIKE ${q}%prokuratura-vyyavila-narusheniya.html${q}" &&
	mm_exec analyze --batch 1 >/dev/null 2>&1 &
	pid=$!
	sleep 0.7
	kill -9 $pid
	wait $pid 2>/dev/null
	done1=$(sql "SELECT count(*) FROM article_analysis")
	echo "analysed before the kill: $done1 of 307"
	[ "$done1" -lt 307 ] || echo "note: the kill came after the run ended"
	mm analyze >/dev/null 2>err &&
	[ "$(sql "SELECT count(*) FROM article_analysis")" = 307 ] &&
	[ "$(sql "SELECT count(*) FROM (SELECT article_id, start_byte FROM mentions GROUP BY 1, 2 HAVING count(*) > 1) d")" = 0 ] &&
	[ "$(sql "SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM mentions m JOIN articles a ON a.id = m.article_id WHERE a.canonical_url LIKE ${q}%prokuratura-vyyavila-narusheniya.html%${q} GROUP BY m.article_id) c")" = 1 ] &&
	[ "$(sql "SELECT count(DISTINCT n) FROM (SELECT count(*) AS n FROM violations v JOIN articles a ON a.id = v.article_id WHERE a.canonical_url LIKE ${q}%prokuratura-vyyavila-narusheniya.html%${q} GROUP BY v.article_id) c")" -le 1 ]
'

finish
