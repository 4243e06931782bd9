#!/bin/sh
# 0970-crash-consistency: crawl and analyze killed (SIGKILL) at random
# moments, again and again, then run to completion, must leave the same
# database as one clean run (issue 16): no article stored twice or lost,
# no page left unfetched, no mention, violation or story membership
# counted twice.  The delays come from MM_KILL_SEED (printed), so a
# failure can be replayed: MM_KILL_SEED=N make test T=0970.  The hammer
# is kill_at_random in tests/lib.sh, for any stage.
. "$(dirname "$0")/../lib.sh"
start_pg
SEED=${MM_KILL_SEED:-$(date +%s)}
echo "# seed $SEED"
python3 "$TESTS_DIR/gen-web.py" "$TRASH/web" 120 3
start_fixture_server --root "$TRASH/web"

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 0
  per_host: 4
  retries: 0
sources:
  - { name: big0, url: "$FIXTURE/feeds/big-0.xml" }
  - { name: big1, url: "$FIXTURE/feeds/big-1.xml" }
  - { name: big2, url: "$FIXTURE/feeds/big-2.xml" }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"
CLEAN="${PGDATABASE}_clean"
psql -q -X -d postgres -c "CREATE DATABASE $CLEAN" >/dev/null

test_expect 'one clean crawl and analysis' '
	PGDATABASE=$CLEAN mm db migrate >/dev/null 2>&1 &&
	PGDATABASE=$CLEAN mm crawl >clean-crawl.out 2>&1 &&
	PGDATABASE=$CLEAN mm analyze >clean-analyze.out 2>&1 &&
	db_snapshot "$CLEAN" >clean.snap &&
	grep "^totals" clean.snap &&
	[ "$(PGDATABASE=$CLEAN sql "SELECT count(*) FROM articles")" = 120 ] &&
	[ "$(PGDATABASE=$CLEAN sql "SELECT count(*) FROM mentions")" -gt 0 ]
'

test_expect 'crawl killed at random moments, then completed' '
	mm db migrate >/dev/null 2>&1 &&
	kill_at_random "$SEED" 6 2500 "$MEDIAMON" crawl &&
	cat "$TRASH/kill.final.out" &&
	[ "$(sql "SELECT count(*) FROM crawl_runs WHERE status = ${q}running$q")" = 0 ]
'

test_expect 'analyze killed at random moments, then completed' '
	kill_at_random "$((SEED + 1))" 6 2500 "$MEDIAMON" analyze &&
	cat "$TRASH/kill.final.out"
'

test_expect 'the database is the clean run'"'"'s: nothing lost or twice' '
	db_snapshot "$PGDATABASE" >killed.snap &&
	grep "^totals" killed.snap &&
	test_cmp clean.snap killed.snap
'

psql -q -X -d postgres -c "DROP DATABASE IF EXISTS $CLEAN" >/dev/null 2>&1
finish
