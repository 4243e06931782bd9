#!/bin/sh
# 0200-db: migrations on a real PostgreSQL; the analysts' views keep their
# contract; the embedded cluster starts itself when nothing is configured.
. "$(dirname "$0")/../lib.sh"
start_pg
# the migrations this tree ships: every one is applied, once; the schema
# version is the highest number (numbers may have gaps while branches
# that reserved one are not merged yet)
n_sql=$(ls "$SRC_DIR"/sql/[0-9][0-9][0-9]_*.sql | wc -l)
v_sql=$(ls "$SRC_DIR"/sql/[0-9][0-9][0-9]_*.sql | sed 's|.*/||; s|_.*||' |
	sort -n | tail -n 1 | sed 's/^0*//')

test_expect 'migrate on an empty database creates the schema' '
	mm db migrate >out && grep -q "applied $n_sql migration" out &&
	[ "$(sql "SELECT max(version) FROM schema_migrations")" = "$v_sql" ]
'

test_expect 'a second migrate changes nothing' '
	sql "SELECT md5(string_agg(table_name || column_name, ${q},${q} ORDER BY table_name, column_name)) FROM information_schema.columns WHERE table_schema = ${q}public${q}" >before &&
	mm db migrate >out && grep -q "up to date (version $v_sql)" out &&
	sql "SELECT md5(string_agg(table_name || column_name, ${q},${q} ORDER BY table_name, column_name)) FROM information_schema.columns WHERE table_schema = ${q}public${q}" >after &&
	test_cmp before after &&
	[ "$(sql "SELECT count(*) FROM schema_migrations")" = "$n_sql" ]
'

test_expect 'status shows the applied version' '
	mm db status >out && grep -q "schema version: $v_sql" out &&
	grep -q "001_schema.sql" out
'

view_columns() {
	sql "SELECT string_agg(column_name, ${q},${q} ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = ${q}$1${q}"
}

test_expect 'the four views have their documented leading columns' '
	view_columns v_articles | grep -qx "id,source,url,title,published,lang,own" &&
	view_columns v_mentions | grep -q "^article_id,source,url,published,tonality,score,evidence" &&
	view_columns v_violations | grep -q "^article_id,case_id,source,url,published,category,region,department,regional_office,status" &&
	view_columns v_daily_tonality | grep -qx "day,source,positive,neutral,negative,total"
'

test_expect 'v_daily_tonality cuts days in the configured time zone' '
	sql "
	INSERT INTO sources (name, url, type) VALUES (${q}s1${q}, ${q}http://x/${q}, ${q}rss${q});
	INSERT INTO articles (source_id, url, canonical_url, title, published)
	VALUES (1, ${q}http://x/1${q}, ${q}http://x/1${q}, ${q}late${q}, ${q}2026-11-16T20:30:00Z${q}),
	       (1, ${q}http://x/2${q}, ${q}http://x/2${q}, ${q}early${q}, ${q}2026-11-16T10:00:00Z${q});
	INSERT INTO article_analysis (article_id, lexicon_version, tonality)
	VALUES (1, ${q}t${q}, ${q}negative${q}), (2, ${q}t${q}, ${q}positive${q});" &&
	sql "SELECT day, source, positive, neutral, negative, total FROM v_daily_tonality ORDER BY day" >got &&
	printf "2026-11-16|s1|1|0|0|1\n2026-11-17|s1|0|0|1|1\n" >want &&
	test_cmp want got
'

test_expect 'an analyst override wins in the views' '
	sql "INSERT INTO mentions (article_id, start_byte, end_byte, text, tonality)
	     VALUES (1, 0, 10, ${q}x${q}, ${q}negative${q});
	     INSERT INTO tonality_overrides (article_id, tonality, note)
	     VALUES (1, ${q}neutral${q}, ${q}procedural${q});" &&
	[ "$(sql "SELECT tonality FROM v_mentions WHERE article_id = 1")" = neutral ] &&
	[ "$(sql "SELECT neutral FROM v_daily_tonality WHERE day = ${q}2026-11-17${q}")" = 1 ]
'

test_expect 'a violation is routed to its department and regional office' '
	sql "INSERT INTO violations (article_id, category, stage, country, region)
	     VALUES (1, ${q}torture${q}, ${q}alleged${q}, ${q}kg${q}, ${q}osh${q})" &&
	sql "SELECT department, regional_office, status FROM v_violations" >got &&
	echo "human_rights|Прокуратура Ошской области|unrouted" >want &&
	test_cmp want got
'

test_expect 'an unreachable database is a one-line error and exit 1' '
	! mm --db "host=$TRASH/nowhere dbname=x" db status 2>err &&
	grep -q "cannot reach the database" err && [ "$(wc -l <err)" = 1 ]
'

test_expect 'with no database configured, the embedded cluster starts' '
	(unset PGHOST PGPORT PGUSER PGDATABASE
	 mm db migrate >out 2>err &&
	 grep -q "embedded PostgreSQL" err &&
	 [ -f "$MEDIAMON_VAR/pg/data/PG_VERSION" ] &&
	 mm db status | grep -q "schema version: $v_sql" &&
	 mm db stop)
'

finish
