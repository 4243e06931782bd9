#!/bin/sh
# 0400-crawl: `mediamon crawl` against the fixture web and a real
# PostgreSQL: good sources stored completely and once, hostile ones fail
# alone with their cause, a second crawl re-fetches nothing, an edited
# headline becomes a revision, two crawlers at once do not duplicate, and
# the evidence archive replays into an empty database identically.
. "$(dirname "$0")/../lib.sh"
start_pg
start_fixture_server
mm db migrate >/dev/null

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  user_agent: "mediamon-test/0.1 (+fixture)"
  timeout_s: 4
  max_bytes: 1048576
  per_host: 8
  delay_ms: 20
  concurrency: 32
  retries: 1
  allow_networks: [127.0.0.0/8]
  warc_dir: warc
sources:
  - { name: rss2, url: "$FIXTURE/feeds/rss2.xml" }
  - { name: rdf, url: "$FIXTURE/feeds/rdf.xml" }
  - { name: atom, url: "$FIXTURE/feeds/atom.xml" }
  - { name: cp1251-gzip, url: "$FIXTURE/gz/feeds/cp1251.xml" }
  - { name: koi8r, url: "$FIXTURE/feeds/koi8r.xml" }
  - { name: guid-lies, url: "$FIXTURE/feeds/guid-lies.xml" }
  - { name: rss2-after-429, url: "$FIXTURE/retry-after/1/feeds/rss2.xml" }
  - { name: listing, url: "$FIXTURE/", type: html,
      links: "//a[@class='news-link']/@href" }
  - { name: channel, url: "$FIXTURE/s/gp_kg", type: telegram }
  - { name: bad-500, url: "$FIXTURE/hostile/500" }
  - { name: bad-loop, url: "$FIXTURE/hostile/loop" }
  - { name: bad-metadata, url: "$FIXTURE/hostile/metadata" }
  - { name: bad-hang, url: "$FIXTURE/hostile/hang" }
  - { name: bad-trickle, url: "$FIXTURE/hostile/trickle" }
  - { name: bad-bomb, url: "$FIXTURE/hostile/gzip-bomb" }
  - { name: bad-endless, url: "$FIXTURE/hostile/endless" }
  - { name: bad-xxe, url: "$FIXTURE/hostile/xxe.xml" }
  - { name: bad-laughs, url: "$FIXTURE/hostile/billion-laughs.xml" }
  - { name: bad-not-a-feed, url: "$FIXTURE/hostile/not-a-feed.html" }
  - { name: bad-robots, url: "$FIXTURE/private/feed.xml" }
EOF
NEWS="18/prokuratura-vyyavila-narusheniya 18/prokuror-vstrecha-grazhdan 17/korrupciya-chinovnik 17/pogoda 16/ekologiya-issyk-kul"

# How many times the fixture has served an article page so far.
page_gets() {
	grep -c "GET /news/2026/11/.*\.html[^ ]* 200" "$TRASH/fixture.log"
}

test_expect 'a crawl with hostile sources stores the good ones, within a minute' '
	start=$(date +%s)
	mm crawl >crawl1.out 2>crawl1.err
	rc=$?
	took=$(( $(date +%s) - start ))
	cat crawl1.out crawl1.err; echo "exit $rc, took $took s"
	[ "$rc" = 0 ] && [ "$took" -lt 60 ] &&
	[ "$(sql "SELECT count(*) FROM articles")" = 7 ] &&
	[ "$(sql "SELECT count(*) FROM articles WHERE page_status = ${q}fetched${q}")" = 5 ] &&
	sql "SELECT canonical_url, title, md5(text), published, page_status FROM articles ORDER BY 1" >"$TRASH/first.snapshot"
'

test_expect 'every hostile source fails alone with its cause' '
	check() { grep -E "^$1 +failed .*$2" crawl1.out ||
		{ echo "no \"$2\" for $1"; return 1; }; } &&
	check bad-500 "HTTP 500" &&
	check bad-loop "redirect" &&
	check bad-metadata "169.254.169.254" &&
	check bad-hang "timed out" &&
	check bad-trickle "(timed out|too slow)" &&
	check bad-bomb "larger than" &&
	check bad-endless "larger than" &&
	check bad-not-a-feed "not an RSS or Atom feed" &&
	check bad-robots "robots.txt" &&
	check bad-xxe "external entity" &&
	check bad-laughs "entity expansion" &&
	for s in rss2 rdf atom cp1251-gzip koi8r guid-lies rss2-after-429 listing channel; do
		grep -E "^$s +ok " crawl1.out || { echo "$s not ok"; exit 1; }
	done &&
	for s in bad-500 bad-loop bad-metadata bad-hang bad-bomb; do
		grep -q "warn crawl $s: " crawl1.err ||
		{ echo "$s not named on stderr"; exit 1; }
	done
'

test_expect 'external entities and entity expansion leak nothing' '
	[ "$(sql "SELECT count(*) FROM articles WHERE concat(title, summary, text) ~ ${q}(root:|daemon:|lol)${q}")" = 0 ] &&
	[ "$(sql "SELECT coalesce(max(length(concat(title, summary, text))), 0) < 100000 FROM articles")" = t ]
'

test_expect 'one story linked by several feeds is stored and fetched once' '
	[ "$(sql "SELECT count(*) FROM article_sources a JOIN articles r ON r.id = a.article_id WHERE r.canonical_url LIKE ${q}%prokuratura-vyyavila-narusheniya.html${q}")" -ge 4 ] &&
	for p in $NEWS; do
		n=$(grep -c "GET /news/2026/11/$p.html[^ ]* 200" fixture.log)
		[ "$n" = 1 ] || { echo "$p fetched $n times"; exit 1; }
	done &&
	[ "$(sql "SELECT count(*) FROM articles WHERE canonical_url LIKE ${q}%utm_%${q}")" = 0 ]
'

test_expect 'a feed repeating one guid on every item loses no story' '
	[ "$(sql "SELECT items_new + items_seen FROM fetch_log WHERE kind = ${q}feed${q} AND source_id = (SELECT id FROM sources WHERE name = ${q}guid-lies${q})")" = 3 ] &&
	[ "$(sql "SELECT count(*) FROM article_sources JOIN sources s ON s.id = source_id WHERE s.name = ${q}guid-lies${q}")" = 3 ]
'

test_expect 'encodings: windows-1251 (gzip) and KOI8-R become clean UTF-8' '
	[ "$(sql "SELECT count(*) FROM articles WHERE position(chr(65533) in concat(title, text)) > 0 OR title !~ ${q}[А-Яа-я]${q}")" = 0 ] &&
	sql "SELECT title FROM articles ORDER BY title" | grep -q "^Генпрокуратура выявила нарушения"
'

test_expect 'relative Atom links and channel posts have absolute URLs; older posts followed' '
	[ "$(sql "SELECT count(*) FROM articles WHERE canonical_url !~ ${q}^https?://${q}")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM articles WHERE canonical_url LIKE ${q}%t.me/gp_kg/%${q} AND text <> ${q}${q}")" = 2 ] &&
	[ "$(sql "SELECT count(*) FROM articles WHERE canonical_url LIKE ${q}%t.me/gp_kg/%${q} AND cardinality(links) > 0")" -ge 1 ] &&
	grep -q "GET /s/gp_kg?before=1021 " fixture.log &&
	[ "$(grep -c "GET /s/gp_kg?before=" fixture.log)" = 1 ]
'

test_expect 'article text holds the body and dates were read' '
	[ "$(sql "SELECT count(*) FROM articles WHERE length(text) > 200")" -ge 5 ] &&
	[ "$(sql "SELECT count(*) FROM articles WHERE published IS NULL")" = 0 ]
'

test_expect 'the fetch log records each source and page' '
	sql "SELECT kind, status, count(*), count(error) FROM fetch_log GROUP BY 1, 2 ORDER BY 1, 2" &&
	[ "$(sql "SELECT count(*) FROM fetch_log WHERE kind <> ${q}article${q}")" = 20 ] &&
	[ "$(sql "SELECT count(*) FROM fetch_log WHERE status = ${q}failed${q} AND kind <> ${q}article${q} AND error <> ${q}${q}")" = 11 ] &&
	[ "$(sql "SELECT count(*) FROM fetch_log WHERE kind = ${q}article${q} AND status = ${q}ok${q}")" = 5 ] &&
	[ "$(sql "SELECT items_new + items_seen FROM fetch_log WHERE kind = ${q}feed${q} AND source_id = (SELECT id FROM sources WHERE name = ${q}rss2${q})")" = 3 ]
'

test_expect 'a second crawl stores nothing new and re-fetches no article' '
	before=$(page_gets) &&
	mm crawl >crawl2.out 2>crawl2.err &&
	grep -q " 0 new articles" crawl2.out &&
	[ "$(page_gets)" = "$before" ] &&
	[ "$(sql "SELECT count(*) FROM articles")" = 7 ] &&
	grep -E "^rss2 +not_modified +304" crawl2.out
'

test_expect 'an edited headline updates the article and keeps a revision' '
	curl -s "$FIXTURE/admin/edit?path=/feeds/rss2.xml&from=%D0%B2%D1%8B%D1%8F%D0%B2%D0%B8%D0%BB%D0%B0&to=%D0%BE%D0%B1%D0%BD%D0%B0%D1%80%D1%83%D0%B6%D0%B8%D0%BB%D0%B0" &&
	mm crawl --only rss2 >crawl3.out 2>crawl3.err &&
	cat crawl3.out &&
	grep -q " 1 updated" crawl3.out &&
	[ "$(sql "SELECT count(*) FROM articles")" = 7 ] &&
	[ "$(sql "SELECT title FROM article_revisions")" = "Генпрокуратура выявила нарушения при госзакупках в Чуйской области" ] &&
	sql "SELECT title, revision FROM articles WHERE title LIKE ${q}%обнаружила%${q}" | grep -q "|2$"
'

test_expect '--strict makes failing sources an error; an unknown --only is usage' '
	{ mm crawl --strict --only bad-500 >/dev/null 2>&1; [ $? = 1 ]; } &&
	{ mm crawl --only nosuch >/dev/null 2>err; [ $? = 2 ]; } &&
	grep -q "no source named .nosuch." err
'

test_expect 'two crawlers at once against an empty database store each story once' '
	psql -q -X -d postgres -c "CREATE DATABASE ${PGDATABASE}_two" &&
	PGDATABASE=${PGDATABASE}_two && export PGDATABASE &&
	mm db migrate >/dev/null &&
	{ mm crawl --only rss2 rdf atom koi8r listing >two1.out 2>&1 &
	  mm crawl --only rss2 rdf atom koi8r listing >two2.out 2>&1 &
	  wait; } &&
	n=$(sql "SELECT count(*) FROM articles") &&
	d=$(sql "SELECT count(DISTINCT canonical_url) FROM articles") &&
	echo "$n articles, $d distinct" && [ "$n" = 5 ] && [ "$d" = 5 ]
'

test_expect 'the WARC archive replays into an empty database identically' '
	first=$(ls warc/*.warc.gz | head -n 1) &&
	psql -q -X -d postgres -c "CREATE DATABASE ${PGDATABASE}_replay" &&
	PGDATABASE=${PGDATABASE}_replay && export PGDATABASE &&
	mm db migrate >/dev/null &&
	mm crawl --replay "$first" >replay.out 2>&1 &&
	sql "SELECT canonical_url, title, md5(text), published, page_status FROM articles ORDER BY 1" >replayed &&
	test_cmp first.snapshot replayed
'

test_expect 'the archive holds each page with the SHA-256 stored on its row' '
	sql "SELECT warc_file, warc_offset, body_sha256 FROM articles WHERE page_status = ${q}fetched${q} LIMIT 1" >row &&
	IFS="|" read -r file off sha <row &&
	python3 -c "
import hashlib, sys, zlib
path, off, sha = sys.argv[1], int(sys.argv[2]), sys.argv[3]
f = open(path, \"rb\"); f.seek(off)
rec = zlib.decompressobj(31).decompress(f.read())
head, _, block = rec.partition(b\"\r\n\r\n\")
assert b\"WARC-Type: response\" in head, head
n = [l for l in head.split(b\"\r\n\") if l.lower().startswith(b\"content-length:\")]
body = block[:int(n[0].split(b\":\")[1])].partition(b\"\r\n\r\n\")[2]
assert hashlib.sha256(body).hexdigest() == sha, \"digest mismatch\"
" "warc/$file" "$off" "$sha"
'

test_expect 're-extraction from the archive reproduces the stored text' '
	sql "SELECT id, md5(text) FROM articles WHERE page_status = ${q}fetched${q} ORDER BY id" >before &&
	sql "UPDATE articles SET text = ${q}${q} WHERE page_status = ${q}fetched${q}" &&
	mm crawl --reextract >rx.out 2>&1 && cat rx.out &&
	grep -q "5 articles extracted again, 0 failed" rx.out &&
	sql "SELECT id, md5(text) FROM articles WHERE page_status = ${q}fetched${q} ORDER BY id" >after &&
	test_cmp before after
'

test_expect 'export writes every article as JSON lines and CSV' '
	mm export articles --format jsonl >out.jsonl &&
	[ "$(wc -l <out.jsonl)" = 7 ] &&
	python3 -c "import json; [json.loads(l) for l in open(\"out.jsonl\")]" &&
	head -n 1 out.jsonl | grep -q "^{\"id\":[0-9]*,\"source\":" &&
	mm export articles --format csv --source channel >out.csv &&
	head -n 1 out.csv | grep -q "^id,source,url,title,published,fetched,lang,text" &&
	python3 -c "import csv; r = list(csv.reader(open(\"out.csv\", newline=\"\"))); assert len(r) == 3, r"
'

test_expect 'sources status reports the health of each source' '
	mm sources status >status.out && cat status.out &&
	grep -E "^rss2 " status.out && grep -E "^bad-500 .*failing: " status.out &&
	! grep -q "SILENT" status.out && ! grep -q "; *$" status.out
'

test_expect 'a source is called silent only once it has been watched long enough' '
	sql "UPDATE fetch_log SET fetched_at = fetched_at - interval ${q}5 days${q}
	     WHERE source_id = (SELECT id FROM sources WHERE name = ${q}bad-500${q})" &&
	mm sources status >status2.out && cat status2.out &&
	grep -E "^bad-500 .*SILENT: nothing new for 3 days; failing: " status2.out &&
	! grep -E "^rss2 .*SILENT" status2.out
'

test_expect 'a crawl that cannot reach the database exits 1 and says so' '
	{ mm --db "host=$TRASH/none dbname=x" crawl >/dev/null 2>err; [ $? = 1 ]; } &&
	grep -q "cannot reach the database" err
'

finish
