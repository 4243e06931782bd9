#!/bin/sh
# 1100-demo: "make demo" as a newcomer runs it, twice.  The demo day
# (tests/fixtures/demo, dated from today) is crawled, analysed and
# digested with the embedded cluster; the summary and the digest show
# mentions with their tonality, routed cases, a press release's pickups
# and the alerts a dry run would send; the second run fetches and
# analyses nothing new and says the same.
. "$(dirname "$0")/../lib.sh"
export DEMO_DIR="$TRASH/demo"
day=$(TZ=Asia/Bishkek date -d "$(TZ=Asia/Bishkek date +%F) -1 day" +%F)

stop_demo_db() {
	MEDIAMON_VAR="$DEMO_DIR" "$MEDIAMON" db stop >/dev/null 2>&1
}

test_expect 'the demo runs and prints its one-screen summary' '
	"$SRC_DIR/scripts/demo" >out 2>err; rc=$?; cat out err; [ $rc = 0 ] &&
	grep -q "the demo day: $day" out &&
	grep -q "^articles: 40 stored" out &&
	grep -q "^mentions of the office: [1-9][0-9]* (positive [1-9]" out &&
	grep -q "negative [1-9]" out &&
	grep -q "^    4 pickups" out &&
	grep -q "^cases routed: [1-9]" out &&
	grep -q "[1-9][0-9]* negative mentions, [1-9] resonance" out &&
	grep -q "failed: tazabek, super-kg, ntv-kg, zanoza" out &&
	[ "$(wc -l <out)" -le 30 ] &&
	grep -qx "The digest: $DEMO_DIR/digest/$day.html" out
'

test_expect 'the digest has the day: tonality, cases, pickups, Kyrgyz' '
	d=$DEMO_DIR/digest/$day &&
	[ -s $d.html ] && [ -s $d.json ] && [ -s $d.txt ] &&
	grep -q "негативный" $d.txt && grep -q "позитивный" $d.txt &&
	grep -q "^\* #[0-9]* пытки" $d.txt &&
	grep -q "прокуратурасы" $d.txt &&
	grep -q "(4 перепечатки)\|4 издания" $d.txt
'

test_expect 'a second run goes on: nothing new, the same summary' '
	"$SRC_DIR/scripts/demo" >out2 2>err2; rc=$?; cat out2 err2;
	[ $rc = 0 ] && grep -q "going on with the demo database" out2 &&
	grep -q " 0 new articles" "$DEMO_DIR/crawl.out" &&
	grep -v "going on\|^build-web\|^== " out | sed "s/[0-9]* new articles//" >a &&
	grep -v "going on\|^build-web\|^== " out2 | sed "s/[0-9]* new articles//" >b &&
	test_cmp a b
'
stop_demo_db
finish
