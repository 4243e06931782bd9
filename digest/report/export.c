/*
 * export.c - "mediamon export": stored articles, mentions and cases as
 * CSV (RFC 4180 with a header, formula injection neutralised, an
 * optional byte order mark) or JSON lines, streamed row by row in
 * single-row mode so that a year does not have to fit in memory.
 */
#include "report.h"
#include "common/csv.h"
#include "common/json.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

enum col_type { COL_TEXT, COL_INT, COL_NUM, COL_JSON };

struct column {
	const char *name;
	enum col_type type;
};

struct export_def {
	const char *name;
	const char *sql;	/* $1 since (date), $2 source */
	const struct column *cols;
	int n;
};

#define UTC(col) \
	"to_char(" col " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
#define SINCE(col) \
	"($1::date IS NULL OR " col " >= $1::date::timestamp AT TIME ZONE " \
	"mediamon_timezone())"

/* The column order of each export is a contract (README.md). */
static const struct column article_cols[] = {
	{ "id", COL_INT }, { "source", COL_TEXT }, { "url", COL_TEXT },
	{ "title", COL_TEXT }, { "published", COL_TEXT },
	{ "fetched", COL_TEXT }, { "lang", COL_TEXT }, { "text", COL_TEXT },
};

static const struct column mention_cols[] = {
	{ "article_id", COL_INT }, { "source", COL_TEXT },
	{ "url", COL_TEXT }, { "title", COL_TEXT },
	{ "published", COL_TEXT }, { "tonality", COL_TEXT },
	{ "score", COL_NUM }, { "media_index", COL_NUM },
	{ "prominence", COL_NUM }, { "story_id", COL_INT },
	{ "resonance", COL_INT }, { "mention", COL_TEXT },
	{ "start_byte", COL_INT }, { "end_byte", COL_INT },
	{ "evidence", COL_JSON },
};

static const struct column case_cols[] = {
	{ "case_id", COL_INT }, { "status", COL_TEXT },
	{ "category", COL_TEXT }, { "stage", COL_TEXT },
	{ "region", COL_TEXT }, { "department", COL_TEXT },
	{ "department_name", COL_TEXT }, { "regional_office", COL_TEXT },
	{ "regional_office_name", COL_TEXT }, { "url", COL_TEXT },
	{ "title", COL_TEXT }, { "source", COL_TEXT },
	{ "published", COL_TEXT }, { "opened_at", COL_TEXT },
	{ "updated_at", COL_TEXT }, { "closed_at", COL_TEXT },
	{ "resolution", COL_TEXT }, { "story_id", COL_INT },
	{ "reports", COL_INT },
};

#define N(a) ((int)ARRAY_SIZE(a))

static const struct export_def defs[] = {
	{ "articles",
	  "SELECT a.id, s.name, a.canonical_url, a.title, "
	  UTC("a.published") ", " UTC("a.fetched_at") ", a.lang,"
	  "       coalesce(a.text, a.summary)"
	  "  FROM articles a JOIN sources s ON s.id = a.source_id"
	  " WHERE " SINCE("a.day_at")
	  "   AND ($2::text IS NULL OR s.name = $2) ORDER BY a.id",
	  article_cols, N(article_cols) },
	{ "mentions",
	  "SELECT m.article_id, m.source, m.url, a.title, "
	  UTC("m.published") ", m.tonality, m.score, m.media_index,"
	  "       m.prominence, m.story_id, m.resonance, m.mention,"
	  "       m.start_byte, m.end_byte, m.evidence"
	  "  FROM v_mentions m JOIN articles a ON a.id = m.article_id"
	  " WHERE " SINCE("m.published")
	  "   AND ($2::text IS NULL OR m.source = $2)"
	  " ORDER BY m.article_id, m.start_byte",
	  mention_cols, N(mention_cols) },
	{ "cases",
	  "SELECT case_id, status, category, stage, region, department,"
	  "       department_name, regional_office, regional_office_name,"
	  "       url, title, source, " UTC("published") ", "
	  UTC("opened_at") ", " UTC("updated_at") ", " UTC("closed_at") ","
	  "       resolution, story_id, reports"
	  "  FROM v_cases"
	  " WHERE " SINCE("opened_at")
	  "   AND ($2::text IS NULL OR source = $2)"
	  " ORDER BY case_id",
	  case_cols, N(case_cols) },
};

int export_kind_parse(const char *s)
{
	for (int i = 0; i < N(defs); i++)
		if (s && !strcmp(defs[i].name, s))
			return i;
	return -1;
}

static void write_json_cell(struct jw *w, const struct column *col,
			    const char *v, size_t len)
{
	jw_key(w, col->name);
	if (!v) {
		jw_null(w);
	} else if (col->type == COL_INT) {
		jw_int(w, atoll(v));
	} else if (col->type == COL_NUM) {
		jw_num(w, atof(v));
	} else if (col->type == COL_JSON) {
		struct arena a = ARENA_INIT;
		struct json *j;
		struct err e;

		/* stored JSON goes out as JSON, not as a string of it */
		if (json_parse(v, len, &a, &j, &e) == 0)
			json_write(w, j);
		else
			jw_null(w);
		arena_release(&a);
	} else {
		jw_str(w, v);
	}
}

static void write_row(const struct export_def *d, PGresult *r, int csv,
		      struct buf *out)
{
	struct jw w;

	if (csv) {
		for (int c = 0; c < d->n; c++)
			csv_cell(out, PQgetisnull(r, 0, c) ? NULL :
				 PQgetvalue(r, 0, c), c == 0);
		csv_end(out);
		return;
	}
	jw_init(&w, out);
	jw_obj_begin(&w);
	for (int c = 0; c < d->n; c++)
		write_json_cell(&w, &d->cols[c], PQgetisnull(r, 0, c) ? NULL :
				PQgetvalue(r, 0, c),
				(size_t)PQgetlength(r, 0, c));
	jw_obj_end(&w);
	buf_addch(out, '\n');
}

/* The length of a server message without its final line break. */
static int line_len(const char *msg)
{
	size_t n = strlen(msg);

	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		n--;
	return (int)n;
}

int export_write(struct db *db, const struct export_query *q, FILE *out,
		 long *rows, struct err *e)
{
	const struct export_def *d = &defs[q->kind];
	const char *p[2] = { q->since, q->source };
	struct buf b = BUF_INIT;
	PGresult *r;
	int ret = 0;

	*rows = 0;
	if (!PQsendQueryParams(db->conn, d->sql, 2, NULL, p, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(db->conn))
		return err_set(e, "cannot export %s: %.*s", d->name,
			       line_len(PQerrorMessage(db->conn)),
			       PQerrorMessage(db->conn));
	if (q->csv) {
		if (q->bom)
			buf_adds(&b, CSV_BOM);
		for (int c = 0; c < d->n; c++)
			csv_cell(&b, d->cols[c].name, c == 0);
		csv_end(&b);
	}
	while ((r = PQgetResult(db->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);

		if (st == PGRES_SINGLE_TUPLE) {
			write_row(d, r, q->csv, &b);
			++*rows;
			if (b.len > 65536) {
				fwrite(b.data, 1, b.len, out);
				buf_reset(&b);
			}
		} else if (st != PGRES_TUPLES_OK && ret == 0) {
			ret = err_set(e, "export of %s stopped after %ld rows: "
				      "%.*s", d->name, *rows,
				      line_len(PQresultErrorMessage(r)),
				      PQresultErrorMessage(r));
		}
		PQclear(r);
	}
	fwrite(b.data, 1, b.len, out);
	buf_release(&b);
	return ret;
}
