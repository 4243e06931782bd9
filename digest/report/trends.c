/*
 * trends.c - counts by period (day, ISO week, month in the office's time
 * zone) and group, over the analysts' views, so that what "mediamon
 * trends" prints is what an analyst gets from the views with SQL.
 */
#include "report.h"
#include "report_int.h"
#include "common/csv.h"
#include "common/json.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const by_names[] = { "day", "week", "month" };
/* to_char() patterns of the periods: ISO week as 2026-W07 */
static const char *const by_patterns[] = { "YYYY-MM-DD", "IYYY-\"W\"IW",
					   "YYYY-MM" };
static const char *const group_names[] = { "tonality", "source", "region",
					   "category", "department" };

/* The period window [$1 00:00, $2 + 1 day 00:00) in the office's zone
 * $3 (read once by report_session(): as a parameter it is known
 * when the query is planned, so the planner sees how many rows the
 * window holds); comparing published itself keeps its indexes usable. */
#define WINDOW(col) \
	" " col " >= $1::date::timestamp AT TIME ZONE $3::text" \
	" AND " col " < ($2::date + 1)::timestamp AT TIME ZONE $3::text"

/* Media articles mentioning the office, as v_article_tonality has them
 * (the rows v_daily_tonality counts), in two parts so that the large
 * one reads the partial index of mentioning analyses: those the
 * analyzer found, and those only an analyst marked (an override of an
 * analysed article that the partial index does not hold, both checked
 * in indexes alone).  The analysis's own copy of the article's moment
 * (day_at, equal to published where there is one) lets a short period
 * start from the analyses of that period only (sql/011), and the
 * corrections' copy (sql/013) from that period's corrections.  Counted by day
 * first, so that a year's 100,000 rows are named by period 365 times.
 * group1 and group2 are the group of each part. */
#define ARTICLES_SQL(group1, group2) \
	"SELECT to_char(d, $5), g, sum(n) FROM (" \
	" SELECT (a.published AT TIME ZONE $3::text)::date AS d," \
	"        " group1 " AS g, count(*) AS n" \
	"   FROM article_analysis aa" \
	"   JOIN articles a ON a.id = aa.article_id" \
	"   JOIN sources s ON s.id = a.source_id" \
	"   LEFT JOIN tonality_overrides o ON o.article_id = aa.article_id" \
	"  WHERE aa.tonality IS NOT NULL AND NOT s.own AND" \
	WINDOW("a.published") " AND" WINDOW("aa.day_at") \
	"    AND ($4::text IS NULL OR s.name = $4)" \
	"  GROUP BY 1, 2" \
	" UNION ALL" \
	" SELECT (a.published AT TIME ZONE $3::text)::date, " group2 "," \
	"        count(*)" \
	"   FROM tonality_overrides o" \
	"   JOIN articles a ON a.id = o.article_id" \
	"   JOIN sources s ON s.id = a.source_id" \
	"  WHERE NOT s.own AND" WINDOW("a.published") " AND" \
	WINDOW("o.day_at") \
	"    AND ($4::text IS NULL OR s.name = $4)" \
	"    AND EXISTS (SELECT 1 FROM article_analysis x" \
	"                WHERE x.article_id = o.article_id)" \
	"    AND NOT EXISTS (SELECT 1 FROM article_analysis m" \
	"                    WHERE m.article_id = o.article_id" \
	"                      AND m.tonality IS NOT NULL)" \
	"  GROUP BY 1, 2) x" \
	" GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2"

/* Violations reported in media articles about the office's country. */
#define VIOLATIONS_SQL(group) \
	"SELECT to_char((v.published AT TIME ZONE $3::text)::date, $5)," \
	"       " group ", count(*)" \
	"  FROM v_violations v JOIN sources s ON s.name = v.source" \
	" WHERE NOT s.own AND" WINDOW("v.published") \
	"   AND ($4::text IS NULL OR v.source = $4)" \
	"   AND (v.country IS NULL OR v.country = (SELECT value" \
	"        FROM settings WHERE key = 'country'))" \
	" GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2 NULLS LAST"

static const char *const group_sql[] = {
	ARTICLES_SQL("coalesce(o.tonality, aa.tonality)", "o.tonality"),
	ARTICLES_SQL("s.name", "s.name"),
	VIOLATIONS_SQL("v.region"),
	VIOLATIONS_SQL("v.category"),
	VIOLATIONS_SQL("v.department"),
};

static int find(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (s && !strcmp(names[i], s))
			return i;
	return -1;
}

int trends_by_parse(const char *s)
{
	return find(by_names, 3, s);
}

int trends_group_parse(const char *s)
{
	return find(group_names, 5, s);
}

static void write_rows(const struct trends_rows *rows,
		       enum report_format f, int bom, struct buf *out)
{
	if (f == RF_CSV) {
		char n[24];

		if (bom)
			buf_adds(out, CSV_BOM);
		buf_adds(out, "period,group,count\r\n");
		for (size_t i = 0; i < rows->n; i++) {
			const struct trends_row *t = &rows->v[i];

			snprintf(n, sizeof(n), "%ld", t->count);
			csv_cell(out, t->period, 1);
			csv_cell(out, t->group ? t->group : "", 0);
			csv_cell(out, n, 0);
			csv_end(out);
		}
	} else if (f == RF_JSON) {
		struct jw w;

		jw_init(&w, out);
		jw_arr_begin(&w);
		for (size_t i = 0; i < rows->n; i++) {
			jw_obj_begin(&w);
			jw_key(&w, "period");
			jw_str(&w, rows->v[i].period);
			jw_key(&w, "group");
			jw_str(&w, rows->v[i].group);
			jw_key(&w, "count");
			jw_int(&w, rows->v[i].count);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		buf_addch(out, '\n');
	} else {
		buf_addf(out, "%-10s  %-24s %8s\n", "PERIOD", "GROUP",
			 "COUNT");
		for (size_t i = 0; i < rows->n; i++) {
			const char *g = rows->v[i].group;

			report_pad(out, rows->v[i].period, 10);
			buf_adds(out, "  ");
			report_pad(out, g && *g ? g : "-", 24);
			buf_addf(out, " %8ld\n", rows->v[i].count);
		}
	}
}

int report_session(struct db *db, char *tz, size_t n, struct err *e)
{
	PGresult *r;

	/* JIT compiling costs these queries more (0.3-0.7 s measured on a
	 * year of data) than it saves: they read index entries, not long
	 * expressions over many columns. */
	if (db_exec(db, "SET jit = off", 0, NULL, e) < 0)
		return err_prefix(e, "cannot set up the session");
	r = db_query(db, "SELECT mediamon_timezone()", 0, NULL, e);
	if (!r)
		return err_prefix(e, "cannot read the time zone");
	snprintf(tz, n, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

int trends_load(struct db *db, const struct trends_query *q,
		struct trends_rows *rows, struct err *e)
{
	char tz[64];
	const char *p[5] = { q->from, q->to, tz, q->source,
			     by_patterns[q->by] };
	PGresult *r;
	int n;

	if (report_session(db, tz, sizeof(tz), e) < 0)
		return -1;
	r = db_query(db, group_sql[q->group], 5, p, e);
	if (!r)
		return err_prefix(e, "cannot count the trends");
	n = PQntuples(r);
	ALLOC_GROW(rows->v, rows->n + n, rows->alloc);
	for (int i = 0; i < n; i++) {
		struct trends_row *t = &rows->v[rows->n++];

		t->period = arena_strdup(&rows->a, PQgetvalue(r, i, 0));
		t->group = PQgetisnull(r, i, 1) ? NULL :
			arena_strdup(&rows->a, PQgetvalue(r, i, 1));
		t->count = atol(PQgetvalue(r, i, 2));
	}
	PQclear(r);
	return 0;
}

void trends_rows_release(struct trends_rows *rows)
{
	free(rows->v);
	arena_release(&rows->a);
	*rows = (struct trends_rows)TRENDS_ROWS_INIT;
}

int trends_write(struct db *db, const struct trends_query *q,
		 enum report_format f, int bom, struct buf *out,
		 struct err *e)
{
	struct trends_rows rows = TRENDS_ROWS_INIT;
	int rc = trends_load(db, q, &rows, e);

	if (rc == 0)
		write_rows(&rows, f, bom, out);
	trends_rows_release(&rows);
	return rc;
}
