#!/bin/sh
# 0980-concurrency: two crawlers and then two analyzers at once over the
# same sources and database give the result of one of each (issue 16):
# every article once, every page fetched, every mention, violation and
# story membership once.
. "$(dirname "$0")/../lib.sh"
start_pg
python3 "$TESTS_DIR/gen-web.py" "$TRASH/web" 120 2
start_fixture_server --root "$TRASH/web"

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 0
  per_host: 4
sources:
  - { name: big0, url: "$FIXTURE/feeds/big-0.xml" }
  - { name: big1, url: "$FIXTURE/feeds/big-1.xml" }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"
ONE="${PGDATABASE}_one"
psql -q -X -d postgres -c "CREATE DATABASE $ONE" >/dev/null

test_expect 'one crawler and one analyzer' '
	PGDATABASE=$ONE mm db migrate >/dev/null 2>&1 &&
	PGDATABASE=$ONE mm crawl >one-crawl.out 2>&1 &&
	PGDATABASE=$ONE mm analyze >one-analyze.out 2>&1 &&
	db_snapshot "$ONE" >one.snap && grep "^totals" one.snap
'

test_expect 'two crawlers at once, then two analyzers at once' '
	mm db migrate >/dev/null 2>&1 &&
	{ mm crawl >c1.out 2>&1 & p1=$!; } &&
	{ mm crawl >c2.out 2>&1 & p2=$!; } &&
	wait $p1 && wait $p2 &&
	{ mm analyze >a1.out 2>&1 & p1=$!; } &&
	{ mm analyze >a2.out 2>&1 & p2=$!; } &&
	wait $p1 && wait $p2 &&
	db_snapshot "$PGDATABASE" >two.snap && grep "^totals" two.snap &&
	test_cmp one.snap two.snap
'

psql -q -X -d postgres -c "DROP DATABASE IF EXISTS $ONE" >/dev/null 2>&1
finish
