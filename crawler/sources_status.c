/*
 * sources_status.c - each source's health from the fetch log and the
 * stored articles.  Feeds break quietly (a moved URL answers 200 with an
 * HTML page, a CMS update drops dates), so a source that has brought
 * nothing new for SOURCES_SILENT_DAYS is flagged - but only once it has
 * been watched that long: a source added an hour ago is new, not silent.
 */
#include "sources_status.h"
#include "common/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR(x) #x
#define XSTR(x) STR(x)
#define SILENT XSTR(SOURCES_SILENT_DAYS)

static const char status_sql[] =
	"SELECT s.name, s.enabled, "
	" to_char(ok.at, 'YYYY-MM-DD HH24:MI'), "
	" to_char(bad.at, 'YYYY-MM-DD HH24:MI'), bad.error, "
	" coalesce(a.week, 0), "
	" coalesce(round(100.0 * a.with_body / nullif(a.n, 0)), 0), "
	" coalesce(round(100.0 * a.with_date / nullif(a.n, 0)), 0), "
	" s.enabled AND first.at < now() - interval '" SILENT " days' "
	"  AND (a.last IS NULL OR a.last < now() - interval '" SILENT " days') "
	"FROM sources s "
	"LEFT JOIN LATERAL (SELECT min(fetched_at) AS at FROM fetch_log "
	" WHERE source_id = s.id AND kind <> 'article') first ON true "
	"LEFT JOIN LATERAL (SELECT max(fetched_at) AS at FROM fetch_log "
	" WHERE source_id = s.id AND kind <> 'article' "
	" AND status IN ('ok', 'not_modified')) ok ON true "
	"LEFT JOIN LATERAL (SELECT fetched_at AS at, error FROM fetch_log "
	" WHERE source_id = s.id AND kind <> 'article' "
	" AND status = 'failed' ORDER BY fetched_at DESC LIMIT 1) bad "
	" ON true "
	"LEFT JOIN LATERAL (SELECT count(*) AS n, "
	" count(*) FILTER (WHERE fetched_at > now() - interval '7 days') "
	"  AS week, "
	" count(*) FILTER (WHERE length(coalesce(text, '')) > 200) "
	"  AS with_body, "
	" count(*) FILTER (WHERE published IS NOT NULL) AS with_date, "
	" max(fetched_at) AS last FROM articles "
	" WHERE source_id = s.id "
	" AND fetched_at > now() - interval '30 days') a ON true "
	"ORDER BY s.name";

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
	if (!PQgetisnull(r, i, 4) && *PQgetvalue(r, i, 4) &&
	    (PQgetisnull(r, i, 2) ||
	     strcmp(PQgetvalue(r, i, 3), PQgetvalue(r, i, 2)) >= 0))
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
