#!/bin/sh
# 0980-concurrency: three crawlers and then three analyzers at once over
# the same sources and database give the result of one of each (issues
# 16, 17): every article once, every page fetched, every mention,
# violation and story membership once; the crawlers share the sources
# (each feed fetched once) and keep one host's delay between them all.
. "$(dirname "$0")/../lib.sh"
start_pg
python3 "$TESTS_DIR/gen-web.py" "$TRASH/web" 120 6
start_fixture_server --root "$TRASH/web"

sources() {
	cat <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: $1
  per_host: $2
  max_articles: $3
sources:
EOF
	for k in 0 1 2 3 4 5; do
		echo "  - { name: big$k, url: \"$FIXTURE/feeds/big-$k.xml\" }"
	done
}
sources 0 4 1000 >"$TRASH/sources.yaml"
export MEDIAMON_SOURCES="$TRASH/sources.yaml"
ONE="${PGDATABASE}_one"
POLITE="${PGDATABASE}_polite"
psql -q -X -d postgres -c "CREATE DATABASE $ONE" \
	-c "CREATE DATABASE $POLITE" >/dev/null

# served_since LINE PATTERN: requests logged after line LINE whose path
# matches PATTERN, one a line.
served_since() {
	tail -n "+$(($1 + 1))" "$TRASH/fixture.log" | grep "$2"
}

test_expect 'one crawler and one analyzer' '
	PGDATABASE=$ONE mm db migrate >/dev/null 2>&1 &&
	PGDATABASE=$ONE mm crawl >one-crawl.out 2>&1 &&
	PGDATABASE=$ONE mm analyze >one-analyze.out 2>&1 &&
	db_snapshot "$ONE" >one.snap && grep "^totals" one.snap
'

test_expect 'three crawlers at once, then three analyzers at once' '
	mm db migrate >/dev/null 2>&1 &&
	mark=$(wc -l <"$TRASH/fixture.log") &&
	{ mm crawl >c1.out 2>&1 & p1=$!; } &&
	{ mm crawl >c2.out 2>&1 & p2=$!; } &&
	{ mm crawl >c3.out 2>&1 & p3=$!; } &&
	wait $p1 && wait $p2 && wait $p3 &&
	{ mm analyze >a1.out 2>&1 & p1=$!; } &&
	{ mm analyze >a2.out 2>&1 & p2=$!; } &&
	{ mm analyze >a3.out 2>&1 & p3=$!; } &&
	wait $p1 && wait $p2 && wait $p3 &&
	db_snapshot "$PGDATABASE" >three.snap && grep "^totals" three.snap &&
	test_cmp one.snap three.snap &&
	served_since "$mark" " /feeds/big-" | cut -d" " -f2 | sort |
		uniq -c | awk "{ print \$1 }" | sort -u >feeds.count &&
	echo 1 >feeds.want && test_cmp feeds.want feeds.count &&
	grep -h "^crawl:" c1.out c2.out c3.out
'

# Politeness across crawlers: three at once, each with its own sources
# on the one host 127.0.0.1, one request at a time to it and 150 ms
# between starts.  Kept only by each crawler, the delay would let the
# three interleave (a span of about a third); booked in the database,
# the n requests span at least (n - 1) delays.  (A lower bound only:
# the machine being slow makes the span longer, never shorter.)
test_expect 'three crawlers keep one delay per host between them' '
	sources 150 1 3 >polite.yaml &&
	export MEDIAMON_SOURCES="$TRASH/polite.yaml" &&
	PGDATABASE=$POLITE mm db migrate >/dev/null 2>&1 &&
	mark=$(wc -l <"$TRASH/fixture.log") &&
	{ PGDATABASE=$POLITE mm crawl --only big0 --only big1 >p1.out 2>&1 &
	  p1=$!; } &&
	{ PGDATABASE=$POLITE mm crawl --only big2 --only big3 >p2.out 2>&1 &
	  p2=$!; } &&
	{ PGDATABASE=$POLITE mm crawl --only big4 --only big5 >p3.out 2>&1 &
	  p3=$!; } &&
	wait $p1 && wait $p2 && wait $p3 &&
	served_since "$mark" " t=" | sed "s/.* t=\([0-9.]*\) .*/\1/" |
		sort -n >times &&
	awk "NR == 1 { first = \$1 } { last = \$1 }
	     END { need = (NR - 1) * 0.150 * 0.9
		   printf \"%d requests over %.2f s, at least %.2f s\\n\",
			  NR, last - first, need
		   exit !(NR >= 20 && last - first >= need) }" times
'

psql -q -X -d postgres -c "DROP DATABASE IF EXISTS $ONE" \
	-c "DROP DATABASE IF EXISTS $POLITE" >/dev/null 2>&1
finish
