/*
 * cmd_cases.c - "mediamon cases": list, show and update the cases that
 * routing opened from reported violations, and re-run routing on demand
 * (after routing.yaml changed, or for articles analysed before it
 * existed).
 */
#include "cli.h"
#include "common/json.h"
#include "common/log.h"
#include "digest/route/cases.h"
#include "digest/route/cases_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum format { FMT_TABLE, FMT_JSON, FMT_CSV };

static const char *const format_names[] = { "table", "json", "csv" };

static int parse_format(const struct command *self, const char *s,
			enum format *f)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, format_names[i])) {
			*f = (enum format)i;
			return 0;
		}
	return usage_error(self, "--format must be table, json or csv, not "
			   "'%s'", s);
}

static int query_cases(struct ctx *ctx, const char *status, const char *dept,
		       const char *id, enum format f)
{
	struct cases_filter cf = { status, dept, NULL, id };
	struct buf out = BUF_INIT;
	struct err e = { "" };
	PGresult *r = cases_query(ctx->db, &cf, &e);

	if (!r)
		return log_fail(NULL, "cannot read the cases: %s", e.msg),
		       EXIT_FAIL;
	if (f == FMT_JSON)
		cases_json(r, &out);
	else if (f == FMT_CSV)
		cases_csv(r, &out);
	else
		cases_table(r, &out);
	fwrite(out.data, 1, out.len, stdout);
	buf_release(&out);
	PQclear(r);
	return EXIT_OK;
}

int cmd_cases_list(const struct command *self, int argc, char **argv,
		   struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "department", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *status = NULL, *dept = NULL;
	enum format f = FMT_TABLE;
	int c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c == 's') {
			if (case_status_parse(optarg) < 0)
				return usage_error(self, "--status must be new, "
						   "sent, in_review, closed or "
						   "rejected, not '%s'",
						   optarg);
			status = optarg;
		} else if (c == 'd') {
			dept = optarg;
		} else if (c == 'f') {
			if (parse_format(self, optarg, &f))
				return EXIT_USAGE;
		} else {
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	return query_cases(ctx, status, dept, NULL, f);
}

/* A case id argument: digits only. */
static int case_id(const struct command *self, int argc, char **argv,
		   long long *id)
{
	char *end;

	if (optind + 1 != argc)
		return usage_error(self, "needs one case ID");
	*id = strtoll(argv[optind], &end, 10);
	if (*end || *id <= 0 || !*argv[optind])
		return usage_error(self, "'%s' is not a case ID",
				   argv[optind]);
	return 0;
}

int cmd_cases_show(const struct command *self, int argc, char **argv,
		   struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum format f = FMT_TABLE;
	long long id;
	char ids[32];
	int c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1)
		if (c != 'f' || parse_format(self, optarg, &f))
			return EXIT_USAGE;
	if (case_id(self, argc, argv, &id))
		return EXIT_USAGE;
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	snprintf(ids, sizeof(ids), "%lld", id);
	if (f != FMT_TABLE)
		return query_cases(ctx, NULL, NULL, ids, f);
	{
		struct cases_filter cf = { NULL, NULL, NULL, ids };
		struct err e = { "" };
		PGresult *r = cases_query(ctx->db, &cf, &e);
		struct arena a = ARENA_INIT;
		struct json *h;

		if (!r)
			return log_fail(NULL, "cannot read case %lld: %s", id,
					e.msg), EXIT_FAIL;
		if (!PQntuples(r)) {
			PQclear(r);
			return log_fail(NULL, "there is no case %lld", id),
			       EXIT_FAIL;
		}
		printf("case %s: %s\n  category:        %s (%s)\n"
		       "  region:          %s\n  department:      %s\n"
		       "  regional office: %s\n  material:        %s\n"
		       "                   %s, %s\n                   %s\n"
		       "  reports:         %s\n",
		       ids, PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2),
		       PQgetvalue(r, 0, 10),
		       *PQgetvalue(r, 0, 3) ? PQgetvalue(r, 0, 3) : "national",
		       PQgetvalue(r, 0, 4),
		       *PQgetvalue(r, 0, 5) ? PQgetvalue(r, 0, 5) : "-",
		       PQgetvalue(r, 0, 7), PQgetvalue(r, 0, 8),
		       PQgetvalue(r, 0, 9), PQgetvalue(r, 0, 6),
		       PQgetvalue(r, 0, 12));
		if (*PQgetvalue(r, 0, 11))
			printf("  resolution:      %s\n", PQgetvalue(r, 0, 11));
		printf("  history:\n");
		if (json_parse(PQgetvalue(r, 0, 13),
			       (size_t)PQgetlength(r, 0, 13), &a, &h, &e) == 0)
			for (size_t i = 0; i < h->n; i++) {
				const char *from = json_get_str(h->vals[i],
								"from");
				const char *note = json_get_str(h->vals[i],
								"note");

				printf("    %s  %s -> %s  by %s%s%s\n",
				       json_get_str(h->vals[i], "at"),
				       from ? from : "-",
				       json_get_str(h->vals[i], "to"),
				       json_get_str(h->vals[i], "by"),
				       note ? ": " : "", note ? note : "");
			}
		arena_release(&a);
		PQclear(r);
	}
	return EXIT_OK;
}

int cmd_cases_update(const struct command *self, int argc, char **argv,
		     struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "resolution", required_argument, NULL, 'r' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	const char *resolution = NULL, *by = NULL;
	struct err e = { "" };
	long long id;
	int c, to = -1, usage;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		if (c == 's') {
			to = case_status_parse(optarg);
			if (to < 0)
				return usage_error(self, "--status must be new, "
						   "sent, in_review, closed or "
						   "rejected, not '%s'",
						   optarg);
		} else if (c == 'r') {
			resolution = optarg;
		} else if (c == 'b') {
			by = optarg;
		} else {
			return EXIT_USAGE;
		}
	}
	if (case_id(self, argc, argv, &id))
		return EXIT_USAGE;
	if (to < 0)
		return usage_error(self, "needs --status");
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if (case_update(ctx->db, id, (enum case_status)to, resolution, by,
			&usage, &e) < 0) {
		if (usage)
			return usage_error(self, "%s", e.msg);
		return log_fail(NULL, "could not update case %lld: %s", id,
				e.msg), EXIT_FAIL;
	}
	printf("case %lld: %s\n", id, case_status_name((enum case_status)to));
	return EXIT_OK;
}

/* Route with the loaded routing configuration; recheck as in cases.h. */
int cli_route(struct ctx *ctx, int recheck)
{
	struct route_stats st;
	struct err e = { "" };

	if (!ctx->routing)
		return EXIT_OK;
	if (cases_route(ctx->db, ctx->routing, recheck, &st, &e) < 0)
		return log_fail(NULL, "could not route violations: %s", e.msg),
		       EXIT_FAIL;
	if (st.opened || st.joined || st.not_routed)
		log_msg(LOG_INFO, NULL, "routing: %ld cases opened, %ld "
			"reports joined a case, %ld not routed",
			st.opened, st.joined, st.not_routed);
	return EXIT_OK;
}

int cmd_cases_route(const struct command *self, int argc, char **argv,
		    struct ctx *ctx)
{
	if (argc > 1)
		return usage_error(self, "unexpected argument '%s'", argv[1]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	return cli_route(ctx, 1);
}
