/*
 * cmd_db.c - "mediamon db": migrations and the embedded cluster.
 */
#include "mediamon.h"
#include "common/db_embedded.h"
#include "common/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int db_connect_or_fail(struct ctx *ctx)
{
	struct err e;

	ctx->db = db_open(ctx->db_conninfo, &e);
	if (!ctx->db)
		return log_fail(NULL, "cannot reach the database: %s", e.msg);
	return 0;
}

static int db_cmd_migrate(struct ctx *ctx)
{
	struct err e = { "" };
	int applied, version;

	if (db_connect_or_fail(ctx) < 0)
		return EXIT_FAIL;
	if (db_migrate(ctx->db, NULL, &applied, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
		return EXIT_FAIL;
	}
	version = db_schema_version(ctx->db, &e);
	if (applied)
		printf("applied %d migration(s); schema version %d\n", applied,
		       version);
	else
		printf("schema is up to date (version %d)\n", version);
	return EXIT_OK;
}

static int db_cmd_status(struct ctx *ctx)
{
	struct err e = { "" };
	PGresult *r;

	if (db_connect_or_fail(ctx) < 0)
		return EXIT_FAIL;
	printf("database: %s on %s\n", PQdb(ctx->db->conn),
	       PQhost(ctx->db->conn));
	printf("schema version: %d\n", db_schema_version(ctx->db, &e));
	r = db_query(ctx->db, "SELECT version, name, applied_at FROM "
			      "schema_migrations ORDER BY version", 0, NULL, &e);
	if (!r)
		return EXIT_OK; /* no migrations table: version 0 said it */
	for (int i = 0; i < PQntuples(r); i++)
		printf("  %s %s applied %s\n", PQgetvalue(r, i, 0),
		       PQgetvalue(r, i, 1), PQgetvalue(r, i, 2));
	PQclear(r);
	return EXIT_OK;
}

int cmd_db(int argc, char **argv, struct ctx *ctx)
{
	const struct command *me = command_find("db");
	struct err e = { "" };

	if (argc != 2)
		return usage_error(me, argc < 2 ? "db needs a subcommand" :
						  "too many arguments");
	if (!strcmp(argv[1], "migrate"))
		return db_cmd_migrate(ctx);
	if (!strcmp(argv[1], "status"))
		return db_cmd_status(ctx);
	if (!strcmp(argv[1], "start") || !strcmp(argv[1], "url")) {
		char *ci = db_embedded_start(&e);

		if (!ci) {
			log_msg(LOG_ERROR, NULL, "%s", e.msg);
			return EXIT_FAIL;
		}
		if (!strcmp(argv[1], "url"))
			printf("%s\n", ci);
		else
			printf("embedded PostgreSQL runs in '%s'\n",
			       db_embedded_dir());
		free(ci);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "stop")) {
		if (db_embedded_stop(&e) < 0) {
			log_msg(LOG_ERROR, NULL, "%s", e.msg);
			return EXIT_FAIL;
		}
		return EXIT_OK;
	}
	return usage_error(me, "unknown db subcommand '%s'", argv[1]);
}
