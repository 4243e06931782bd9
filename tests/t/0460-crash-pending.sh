#!/bin/sh
# 0460-crash-pending: a crawl killed after a feed was stored but before
# its article pages came (issue 16).  The feed's validators were saved,
# so the next run gets 304 Not Modified for it; the pages it announced
# must be fetched all the same, and the killed run's row is closed as
# 'interrupted', not left 'running'.
. "$(dirname "$0")/../lib.sh"
start_pg
mkdir -p "$TRASH/web"
cp -R "$TESTS_DIR/fixtures/web/." "$TRASH/web/"
# The pages answer after 3 s: time to kill the crawler in between.
sed 's|{{BASE}}/news/|{{BASE}}/slow/3000/news/|' \
	"$TESTS_DIR/fixtures/web/feeds/rss2.xml" >"$TRASH/web/feeds/rss2.xml"
start_fixture_server --root "$TRASH/web"
mm db migrate >/dev/null

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 0
  per_host: 8
sources:
  - { name: rss2, url: "$FIXTURE/feeds/rss2.xml" }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

pending() {
	sql "SELECT count(*) FROM articles WHERE page_status = ${q}pending$q"
}

test_expect 'a crawl killed between its feed and its pages' '
	"$MEDIAMON" crawl >kill.out 2>kill.err &
	pid=$!
	for _ in $(seq 100); do
		[ "$(pending)" -ge 3 ] && break
		sleep 0.1
	done
	kill -9 $pid; wait $pid
	[ "$(pending)" = 3 ] &&
	[ -n "$(sql "SELECT etag FROM sources WHERE name = ${q}rss2$q")" ] &&
	[ "$(sql "SELECT status FROM crawl_runs")" = running ]
'

test_expect 'the next run fetches the pending pages though the feed is 304' '
	mm crawl >next.out 2>next.err; rc=$?
	cat next.out next.err
	[ "$rc" = 0 ] && grep -E "^rss2 +not.modified" next.out &&
	[ "$(pending)" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM articles WHERE page_status = ${q}fetched$q")" = 3 ]
'

test_expect 'the killed run is closed as interrupted, the next as finished' '
	sql "SELECT id, status, finished_at IS NOT NULL FROM crawl_runs ORDER BY id" >runs &&
	cat runs &&
	[ "$(sed -n 1p runs | cut -d"|" -f2,3)" = "interrupted|t" ] &&
	[ "$(sed -n 2p runs | cut -d"|" -f2,3)" = "finished|t" ]
'

test_expect 'a run still alive is not closed by another' '
	"$MEDIAMON" crawl >a.out 2>a.err &
	pid=$!
	for _ in $(seq 50); do
		[ "$(sql "SELECT count(*) FROM crawl_runs WHERE status = ${q}running$q")" = 1 ] && break
		sleep 0.1
	done
	mm crawl >b.out 2>b.err; wait $pid
	[ "$(sql "SELECT count(*) FROM crawl_runs WHERE status = ${q}interrupted$q")" = 1 ] &&
	[ "$(sql "SELECT count(*) FROM crawl_runs WHERE status = ${q}finished$q")" = 3 ]
'

finish
