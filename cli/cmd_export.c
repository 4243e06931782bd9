/*
 * cmd_export.c - "mediamon export articles|mentions|cases": stored
 * records as JSON lines or CSV (RFC 4180, a header, formula injection
 * neutralised, --bom for spreadsheet programs) on stdout, streamed so
 * that a year of articles does not have to fit in memory
 * (digest/report/export.c).
 */
#include "cli.h"
#include "common/log.h"
#include "digest/report/report.h"

#include <stdio.h>
#include <string.h>

int cmd_export(const struct command *self, int argc, char **argv,
	       struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "source", required_argument, NULL, 'S' },
		{ "format", required_argument, NULL, 'f' },
		{ "bom", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct export_query q = { 0 };
	const char *format = "jsonl";
	struct err e = { "" };
	char since[11] = "";
	long rows;
	int c, ret;

	/* the subcommand's name says what: "export mentions" */
	q.kind = (enum export_kind)export_kind_parse(strchr(self->name, ' ') +
						      1);
	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c == 's') {
			if (cli_date(self, "--since", optarg, since))
				return EXIT_USAGE;
		} else if (c == 'S') {
			q.source = optarg;
		} else if (c == 'f') {
			format = optarg;
		} else if (c == 'b') {
			q.bom = 1;
		} else {
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (strcmp(format, "jsonl") && strcmp(format, "csv"))
		return usage_error(self, "--format must be jsonl or csv, not "
				   "'%s'", format);
	q.csv = !strcmp(format, "csv");
	if (q.bom && !q.csv)
		return usage_error(self, "--bom goes with --format csv");
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	ret = cli_check_source(self, ctx, q.source);
	if (ret != EXIT_OK)
		return ret;
	q.since = since[0] ? since : NULL;
	if (export_write(ctx->db, &q, stdout, &rows, &e) < 0)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	log_msg(LOG_INFO, NULL, "exported %ld %s", rows,
		strchr(self->name, ' ') + 1);
	return EXIT_OK;
}
