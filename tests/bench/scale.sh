# scale.sh - the "scale" section of scripts/bench (issue 17): a simulated
# morning of a large deployment on this machine.  A loopback web of
# BENCH_SCALE_FEEDS outlets (tests/bench/slow-web.py, 100 ms a response,
# BENCH_SCALE_ITEMS articles a feed) is crawled by BENCH_SCALE_CRAWLERS
# crawlers at once, then analysed by as many analyzers at once, into one
# database of a cluster started with pg_stat_statements (the analyzers
# stop after BENCH_SCALE_ANALYZE_S seconds); the section
# prints the wall time of each stage, how the crawlers shared the sources,
# the queue depth of each stage after it, and the statements that cost
# the server most.  Sourced by scripts/bench (need_cmd, now, elapsed,
# TMP, cluster) after table.sh (fresh_db, slow_web, sql).  Not part of "make
# bench": "scripts/bench scale" (about 10 minutes for 10,000 feeds).

: "${BENCH_SCALE_FEEDS:=10000}" "${BENCH_SCALE_ITEMS:=2}"
: "${BENCH_SCALE_CRAWLERS:=2}" "${BENCH_SCALE_ANALYZE_S:=180}"

# depth LABEL: the queue of each stage, one line.
scale_depth() {
	echo "  queues after $1: $(sql "SELECT
	    (SELECT count(*) FROM articles WHERE page_status = 'pending')
	    || ' pages to fetch, ' ||
	    (SELECT count(*) FROM articles a LEFT JOIN article_analysis x
	      ON x.article_id = a.id WHERE x.article_id IS NULL)
	    || ' articles to analyse, ' ||
	    (SELECT count(*) FROM crawl_runs WHERE status = 'running')
	    || ' crawl runs running'")"
}

# scale_many N OUT CMD...: N copies of CMD at once; the wall time of the
# lot in S_SEC, their outputs in OUT.1 ... OUT.N.
scale_many() {
	sm_n=$1 sm_out=$2
	shift 2
	sm_t0=$(now)
	sm_pids=""
	k=1
	while [ "$k" -le "$sm_n" ]; do
		"$@" >"$sm_out.$k" 2>&1 &
		sm_pids="$sm_pids $!"
		k=$((k + 1))
	done
	for p in $sm_pids; do wait "$p"; done
	S_SEC=$(elapsed "$sm_t0" "$(now)")
}

bench_scale() {
	echo "scale: $BENCH_SCALE_FEEDS feeds of $BENCH_SCALE_ITEMS articles," \
		"100 ms a response, $BENCH_SCALE_CRAWLERS crawlers and" \
		"analyzers at once"
	need "$MEDIAMON" tests/pgcluster.sh || return 0
	need_cmd python3 curl || return 0
	. tests/pgcluster.sh
	# a cluster of its own (pg_stat_statements loads at start), stopped
	# at the end of the section; the other sections' cluster is kept
	MM_PG_OPTS="-c shared_preload_libraries=pg_stat_statements" \
		pg_cluster_start "$TMP/pgscale" >"$TMP/pgscale.log" 2>&1 ||
		{ echo "  skipped: PostgreSQL did not start"; return 0; }
	scale_saved="${cluster:-}" cluster="$TMP/pgscale"
	export PGHOST="$TMP/pgscale" PGPORT=5432 PGUSER=mediamon \
		PGOPTIONS="-c client_min_messages=warning"
	slow_web sc "$BENCH_SCALE_ITEMS"
	server_pid=$sw_pid
	[ -n "$port" ] || { echo "  skipped: the server did not start"
		return 0; }
	slow_web_sources "$BENCH_SCALE_FEEDS" 64 >"$TMP/scale.yaml"
	fresh_db bscale "$TMP/scale.yaml" ||
		{ echo "  skipped: no database"; return 0; }
	sql "CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
	     SELECT pg_stat_statements_reset()" >/dev/null
	scale_many "$BENCH_SCALE_CRAWLERS" "$TMP/scrawl" \
		"$MEDIAMON" --sources "$TMP/scale.yaml" crawl
	n=$(sql "SELECT count(*) FROM articles")
	echo "  crawl: $S_SEC s, $n articles"
	k=1
	while [ "$k" -le "$BENCH_SCALE_CRAWLERS" ]; do
		echo "    crawler $k: $(grep '^crawl:' "$TMP/scrawl.$k")"
		k=$((k + 1))
	done
	scale_depth crawl
	# stopped after BENCH_SCALE_ANALYZE_S (what is committed stays)
	scale_many "$BENCH_SCALE_CRAWLERS" "$TMP/sanalyze" timeout \
		"$BENCH_SCALE_ANALYZE_S" "$MEDIAMON" --sources \
		"$TMP/scale.yaml" analyze
	na=$(sql "SELECT count(*) FROM article_analysis")
	echo "  analyze: $na of $n articles in $S_SEC s ($(awk -v n="$na" \
		-v s="$S_SEC" 'BEGIN { printf "%.1f", n / s }') articles/s;" \
		"stopped after $BENCH_SCALE_ANALYZE_S s)"
	scale_depth analyze
	echo "  the server's costliest statements (pg_stat_statements):"
	sql "SELECT to_char(total_exec_time / 1000, 'FM9990.0') || ' s, ' ||
	            calls || ' calls: ' ||
	            left(regexp_replace(query, '\\s+', ' ', 'g'), 70)
	       FROM pg_stat_statements ORDER BY total_exec_time DESC
	      LIMIT 6" | sed 's/^/    /'
	kill "$server_pid"
	wait "$server_pid" 2>/dev/null
	server_pid=""
	echo "  requests served: $(sed -n 's/^requests //p' "$TMP/sc.stats")"
	pg_cluster_stop "$cluster"
	cluster=$scale_saved
	[ -n "$cluster" ] && export PGHOST="$cluster"
}
