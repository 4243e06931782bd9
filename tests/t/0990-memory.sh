#!/bin/sh
# 0990-memory: the resident size of a crawl and an analysis does not grow
# with the number of articles (issue 16): each document and each article
# has its arena, reset once stored.  MM_MEMORY_ARTICLES articles (600
# in make test; the README's figures are for 10,000:
# MM_MEMORY_ARTICLES=10000 make test T=0990) in ten feeds are crawled and
# analysed, and the peak resident size of each must stay under
# MM_MEMORY_LIMIT_MB (sanitizer builds have their own, larger, bound).
. "$(dirname "$0")/../lib.sh"
start_pg
N=${MM_MEMORY_ARTICLES:-600}
case "$(basename "${BUILD:-build}")" in
*san*) LIMIT=${MM_MEMORY_LIMIT_MB:-600} ;;
*) LIMIT=${MM_MEMORY_LIMIT_MB:-120} ;;
esac
python3 "$TESTS_DIR/gen-web.py" "$TRASH/web" "$N" 10
start_fixture_server --root "$TRASH/web"
mm db migrate >/dev/null 2>&1

{
	printf 'version: 1\nreviewed: 2026-11-20\ncrawler:\n'
	printf '  allow_networks: [127.0.0.0/8]\n  delay_ms: 0\n  per_host: 8\n'
	printf '  max_articles: %d\nsources:\n' $(( (N + 9) / 10 ))
	for k in 0 1 2 3 4 5 6 7 8 9; do
		printf '  - { name: big%d, url: "%s/feeds/big-%d.xml" }\n' \
			"$k" "$FIXTURE" "$k"
	done
} >"$TRASH/sources.yaml"
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

# peak_kb COMMAND...: run it; print its peak resident size in KiB.
peak_kb() {
	python3 -c '
import resource, subprocess, sys
rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL,
                     stderr=open("peak.err", "w"))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$@"
}

test_expect "a crawl of $N articles stays under $LIMIT MB" '
	kb=$(peak_kb "$MEDIAMON" crawl) &&
	echo "crawl: $N articles, peak $((kb / 1024)) MB" | tee -a peaks &&
	[ "$(sql "SELECT count(*) FROM articles WHERE page_status = ${q}fetched$q")" = "$N" ] &&
	[ "$kb" -lt $((LIMIT * 1024)) ]
'

test_expect "their analysis stays under $LIMIT MB" '
	kb=$(peak_kb "$MEDIAMON" analyze) &&
	echo "analyze: $N articles, peak $((kb / 1024)) MB" | tee -a peaks &&
	[ "$(sql "SELECT count(*) FROM article_analysis")" = "$N" ] &&
	[ "$kb" -lt $((LIMIT * 1024)) ]
'

# The figures, for whoever runs this script by hand.
sed 's/^/# /' "$TRASH/peaks" 2>/dev/null
finish
