/*
 * cmd_import.c - "mediamon import site-visits FILE.csv": daily visit
 * counts of the office's own website from a Google Analytics or Matomo
 * export, refused whole at the first bad row (FILE:LINE: cause) and
 * stored idempotently (digest/report/visits.c).
 */
#include "cli.h"
#include "common/fileio.h"
#include "common/log.h"
#include "digest/report/report.h"

#include <stdio.h>

/* A statistics export of a year is a few megabytes; this is far above. */
#define VISITS_MAX_BYTES (256u << 20)

int cmd_import_visits(const struct command *self, int argc, char **argv,
		      struct ctx *ctx)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 },
	};
	struct buf data;
	struct visits v;
	struct err e = { "" };
	long days = 0, pages = 0;
	int c, ret = EXIT_FAIL;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1)
		return EXIT_USAGE;
	if (optind + 1 != argc)
		return usage_error(self, "needs one FILE.csv");
	buf_init(&data, VISITS_MAX_BYTES);
	if (file_read(argv[optind], &data, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
		buf_release(&data);
		return EXIT_FAIL;
	}
	if (visits_parse(argv[optind], data.data, data.len, &v, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
		goto out;
	}
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		goto out;
	if (visits_store(ctx->db, &v, argv[optind], &days, &pages, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "could not store the visits of '%s': "
			"%s", argv[optind], e.msg);
		goto out;
	}
	printf("site-visits: %ld rows, %ld days, %ld pages from '%s' (%s)\n",
	       v.n, days, pages, argv[optind], v.origin);
	ret = EXIT_OK;
out:
	visits_release(&v);
	buf_release(&data);
	return ret;
}
