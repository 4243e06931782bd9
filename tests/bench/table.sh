# table.sh - the "table" section of scripts/bench (issue 17): one
# generated corpus (tests/bench/gen-corpus.py, seeded), every stage of
# mediamon timed on it beside the programs a user would pick instead, run
# on the same files in the same run, printed as one Markdown table.
# Sourced by scripts/bench, whose helpers (need, need_cmd, now, elapsed,
# median, TMP, the cluster functions) it uses.
#
# Settings (environment): BENCH_RUNS (3: each row is the median of that
# many runs, peak RSS the largest), BENCH_FEEDS (3000 feeds of 20 items),
# BENCH_PAGES (1000), BENCH_DAY (20000 articles; 0 skips the whole day),
# BENCH_CRAWL_FEEDS (2000; 0 skips the loopback crawl), BENCH_PEER_FEEDS
# (300: feedparser's share), BENCH_PEER_PAGES (100: Readability's share),
# BENCH_TEXTS (300: the analysis row's texts of the corpus's 1,000),
# BENCH_PEER_TEXTS (20: pcre2grep's share; it does under one a second),
# BENCH_CORPUS (a directory to keep the corpus in between runs),
# BENCH_STAGES (which rows: "feeds extract analyze storage day crawl"),
# BENCH_DAY_ANALYZE_S (60: the day's analysis stops then; 0 never),
# BENCH_ANALYZERS (2: analyzers at once on the day).

: "${BENCH_RUNS:=3}" "${BENCH_FEEDS:=3000}" "${BENCH_PAGES:=1000}"
: "${BENCH_DAY:=20000}" "${BENCH_CRAWL_FEEDS:=2000}"
: "${BENCH_PEER_FEEDS:=300}" "${BENCH_PEER_PAGES:=100}"
: "${BENCH_PEER_TEXTS:=20}" "${BENCH_TEXTS:=300}"
: "${BENCH_STAGES:=feeds extract analyze storage day crawl}"
: "${BENCH_DAY_ANALYZE_S:=60}" "${BENCH_ANALYZERS:=2}"
TIME=/usr/bin/time
SYSPY=/usr/bin/python3	# Debian's, where python3-feedparser lives

# measure OUT CMD...: run CMD once (stdout to OUT, stderr to OUT.err)
# under GNU time; sets M_SEC (wall seconds) and M_MB (peak RSS, MB).
measure() {
	m_out=$1
	shift
	"$TIME" -f '%e %M' -o "$m_out.time" "$@" >"$m_out" 2>"$m_out.err" ||
		return 1
	set -- $(tail -n 1 "$m_out.time")
	M_SEC=$1
	M_MB=$(awk -v k="$2" 'BEGIN { printf "%.0f", k / 1024 }')
}

# measure_n OUT CMD...: BENCH_RUNS runs; M_SEC the median, M_MB the
# largest peak.
measure_n() {
	mn_out=$1
	shift
	: >"$mn_out.all"
	mn_k=0 mn_rss=0
	while [ "$mn_k" -lt "$BENCH_RUNS" ]; do
		measure "$mn_out" "$@" || return 1
		echo "$M_SEC" >>"$mn_out.all"
		[ "$M_MB" -gt "$mn_rss" ] && mn_rss=$M_MB
		mn_k=$((mn_k + 1))
	done
	M_SEC=$(median <"$mn_out.all")
	M_MB=$mn_rss
}

# harness_sec LINE UNITS: seconds per pass from a bench_* line
# "label: R units/s, ..." for UNITS items.
harness_sec() {
	echo "$1" | awk -v n="$2" '{
		sub(/^[^:]*: /, ""); r = $1 + 0
		if (r > 0) printf "%.4f", n / r; else print 0 }'
}

# row STAGE PROGRAM ITEMS BYTES SECONDS RSS_MB NOTE: one table line.
# The mediamon row of a stage comes first and sets REF_RATE (its
# items/s); later rows of the stage say how fast they are against it.
row() {
	awk -v st="$1" -v pr="$2" -v n="$3" -v b="$4" -v s="$5" -v m="$6" \
	    -v note="$7" -v ref="${REF_RATE:-}" 'BEGIN {
		if (s <= 0) s = 0.0005
		r = n / s; mb = b / 1e6 / s
		rs = r >= 100 ? sprintf("%.0f", r) : sprintf("%.1f", r)
		ms = b == 0 ? "-" : mb >= 10 ? sprintf("%.0f", mb) : \
			sprintf("%.2f", mb)
		vs = ""
		if (ref != "" && ref > 0) {
			q = r / ref
			vs = q >= 10 ? sprintf("%.0fx", q) : \
			     q >= 0.1 ? sprintf("%.2fx", q) : sprintf("%.3fx", q)
		}
		printf "| %s | %s | %s | %s | %s | %s | %s |\n",
		       st, pr, rs, ms, m == "" ? "-" : m, vs, note
	}' >>"$TMP/table.md"
}

# ref N SECONDS: the stage's mediamon rate, for the rows after it.
ref() { REF_RATE=$(awk -v n="$1" -v s="$2" 'BEGIN { print (s > 0 ? n / s : 0) }'); }

skip_row() {
	echo "| $1 | $2 | - | - | - | - | skipped: $3 |" >>"$TMP/table.md"
}

# The corpus, generated once (or kept in BENCH_CORPUS).
corpus() {
	C=${BENCH_CORPUS:-$TMP/corpus}
	if [ -s "$C/done" ]; then
		echo "  corpus: $C (kept)"
		return 0
	fi
	t0=$(now)
	python3 tests/bench/gen-corpus.py "$C" --feeds "$BENCH_FEEDS" \
		--pages "$BENCH_PAGES" --day "$BENCH_DAY" \
		--day-feeds $(( BENCH_DAY > 1000 ? BENCH_DAY / 20 : 50 )) \
		>"$TMP/gen.out" 2>&1 || { echo "  corpus: failed:" \
			"$(why "$TMP/gen.out")"; return 1; }
	echo "feeds=$BENCH_FEEDS pages=$BENCH_PAGES day=$BENCH_DAY" >"$C/done"
	echo "  corpus: $C, generated in $(elapsed "$t0" "$(now)") s" \
		"($(du -sh "$C" | cut -f1))"
}

# ---- feeds ---------------------------------------------------------------
table_feeds() {
	set -- "$C"/feeds/*.xml
	nf=$#
	bytes=$(cat "$@" | wc -c)
	if ! measure_n "$TMP/feed" "$BIN/bench_feed" -r 3 -t 0 "$@"; then
		skip_row feeds mediamon "$(why "$TMP/feed.err")"
		return 0
	fi
	items=$(sed -n 's/.*(.*; \([0-9]*\) entries.*/\1/p' "$TMP/feed" |
		head -n 1)
	mm=$(sed -n '/^feed parse/p' "$TMP/feed")
	lx=$(sed -n '/^libxml2 stream/p' "$TMP/feed")
	inputs=$(( bytes / 1048576 ))
	REF_RATE=""
	row "feeds ($nf files, $items items)" \
		"mediamon feed_parse, in-process" "$items" "$bytes" \
		"$(harness_sec "$mm" "$nf")" "$((M_MB - inputs))" \
		"RSS less the inputs held"
	ref "$items" "$(harness_sec "$mm" "$nf")"
	row "" "libxml2 xmlTextReader alone, in-process" "$items" "$bytes" \
		"$(harness_sec "$lx" "$nf")" "" "the parse-only floor"
	if need_cmd xmllint >/dev/null; then
		measure_n "$TMP/xl" xmllint --stream --noout "$@" &&
			row "" "xmllint --stream --noout" "$items" "$bytes" \
				"$M_SEC" "$M_MB" "one process, all files"
	else
		skip_row "" "xmllint --stream" "libxml2-utils not installed"
	fi
	if need_cmd sfeed >/dev/null; then
		measure_n "$TMP/sf" sh -c 'for f; do sfeed <"$f"; done' sh "$@" &&
			row "" "sfeed" "$items" "$bytes" "$M_SEC" "$M_MB" \
				"one process per file (as sfeed_update)"
	else
		skip_row "" sfeed "sfeed not installed"
	fi
	if [ -x "$SYSPY" ] && "$SYSPY" -c 'import feedparser' 2>/dev/null
	then
		set -- $(ls "$C"/feeds/*.xml | head -n "$BENCH_PEER_FEEDS")
		pb=$(cat "$@" | wc -c)
		measure "$TMP/fp" "$SYSPY" tests/bench/feedparser-peer.py "$@" &&
		set -- $(cat "$TMP/fp") &&
		row "" "python3-feedparser" "$8" "$pb" "$6" "$M_MB" \
			"first $BENCH_PEER_FEEDS files, $(( pb / 1000000 )) MB"
	else
		skip_row "" python3-feedparser "python3-feedparser not installed"
	fi
}

# ---- extraction ------------------------------------------------------------
table_extract() {
	set -- "$C"/pages/*.html
	np=$#
	bytes=$(cat "$@" | wc -c)
	if ! measure_n "$TMP/ex" "$BIN/bench_extract" -r 3 -t 0 "$@"; then
		skip_row extraction mediamon "$(why "$TMP/ex.err")"
		return 0
	fi
	mm=$(sed -n '/^article extract/p' "$TMP/ex")
	lx=$(sed -n '/^libxml2 html/p' "$TMP/ex")
	REF_RATE=""
	row "extraction ($np pages)" \
		"mediamon charset + page_extract, in-process" \
		"$np" "$bytes" "$(harness_sec "$mm" "$np")" \
		"$((M_MB - 2 * bytes / 1048576))" "RSS less the inputs held"
	ref "$np" "$(harness_sec "$mm" "$np")"
	row "" "libxml2 htmlReadMemory alone, in-process" "$np" "$bytes" \
		"$(harness_sec "$lx" "$np")" "" "the bare parse (floor)"
	if [ -d tests/bench/readability/node_modules ] ||
	   (cd tests/bench/readability && npm ci --no-audit --no-fund \
		>/dev/null 2>&1); then
		set -- $(ls "$C"/pages/*.html | head -n "$BENCH_PEER_PAGES")
		measure "$TMP/rd" node tests/bench/readability/extract.mjs \
			"$@" && set -- $(cat "$TMP/rd") &&
		row "" "Readability.js 0.6 on jsdom 26 (node)" "$2" "$4" "$6" \
			"$M_MB" "first $BENCH_PEER_PAGES pages"
	else
		skip_row "" "Readability.js" "npm ci failed (no node/npm?)"
	fi
}

# ---- analysis ----------------------------------------------------------------
# texts JSONL OUT [N]: the texts of the first N lines (all) of an
# "analyze --jsonl" input as plain lines, a paragraph a line, for greps.
texts() {
	"$SYSPY" -c 'import json, sys
n = int(sys.argv[2])
for i, l in enumerate(open(sys.argv[1], encoding="utf-8")):
    if n and i >= n:
        break
    print(json.loads(l)["text"].replace("\n\n", "\n"))' "$1" "${3:-0}" >"$2"
}

table_analyze() {
	# the first BENCH_TEXTS texts of the corpus's (analysis is the slow
	# stage: it would hold "make bench" past ten minutes on them all)
	jl="$TMP/texts.jsonl"
	head -n "$BENCH_TEXTS" "$C/texts.jsonl" >"$jl"
	texts "$jl" "$TMP/texts.txt" || return 0
	n=$(wc -l <"$jl")
	bytes=$(wc -c <"$TMP/texts.txt")
	REF_RATE=""
	if measure_n "$TMP/an" "$MEDIAMON" analyze --lexicons "$LEX" \
		--jsonl "$jl"; then
		row "analysis ($n texts)" "mediamon analyze --jsonl" "$n" \
			"$bytes" "$M_SEC" "$M_MB" "whole command"
		ref "$n" "$M_SEC"
	else
		skip_row analysis mediamon "$(why "$TMP/an.err")"
	fi
	"$BIN/bench_patterns" "$LEX" >"$TMP/patterns" 2>/dev/null
	np=$(wc -l <"$TMP/patterns")
	# pcre2grep refuses a pattern over 8 KB: the patterns go in as few
	# alternations as that allows, (*UCP) as the analyzer compiles them.
	awk 'BEGIN { cur = "" } {
		p = "(?:" $0 ")"
		if (cur != "" && length(cur) + length(p) > 8000) {
			print "(*UCP)" cur; cur = "" }
		cur = cur == "" ? p : cur "|" p }
		END { if (cur != "") print "(*UCP)" cur }' "$TMP/patterns" \
		>"$TMP/alternation"
	if need_cmd pcre2grep >/dev/null; then
		texts "$jl" "$TMP/peer.txt" "$BENCH_PEER_TEXTS"
		pn=$(( n < BENCH_PEER_TEXTS ? n : BENCH_PEER_TEXTS ))
		measure_n "$TMP/pcre" pcre2grep -o -i -u -f "$TMP/alternation" \
			"$TMP/peer.txt" &&
			row "" "pcre2grep -o -i -u, the same $np patterns" "$pn" \
				"$(wc -c <"$TMP/peer.txt")" "$M_SEC" "$M_MB" \
				"first $pn texts; $(wc -l <"$TMP/alternation") alternations (8 KB limit)"
	else
		skip_row "" pcre2grep "pcre2-utils not installed"
	fi
	measure_n "$TMP/gf" grep -c -F -i 'прокурат' "$TMP/texts.txt" &&
		row "" "grep -F -i one word" "$n" "$bytes" "$M_SEC" "$M_MB" \
			"a floor"
	measure_n "$TMP/cat" cat "$TMP/texts.txt" &&
		row "" "cat" "$n" "$bytes" "$M_SEC" "$M_MB" "the floor"
}

# ---- storage, the whole day, the loopback crawl: PostgreSQL --------------
table_db_start() {
	need "$MEDIAMON" tests/pgcluster.sh >/dev/null || return 1
	. tests/pgcluster.sh
	[ -x "$(pg_bin)/initdb" ] || return 1
	pg_cluster_start "$TMP/pg" >"$TMP/pg.log" 2>&1 || return 1
	cluster="$TMP/pg"
	export PGHOST="$TMP/pg" PGPORT=5432 PGUSER=mediamon \
		PGOPTIONS="-c client_min_messages=warning"
}

# fresh_db NAME: an empty migrated database, made the current one.
fresh_db() {
	export PGDATABASE=$1
	psql -q -X -d postgres -c "DROP DATABASE IF EXISTS $1" \
		-c "CREATE DATABASE $1" >/dev/null 2>&1 &&
		"$MEDIAMON" --sources "$2" db migrate >/dev/null 2>&1
}

# The replay into an empty database, BENCH_RUNS times (the median; a
# second replay into the same database would find every article stored),
# then COPY of the rows it stored into a table like articles.
table_storage() {
	src="$C/store/sources.yaml"
	bytes=$(zcat "$C/store/store.warc.gz" | wc -c)
	: >"$TMP/st.all"
	k=0 rss=0
	while [ "$k" -lt "$BENCH_RUNS" ]; do
		if ! fresh_db bstore "$src"; then
			skip_row storage mediamon "no database"
			return 0
		fi
		measure "$TMP/st" "$MEDIAMON" --sources "$src" crawl \
			--replay "$C/store/store.warc.gz" || {
			skip_row storage mediamon "$(why "$TMP/st.err")"
			return 0; }
		echo "$M_SEC" >>"$TMP/st.all"
		[ "$M_MB" -gt "$rss" ] && rss=$M_MB
		k=$((k + 1))
	done
	n=$(sql "SELECT count(*) FROM articles")
	REF_RATE=""
	row "storage ($n articles)" "mediamon crawl --replay, full-text feeds" \
		"$n" "$bytes" "$(median <"$TMP/st.all")" "$rss" \
		"feeds parsed and stored"
	M_SEC=$(median <"$TMP/st.all")
	ref "$n" "$M_SEC"
	psql -X -q -c "\\copy articles TO '$TMP/articles.copy'" ||
		return 0
	cbytes=$(wc -c <"$TMP/articles.copy")
	: >"$TMP/copy.all"
	k=0
	while [ "$k" -lt "$BENCH_RUNS" ]; do
		sql "DROP TABLE IF EXISTS articles_copy;
		     CREATE TABLE articles_copy (LIKE articles INCLUDING ALL)"
		measure "$TMP/cp" psql -X -q -c \
			"\\copy articles_copy FROM '$TMP/articles.copy'" ||
			break
		echo "$M_SEC" >>"$TMP/copy.all"
		k=$((k + 1))
	done
	row "" "COPY of the same rows through psql" "$n" "$cbytes" \
		"$(median <"$TMP/copy.all")" "$M_MB" "the same indexes"
	sql "DROP TABLE IF EXISTS articles_copy"
}

table_day() {
	[ "$BENCH_DAY" -gt 0 ] || return 0
	src="$C/day/sources.yaml"
	fresh_db bday "$src" || { skip_row "whole day" mediamon "no database"
		return 0; }
	bytes=$(stat -c %s "$C/day/day.warc.gz")
	t0=$(now)
	measure "$TMP/dr" "$MEDIAMON" --sources "$src" crawl --replay \
		"$C/day/day.warc.gz" ||
		{ skip_row "whole day" replay "$(why "$TMP/dr.err")"; return 0; }
	n=$(sql "SELECT count(*) FROM articles")
	REF_RATE=""
	row "whole day ($n articles)" "crawl --replay (WARC, gzip)" "$n" \
		"$bytes" "$M_SEC" "$M_MB" "feeds and pages: parse, extract, store"
	d1=$M_SEC r1=$M_MB
	# BENCH_ANALYZERS at once, as a deployment runs them; each stops
	# after BENCH_DAY_ANALYZE_S seconds (0: never), keeping the batches
	# it committed, and the figure is the rate of what they did.
	lim=""
	[ "$BENCH_DAY_ANALYZE_S" -gt 0 ] && lim="timeout $BENCH_DAY_ANALYZE_S"
	measure "$TMP/da" sh -c 'k=0
		while [ "$k" -lt "$1" ]; do
			$2 "$3" --sources "$4" analyze >/dev/null &
			k=$((k + 1))
		done
		wait' analyzers "$BENCH_ANALYZERS" "$lim" "$MEDIAMON" "$src" ||
		{ skip_row "" analyze "$(why "$TMP/da.err")"; return 0; }
	na=$(sql "SELECT count(*) FROM article_analysis")
	note="mentions, tonality, violations, stories, routing"
	[ "$na" -lt "$n" ] && note="stopped after $M_SEC s: $na of $n\
 analysed; the whole day would take $(awk -v s="$M_SEC" -v a="$na" \
			-v n="$n" 'BEGIN { printf "%.0f", a ? s * n / a : 0 }') s"
	row "" "analyze, $BENCH_ANALYZERS at once" "$na" 0 "$M_SEC" "$M_MB" \
		"$note"
	d2=$M_SEC r2=$M_MB
	measure "$TMP/dd" "$MEDIAMON" --sources "$src" digest --date \
		2026-11-18 --format json ||
		{ skip_row "" digest "$(why "$TMP/dd.err")"; return 0; }
	row "" "digest --date 2026-11-18" "$n" 0 "$M_SEC" "$M_MB" "JSON"
	total=$(elapsed "$t0" "$(now)")
	peak=$(printf '%s\n' "$r1" "$r2" "$M_MB" | sort -n | tail -n 1)
	note="goal: < 60 s, < 300 MB"
	if [ "$na" -lt "$n" ]; then
		total=$(awk -v t="$total" -v s="$d2" -v a="$na" -v n="$n" \
			'BEGIN { printf "%.1f", t - s + (a ? s * n / a : 0) }')
		note="projected from the analysis' rate; $note"
	fi
	row "" "the three, one after the other" "$n" 0 "$total" "$peak" \
		"$note"
}

# slow_web NAME ITEMS: start tests/bench/slow-web.py (100 ms a response,
# ITEMS articles a feed), its port in TMP/NAME.port and its count of
# requests in TMP/NAME.stats when stopped; sets sw_pid and port, 1 when it
# did not start.
slow_web() {
	rm -f "$TMP/$1.port"
	python3 tests/bench/slow-web.py --port-file "$TMP/$1.port" \
		--delay-ms 100 --items "$2" --stats "$TMP/$1.stats" \
		2>"$TMP/$1.err" &
	sw_pid=$!
	for _ in $(seq 100); do
		[ -s "$TMP/$1.port" ] && break
		sleep 0.1
	done
	port=$(cat "$TMP/$1.port" 2>/dev/null)
	[ -n "$port" ]
}

# slow_web_sources N CONCURRENCY: sources.yaml of N outlets of slow_web.
slow_web_sources() {
	echo "version: 1"
	echo "reviewed: 2026-11-18"
	echo "crawler:"
	echo "  allow_networks: [127.0.0.0/8]"
	echo "  concurrency: $2"
	echo "  delay_ms: 0"
	echo "sources:"
	seq "$1" | awk -v p="$port" '{
		printf "  - { name: s%05d, url: \"http://s%05d" \
		       ".localhost:%d/rss.xml\" }\n", $1, $1, p }'
}

table_crawl() {
	[ "$BENCH_CRAWL_FEEDS" -gt 0 ] || return 0
	need_cmd curl >/dev/null || return 0
	slow_web sw 1 || { skip_row "loopback crawl" mediamon \
		"server did not start"; return 0; }
	conc=64
	slow_web_sources "$BENCH_CRAWL_FEEDS" "$conc" >"$TMP/crawl.yaml"
	fresh_db bcrawl "$TMP/crawl.yaml" || return 0
	measure "$TMP/cr" "$MEDIAMON" --sources "$TMP/crawl.yaml" crawl ||
		{ skip_row "loopback crawl" mediamon "$(why "$TMP/cr.err")"
		  kill "$sw_pid"; return 0; }
	kill "$sw_pid"
	wait "$sw_pid" 2>/dev/null
	req=$(sed -n 's/^requests //p' "$TMP/sw.stats")
	ideal=$(awk -v r="$req" -v c="$conc" 'BEGIN { printf "%.2f", r * 0.1 / c }')
	n=$(sql "SELECT count(*) FROM articles")
	# What bounds it: the mean time a response took as the crawler saw
	# it (the server's 100 ms plus its own and the machine's delays) and
	# how many transfers were in flight on average (robots.txt fetches
	# are not in fetch_log: a lower bound).
	seen=$(sql "SELECT round(avg(duration_ms)), round(sum(duration_ms)
		    / 1000.0 / $M_SEC) FROM fetch_log" | tr '|' ' ')
	ref "$req" "$ideal"
	row "loopback crawl ($BENCH_CRAWL_FEEDS feeds, 100 ms a response)" \
		"mediamon crawl, concurrency $conc" "$req" 0 "$M_SEC" "$M_MB" \
		"$req requests (robots, feeds, $n pages); ideal $ideal s;$(
		echo "$seen" | awk '{ printf " a response took %s ms on" \
			" average, %s or more in flight", $1, $2 }')"
}

# stage NAME: 0 when BENCH_STAGES names it.
stage() { case " $BENCH_STAGES " in *" $1 "*) return 0 ;; esac; return 1; }

bench_table() {
	echo "table:"
	need "$BIN/bench_feed" "$BIN/bench_extract" "$BIN/bench_patterns" \
		"$MEDIAMON" || return 0
	need_cmd python3 || return 0
	[ -x "$TIME" ] || { echo "  skipped: GNU time (package 'time') is" \
		"not installed"; return 0; }
	corpus || return 0
	echo "| stage | program | items/s | MB/s | peak RSS MB |" \
	     "items/s vs mediamon | note |" >"$TMP/table.md"
	echo "|---|---|---|---|---|---|---|" >>"$TMP/table.md"
	stage feeds && table_feeds
	stage extract && table_extract
	stage analyze && table_analyze
	if ! stage storage && ! stage day && ! stage crawl; then
		:
	elif table_db_start; then
		stage storage && table_storage
		stage day && table_day
		stage crawl && table_crawl
	else
		skip_row "storage, whole day, crawl" mediamon \
			"PostgreSQL did not start: $(why "$TMP/pg.log")"
	fi
	cat "$TMP/table.md"
}
