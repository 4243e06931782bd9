/*
 * sources_status.c - each source's health from the fetch log and the
 * stored articles.  Feeds break quietly (a moved URL answers 200 with an
 * HTML page, a CMS update drops dates), so a source that has brought
 * nothing new for SOURCES_SILENT_DAYS is flagged - but only once it has
 * been watched that long: a source added an hour ago is new, not silent.
 * The rules are the view v_source_health's (sql/), which the digest
 * reads too.
 */
#include "sources_status.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SILENT XSTR(SOURCES_SILENT_DAYS)	/* as in v_source_health */

static const char status_sql[] =
	"SELECT source, enabled,"
	"       to_char(last_ok, 'YYYY-MM-DD HH24:MI'),"
	"       to_char(last_error_at, 'YYYY-MM-DD HH24:MI'), last_error,"
	"       week, body_pct, date_pct, silent, failing"
	"  FROM v_source_health ORDER BY source";

/* The NOTE column: what is wrong, parts joined by "; ". */
static void note(PGresult *r, int i, struct buf *b)
{
	buf_reset(b);
	if (PQgetvalue(r, i, 1)[0] == 'f')
		buf_adds(b, "disabled");
	if (PQgetvalue(r, i, 8)[0] == 't')
		buf_addf(b, "%sSILENT: nothing new for " SILENT " days",
			 b->len ? "; " : "");
	/* an error since the last success: an old one is history */
	if (PQgetvalue(r, i, 9)[0] == 't')
		buf_addf(b, "%sfailing: %s", b->len ? "; " : "",
			 PQgetvalue(r, i, 4));
}

int sources_status_print(struct db *db, FILE *out, struct err *e)
{
	struct buf b = BUF_INIT;
	PGresult *r;
	int flagged = 0;

	r = db_query(db, status_sql, 0, NULL, e);
	if (!r)
		return -1;
	fprintf(out, "%-20s %-16s %-16s %5s %5s %5s  %s\n", "SOURCE",
		"LAST OK", "LAST ERROR", "7D", "BODY%", "DATE%", "NOTE");
	for (int i = 0; i < PQntuples(r); i++) {
		flagged += PQgetvalue(r, i, 8)[0] == 't';
		note(r, i, &b);
		fprintf(out, "%-20s %-16s %-16s %5s %5s %5s  %s\n",
			PQgetvalue(r, i, 0),
			PQgetisnull(r, i, 2) ? "never" : PQgetvalue(r, i, 2),
			PQgetisnull(r, i, 3) ? "-" : PQgetvalue(r, i, 3),
			PQgetvalue(r, i, 5), PQgetvalue(r, i, 6),
			PQgetvalue(r, i, 7), b.data);
	}
	fprintf(out, "%d sources, %d silent\n", PQntuples(r), flagged);
	PQclear(r);
	buf_release(&b);
	return 0;
}
