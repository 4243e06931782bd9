#!/bin/sh
# 0300-fetch.sh - the network layer end to end: `mediamon sources check`
# probes good and hostile sources on the fixture server through the fetch
# engine.  Every hostile source must fail alone, with a clear cause, while
# the good ones succeed, and the whole run must stay under a minute.
. "$(dirname "$0")/../lib.sh"

start_fixture_server

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
review_every_days: 3650
timezone: Asia/Bishkek
country: kg
crawler:
  user_agent: "mediamon-test/0.1 (+fixture)"
  timeout_s: 3
  max_bytes: 1048576
  per_host: 16
  delay_ms: 50
  concurrency: 32
  retries: 2
  allow_networks: [127.0.0.0/8]
sources:
  - { name: good-rss2, url: "$FIXTURE/feeds/rss2.xml" }
  - { name: good-rdf, url: "$FIXTURE/feeds/rdf.xml" }
  - { name: good-atom, url: "$FIXTURE/feeds/atom.xml" }
  - { name: good-cp1251, url: "$FIXTURE/feeds/cp1251.xml" }
  - { name: good-koi8r, url: "$FIXTURE/feeds/koi8r.xml" }
  - { name: good-gzip, url: "$FIXTURE/gz/feeds/rss2.xml" }
  - { name: good-deflate, url: "$FIXTURE/deflate/feeds/atom.xml" }
  - { name: good-429-once, url: "$FIXTURE/retry-after/1/feeds/rss2.xml" }
  - { name: good-500-once, url: "$FIXTURE/flaky/feeds/rdf.xml" }
  - { name: good-listing, url: "$FIXTURE/", type: html,
      links: "//a[@class='news-link']/@href" }
  - { name: good-telegram, url: "$FIXTURE/s/gp_kg", type: telegram }
  - { name: bad-500, url: "$FIXTURE/hostile/500" }
  - { name: bad-404, url: "$FIXTURE/hostile/404" }
  - { name: bad-loop, url: "$FIXTURE/hostile/loop" }
  - { name: bad-metadata, url: "$FIXTURE/hostile/metadata" }
  - { name: bad-private, url: "$FIXTURE/hostile/private-redirect" }
  - { name: bad-file, url: "$FIXTURE/hostile/file-redirect" }
  - { name: bad-hang, url: "$FIXTURE/hostile/hang" }
  - { name: bad-close, url: "$FIXTURE/hostile/close" }
  - { name: bad-trickle, url: "$FIXTURE/hostile/trickle" }
  - { name: bad-bomb, url: "$FIXTURE/hostile/gzip-bomb" }
  - { name: bad-endless, url: "$FIXTURE/hostile/endless" }
  - { name: bad-big, url: "$FIXTURE/hostile/big" }
  - { name: bad-retry-long, url: "$FIXTURE/hostile/retry-after-long" }
  - { name: bad-robots, url: "$FIXTURE/private/feed.xml" }
  - { name: bad-robots-redirect,
      url: "$FIXTURE/redirect-to?url=/private/feed.xml" }
  - { name: bad-not-a-feed, url: "$FIXTURE/hostile/not-a-feed.html" }
  - { name: bad-direct-meta, url: "http://169.254.169.254/latest/meta-data/" }
  - { name: bad-disabled, url: "$FIXTURE/hostile/500", enabled: false }
EOF

start=$(date +%s)
mm sources check --file "$TRASH/sources.yaml" >"$TRASH/check.out" \
	2>"$TRASH/check.err"
echo $? >"$TRASH/check.rc"
end=$(date +%s)

# line NAME: the probe line of source NAME (after the listing).
line() {
	grep -E "^$1 +(ok|FAIL) " "$TRASH/check.out"
}
# expect_ok NAME KIND: NAME answered 200 and looks like KIND.
expect_ok() {
	line "$1" | grep -E " ok +200 .* $2( |,|\$)"
}
# expect_fail NAME TEXT: NAME failed, its cause contains TEXT.
expect_fail() {
	line "$1" | grep -E " FAIL " | grep -F -- "$2"
}

test_expect 'sources check exits 1 (some sources fail)' \
	'test "$(cat check.rc)" = 1'
test_expect 'the run took under 60 s' \
	"test $((end - start)) -lt 60"
test_expect 'one probe line per enabled source' \
	'test "$(grep -cE "^(good|bad)-[a-z0-9-]+ +(ok|FAIL) " check.out)" = 28'
test_expect 'the disabled source is not probed' \
	'! grep -E "^bad-disabled +(ok|FAIL)" check.out'
test_expect 'the failure count is printed' \
	'grep -x "probed: 17 of the enabled sources failed" check.out'

test_expect 'RSS 2.0 feed' 'expect_ok good-rss2 rss'
test_expect 'RSS 1.0 feed' 'expect_ok good-rdf rdf'
test_expect 'Atom feed' 'expect_ok good-atom atom'
test_expect 'windows-1251 feed' 'expect_ok good-cp1251 rss'
test_expect 'KOI8-R feed' 'expect_ok good-koi8r rss'
test_expect 'gzip-encoded feed is decoded' 'expect_ok good-gzip rss'
test_expect 'deflate-encoded feed is decoded' 'expect_ok good-deflate atom'
test_expect '429 with Retry-After: 1 is waited out' \
	'expect_ok good-429-once rss'
test_expect 'a 500 once is retried' 'expect_ok good-500-once rdf'
test_expect 'HTML listing page' 'expect_ok good-listing html'
test_expect 'Telegram channel preview' 'expect_ok good-telegram telegram'
test_expect 'content type is shown' \
	'line good-cp1251 | grep -F "application/rss+xml; charset=windows-1251"'

test_expect '500 always: retried, then fails' \
	'expect_fail bad-500 "HTTP 500 after 3 attempts"'
test_expect '404 fails' 'expect_fail bad-404 "HTTP 404"'
test_expect 'redirect loop is cut' \
	'expect_fail bad-loop "too many redirects (5)"'
test_expect 'redirect to the metadata address is refused' \
	'expect_fail bad-metadata "redirect to a private address 169.254.169.254 refused"'
test_expect 'redirect to a private network is refused' \
	'expect_fail bad-private "redirect to a private address 10.0.0.1 refused"'
test_expect 'redirect to file: is refused' \
	'expect_fail bad-file "not http or https"'
test_expect 'a server that never answers times out' \
	'expect_fail bad-hang "timed out after"'
test_expect 'a connection closed without a response' \
	'expect_fail bad-close "without a response"'
test_expect 'a trickling server times out' \
	'expect_fail bad-trickle "timed out after"'
test_expect 'a gzip bomb is cut at max_bytes after decoding' \
	'expect_fail bad-bomb "body larger than 1048576 bytes"'
test_expect 'an endless body is cut at max_bytes' \
	'expect_fail bad-endless "body larger than 1048576 bytes"'
test_expect 'a declared oversize body is refused' \
	'expect_fail bad-big "body larger than 1048576 bytes"'
test_expect 'Retry-After: 3600 is not waited' \
	'expect_fail bad-retry-long "server asks to retry after 3600 s"'
test_expect 'robots.txt is obeyed' \
	'expect_fail bad-robots "refused by robots.txt"'
test_expect 'robots.txt is obeyed for a redirect target too' \
	'expect_fail bad-robots-redirect "refused by robots.txt"'
test_expect 'HTML where a feed is expected fails' \
	'expect_fail bad-not-a-feed "not a feed"'
test_expect 'the metadata address is refused even when 127/8 is allowed' \
	'expect_fail bad-direct-meta "169.254.169.254 refused (cloud metadata)"'

test_expect 'robots.txt fetched once for the whole run' \
	'test "$(grep -c "^GET /robots.txt " fixture.log)" = 1'
test_expect 'the disallowed path was never requested' \
	'! grep -q "^GET /private/" fixture.log'
test_expect 'the User-Agent comes from the settings' \
	'grep -q "ua=\"mediamon-test/0.1 (+fixture)\"" fixture.log'
test_expect 'nothing crashed' \
	'! grep -iE "sanitizer|runtime error|segmentation" check.err'

finish
