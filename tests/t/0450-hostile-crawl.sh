#!/bin/sh
# 0450-hostile-crawl: one source whose documents cost minutes of CPU
# inside the byte cap (issue 16) must not hold the others.  Beside the good
# fixture feeds, a crawl gets an 8 MiB feed of a million empty elements,
# 100,000 attributes on one element, an escaped-HTML summary of 100,000
# attributes, and an article page of 100,000 attributes.  Every good
# article is stored, the hostile sources end within their CPU budget, and
# one that runs past it is marked failed with "parse took longer than".
. "$(dirname "$0")/../lib.sh"
start_pg
mkdir -p "$TRASH/web"
cp -R "$TESTS_DIR/fixtures/web/." "$TRASH/web/"
start_fixture_server --root "$TRASH/web"
mm db migrate >/dev/null

attrs() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf " a%x=\"x\"", i }'
}
mkdir -p "$TRASH/web/h"
{
	printf '<rss version="2.0"><channel><title>t</title>\n'
	printf '<item><title>Hostile one</title><link>%s/news/2026/11/18/prokuror-vstrecha-grazhdan.html</link></item>\n' "$FIXTURE"
	awk 'BEGIN { for (i = 0; i < 8000; i++) { s = ""; for (k = 0; k < 260; k++) s = s "<b/>"; print s } }'
	printf '</channel></rss>\n'
} >"$TRASH/web/h/tags.xml"
{
	printf '<rss version="2.0"><channel'
	attrs 100000
	printf '><title>t</title></channel></rss>\n'
} >"$TRASH/web/h/xattrs.xml"
{
	printf '<rss version="2.0"><channel><title>t</title><item><title>x</title>'
	printf '<link>%s/h/page.html</link><description>&lt;div' "$FIXTURE"
	attrs 100000
	printf '&gt;hi&lt;/div&gt;</description></item></channel></rss>\n'
} >"$TRASH/web/h/fattrs.xml"
{
	printf '<html><body><div'
	attrs 100000
	printf '><p>Прокуратура провела проверку.</p></div></body></html>\n'
} >"$TRASH/web/h/page.html"

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  timeout_s: 10
  max_bytes: 9437184
  per_host: 8
  delay_ms: 0
  retries: 0
  parse_timeout_s: 1
  allow_networks: [127.0.0.0/8]
sources:
  - { name: rss2, url: "$FIXTURE/feeds/rss2.xml" }
  - { name: rdf, url: "$FIXTURE/feeds/rdf.xml" }
  - { name: atom, url: "$FIXTURE/feeds/atom.xml" }
  - { name: koi8r, url: "$FIXTURE/feeds/koi8r.xml" }
  - { name: h-tags, url: "$FIXTURE/h/tags.xml" }
  - { name: h-xattrs, url: "$FIXTURE/h/xattrs.xml" }
  - { name: h-fattrs, url: "$FIXTURE/h/fattrs.xml" }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

test_expect 'the good sources are stored whole beside hostile ones' '
	ls -l web/h &&
	start=$(date +%s) &&
	mm crawl >crawl.out 2>crawl.err; rc=$?
	took=$(( $(date +%s) - start ))
	cat crawl.out crawl.err; echo "exit $rc, took $took s"
	[ "$rc" = 0 ] && [ "$took" -lt 60 ] &&
	for s in rss2 rdf atom koi8r; do
		grep -E "^$s +ok" crawl.out || { echo "$s not ok"; exit 1; }
	done &&
	[ "$(sql "SELECT count(*) FROM articles WHERE page_status = ${q}pending$q")" = 0 ]
'

test_expect 'the million-tag feed is stopped at its budget, and says so' '
	grep -E "^h-tags +failed .*parse took longer than 1 s" crawl.out &&
	grep -q "h-tags: parse took longer than 1 s" crawl.err
'

test_expect 'attributes past the cap are dropped, not parsed' '
	grep -E "^h-xattrs +ok" crawl.out &&
	grep -E "^h-fattrs +ok" crawl.out &&
	[ "$(sql "SELECT page_status FROM articles WHERE url LIKE ${q}%/h/page.html$q")" = fetched ]
'

test_expect 'libxml2 writes nothing to stderr, even for a huge text node' '
	python3 -c "
k = (8 * 1024 * 1024 - 200) // 9
print(\"<rss version=\\\"2.0\\\"><channel><item><title>x</title><description>&lt;div \"
      + \" \".join(\"a%x=\\\"x\\\"\" % i for i in range(k))
      + \"&gt;hi&lt;/div&gt;</description></item></channel></rss>\")
" >huge.xml &&
	mm parse-feed huge.xml >huge.json 2>huge.err &&
	cat huge.err && [ ! -s huge.err ]
'

finish
