/*
 * cmd_config.c - "mediamon config check": everything a nightly run will
 * read, checked up front without the network or the database.
 */
#include "mediamon.h"
#include "analyzer/analyze.h"
#include "analyzer/analyze_db.h"
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
	{
		/* The lexicons are read by every nightly analysis: an error
		 * in them must show here, with its FILE:LINE:COL. */
		struct buf dir = BUF_INIT;
		struct analyzer an;
		int ok;

		analyze_lexicon_path(cfg->lexicon_dir, path, &dir);
		ok = analyzer_open(&an, dir.data, cfg->country, &e) == 0;
		if (ok) {
			printf("%s: ok, lexicons for '%s'\n", dir.data,
			       cfg->country);
			analyzer_close(&an);
		} else {
			log_msg(LOG_ERROR, NULL, "%s", e.msg);
		}
		buf_release(&dir);
		config_free(cfg);
		return ok ? EXIT_OK : EXIT_FAIL;
	}
}
