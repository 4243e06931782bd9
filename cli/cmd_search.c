/*
 * cmd_search.c - "mediamon search QUERY": ranked full-text search over
 * the stored articles with Russian and English stemming and highlighted
 * snippets, as a table or JSON (digest/report/search.c).
 */
#include "cli.h"
#include "common/log.h"
#include "digest/report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_search(const struct command *self, int argc, char **argv,
	       struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "source", required_argument, NULL, 's' },
		{ "tonality", required_argument, NULL, 'T' },
		{ "format", required_argument, NULL, 'F' },
		{ "limit", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 },
	};
	struct search_query q = { 0 };
	enum report_format f = RF_TABLE;
	char from[11] = "", to[11] = "";
	struct buf out = BUF_INIT;
	struct err e = { "" };
	char *end;
	int c, ret;

	q.limit = 20;
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
		case 's':
			q.source = optarg;
			break;
		case 'T':
			if (strcmp(optarg, "positive") &&
			    strcmp(optarg, "neutral") &&
			    strcmp(optarg, "negative"))
				return usage_error(self, "--tonality must be "
						   "positive, neutral or "
						   "negative, not '%s'",
						   optarg);
			q.tonality = optarg;
			break;
		case 'F':
			if (!strcmp(optarg, "table"))
				f = RF_TABLE;
			else if (!strcmp(optarg, "json"))
				f = RF_JSON;
			else
				return usage_error(self, "--format must be "
						   "table or json, not '%s'",
						   optarg);
			break;
		case 'l':
			q.limit = (int)strtol(optarg, &end, 10);
			if (*end || q.limit < 1 || q.limit > 1000)
				return usage_error(self, "--limit must be a "
						   "number from 1 to 1000, "
						   "not '%s'", optarg);
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc)
		return usage_error(self, "needs one QUERY (quote several "
				   "words: 'mediamon search \"a b\"')");
	q.text = argv[optind];
	if (!q.text[strspn(q.text, " \t")])
		return usage_error(self, "the QUERY is empty");
	if (from[0] && to[0] && strcmp(from, to) > 0)
		return usage_error(self, "--from %s is after --to %s", from,
				   to);
	q.from = from[0] ? from : NULL;
	q.to = to[0] ? to : NULL;
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	ret = cli_check_source(self, ctx, q.source);
	if (ret != EXIT_OK)
		return ret;
	if (search_write(ctx->db, &q, f, &out, &e) < 0) {
		buf_release(&out);
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	}
	fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	return EXIT_OK;
}
