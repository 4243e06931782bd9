#!/bin/sh
# 1000-operation: what an administrator sees.  Log lines for the journal
# (no second timestamp, a priority journald reads) when stderr is the
# stream JOURNAL_STREAM names; a progress line for crawl and analyze on a
# terminal only (script(1) gives one), never in a log file.
. "$(dirname "$0")/../lib.sh"
start_pg
start_fixture_server
mm db migrate >/dev/null

cat >"$TRASH/sources.yaml" <<EOF2
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
EOF2

test_expect 'stderr is the journal: level first, no timestamp, a priority' '
	: >err && JOURNAL_STREAM=$(stat -c %d:%i err) &&
	export JOURNAL_STREAM &&
	{ mm parse-feed /nonexistent 2>>err; [ $? = 1 ]; } &&
	MEDIAMON_LOG=info mm db status >/dev/null 2>>err &&
	cat err &&
	grep -qx "<3>error parse-feed cannot open ./nonexistent.: No such file or directory" err &&
	! grep -q "^[0-9]\{4\}-" err
'

test_expect 'JOURNAL_STREAM of another stream: the usual timestamped line' '
	: >other && JOURNAL_STREAM=$(stat -c %d:%i other) &&
	export JOURNAL_STREAM &&
	{ mm parse-feed /nonexistent 2>err; [ $? = 1 ]; } && cat err &&
	grep -q "^[0-9-]*T[0-9:]*Z error parse-feed cannot open" err &&
	{ JOURNAL_STREAM=garbage mm parse-feed /nonexistent 2>err; [ $? = 1 ]; } &&
	grep -q "^[0-9-]*T[0-9:]*Z error parse-feed" err
'

test_expect 'no terminal: no progress line, no control characters' '
	mm crawl >out 2>err && mm analyze 2>>err && cat err &&
	! grep -q "$(printf "\r")" err && ! grep -q "$(printf "\033")" err &&
	! grep -q "crawl: [0-9]*/[0-9]* sources" err &&
	! grep -q "analyze: [0-9]*/[0-9]* articles" err &&
	grep -q "analysed 11 articles" err
'

if command -v script >/dev/null; then
test_expect 'a terminal: crawl and analyze draw one line, redrawn in place' '
	mm analyze --all >/dev/null 2>&1 &&
	sql "UPDATE article_analysis SET lexicon_version = ${q}old${q}" &&
	script -qec "$MEDIAMON crawl >/dev/null" /dev/null >tty.crawl &&
	script -qec "$MEDIAMON analyze" /dev/null >tty.analyze &&
	cat -v tty.crawl tty.analyze &&
	grep -q "$(printf "\r")crawl: 4/4 sources, 0 new articles, 0 errors" tty.crawl &&
	grep -q "$(printf "\r")analyze: 11/11 articles, [0-9]* mentions" tty.analyze &&
	grep -q "$(printf "\033")\[K" tty.analyze &&
	grep -q "analysed 11 articles" tty.analyze
'
else
	echo "# script(1) is not installed: the terminal case is skipped"
fi

finish
