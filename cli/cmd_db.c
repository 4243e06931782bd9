/*
 * cmd_db.c - "mediamon db": migrations, upkeep and the embedded cluster.
 * migrate and status get a connection from the dispatcher (NEED_CONN: the
 * schema is not checked, since migrate is what brings it up to date);
 * maintain gets the configuration and a checked schema.
 */
#include "cli.h"
#include "common/db_embedded.h"
#include "common/log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int db_cmd_migrate(struct ctx *ctx)
{
	struct err e = { "" };
	int applied, version;

	if (db_migrate(ctx->db, NULL, &applied, &e) < 0)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
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

	printf("database: %s on %s%s\n", PQdb(ctx->db->conn),
	       PQhost(ctx->db->conn),
	       ctx->db->embedded ? " (the embedded cluster)" : "");
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

int cli_db_maintain(struct ctx *ctx)
{
	struct err e = { "" };
	char days[24];
	const char *p[1] = { days };
	PGresult *r;
	int made = 0, dropped = 0;
	long long freed = 0;

	/* the work is sql/012's mediamon_maintain(), one transaction */
	snprintf(days, sizeof(days), "%ld",
		 ctx->cfg->retention.raw_body_days);
	r = db_query(ctx->db, "SELECT action, part, bytes FROM "
			      "mediamon_maintain($1)", 1, p, &e);
	if (!r)
		return log_fail(NULL, "could not maintain the partitions: %s",
				e.msg), EXIT_FAIL;
	for (int i = 0; i < PQntuples(r); i++) {
		const char *action = PQgetvalue(r, i, 0);

		if (!strcmp(action, "dropped")) {
			long long b = atoll(PQgetvalue(r, i, 2));

			printf("dropped %s (%.1f MB)\n", PQgetvalue(r, i, 1),
			       b / 1048576.0);
			dropped++;
			freed += b;
		} else {
			printf("made %s\n", PQgetvalue(r, i, 1));
			made++;
		}
	}
	PQclear(r);
	printf("partitions: %d made, %d dropped (%.1f MB freed); raw texts "
	       "kept %s%s\n", made, dropped, freed / 1048576.0,
	       ctx->cfg->retention.raw_body_days ? days : "for ever",
	       ctx->cfg->retention.raw_body_days ? " days" : "");
	return EXIT_OK;
}

static int db_cmd_start(int print_url)
{
	struct err e = { "" };
	char *ci = db_embedded_start(&e);

	if (!ci)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	if (print_url)
		printf("%s\n", ci);
	else
		printf("embedded PostgreSQL runs in '%s'\n",
		       db_embedded_dir());
	free(ci);
	return EXIT_OK;
}

static int db_cmd_stop(void)
{
	struct err e = { "" };
	int was_running;

	if (db_embedded_stop(&was_running, &e) < 0)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	if (was_running)
		printf("stopped the embedded PostgreSQL in '%s'\n",
		       db_embedded_dir());
	else
		printf("the embedded PostgreSQL in '%s' was not running\n",
		       db_embedded_dir());
	return EXIT_OK;
}

int cmd_db(const struct command *self, int argc, char **argv,
	   struct ctx *ctx)
{
	const char *sub = strchr(self->name, ' ') + 1;

	if (argc > 1)
		return usage_error(self, "unexpected argument '%s'", argv[1]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if (!strcmp(sub, "migrate"))
		return db_cmd_migrate(ctx);
	if (!strcmp(sub, "status"))
		return db_cmd_status(ctx);
	if (!strcmp(sub, "maintain"))
		return cli_db_maintain(ctx);
	if (!strcmp(sub, "stop"))
		return db_cmd_stop();
	return db_cmd_start(!strcmp(sub, "url"));
}
