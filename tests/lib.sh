# lib.sh - sourced by every integration script in tests/t/ (as git's
# test-lib.sh).  Gives each script a fresh trash directory, a PostgreSQL
# database of its own on a throw-away cluster, fixture servers on
# 127.0.0.1, and test_expect / finish that print TAP-like lines and the
# closing "# N passed, M failed".  On failure the trash directory is kept
# and named.
set -u
export LC_ALL=C.UTF-8 TZ=UTC
unset PGHOST PGPORT PGDATABASE PGUSER PGSERVICE MEDIAMON_DB MEDIAMON_SOURCES

TEST_NAME=$(basename "$0" .sh)
TESTS_DIR=$(cd "$(dirname "$0")/.." && pwd)
SRC_DIR=$(cd "$TESTS_DIR/.." && pwd)
: "${MEDIAMON:=$SRC_DIR/build/mediamon}"
: "${SHARED:=$SRC_DIR/../shared}"
TRASH=$(mktemp -d "/tmp/mm-$TEST_NAME.XXXXXX")
chmod 755 "$TRASH"
export MEDIAMON_VAR="$TRASH/var"  # never touch the checkout's var/
export MEDIAMON_HOME="$SRC_DIR"   # sql/ and lexicons, whatever BUILD is
q="'"  # a single quote, for SQL inside test bodies
test_count=0 test_failed=0 own_cluster="" server_pids=""
. "$TESTS_DIR/pgcluster.sh"

# Run mediamon, under valgrind when VALGRIND=1 (errors fail the command).
mm() {
	if [ "${VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full \
			--errors-for-leak-kinds=definite \
			--suppressions="$TESTS_DIR/valgrind.supp" "$MEDIAMON" "$@"
	else
		"$MEDIAMON" "$@"
	fi
}

# test_expect DESCRIPTION COMMANDS: COMMANDS run in a subshell in $TRASH.
test_expect() {
	test_count=$((test_count + 1))
	if (cd "$TRASH" && eval "$2") >"$TRASH/out.$test_count" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$TRASH/out.$test_count" | tail -n 30
	fi
}

# Fail with a message showing both sides (git's test_cmp).
test_cmp() {
	diff -u "$1" "$2" || { echo "mismatch: $1 vs $2"; return 1; }
}

# A fresh, empty database for this script; exports PG* so mediamon and
# psql reach it.  Uses the cluster of tests/run-tests when there is one.
start_pg() {
	if [ -n "${MM_TEST_PGHOST:-}" ]; then
		export PGHOST="$MM_TEST_PGHOST"
	else
		pg_cluster_start "$TRASH/pg" || exit 1
		own_cluster="$TRASH/pg"
		export PGHOST="$TRASH/pg"
	fi
	export PGPORT=5432 PGUSER=mediamon
	PGDATABASE="t_$(echo "$TEST_NAME" | tr -c 'a-z0-9\n' _)_$$"
	export PGDATABASE
	psql -q -X -d postgres -c "CREATE DATABASE $PGDATABASE" >/dev/null
}

# psql for assertions: unaligned, tuples only, stop on error.
sql() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"
}

# Start tests/fixture-server.py; exports FIXTURE=http://127.0.0.1:PORT.
start_fixture_server() {
	python3 "$TESTS_DIR/fixture-server.py" --port 0 \
		--port-file "$TRASH/fixture.port" \
		--root "$TESTS_DIR/fixtures/web" \
		--log "$TRASH/fixture.log" "$@" 2>"$TRASH/fixture.err" &
	server_pids="$server_pids $!"
	for _ in $(seq 100); do
		[ -s "$TRASH/fixture.port" ] && break
		sleep 0.1
	done
	[ -s "$TRASH/fixture.port" ] || { cat "$TRASH/fixture.err"; exit 1; }
	FIXTURE="http://127.0.0.1:$(cat "$TRASH/fixture.port")"
	export FIXTURE
}

cleanup() {
	for p in $server_pids; do kill "$p" 2>/dev/null; done
	if [ -n "$own_cluster" ]; then
		pg_cluster_stop "$own_cluster"
	elif [ -n "${PGDATABASE:-}" ] && [ "$test_failed" -eq 0 ]; then
		psql -q -X -d postgres -c "DROP DATABASE IF EXISTS $PGDATABASE" \
			>/dev/null 2>&1
	fi
	if [ "$test_failed" -eq 0 ]; then
		rm -rf "$TRASH"
	else
		echo "# kept $TRASH for inspection"
	fi
}
trap cleanup EXIT
trap "exit 130" INT TERM

finish() {
	echo "# $((test_count - test_failed)) passed, $test_failed failed"
	[ "$test_failed" -eq 0 ]
}

# Where tests keep what people should look at (screenshots): kept after
# the run, unlike the trash directory.
ARTIFACTS="$SRC_DIR/${BUILD:-build}/test-artifacts"
mkdir -p "$ARTIFACTS"

# screenshot URL OUT.png [WIDTHxHEIGHT]: the page as Debian's headless
# chromium renders it.  Fails when chromium is missing or draws nothing.
screenshot() {
	command -v chromium >/dev/null || { echo "chromium is not installed"; return 1; }
	rm -f "$2"
	timeout 90 chromium --headless --no-sandbox --disable-gpu \
		--disable-quic --no-first-run --disable-background-networking \
		--disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$TRASH/chromium-profile" \
		--window-size="${3:-900,2400}" --screenshot="$2" "$1" \
		>"$TRASH/chromium.log" 2>&1
	[ -s "$2" ] || { tail -n 5 "$TRASH/chromium.log"; return 1; }
}

# kill_at_random SEED ROUNDS MAX_MS COMMAND...: the crash test's hammer
# (issue 16), for any stage.  Runs COMMAND (an argv such as "$MEDIAMON"
# analyze; not through mm, so that the kill reaches mediamon itself)
# ROUNDS times, each killed with SIGKILL after a delay drawn from SEED
# in [0, MAX_MS) milliseconds unless it ends first, then once more to
# completion.  Prints one line per round ("round 2: killed at 412 ms")
# and returns the final run's exit status; its output is in
# $TRASH/kill.final.out.  The same SEED gives the same delays, so a
# failure can be replayed.  See tests/t/0970-crash-consistency.sh.
kill_at_random() {
	_seed=$1 _rounds=$2 _max=$3
	shift 3
	_r=0
	for _d in $(awk -v s="$_seed" -v n="$_rounds" -v m="$_max" \
		'BEGIN { srand(s); for (i = 0; i < n; i++) print int(rand() * m) }'); do
		_r=$((_r + 1))
		"$@" >"$TRASH/kill.$_r.out" 2>&1 &
		_pid=$!
		sleep "$(awk -v d="$_d" 'BEGIN { printf "%.3f", d / 1000 }')"
		if kill -9 "$_pid" 2>/dev/null; then
			wait "$_pid" 2>/dev/null
			echo "round $_r: killed at $_d ms"
		else
			wait "$_pid"
			echo "round $_r: finished first (exit $?)"
		fi
	done
	"$@" >"$TRASH/kill.final.out" 2>&1
}

# db_snapshot DATABASE: what the crawl and analyze stages leave in
# DATABASE, without times, ids or run bookkeeping, one line per fact, for
# test_cmp against another database (a clean run's).  Stages added later
# append their own facts in their tests.
db_snapshot() {
	PGDATABASE=$1 psql -X -A -t -q -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'article', canonical_url, title, md5(coalesce(text, '')), page_status,
       revision FROM articles ORDER BY 2;
SELECT 'analysis', a.canonical_url, x.tonality, x.regions
  FROM article_analysis x JOIN articles a ON a.id = x.article_id ORDER BY 2;
SELECT 'mentions', a.canonical_url, count(m.id),
       string_agg(m.start_byte || ':' || m.tonality, ',' ORDER BY m.start_byte)
  FROM articles a LEFT JOIN mentions m ON m.article_id = a.id
  GROUP BY 2 ORDER BY 2;
SELECT 'violations', a.canonical_url, count(v.id),
       string_agg(v.category || '/' || v.stage, ',' ORDER BY v.category)
  FROM articles a LEFT JOIN violations v ON v.article_id = a.id
  GROUP BY 2 ORDER BY 2;
SELECT 'stories', a.canonical_url, count(s.article_id)
  FROM articles a LEFT JOIN article_stories s ON s.article_id = a.id
  GROUP BY 2 ORDER BY 2;
SELECT 'totals', (SELECT count(*) FROM articles),
       (SELECT count(*) FROM mentions), (SELECT count(*) FROM violations),
       (SELECT count(*) FROM stories);
SQL
}
