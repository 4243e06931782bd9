#!/bin/sh
# 0150-cli: the command line speaks with one voice.  Usage errors are one
# line "mediamon COMMAND: what is wrong" and a pointer to --help, exit 2;
# dates are read by mediamon in both spellings; --strict sees an outage;
# the embedded cluster says it is still running.
. "$(dirname "$0")/../lib.sh"
start_pg
mm db migrate >/dev/null

# usage_shape CMD: stderr of the last command is exactly the two lines.
usage_shape() {
	[ "$(wc -l <err)" = 2 ] &&
	head -n 1 err | grep -q "^mediamon $1: " &&
	tail -n 1 err | grep -qx "see .mediamon $1 --help."
}

test_expect 'usage errors: one line naming the command, then --help, exit 2' '
	{ mm db 2>err; [ $? = 2 ]; } && usage_shape db &&
	grep -q "needs a subcommand: migrate, status" err &&
	{ mm db frobnicate 2>err; [ $? = 2 ]; } && usage_shape db &&
	{ mm run extra 2>err; [ $? = 2 ]; } && usage_shape run &&
	grep -q "unexpected argument .extra." err &&
	{ mm crawl --bogus 2>err; [ $? = 2 ]; } && usage_shape crawl &&
	grep -q "unknown option .--bogus." err &&
	{ mm analyze --batch 2>err; [ $? = 2 ]; } && usage_shape analyze &&
	grep -q "option .--batch. needs a value" err &&
	{ mm sources check --offline=yes 2>err; [ $? = 2 ]; } &&
	usage_shape "sources check" && grep -q "takes no value" err &&
	! grep -q "db db\|run run\|error" err
'

test_expect 'a usage error never waits for the database' '
	{ mm --db "host=$TRASH/nowhere dbname=x" crawl --bogus 2>err; [ $? = 2 ]; } &&
	usage_shape crawl && ! grep -q "database" err
'

test_expect 'global options: a missing value is named, not "unknown"' '
	{ mm --db 2>err; [ $? = 2 ]; } &&
	grep -qx "mediamon: option .--db. needs a value" err &&
	{ mm --sources 2>err; [ $? = 2 ]; } &&
	grep -q "option .--sources. needs a value" err &&
	{ mm --frob 2>err; [ $? = 2 ]; } &&
	grep -qx "mediamon: unknown option .--frob." err &&
	{ mm nosuchcommand 2>err; [ $? = 2 ]; } &&
	grep -q "is not a mediamon command" err
'

test_expect '--help lists every command available, and names the environment' '
	mm --help >out &&
	for c in trends search report export import crawl; do
		grep -q "^  $c  " out || { echo "missing $c"; exit 1; }
	done &&
	! grep -q "(not available yet)" out &&
	for v in MEDIAMON_SOURCES MEDIAMON_DB MEDIAMON_LOG MEDIAMON_VAR \
		MEDIAMON_HOME MEDIAMON_PG_BIN MEDIAMON_NO_JIT; do
		grep -q "$v" out || { echo "missing $v"; exit 1; }
	done &&
	{ mm trends 2>err; [ $? = 2 ]; } && grep -q "needs --from and --to" err
'

test_expect 'an unknown MEDIAMON_LOG level is refused' '
	{ MEDIAMON_LOG=loud mm --version 2>err; [ $? = 2 ]; } &&
	grep -q "MEDIAMON_LOG=.loud. is not a level" err &&
	MEDIAMON_LOG=DEBUG mm --version >/dev/null
'

# Two articles, published on November 1 and 13 (Bishkek time).
sql "INSERT INTO sources (name, url, type) VALUES ('kg24', 'http://x/', 'rss');
     INSERT INTO articles (source_id, url, canonical_url, title, published)
     VALUES (1, 'http://x/1', 'http://x/1', 'first', '2026-11-01T06:00:00Z'),
            (1, 'http://x/2', 'http://x/2', 'second', '2026-11-13T06:00:00Z')"

test_expect 'dates are read by mediamon: DD.MM.YYYY is day first' '
	mm export articles --since 01.11.2026 >out &&
	[ "$(wc -l <out)" = 2 ] &&
	mm export articles --since 13.11.2026 >out 2>err &&
	[ "$(wc -l <out)" = 1 ] && grep -q "\"second\"" out &&
	! grep -q datestyle err &&
	mm export articles --since 2026-11-02 >out && [ "$(wc -l <out)" = 1 ]
'

test_expect 'a date that cannot be read is a usage error' '
	for d in 2026-13-01 31.02.2026 11/01/2026 yesterday 2026-1-1; do
		{ mm export articles --since "$d" 2>err; [ $? = 2 ]; } &&
		grep -q "^mediamon export articles: --since .$d. is not a date" err ||
		{ echo "accepted $d"; exit 1; }
	done &&
	{ mm crawl --reextract --since 32.01.2026 2>err; [ $? = 2 ]; } &&
	usage_shape crawl
'

test_expect 'export: an unknown source is an error; jsonl is the default' '
	{ mm export articles --source nosuch >out 2>err; [ $? = 2 ]; } &&
	usage_shape "export articles" && grep -q "no source named .nosuch." err &&
	mm export articles --source kg24 >out && head -n 1 out | grep -q "^{\"id\":" &&
	{ mm export articles --format xml 2>err; [ $? = 2 ]; }
'

test_expect 'robots-check exits 1 for disallowed, as grep for no match' '
	printf "User-agent: *\nDisallow: /private/\n" >robots.txt &&
	mm robots-check robots.txt mediamon http://x/news/1 >out &&
	grep -qx allowed out &&
	{ mm robots-check robots.txt mediamon http://x/private/1 >out; [ $? = 1 ]; } &&
	grep -qx disallowed out &&
	{ mm robots-check nosuch.txt mediamon http://x/ 2>err; [ $? = 2 ]; }
'

test_expect 'analyze --text takes a file or -, and says so' '
	mm analyze --help | grep -q -- "--text FILE.*standard input" &&
	echo "Прокуратура Чуйской области вернула землю." | mm analyze --text - >out &&
	grep -q "\"mentions\"" out &&
	{ mm analyze --text "Прокуратура вернула землю" 2>err; [ $? = 1 ]; } &&
	grep -q "takes a file, or - for standard input" err
'

cat >dead.yaml <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  timeout_s: 2
  retries: 0
sources:
  - { name: dead1, url: "http://127.0.0.1:9/feed.xml" }
  - { name: dead2, url: "http://127.0.0.1:9/other.xml" }
EOF
cp dead.yaml "$TRASH/dead.yaml"

test_expect 'crawl --replay of a missing file stops before any table' '
	{ mm --sources dead.yaml crawl --replay nosuch.warc.gz >out 2>err; [ $? = 1 ]; } &&
	grep -q "cannot open .nosuch.warc.gz." err && [ ! -s out ]
'

test_expect 'run --strict exits 1 when every source failed; run alone 0' '
	mm --sources dead.yaml run >out 2>err; rc=$?; cat err
	[ "$rc" = 0 ] &&
	{ mm --sources dead.yaml run --strict >out 2>err; [ $? = 1 ]; } &&
	grep -q "all 2 sources failed" err
'

test_expect 'sources check and config check still take --file' '
	mm sources check --offline --file dead.yaml >out &&
	grep -q "^dead1 " out &&
	mm config check --file dead.yaml | grep -q "ok, 2 sources"
'

test_expect 'run on the embedded cluster says it still runs; db stop says what it did' '
	(unset PGHOST PGPORT PGUSER PGDATABASE
	 export MEDIAMON_VAR="$TRASH/var2"
	 mm db stop >out && grep -q "was not running" out &&
	 mm --sources dead.yaml run >out 2>err; cat err
	 grep -q "embedded PostgreSQL .* is still running; .mediamon db stop. stops it" err &&
	 mm db stop >out && grep -q "^stopped the embedded PostgreSQL" out)
'

if [ "$(id -u)" = 0 ] && command -v lslocks >/dev/null &&
	command -v apt-get >/dev/null; then
test_expect 'install-deps waits for another package manager run' '
	python3 -c "
import fcntl, sys, time
f = open(\"/var/lib/dpkg/lock-frontend\", \"w\")
fcntl.lockf(f, fcntl.LOCK_EX)
open(\"locked\", \"w\").write(\"1\")
time.sleep(3)" &
	for _ in $(seq 50); do [ -f locked ] && break; sleep 0.1; done &&
	"$SRC_DIR/scripts/install-deps" --force-noop >out 2>&1; rc=$?
	wait; cat out
	[ "$rc" = 0 ] && grep -q "waiting for another package manager" out
'
fi

finish
