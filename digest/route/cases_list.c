/*
 * cases_list.c - the cases with their history, for the command line, the
 * web pages and the API.  Columns of cases_query(): 0 id, 1 status,
 * 2 category, 3 region, 4 department, 5 regional office, 6 url, 7 title,
 * 8 source, 9 published, 10 stage, 11 resolution, 12 reports, 13 history
 * (a JSON array of {from, to, note, by, at}).
 */
#include "cases_list.h"
#include "common/csv.h"
#include "common/json.h"

#include <stdio.h>
#include <stdlib.h>

static const char list_sql[] =
	"SELECT case_id, status, category, coalesce(region, ''),"
	"       coalesce(department, ''), coalesce(regional_office, ''),"
	"       coalesce(url, ''), coalesce(title, ''), coalesce(source, ''),"
	"       coalesce(to_char(published AT TIME ZONE 'UTC',"
	"                'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), ''),"
	"       coalesce(stage, ''), coalesce(resolution, ''), reports,"
	"       coalesce((SELECT json_agg(json_build_object("
	"                 'from', h.from_status, 'to', h.to_status,"
	"                 'note', h.note, 'by', h.changed_by,"
	"                 'at', to_char(h.changed_at AT TIME ZONE 'UTC',"
	"                      'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))"
	"                 ORDER BY h.changed_at, h.id)"
	"                 FROM case_history h WHERE h.case_id = v.case_id),"
	"                '[]')"
	"  FROM v_cases v"
	" WHERE ($1::text IS NULL OR status = $1)"
	"   AND ($2::text IS NULL OR department = $2)"
	"   AND ($3::bigint IS NULL OR case_id = $3)"
	"   AND ($4::text IS NULL OR regional_office = $4)"
	" ORDER BY case_id";

/* The board: each column's newest cases, and how many it holds.  The
 * cases are ranked alone; only the ones shown are joined to their
 * article and units. */
static const char board_sql[] =
	"SELECT x.id, x.status, x.category, coalesce(x.region, ''),"
	"       coalesce(d.name, d.code, ''), coalesce(ro.name, ro.code, ''),"
	"       coalesce(x.title, a.title, ''), x.col, x.in_col"
	"  FROM (SELECT c.*, row_number() OVER w AS nth,"
	"               count(*) OVER w AS in_col"
	"          FROM (SELECT c0.id, c0.status, c0.category, c0.region,"
	"                       c0.department_id, c0.regional_office_id,"
	"                       c0.article_id, c0.title,"
	"                       CASE WHEN c0.status IN ('new', 'sent')"
	"                     THEN 0 WHEN c0.status = 'in_review' THEN 1"
	"                     ELSE 2 END AS col FROM cases c0) c"
	"         WHERE ($1::text IS NULL OR c.department_id ="
	"                (SELECT id FROM departments WHERE code = $1))"
	"           AND ($2::text IS NULL OR c.regional_office_id ="
	"                (SELECT id FROM regional_offices WHERE code = $2))"
	"        WINDOW w AS (PARTITION BY c.col ORDER BY c.id DESC"
	"                     ROWS BETWEEN UNBOUNDED PRECEDING"
	"                     AND UNBOUNDED FOLLOWING)) x"
	"  LEFT JOIN departments d ON d.id = x.department_id"
	"  LEFT JOIN regional_offices ro ON ro.id = x.regional_office_id"
	"  LEFT JOIN articles a ON a.id = x.article_id"
	" WHERE x.nth <= $3::int"
	" ORDER BY x.col, x.id DESC";

PGresult *cases_board(struct db *db, const struct cases_filter *f,
		      int per_column, struct err *e)
{
	char n[16];
	const char *p[3] = { f->department, f->office, n };

	snprintf(n, sizeof(n), "%d", per_column);
	return db_query(db, board_sql, 3, p, e);
}

/* Open cases (neither closed nor rejected) of a unit, or of all. */
long cases_open_count(struct db *db, const struct cases_filter *f,
		      struct err *e)
{
	const char *p[2] = { f->department, f->office };
	PGresult *r = db_query(db, "SELECT count(*) FROM cases c"
			       " LEFT JOIN departments d ON d.id = c.department_id"
			       " LEFT JOIN regional_offices ro"
			       "   ON ro.id = c.regional_office_id"
			       " WHERE c.status NOT IN ('closed', 'rejected')"
			       "   AND ($1::text IS NULL OR d.code = $1)"
			       "   AND ($2::text IS NULL OR ro.code = $2)",
			       2, p, e);
	long n;

	if (!r)
		return -1;
	n = atol(PQgetvalue(r, 0, 0));
	PQclear(r);
	return n;
}

static const char *const columns[] = {
	"id", "status", "category", "region", "department",
	"regional_office", "url", "title", "source", "published",
};

PGresult *cases_query(struct db *db, const struct cases_filter *f,
		      struct err *e)
{
	const char *p[4] = { f->status, f->department, f->id, f->office };

	return db_query(db, list_sql, 4, p, e);
}

/* One case as a JSON object (the list's contract). */
static void json_case(struct jw *w, PGresult *r, int i)
{
	struct arena a = ARENA_INIT;
	struct json *h;
	struct err e;

	jw_obj_begin(w);
	jw_key(w, "id");
	jw_int(w, atoll(PQgetvalue(r, i, 0)));
	for (int c = 1; c < 10; c++) {
		const char *v = PQgetvalue(r, i, c);

		jw_key(w, columns[c]);
		jw_str(w, *v ? v : NULL);
	}
	jw_key(w, "stage");
	jw_str(w, PQgetvalue(r, i, 10));
	jw_key(w, "resolution");
	jw_str(w, *PQgetvalue(r, i, 11) ? PQgetvalue(r, i, 11) : NULL);
	jw_key(w, "reports");
	jw_int(w, atoll(PQgetvalue(r, i, 12)));
	jw_key(w, "history");
	if (json_parse(PQgetvalue(r, i, 13),
		       (size_t)PQgetlength(r, i, 13), &a, &h, &e) == 0)
		json_write(w, h);
	else
		jw_null(w);
	jw_obj_end(w);
	arena_release(&a);
}

void cases_json(PGresult *r, struct buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_arr_begin(&w);
	for (int i = 0; i < PQntuples(r); i++)
		json_case(&w, r, i);
	jw_arr_end(&w);
	buf_addch(out, '\n');
}

void cases_csv(PGresult *r, struct buf *out)
{
	for (int c = 0; c < 10; c++)
		csv_cell(out, columns[c], c == 0);
	csv_end(out);
	for (int i = 0; i < PQntuples(r); i++) {
		for (int c = 0; c < 10; c++)
			csv_cell(out, PQgetvalue(r, i, c), c == 0);
		csv_end(out);
	}
}

void cases_table(PGresult *r, struct buf *out)
{
	int n = PQntuples(r);

	buf_addf(out, "%-6s %-10s %-18s %-11s %-20s %-12s %s\n", "ID",
		 "STATUS", "CATEGORY", "REGION", "DEPARTMENT", "OFFICE",
		 "TITLE");
	for (int i = 0; i < n; i++)
		buf_addf(out, "%-6s %-10s %-18s %-11s %-20s %-12s %.60s\n",
			 PQgetvalue(r, i, 0), PQgetvalue(r, i, 1),
			 PQgetvalue(r, i, 2),
			 *PQgetvalue(r, i, 3) ? PQgetvalue(r, i, 3) : "-",
			 PQgetvalue(r, i, 4),
			 *PQgetvalue(r, i, 5) ? PQgetvalue(r, i, 5) : "-",
			 PQgetvalue(r, i, 7));
	buf_addf(out, "%d cases\n", n);
}
