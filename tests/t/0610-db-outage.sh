#!/bin/sh
# 0610-db-outage: the database is down, goes away, hangs on a lock or
# never answers, under crawl and analyze (issue 16).  Each time the stage
# says so in a line naming the database and the cause, within seconds,
# exits 1, and a re-run with the database back completes the work.
# (tests/t/0600 stops the database in the middle of a crawl.)
. "$(dirname "$0")/../lib.sh"
# A cluster of this script's own, since it is stopped on purpose.
MM_TEST_PGHOST=
start_pg
python3 "$TESTS_DIR/gen-web.py" "$TRASH/web" 150 1
start_fixture_server --root "$TRASH/web"
mm db migrate >/dev/null 2>&1

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 0
  per_host: 4
sources:
  - { name: big, url: "$FIXTURE/feeds/big-0.xml" }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

pg_start_again() {
	as_pg_user "$(pg_bin)/pg_ctl" -D "$own_cluster/data" \
		-l "$own_cluster/server.log" -w -o "-c listen_addresses=${q}${q} \
		-c unix_socket_directories=${q}$own_cluster${q} -c port=5432" \
		start >/dev/null
}

# run_for SECONDS FILE COMMAND...: COMMAND with stdout and stderr in
# FILE; fails when it takes longer than SECONDS or exits other than 1.
expect_exit1_within() {
	_limit=$1 _out=$2
	shift 2
	_t0=$(date +%s)
	"$@" >"$_out" 2>&1
	_rc=$?
	_took=$(( $(date +%s) - _t0 ))
	cat "$_out"
	echo "exit $_rc after $_took s"
	[ "$_rc" = 1 ] && [ "$_took" -le "$_limit" ]
}

# The line that names the database and the cause, and no crash.
names_db() {
	grep -q "database '$PGDATABASE' on $own_cluster:5432: .*[a-z]" "$1" &&
	! grep -qi "segmentation\|abort\|sanitizer" "$1" &&
	[ "$(grep -vc "^20[0-9-]*T[0-9:]*Z " "$1")" = 0 ]
}

test_expect 'a database that is down: one line, exit 1, at once' '
	mm crawl >/dev/null 2>&1 &&
	pg_cluster_stop "$own_cluster" &&
	expect_exit1_within 5 down-crawl.err mm crawl &&
	names_db down-crawl.err &&
	expect_exit1_within 5 down-analyze.err mm analyze &&
	names_db down-analyze.err &&
	[ "$(wc -l <down-analyze.err)" = 1 ]
'

test_expect 'the database goes away in the middle of analyze' '
	pg_start_again &&
	sql "UPDATE articles SET text = repeat(text || $q $q, 8)" &&
	{ mm analyze >mid.out 2>mid.err & pid=$!; } &&
	for _ in $(seq 100); do
		[ "$(sql "SELECT count(*) FROM article_analysis")" -gt 5 ] && break
		sleep 0.05
	done &&
	pg_cluster_stop "$own_cluster" && t0=$(date +%s) &&
	{ wait $pid; rc=$?; } && took=$(( $(date +%s) - t0 )) &&
	cat mid.out mid.err && echo "exit $rc $took s after the stop" &&
	[ "$rc" = 1 ] && [ "$took" -le 5 ] &&
	grep -q "lost the connection to database .$PGDATABASE. on" mid.err &&
	! grep -qi "segmentation\|abort\|sanitizer" mid.err
'

test_expect 'with the database back, the re-run completes the work' '
	pg_start_again &&
	mm analyze >again.out 2>again.err && cat again.err &&
	[ "$(sql "SELECT count(*) FROM articles a WHERE NOT EXISTS
		(SELECT 1 FROM article_analysis x WHERE x.article_id = a.id)")" = 0 ]
'

test_expect 'a statement stuck behind a lock ends at the statement timeout' '
	{ psql -X -q -c "BEGIN; LOCK TABLE articles IN ACCESS EXCLUSIVE MODE;
		SELECT pg_sleep(30); COMMIT;" >/dev/null 2>&1 & lock=$!; } &&
	sleep 0.5 &&
	MEDIAMON_STATEMENT_TIMEOUT=2 expect_exit1_within 8 stuck.err \
		mm crawl; rc=$?
	kill $lock 2>/dev/null; wait $lock 2>/dev/null
	[ "$rc" = 0 ] && grep -q "statement timeout" stuck.err
'

test_expect 'a server that accepts and never answers: the connect timeout' '
	python3 -c "
import socket, time
s = socket.socket(); s.bind((\"127.0.0.1\", 0)); s.listen(8)
open(\"hole.port\", \"w\").write(str(s.getsockname()[1]))
conns = [s.accept() for _ in range(4)]
time.sleep(30)
" & hole=$!
	for _ in $(seq 50); do [ -s hole.port ] && break; sleep 0.1; done
	expect_exit1_within 15 hole.err mm --db "host=127.0.0.1 port=$(cat hole.port) dbname=nowhere" analyze; rc=$?
	kill $hole 2>/dev/null; wait $hole 2>/dev/null
	[ "$rc" = 0 ] && grep -q "database .nowhere. on 127.0.0.1:$(cat hole.port): .*timeout" hole.err
'

finish
