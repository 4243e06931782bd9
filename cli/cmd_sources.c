/*
 * cmd_sources.c - "mediamon sources": check the media list (offline
 * validation, the yearly review, an optional probe of every source) and
 * show each source's health from the fetch log.
 */
#include "cli.h"
#include "common/log.h"
#include "crawler/probe.h"
#include "crawler/sources_status.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static void list_sources(const struct config *cfg)
{
	size_t enabled = 0;

	printf("%-20s %-8s %-4s %-3s %-10s %-6s %-3s %s\n", "NAME", "TYPE",
	       "LANG", "CC", "REGION", "WEIGHT", "OWN", "URL");
	for (size_t i = 0; i < cfg->n_sources; i++) {
		const struct source *s = &cfg->sources[i];

		enabled += s->enabled != 0;
		printf("%-20s %-8s %-4s %-3s %-10s %-6.2f %-3s %s%s\n", s->name,
		       source_type_name(s->type), s->lang ? s->lang : "-",
		       s->country ? s->country : "-",
		       s->region ? s->region : "-", s->weight,
		       s->own ? "yes" : "no", s->url,
		       s->enabled ? "" : " (disabled)");
	}
	printf("%zu sources, %zu enabled\n", cfg->n_sources, enabled);
}

/* Warn (not fail) when the yearly review of the list is overdue. */
static void check_review(const struct config *cfg)
{
	long age = config_review_age(cfg, (long)(time(NULL) / 86400));

	if (age > cfg->review_every_days)
		printf("warning: %s: the media list review is overdue: last "
		       "reviewed %s, %ld days ago (review every %ld days)\n",
		       cfg->path, cfg->reviewed, age, cfg->review_every_days);
	else if (age < 0)
		printf("warning: %s: 'reviewed' date %s is in the future\n",
		       cfg->path, cfg->reviewed);
	else
		printf("media list reviewed %s (%ld days ago; next review due "
		       "in %ld days)\n", cfg->reviewed, age,
		       cfg->review_every_days - age);
}

/* Probe each enabled source once over the network (crawler/probe.c);
 * any source that does not answer with what its type promises fails the
 * check. */
static int sources_probe(const struct config *cfg)
{
	int failures = probe_sources(cfg, stdout);

	if (failures < 0)
		return EXIT_FAIL;
	printf("probed: %d of the enabled sources failed\n", failures);
	return failures ? EXIT_FAIL : EXIT_OK;
}

int cmd_sources_check(const struct command *self, int argc, char **argv,
		      struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "offline", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	int offline = 0, c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c != 'o')
			return EXIT_USAGE;
		offline = 1;
	}
	if (optind != argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	list_sources(ctx->cfg);
	check_review(ctx->cfg);
	return offline ? EXIT_OK : sources_probe(ctx->cfg);
}

int cmd_sources_status(const struct command *self, int argc, char **argv,
		       struct ctx *ctx)
{
	struct err e = { "" };

	if (argc > 1)
		return usage_error(self, "unexpected argument '%s'", argv[1]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if (sources_status_print(ctx->db, stdout, &e) < 0)
		return log_fail(NULL, "cannot read source status: %s",
				e.msg), EXIT_FAIL;
	return EXIT_OK;
}
