/*
 * cmd_report.c - "mediamon report": the monthly analytical note or the
 * half-year report as one self-contained HTML file or JSON, Russian by
 * default (digest/report/report_*.c).
 */
#include "cli.h"
#include "common/log.h"
#include "digest/report/report.h"

#include <stdio.h>
#include <string.h>

int cmd_report(const struct command *self, int argc, char **argv,
	       struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "month", required_argument, NULL, 'm' },
		{ "half", required_argument, NULL, 'h' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct report_period p;
	enum report_format f = RF_HTML;
	const char *month = NULL, *half = NULL, *out_path = NULL;
	const char *lang = NULL;
	struct buf out = BUF_INIT;
	struct err e = { "" };
	struct report *r;
	int c, ret;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		switch (c) {
		case 'm':
			month = optarg;
			break;
		case 'h':
			half = optarg;
			break;
		case 'f':
			if (cli_report_format(self, optarg, 1, &f))
				return EXIT_USAGE;
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'l':
			if (cli_lang(self, optarg))
				return EXIT_USAGE;
			lang = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (!month == !half)
		return usage_error(self, "needs --month YYYY-MM or --half "
				   "YYYY-H1|YYYY-H2");
	if (month && report_period_parse(month, 0, &p) < 0)
		return usage_error(self, "--month '%s' is not a month (write "
				   "YYYY-MM)", month);
	if (half && report_period_parse(half, 1, &p) < 0)
		return usage_error(self, "--half '%s' is not a half-year "
				   "(write YYYY-H1 or YYYY-H2)", half);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if (!lang)
		lang = ctx->cfg->lang ? ctx->cfg->lang : "ru";
	r = report_load(ctx->db, ctx->cfg, &p, lang, &e);
	if (!r)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	if (f == RF_HTML)
		report_html(r, &out);
	else
		report_json(r, &out);
	report_free(r);
	ret = cli_write_out(out_path, &out);
	if (ret == EXIT_OK && out_path)
		log_msg(LOG_INFO, NULL, "report of %s written to '%s'",
			p.label, out_path);
	buf_release(&out);
	return ret;
}
