/*
 * cmd_export.c - "mediamon export articles": stored articles as JSON lines
 * or CSV (RFC 4180) on stdout, streamed row by row so a year of articles
 * does not have to fit in memory.
 */
#include "cli.h"
#include "common/csv.h"
#include "common/json.h"
#include "common/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column order is the contract: id, source, url, title, published,
 * fetched, lang, text. */
static const char *const columns[] = { "id", "source", "url", "title",
				       "published", "fetched", "lang", "text" };

static void write_row(PGresult *r, int csv, struct buf *out)
{
	if (csv) {
		for (int c = 0; c < 8; c++)
			csv_cell(out, PQgetvalue(r, 0, c), c == 0);
		csv_end(out);
		return;
	}
	struct jw w;

	jw_init(&w, out);
	jw_obj_begin(&w);
	for (int c = 0; c < 8; c++) {
		jw_key(&w, columns[c]);
		if (c == 0)
			jw_int(&w, atoll(PQgetvalue(r, 0, c)));
		else if (PQgetisnull(r, 0, c))
			jw_null(&w);
		else
			jw_str(&w, PQgetvalue(r, 0, c));
	}
	jw_obj_end(&w);
	buf_addch(out, '\n');
}

static int export_articles(struct ctx *ctx, const char *since,
			   const char *source, int csv)
{
	const char *p[2] = { since, source };
	struct buf out = BUF_INIT;
	PGresult *r;
	int rows = 0, ret = EXIT_OK;

	if (!PQsendQueryParams(ctx->db->conn,
		"SELECT a.id, s.name, a.canonical_url, a.title, "
		"to_char(a.published AT TIME ZONE 'UTC', "
		"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
		"to_char(a.fetched_at AT TIME ZONE 'UTC', "
		"'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), a.lang, "
		"coalesce(a.text, a.summary) "
		"FROM articles a JOIN sources s ON s.id = a.source_id "
		"WHERE ($1::date IS NULL OR "
		"coalesce(a.published, a.fetched_at) >= "
		"$1::date::timestamp AT TIME ZONE mediamon_timezone()) "
		"AND ($2::text IS NULL OR s.name = $2) ORDER BY a.id",
		2, NULL, p, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(ctx->db->conn)) {
		log_msg(LOG_ERROR, NULL, "cannot export: %s",
			PQerrorMessage(ctx->db->conn));
		return EXIT_FAIL;
	}
	if (csv) {
		for (int c = 0; c < 8; c++)
			buf_addf(&out, "%s%s", c ? "," : "", columns[c]);
		buf_adds(&out, "\r\n");
	}
	while ((r = PQgetResult(ctx->db->conn)) != NULL) {
		ExecStatusType st = PQresultStatus(r);

		if (st == PGRES_SINGLE_TUPLE) {
			write_row(r, csv, &out);
			rows++;
			if (out.len > 65536) {
				fwrite(out.data, 1, out.len, stdout);
				buf_reset(&out);
			}
		} else if (st != PGRES_TUPLES_OK) {
			log_msg(LOG_ERROR, NULL, "export stopped after %d "
				"articles: %s", rows, PQresultErrorMessage(r));
			ret = EXIT_FAIL;
		}
		PQclear(r);
	}
	fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	log_msg(LOG_INFO, NULL, "exported %d articles", rows);
	return ret;
}

/* Is there a source called name?  -1 when the database cannot say. */
static int source_exists(struct db *db, const char *name)
{
	struct err e;
	PGresult *r = db_query(db, "SELECT 1 FROM sources WHERE name = $1", 1,
			       &name, &e);
	int n;

	if (!r)
		return log_fail(NULL, "cannot read the sources: %s", e.msg);
	n = PQntuples(r);
	PQclear(r);
	return n > 0;
}

int cmd_export(const struct command *self, int argc, char **argv,
	       struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "source", required_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *source = NULL, *format = "jsonl";
	char since[11] = "";
	int c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c == 's') {
			if (cli_date(self, "--since", optarg, since))
				return EXIT_USAGE;
		} else if (c == 'S') {
			source = optarg;
		} else if (c == 'f') {
			format = optarg;
		} else {
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (strcmp(format, "jsonl") && strcmp(format, "csv"))
		return usage_error(self, "--format must be jsonl or csv, not "
				   "'%s'", format);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if (source) {
		int known = source_exists(ctx->db, source);

		if (known < 0)
			return EXIT_FAIL;
		if (!known)
			return usage_error(self, "no source named '%s' in the "
					   "database", source);
	}
	return export_articles(ctx, since[0] ? since : NULL, source,
			       !strcmp(format, "csv"));
}
