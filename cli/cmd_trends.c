/*
 * cmd_trends.c - "mediamon trends": mentions of the office (by tonality
 * or outlet) and reported violations (by region, category or
 * department) counted by day, ISO week or month in the office's time
 * zone, as a table, CSV or JSON (digest/report/trends.c).
 */
#include "cli.h"
#include "common/log.h"
#include "digest/report/report.h"

#include <stdio.h>
#include <string.h>

int cmd_trends(const struct command *self, int argc, char **argv,
	       struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		{ "group", required_argument, NULL, 'g' },
		{ "source", required_argument, NULL, 's' },
		{ "format", required_argument, NULL, 'F' },
		{ "out", required_argument, NULL, 'o' },
		{ "bom", no_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 },
	};
	struct trends_query q = { 0 };
	enum report_format f = RF_TABLE;
	char from[11] = "", to[11] = "";
	const char *out_path = NULL;
	struct buf out = BUF_INIT;
	struct err e = { "" };
	int c, by = -1, group = -1, bom = 0, ret;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		switch (c) {
		case 'f':
			if (cli_date(self, "--from", optarg, from))
				return EXIT_USAGE;
			break;
		case 't':
			if (cli_date(self, "--to", optarg, to))
				return EXIT_USAGE;
			break;
		case 'b':
			by = trends_by_parse(optarg);
			if (by < 0)
				return usage_error(self, "--by must be day, "
						   "week or month, not '%s'",
						   optarg);
			break;
		case 'g':
			group = trends_group_parse(optarg);
			if (group < 0)
				return usage_error(self, "--group must be "
						   "tonality, source, region, "
						   "category or department, "
						   "not '%s'", optarg);
			break;
		case 's':
			q.source = optarg;
			break;
		case 'F':
			if (cli_report_format(self, optarg, 0, &f))
				return EXIT_USAGE;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'B':
			bom = 1;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (!from[0] || !to[0])
		return usage_error(self, "needs --from and --to");
	if (strcmp(from, to) > 0)
		return usage_error(self, "--from %s is after --to %s", from,
				   to);
	if (bom && f != RF_CSV)
		return usage_error(self, "--bom goes with --format csv");
	q.from = from;
	q.to = to;
	q.by = by < 0 ? TRENDS_DAY : (enum trends_by)by;
	q.group = group < 0 ? TG_TONALITY : (enum trends_group)group;
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	ret = cli_check_source(self, ctx, q.source);
	if (ret != EXIT_OK)
		return ret;
	if (trends_write(ctx->db, &q, f, bom, &out, &e) < 0)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	ret = cli_write_out(out_path, &out);
	buf_release(&out);
	return ret;
}
