#!/bin/sh
# 0960-fuzz-replay: every fuzz target (tests/fuzz/) run once over its
# seeds and over every input fuzzing has found (tests/fuzz/found/), in
# the plain or sanitizer build of "make test": a regression case that
# crashes, leaks or takes more than REPLAY_BUDGET s of CPU fails.
. "$(dirname "$0")/../lib.sh"
REPLAY="$SRC_DIR/${BUILD:-build}/fuzz"
export REPLAY_BUDGET=5 MEDIAMON_HOME="$SRC_DIR"

# replay TARGET PATH...: every file under the paths through the target.
replay() {
	t=$1
	shift
	files=$(cd "$SRC_DIR" && find "$@" "tests/fuzz/found/$t" -type f \
		! -name .keep -size -1024k 2>/dev/null | sed "s|^|$SRC_DIR/|")
	[ -x "$REPLAY/replay_$t" ] || { echo "no $REPLAY/replay_$t"; return 1; }
	# shellcheck disable=SC2086
	"$REPLAY/replay_$t" $files
}

test_expect 'feed parser: seeds and findings' '
	replay feed tests/data/feeds tests/fixtures/web/feeds tests/fixtures/web/hostile'
test_expect 'HTML extractor: seeds and findings' '
	replay html tests/data/pages tests/fixtures/web/news'
test_expect 'date parser: seeds and findings' 'replay date tests/fuzz/seeds/date'
test_expect 'robots.txt: seeds and findings' 'replay robots tests/fuzz/seeds/robots'
test_expect 'URL parser: seeds and findings' 'replay url tests/fuzz/seeds/url'
test_expect 'JSON reader: seeds and findings' 'replay json tests/fuzz/seeds/json'
test_expect 'config loader: seeds and findings' 'replay config sources.yaml dead.yaml'
test_expect 'analyzer: seeds and findings' '
	replay analyzer $(cd "$SRC_DIR" && find tests/data/analyzer -name "*.case")'

finish
