/*
 * cmd_config.c - "mediamon config check": everything a nightly run will
 * read, checked up front without the network or the database.
 */
#include "mediamon.h"
#include "common/log.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int cmd_config(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "file", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *path = ctx->sources_path;
	struct config *cfg;
	struct err e = { "" };
	int c;

	if (argc < 2 || strcmp(argv[1], "check"))
		return usage_error(command_find("config"),
				   "config needs the subcommand 'check'");
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return usage_error(command_find("config"), NULL);
		path = optarg;
	}
	cfg = config_load(path, &e);
	if (!cfg) {
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
		return EXIT_FAIL;
	}
	printf("%s: ok, %zu sources\n", path, cfg->n_sources);
	config_free(cfg);
	return EXIT_OK;
}
