/*
 * cmd_run.c - "mediamon run", the daily job: crawl, analyze, digest,
 * alerts and the database's upkeep, in that order, each a stage that
 * hands over through the database, on one connection.  A stage that
 * fails is reported and the later stages still run on what is stored:
 * yesterday's digest is better than none.  --strict also fails a run
 * in which every source failed, so that cron and systemd see a total
 * outage.
 */
#include "cli.h"
#include "common/db_embedded.h"
#include "common/log.h"

#include <stdio.h>
#include <string.h>

/* Log a stage's failure; the worst exit code so far. */
static int stage_done(const char *stage, int ret, int worst)
{
	log_set_component("run");
	if (ret == EXIT_OK)
		return worst;
	log_msg(LOG_ERROR, NULL, "stage '%s' failed (exit %d); going on with "
		"the next", stage, ret);
	return EXIT_FAIL;
}

/* Stages still to come are announced, not run. */
static int not_yet(const char *stage)
{
	const struct command *cmd = command_find(stage);

	if (!(cmd->flags & NOT_YET))
		return 0;
	log_set_component("run");
	log_msg(LOG_INFO, NULL, "stage '%s' is not implemented yet; skipped",
		stage);
	return 1;
}

int cmd_run(const struct command *self, int argc, char **argv,
	    struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "strict", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	struct crawl_totals t = { 0, 0 };
	int worst = EXIT_OK, strict = 0, c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c != 's')
			return EXIT_USAGE;
		strict = 1;
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	log_set_component("crawl");
	worst = stage_done("crawl", cli_crawl_all(ctx, &t), worst);
	if (strict && t.sources > 0 && t.sources_failed == t.sources) {
		log_msg(LOG_ERROR, NULL, "all %d sources failed", t.sources);
		worst = EXIT_FAIL;
	}
	log_set_component("analyze");
	worst = stage_done("analyze", cli_analyze_new(ctx), worst);
	if (!not_yet("digest")) {
		char path[4096];

		log_set_component("digest");
		worst = stage_done("digest", cli_digest_daily(ctx, path,
							     sizeof(path)),
				   worst);
		printf("digest: %s\n", path);
	}
	if (!not_yet("alerts") && ctx->routing) {
		log_set_component("alerts");
		worst = stage_done("alerts", cli_alerts(ctx, 0), worst);
	}
	/* last: the partitions the next days need, and retention */
	log_set_component("maintain");
	worst = stage_done("db maintain", cli_db_maintain(ctx), worst);
	if (ctx->db->embedded)
		log_msg(LOG_INFO, NULL, "the embedded PostgreSQL in '%s' is "
			"still running; 'mediamon db stop' stops it",
			db_embedded_dir());
	return worst;
}
