/*
 * cmd_config.c - "mediamon config check": everything a nightly run will
 * read, checked up front without the network or the database.  The
 * dispatcher has loaded sources.yaml (NEED_CONFIG); the lexicons it
 * names are loaded here, as the analyzer will.
 */
#include "cli.h"
#include "analyzer/analyze.h"
#include "analyzer/analyze_db.h"
#include "common/log.h"
#include "digest/route/routing.h"

#include <stdio.h>
#include <string.h>

int cmd_config_check(const struct command *self, int argc, char **argv,
		     struct ctx *ctx)
{
	struct buf dir = BUF_INIT;
	struct err e = { "" };
	struct analyzer an;
	int ok;

	if (argc > 1)
		return usage_error(self, "unexpected argument '%s'", argv[1]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	printf("%s: ok, %zu sources\n", ctx->cfg->path, ctx->cfg->n_sources);
	/* The lexicons are read by every nightly analysis: an error in
	 * them must show here, with its FILE:LINE:COL. */
	analyze_lexicon_path(ctx->cfg->lexicon_dir, ctx->cfg->path, &dir);
	ok = analyzer_open(&an, dir.data, ctx->cfg->country, &e) == 0;
	if (ok) {
		printf("%s: ok, lexicons for '%s'\n", dir.data,
		       ctx->cfg->country);
		analyzer_close(&an);
	} else {
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
	}
	buf_release(&dir);
	if (ctx->routing)
		printf("%s: ok, %zu departments, %zu regional offices\n",
		       ctx->routing->path, ctx->routing->n_departments,
		       ctx->routing->n_offices);
	return ok ? EXIT_OK : EXIT_FAIL;
}
