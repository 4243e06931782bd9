#!/bin/sh
# 0100-config: sources.yaml errors name FILE:LINE:COL; the review warning.
. "$(dirname "$0")/../lib.sh"

today=$(date -u +%Y-%m-%d)
good() {
	cat <<YAML
version: 1
reviewed: $today
crawler:
  timeout_s: 5
  allow_networks: [127.0.0.0/8]
sources:
  - name: one
    url: https://example.org/rss
  - name: two
    url: http://example.org/news
    type: html
    links: "//a/@href"
    region: osh
    weight: 0.3
YAML
}

# expect_error FILE LINE:COL WORDS: exit 1 and "FILE:LINE:COL: ...WORDS"
expect_error() {
	mm sources check --offline --file "$1" >out 2>err
	rc=$?
	cat err
	[ "$rc" -eq 1 ] && grep -q "$1:$2: .*$3" err
}

test_expect 'a good file validates and lists its sources' '
	good >good.yaml &&
	mm sources check --offline --file good.yaml >out &&
	grep -q "^one  *rss" out && grep -q "^two  *html .* osh " out &&
	grep -q "2 sources, 2 enabled" out && ! grep -q overdue out
'

test_expect 'broken YAML names file, line and column' '
	printf "version: 1\nsources:\n  - name: [unclosed\n" >broken.yaml &&
	expect_error broken.yaml "4:1" "flow sequence"
'

test_expect 'anchors and aliases are refused: a billion laughs is an error' '
	{ printf "version: 1\nreviewed: %s\n" "$today" &&
	  printf "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" &&
	  printf "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" &&
	  printf "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nsources: []\n"
	} >lol.yaml &&
	expect_error lol.yaml "3:4" "anchors are not allowed" &&
	good | sed "s/^  timeout_s: 5/  timeout_s: *t/" >alias.yaml &&
	expect_error alias.yaml "4:14" "aliases are not allowed"
'

test_expect 'an unknown key is named with its position' '
	good | sed "s/^    url: https:\/\/example.org\/rss/    feedurl: x/" >unknown.yaml &&
	expect_error unknown.yaml "8:5" "unrecognized key .feedurl. in source #1"
'

test_expect 'a duplicate source name points at both definitions' '
	good | sed "s/name: two/name: one/" >dup.yaml &&
	expect_error dup.yaml "9:5" "duplicate source name .one. (first defined at line 7)"
'

test_expect 'a non-http scheme is refused' '
	good | sed "s|https://example.org/rss|ftp://example.org/rss|" >scheme.yaml &&
	expect_error scheme.yaml "8:10" "must be an http or https URL, not .ftp://example.org/rss."
'

test_expect 'an unknown type is refused' '
	good | sed "s/type: html/type: podcast/" >type.yaml &&
	expect_error type.yaml "11:11" "unknown type .podcast."
'

test_expect 'wrong types and bounds are refused' '
	good | sed "s/weight: 0.3/weight: heavy/" >w.yaml &&
	expect_error w.yaml "14:13" "weight. must be a number, not .heavy." &&
	good | sed "s/weight: 0.3/weight: 1.5/" >w2.yaml &&
	expect_error w2.yaml "14:13" "between 0 and 1" &&
	good | sed "s/timeout_s: 5/timeout_s: [5]/" >t.yaml &&
	expect_error t.yaml "4:14" "timeout_s. must be an integer" &&
	good | sed "s|127.0.0.0/8|127.0.0.0/99|" >c.yaml &&
	expect_error c.yaml "5:20" "not a network" &&
	good | sed "s/region: osh/region: moscow/" >r.yaml &&
	expect_error r.yaml "13:13" "unknown region .moscow."
'

test_expect 'an html source needs a links XPath' '
	good | sed "/links:/d" >nolinks.yaml &&
	expect_error nolinks.yaml "9:5" "type html but has no .links."
'

test_expect 'an overdue review is a warning, not a failure' '
	good | sed "s/reviewed: .*/reviewed: 2020-01-31/" >old.yaml &&
	mm sources check --offline --file old.yaml >out &&
	grep -q "overdue: last reviewed 2020-01-31" out
'

test_expect 'an impossible review date is an error' '
	good | sed "s/reviewed: .*/reviewed: 2026-02-30/" >bad.yaml &&
	expect_error bad.yaml "2:11" "date YYYY-MM-DD"
'

test_expect 'MEDIAMON_SOURCES and --sources select the file' '
	good >sel.yaml &&
	MEDIAMON_SOURCES=sel.yaml mm config check >out &&
	grep -q "sel.yaml: ok, 2 sources" out &&
	mm --sources sel.yaml config check >out &&
	grep -q "sel.yaml: ok" out &&
	! mm --sources missing.yaml config check 2>err &&
	grep -q "cannot open .missing.yaml." err
'

test_expect 'the country selects the lexicons; regions are that country'"'"'s' '
	good | sed "s/^reviewed: .*/&\ncountry: kz/; s/region: osh/region: almaty_city/" >kz.yaml &&
	mm config check --file kz.yaml >out &&
	grep -q "lexicons/kz: ok, lexicons for .kz." out &&
	good | sed "s/^reviewed: .*/&\ncountry: kz/" >kzosh.yaml &&
	expect_error kzosh.yaml "14:13" "unknown region .osh. (expected one of astana, almaty_city, shymkent," &&
	good | sed "s/^reviewed: .*/&\ncountry: xx/" >xx.yaml &&
	expect_error xx.yaml "3:10" "no lexicons for country .xx." &&
	good | sed "s/^reviewed: .*/&\ncountry: ..\/x/" >dots.yaml &&
	expect_error dots.yaml "3:10" "two-letter country code"
'

test_expect 'config check also checks the lexicons, naming the spot' '
	mm config check --file "$SRC_DIR/sources.yaml" >out &&
	grep -q "ok, lexicons for .kg." out &&
	mkdir lex && cp "$SRC_DIR"/analyzer/lexicons/kg/*.yaml lex/ &&
	printf "surprise: [unclosed\n" >>lex/office.yaml &&
	good >lex.yaml && printf "lexicons: %s\n" "$PWD/lex" >>lex.yaml &&
	! mm config check --file lex.yaml >out 2>err && cat err &&
	grep -q "lex/office.yaml:[0-9]*:[0-9]*: " err
'

test_expect 'the shipped sources.yaml is valid and large enough' '
	mm sources check --offline --file "$SRC_DIR/sources.yaml" >out &&
	n=$(grep -c "^[a-z0-9-]* *rss .* kg " out) && [ "$n" -ge 15 ] &&
	grep -q " telegram " out && grep -q " yes https" out
'

test_expect 'help lists every subcommand; usage errors exit 2' '
	mm --help >out &&
	for c in db sources crawl analyze digest alerts cases trends search \
		report export run; do
		grep -q "^  $c " out || { echo "missing $c"; exit 1; }
	done &&
	mm --version | grep -q "^mediamon [0-9]" &&
	{ mm nosuchcommand 2>err; [ $? -eq 2 ]; } &&
	{ mm db 2>err; [ $? -eq 2 ]; } &&
	mm crawl --help | grep -q "^usage: mediamon crawl"
'

finish
