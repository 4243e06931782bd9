/*
 * cmd_run.c - "mediamon run", the daily job: crawl, analyze, digest,
 * alerts, in that order, each a stage that hands over through the
 * database.  A stage that fails is reported and the later stages still
 * run on what is stored: yesterday's digest is better than none.
 */
#include "mediamon.h"
#include "common/log.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char *const stages[] = { "crawl", "analyze", "digest",
				      "alerts" };

int cmd_run(int argc, char **argv, struct ctx *ctx)
{
	int worst = EXIT_OK;

	(void)argv;
	if (argc > 1)
		return usage_error(command_find("run"),
				   "run takes no arguments");
	for (size_t i = 0; i < sizeof(stages) / sizeof(*stages); i++) {
		const struct command *cmd = command_find(stages[i]);
		char *args[2] = { (char *)stages[i], NULL };
		int r;

		if (cmd->run == cmd_not_implemented) {
			log_msg(LOG_INFO, NULL, "stage '%s' is not implemented "
				"yet; skipped", stages[i]);
			continue;
		}
		log_set_component(stages[i]);
		optind = 0;
		r = cmd->run(1, args, ctx);
		log_set_component("run");
		if (r != EXIT_OK) {
			log_msg(LOG_ERROR, NULL, "stage '%s' failed (exit %d); "
				"going on with the next", stages[i], r);
			worst = EXIT_FAIL;
		}
	}
	return worst;
}
