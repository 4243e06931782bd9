#!/bin/sh
# 0600-db-gone: the database goes away in the middle of a crawl.  The run
# says so in one line per failed write, exits 1 without crashing, and the
# next run, with the database back, stores everything exactly once.
. "$(dirname "$0")/../lib.sh"
# A cluster of this script's own, since it is stopped on purpose.
MM_TEST_PGHOST=
start_pg
start_fixture_server
mm db migrate >/dev/null

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 10
  per_host: 8
sources:
  - { name: fast, url: "$FIXTURE/feeds/rss2.xml" }
  - { name: slow-rdf, url: "$FIXTURE/slow/2500/feeds/rdf.xml" }
  - { name: slow-atom, url: "$FIXTURE/slow/2500/feeds/atom.xml" }
  - { name: slow-koi8r, url: "$FIXTURE/slow/2500/feeds/koi8r.xml" }
EOF

test_expect 'a crawl whose database stops mid-run fails cleanly' '
	mm crawl >gone.out 2>gone.err &
	pid=$!
	sleep 1.2
	pg_cluster_stop "$own_cluster"
	wait $pid
	rc=$?
	cat gone.out gone.err
	[ "$rc" = 1 ] &&
	grep -q "lost the database connection\|could not write the fetch log\|database: " gone.err &&
	! grep -qi "segmentation\|abort\|sanitizer" gone.err &&
	[ "$(grep -vc "^20[0-9-]*T[0-9:]*Z " gone.err)" = 0 ]
'

test_expect 'with the database back, the next crawl stores every story once' '
	as_pg_user "$(pg_bin)/pg_ctl" -D "$own_cluster/data" -l "$own_cluster/server.log" -w \
		-o "-c listen_addresses=${q}${q} -c unix_socket_directories=${q}$own_cluster${q} -c port=5432" \
		start >/dev/null &&
	mm crawl >back.out 2>back.err; cat back.out &&
	[ "$(sql "SELECT count(*) FROM articles")" = 5 ] &&
	[ "$(sql "SELECT count(DISTINCT canonical_url) FROM articles")" = 5 ] &&
	[ "$(sql "SELECT count(*) FROM articles WHERE page_status <> ${q}fetched${q}")" = 0 ]
'

finish
