#!/bin/sh
# 0470-credentials: a source URL with a password in it
# (http://user:pass@host/feed, issue 16).  The request carries it, and
# nothing printed or stored does: not the debug log, not sources check,
# not sources.url or fetch_log.url, not the WARC's target URI or its
# Authorization header.
. "$(dirname "$0")/../lib.sh"
start_pg
start_fixture_server
mm db migrate >/dev/null
HOSTPORT=${FIXTURE#http://}
SECRET=s3cr3tpw
BASIC=$(printf 'feeduser:%s' "$SECRET" | base64)

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 0
  warc_dir: warc
sources:
  - { name: locked, url: "http://feeduser:$SECRET@$HOSTPORT/feeds/rss2.xml" }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

# Fails when the secret shows in the files named.
no_secret() {
	if grep -l -e "$SECRET" -e "$BASIC" -e "feeduser" "$@"; then
		echo "the password leaked into the files above"
		return 1
	fi
}

test_expect 'crawling with a password prints none of it' '
	MEDIAMON_LOG=debug mm crawl >crawl.out 2>crawl.err &&
	cat crawl.out && grep -E "^locked +ok" crawl.out &&
	no_secret crawl.out crawl.err
'

test_expect 'sources check, offline and online, shows the URL without it' '
	mm sources check --offline >off.out 2>&1 &&
	MEDIAMON_LOG=debug mm sources check >on.out 2>&1; cat off.out on.out
	grep -q "http://$HOSTPORT/feeds/rss2.xml" off.out &&
	no_secret off.out on.out
'

test_expect 'the database holds the URL without it' '
	pg_dump --data-only --no-owner >dump.sql &&
	grep -q "http://$HOSTPORT/feeds/rss2.xml" dump.sql &&
	no_secret dump.sql
'

test_expect 'the WARC shows the request was authorised, not how' '
	for f in warc/*.warc.gz; do gzip -dc "$f"; done >all.warc &&
	grep -a -q "^Authorization: \[redacted\]" all.warc &&
	grep -a -q "^WARC-Target-URI: http://$HOSTPORT/feeds/rss2.xml" all.warc &&
	no_secret all.warc
'

finish
