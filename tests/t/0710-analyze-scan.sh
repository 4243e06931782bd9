#!/bin/sh
# 0710-analyze-scan: analysis in one scan (Vectorscan finds where each
# cue's matches may start, PCRE2 confirms) gives output identical, byte
# for byte, to PCRE2 alone (MEDIAMON_NO_HYPERSCAN=1), on every
# evaluation set under kg and the held-out real news under kz, and on
# texts holding the characters PCRE2 takes for a lexicon's letter that
# Vectorscan's literals do not ("ᲂ" U+1C82 for "о", "K" U+212A for "k").
. "$(dirname "$0")/../lib.sh"

DATA="$SRC_DIR/tests/data/analyzer"

# both FILE ARGS...: analyze --jsonl FILE both ways at once (two cores),
# into FILE's name .pcre2 and .scan; their stderr too.
both() {
	f=$1 out=$(basename "$1" .jsonl)
	shift
	MEDIAMON_NO_HYPERSCAN=1 mm analyze "$@" --jsonl "$f" \
		>"$out.pcre2" 2>"$out.pcre2.err" &
	pid=$!
	mm analyze "$@" --jsonl "$f" >"$out.scan" 2>"$out.scan.err" &&
	wait "$pid"
}

test_expect 'every evaluation set: one scan and PCRE2 alone agree' '
	cat "$DATA"/*.jsonl >all.jsonl &&
	[ "$(wc -l <all.jsonl)" -gt 2000 ] &&
	both all.jsonl --lexicons "$SRC_DIR/analyzer/lexicons/kg" &&
	[ "$(wc -l <all.pcre2)" = "$(wc -l <all.jsonl)" ] &&
	grep -q "\"mentions\":\[{" all.scan &&
	test_cmp all.pcre2 all.scan &&
	test_cmp all.pcre2.err all.scan.err
'

test_expect 'real-test under kz: one scan and PCRE2 alone agree' '
	cp "$DATA/real-test.jsonl" kz.jsonl &&
	both kz.jsonl --country kz \
		--lexicons "$SRC_DIR/analyzer/lexicons/kz" &&
	test_cmp kz.pcre2 kz.scan
'

test_expect 'case look-alikes outside the literals are still found' '
	printf "%s\n" \
		"{\"id\":\"o\",\"text\":\"Прᲂкуратура Сокулукского района вернула в бюджет 5 млн сомов.\"}" \
		"{\"id\":\"k\",\"text\":\"Prosecutor General’s Office: a bribe was ta\\u212aen, the KICKBAC\\u212a scheme.\"}" \
		"{\"id\":\"v\",\"text\":\"ᲀзятку получил аким.\"}" >look.jsonl &&
	both look.jsonl --lexicons "$SRC_DIR/analyzer/lexicons/kg" &&
	sed -n 1p look.scan | grep -q "\"text\":\"Прᲂкуратура Сокулукского района\"" &&
	test_cmp look.pcre2 look.scan
'

finish
