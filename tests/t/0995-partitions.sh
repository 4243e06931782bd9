#!/bin/sh
# 0995-partitions: sql/012 on a database with data (the schema before
# it, rows spread over seven months) keeps every row and puts each in its month's
# partition; a fresh database gets its partitions too; rows land where
# their month says, and maintenance moves what the default partition
# caught; retention drops the raw texts of old months and nothing else,
# and a second run changes nothing; a crawl afterwards stores its pages
# once, their raw texts in this month's partition.
. "$(dirname "$0")/../lib.sh"
start_pg
python3 "$TESTS_DIR/gen-web.py" "$TRASH/web" 30 1
start_fixture_server --root "$TRASH/web"

# the migrations before this one, as a deployed database has them
mkdir -p "$TRASH/old/sql"
for f in "$SRC_DIR"/sql/[0-9][0-9][0-9]_*.sql; do
	[ "$(basename "$f" .sql | cut -c1-3)" -lt 12 ] && ln -s "$f" "$TRASH/old/sql/"
done

cat >"$TRASH/sources.yaml" <<EOF
version: 1
reviewed: 2026-11-20
crawler:
  allow_networks: [127.0.0.0/8]
  delay_ms: 0
  per_host: 4
  retries: 0
retention:
  raw_body_days: 0
sources:
  - { name: big0, url: "$FIXTURE/feeds/big-0.xml" }
EOF
export MEDIAMON_SOURCES="$TRASH/sources.yaml"

# What must survive the migration, one line each: the raw texts, the
# rest of the articles (hashes and WARC references with them), the log.
RAW_OLD="SELECT count(*), md5(string_agg(id || ':' || text_raw, ',' ORDER BY id)) FROM articles WHERE text_raw IS NOT NULL"
RAW_NEW="SELECT count(*), md5(string_agg(article_id || ':' || text_raw, ',' ORDER BY article_id)) FROM article_bodies"
KEEP="SELECT count(*), md5(string_agg(concat_ws('|', id, canonical_url, text, body_sha256, content_sha256, warc_file, warc_offset, updated_at), ',' ORDER BY id)) FROM articles"
LOG="SELECT count(*), md5(string_agg(concat_ws('|', id, source_id, kind, url, fetched_at, status, bytes), ',' ORDER BY id)) FROM fetch_log"
# Rows not in the partition of their month (UTC), per table.
MISPLACED="SELECT count(*) FROM fetch_log WHERE tableoid::regclass::text <> 'fetch_log_' || to_char(fetched_at AT TIME ZONE 'UTC', 'YYYY_MM')"
MISPLACED_RAW="SELECT count(*) FROM article_bodies WHERE tableoid::regclass::text <> 'article_bodies_' || to_char(fetched_at AT TIME ZONE 'UTC', 'YYYY_MM')"
# The partitions of both tables, with their row counts.
PARTS="SELECT c.relname, (xpath('//n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, false, '')))[1]::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent IN ('fetch_log'::regclass, 'article_bodies'::regclass) ORDER BY 1"
# This month and the next two, as partition suffixes.
MONTHS="SELECT to_char(m, 'YYYY_MM') FROM generate_series(date_trunc('month', now() AT TIME ZONE 'UTC'), date_trunc('month', now() AT TIME ZONE 'UTC') + interval '2 months', interval '1 month') m"

test_expect 'a database at schema 011 with seven months of data' '
	MEDIAMON_HOME="$TRASH/old" mm db migrate >out &&
	grep -q "schema version 11" out &&
	sql "INSERT INTO sources (name, url, type) VALUES (${q}old${q}, ${q}http://old.example/feed${q}, ${q}rss${q});
	     INSERT INTO articles (source_id, url, canonical_url, title, text,
		text_raw, fetched_at, updated_at, body_sha256, content_sha256,
		warc_file, warc_offset, page_status)
	     SELECT 1, ${q}http://old.example/${q} || i, ${q}http://old.example/${q} || i,
		${q}title ${q} || i, ${q}text ${q} || i,
		CASE WHEN i % 3 > 0 THEN ${q}raw ${q} || i || repeat(${q} raw text${q}, 500) END,
		now() - (i % 7) * interval ${q}1 month${q}, now() - (i % 7) * interval ${q}1 month${q},
		md5(${q}b${q} || i), md5(${q}c${q} || i), ${q}old.warc.gz${q}, i * 1000, ${q}fetched${q}
	     FROM generate_series(1, 350) i;
	     INSERT INTO fetch_log (source_id, kind, url, fetched_at, status, bytes)
	     SELECT 1, ${q}article${q}, ${q}http://old.example/${q} || i,
		now() - (i % 7) * interval ${q}1 month${q} - (i % 5) * interval ${q}1 hour${q},
		${q}ok${q}, i
	     FROM generate_series(1, 700) i" &&
	sql "$RAW_OLD" >raw.before && sql "$KEEP" >keep.before &&
	sql "$LOG" >log.before &&
	cat raw.before log.before &&
	grep -q "^234|" raw.before && grep -q "^700|" log.before
'

test_expect 'migrate keeps every row, each in its month partition' '
	mm db migrate >out && grep -q "applied [1-9][0-9]* migration" out &&
	sql "$RAW_NEW" >raw.after && test_cmp raw.before raw.after &&
	sql "$KEEP" >keep.after && test_cmp keep.before keep.after &&
	sql "$LOG" >log.after && test_cmp log.before log.after &&
	[ "$(sql "$MISPLACED")" = 0 ] && [ "$(sql "$MISPLACED_RAW")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM fetch_log_default")" = 0 ] &&
	[ "$(sql "SELECT count(DISTINCT tableoid) FROM fetch_log")" = 7 ] &&
	[ "$(sql "SELECT count(*) FROM information_schema.columns WHERE table_name = ${q}articles${q} AND column_name = ${q}text_raw${q}")" = 0 ] &&
	for m in $(sql "$MONTHS"); do
		[ "$(sql "SELECT to_regclass(${q}fetch_log_$m${q}) IS NOT NULL AND to_regclass(${q}article_bodies_$m${q}) IS NOT NULL")" = t ] || exit 1
	done
'

test_expect 'the views and triggers of fetch_log are on the new table' '
	[ "$(sql "SELECT count(*) FROM v_source_health WHERE source = ${q}old${q}")" = 1 ] &&
	sql "SELECT DISTINCT c.relname FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class c ON c.oid = r.ev_class WHERE d.refobjid = ${q}fetch_log${q}::regclass AND c.relkind = ${q}v${q}" >views &&
	grep -qx v_source_health views &&
	n=$(sql "SELECT count(*) FROM data_changes") &&
	sql "INSERT INTO fetch_log (source_id, kind, url, status) VALUES (1, ${q}feed${q}, ${q}http://trigger/${q}, ${q}ok${q})" &&
	[ "$(sql "SELECT count(*) FROM data_changes")" = $((n + 1)) ] &&
	sql "DELETE FROM fetch_log WHERE url = ${q}http://trigger/${q}"
'

test_expect 'a fresh database gets this month, the next two and a default' '
	psql -q -X -d postgres -c "CREATE DATABASE ${PGDATABASE}_fresh" &&
	PGDATABASE=${PGDATABASE}_fresh mm db migrate >out &&
	PGDATABASE=${PGDATABASE}_fresh sql "$PARTS" >parts &&
	cat parts && [ "$(wc -l <parts)" = 8 ] &&
	grep -qx "fetch_log_default|0" parts &&
	grep -qx "article_bodies_default|0" parts &&
	for m in $(sql "$MONTHS"); do
		grep -qx "fetch_log_$m|0" parts && grep -qx "article_bodies_$m|0" parts || exit 1
	done
'

test_expect 'a row lands in its month; maintenance empties the default' '
	sql "INSERT INTO fetch_log (source_id, kind, url, status) VALUES (1, ${q}feed${q}, ${q}http://now/${q}, ${q}ok${q});
	     INSERT INTO fetch_log (source_id, kind, url, status, fetched_at)
	     VALUES (1, ${q}feed${q}, ${q}http://later/${q}, ${q}ok${q}, now() + interval ${q}2 years${q})" &&
	[ "$(sql "SELECT tableoid::regclass FROM fetch_log WHERE url = ${q}http://now/${q}")" = "fetch_log_$(sql "$MONTHS" | head -n 1)" ] &&
	[ "$(sql "SELECT tableoid::regclass FROM fetch_log WHERE url = ${q}http://later/${q}")" = fetch_log_default ] &&
	later=$(sql "SELECT to_char((now() + interval ${q}2 years${q}) AT TIME ZONE ${q}UTC${q}, ${q}YYYY_MM${q})") &&
	mm db maintain >out && cat out &&
	grep -qx "made fetch_log_$later" out &&
	[ "$(sql "SELECT tableoid::regclass FROM fetch_log WHERE url = ${q}http://later/${q}")" = "fetch_log_$later" ] &&
	[ "$(sql "SELECT count(*) FROM fetch_log_default")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM fetch_log")" = 702 ]
'

test_expect 'retention drops old raw texts, keeps hashes, WARC references, the log' '
	sql "SELECT count(*) FROM article_bodies WHERE fetched_at >= date_trunc(${q}month${q}, (now() - interval ${q}70 days${q}) AT TIME ZONE ${q}UTC${q}) AT TIME ZONE ${q}UTC${q}" >kept.want &&
	cat kept.want && [ "$(cat kept.want)" -gt 0 ] && [ "$(cat kept.want)" -lt 234 ] &&
	sql "$LOG" >log.before &&
	sed "s/raw_body_days: 0/raw_body_days: 70/" sources.yaml >keep70.yaml &&
	mm --sources keep70.yaml db maintain >out && cat out &&
	grep -q "^dropped article_bodies_[0-9_]* ([0-9.]* MB)$" out &&
	! grep -q "dropped fetch_log" out &&
	[ "$(sql "SELECT count(*) FROM article_bodies")" = "$(cat kept.want)" ] &&
	[ "$(sql "SELECT count(*) FROM article_bodies WHERE fetched_at < now() - interval ${q}70 days${q} - interval ${q}1 month${q}")" = 0 ] &&
	sql "$KEEP" >keep.after && test_cmp keep.before keep.after &&
	sql "$LOG" >log.after && test_cmp log.before log.after
'

test_expect 'a second maintenance changes nothing' '
	sql "$PARTS" >parts.before &&
	mm --sources keep70.yaml db maintain >out && cat out &&
	grep -qx "partitions: 0 made, 0 dropped (0.0 MB freed); raw texts kept 70 days" out &&
	sql "$PARTS" >parts.after && test_cmp parts.before parts.after &&
	sql "$KEEP" >keep.after && test_cmp keep.before keep.after
'

# Both wait behind a session holding the default partition, then go on
# together: without the function's advisory lock one fails.
test_expect 'two maintenance runs at once: both succeed, one makes the partition' '
	sql "INSERT INTO fetch_log (source_id, kind, url, status, fetched_at)
	     VALUES (1, ${q}feed${q}, ${q}http://much-later/${q}, ${q}ok${q}, now() + interval ${q}3 years${q})" &&
	{ psql -X -q -c "BEGIN; LOCK fetch_log_default; SELECT pg_sleep(2); COMMIT" >/dev/null & p0=$!; } &&
	sleep 0.5 &&
	{ mm db maintain >m1.out 2>m1.err & p1=$!; } &&
	mm db maintain >m2.out 2>m2.err && wait $p1 && wait $p0 &&
	cat m1.out m2.out m1.err m2.err &&
	[ "$(cat m1.out m2.out | grep -c "^made fetch_log_")" = 1 ] &&
	[ "$(sql "SELECT count(*) FROM fetch_log_default")" = 0 ] &&
	sql "DELETE FROM fetch_log WHERE url = ${q}http://much-later/${q}"
'

test_expect 'a crawl afterwards stores each page once, its raw text this month' '
	mm crawl >crawl.out 2>crawl.err && cat crawl.out &&
	[ "$(sql "SELECT count(*) FROM articles")" = 380 ] &&
	[ "$(sql "SELECT count(*) FROM articles WHERE source_id <> 1 AND page_status = ${q}fetched${q}")" = 30 ] &&
	[ "$(sql "SELECT count(*) FROM article_bodies b JOIN articles a ON a.id = b.article_id WHERE a.source_id <> 1 AND b.text_raw IS NOT NULL AND b.text_raw <> a.text")" = 30 ] &&
	[ "$(sql "$MISPLACED")" = 0 ] && [ "$(sql "$MISPLACED_RAW")" = 0 ] &&
	mm crawl >crawl2.out 2>crawl2.err &&
	[ "$(sql "SELECT count(*) FROM articles")" = 380 ] &&
	[ "$(sql "SELECT count(*) FROM (SELECT article_id FROM article_bodies GROUP BY 1 HAVING count(*) > 1) d")" = 0 ] &&
	[ "$(sql "SELECT count(*) FROM (SELECT canonical_url FROM articles GROUP BY 1 HAVING count(*) > 1) d")" = 0 ]
'

test_expect 'retention is checked where sources.yaml says it' '
	sed "s/raw_body_days: 0/raw_body_days: -1/" sources.yaml >bad.yaml &&
	! mm --sources bad.yaml config check 2>err && cat err &&
	grep -q "bad.yaml:9:18: .raw_body_days. must be between 0 and 36500, not -1" err &&
	sed "s/raw_body_days: 0/raw_days: 7/" sources.yaml >bad.yaml &&
	! mm --sources bad.yaml config check 2>err && cat err &&
	grep -q "bad.yaml:9:3: unrecognized key .raw_days. in retention" err
'

finish
