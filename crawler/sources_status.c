/*
 * sources_status.c - "mediamon sources status": each source's health from
 * the fetch log and the stored articles.  Feeds break quietly (a moved
 * URL answers 200 with an HTML page, a CMS update drops dates), so a
 * source that has brought nothing new for three days is flagged.
 */
#include "mediamon.h"
#include "common/log.h"
#include "sources_status.h"

#include <stdio.h>
#include <stdlib.h>

#define SILENT_DAYS "3"

int sources_status(int argc, char **argv, struct ctx *ctx)
{
	struct err e = { "" };
	struct db *db;
	PGresult *r;
	int flagged = 0;

	(void)argv;
	if (argc > 1)
		return usage_error(command_find("sources"),
				   "sources status takes no arguments");
	db = db_open(ctx->db_conninfo, &e);
	if (!db) {
		log_msg(LOG_ERROR, NULL, "cannot reach the database: %s", e.msg);
		return EXIT_FAIL;
	}
	r = db_query(db,
		"SELECT s.name, s.enabled, "
		" to_char(ok.at, 'YYYY-MM-DD HH24:MI'), "
		" to_char(bad.at, 'YYYY-MM-DD HH24:MI'), bad.error, "
		" coalesce(a.week, 0), "
		" coalesce(round(100.0 * a.with_body / nullif(a.n, 0)), 0), "
		" coalesce(round(100.0 * a.with_date / nullif(a.n, 0)), 0), "
		" s.enabled AND (a.last IS NULL OR "
		"  a.last < now() - interval '" SILENT_DAYS " days') "
		"FROM sources s "
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
		"ORDER BY s.name", 0, NULL, &e);
	if (!r) {
		log_msg(LOG_ERROR, NULL, "cannot read source status: %s", e.msg);
		db_close(db);
		return EXIT_FAIL;
	}
	printf("%-20s %-16s %-16s %5s %5s %5s  %s\n", "SOURCE", "LAST OK",
	       "LAST ERROR", "7D", "BODY%", "DATE%", "NOTE");
	for (int i = 0; i < PQntuples(r); i++) {
		int silent = PQgetvalue(r, i, 8)[0] == 't';

		flagged += silent;
		printf("%-20s %-16s %-16s %5s %5s %5s  %s%s%s\n",
		       PQgetvalue(r, i, 0),
		       PQgetisnull(r, i, 2) ? "never" : PQgetvalue(r, i, 2),
		       PQgetisnull(r, i, 3) ? "-" : PQgetvalue(r, i, 3),
		       PQgetvalue(r, i, 5), PQgetvalue(r, i, 6),
		       PQgetvalue(r, i, 7),
		       PQgetvalue(r, i, 1)[0] == 'f' ? "disabled " : "",
		       silent ? "SILENT: nothing new for " SILENT_DAYS
				" days; " : "",
		       PQgetvalue(r, i, 4));
	}
	printf("%d sources, %d silent\n", PQntuples(r), flagged);
	PQclear(r);
	db_close(db);
	return EXIT_OK;
}
