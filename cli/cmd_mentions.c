/*
 * cmd_mentions.c - the analyst's word on an article's tonality:
 *   mentions set ARTICLE_ID --tonality T [--note TEXT] [--by NAME]
 *   mentions export [--since DATE] [--output FILE]
 * "set" records the decision in tonality_overrides (it wins in every view
 * and survives re-analysis) and keeps it in tonality_override_history.
 * "export" writes the corrected articles as JSON lines in the format of
 * tests/data/analyzer/news-*.jsonl, so corrections become test data.
 */
#include "cli.h"
#include "digest/decisions.h"
#include "common/buf.h"
#include "common/json.h"
#include "common/log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int valid_id(const char *s)
{
	if (!*s || strlen(s) > 18)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int cmd_mentions_set(const struct command *self, int argc, char **argv,
		     struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "tonality", required_argument, NULL, 't' },
		{ "note", required_argument, NULL, 'n' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	const char *tonality = NULL, *note = NULL, *by = NULL, *id;
	char machine[32];
	struct err e = { "" };
	int opt, r;

	while ((opt = cli_getopt(self, argc, argv, longopts)) != -1) {
		switch (opt) {
		case 't':
			tonality = optarg;
			break;
		case 'n':
			note = optarg;
			break;
		case 'b':
			by = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc)
		return usage_error(self, "needs one ARTICLE_ID");
	id = argv[optind];
	if (!valid_id(id))
		return usage_error(self, "'%s' is not an article id", id);
	if (!decision_tonality_valid(tonality))
		return usage_error(self, "--tonality must be positive, neutral "
				   "or negative");
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	r = decision_tonality(ctx->db, id, tonality, note, by, machine, &e);
	if (r > 0)
		return log_fail(NULL, "cannot find article %s", id), EXIT_FAIL;
	if (r < 0)
		return log_fail(NULL, "could not record the decision on "
				"article %s: %s", id, e.msg), EXIT_FAIL;
	printf("article %s: tonality %s (analyzer: %s)\n", id, tonality,
	       machine);
	return EXIT_OK;
}

/* One exported line: the news-set format of tests/data/analyzer. */
static const char export_sql[] =
	"SELECT a.id, a.title, coalesce(a.text, a.summary, ''),"
	"       coalesce(aa.lang, a.lang), o.tonality,"
	"       coalesce((SELECT json_agg(m.text ORDER BY m.start_byte)"
	"                 FROM mentions m WHERE m.article_id = a.id), '[]'),"
	"       coalesce((SELECT json_agg(json_build_object('category',"
	"                 v.category, 'stage', v.stage, 'country', v.country)"
	"                 ORDER BY v.id)"
	"                 FROM violations v WHERE v.article_id = a.id), '[]'),"
	"       array_to_json(coalesce(aa.regions, '{}')),"
	"       coalesce((SELECT v.country FROM violations v"
	"                 WHERE v.article_id = a.id AND NOT EXISTS"
	"                   (SELECT 1 FROM mentions m"
	"                    WHERE m.article_id = a.id)"
	"                 ORDER BY v.id LIMIT 1),"
	"                (SELECT value FROM settings WHERE key = 'country'),"
	"                'kg')"
	"  FROM tonality_overrides o"
	"  JOIN articles a ON a.id = o.article_id"
	"  LEFT JOIN article_analysis aa ON aa.article_id = a.id"
	" WHERE $1::date IS NULL"
	"    OR o.set_at >= $1::date::timestamp AT TIME ZONE mediamon_timezone()"
	" ORDER BY o.set_at, a.id";

/* Append already-valid JSON text from the database. */
static void raw(struct buf *b, const char *key, const char *json)
{
	buf_addf(b, ",\"%s\":%s", key, json);
}

int cmd_mentions_export(const struct command *self, int argc, char **argv,
			struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	const char *since = NULL, *output = NULL;
	char day[11];
	struct buf b = BUF_INIT;
	FILE *f = stdout;
	PGresult *r;
	struct err e;
	int opt, n, ret = EXIT_OK;

	while ((opt = cli_getopt(self, argc, argv, longopts)) != -1) {
		if (opt == 's') {
			if (cli_date(self, "--since", optarg, day))
				return EXIT_USAGE;
			since = day;
		} else if (opt == 'o') {
			output = optarg;
		} else {
			return EXIT_USAGE;
		}
	}
	if (optind != argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	r = db_query(ctx->db, export_sql, 1, &since, &e);
	if (!r) {
		log_msg(LOG_ERROR, NULL, "could not read the decisions: %s",
			e.msg);
		return EXIT_FAIL;
	}
	if (output && strcmp(output, "-")) {
		f = fopen(output, "w");
		if (!f) {
			log_msg(LOG_ERROR, NULL, "cannot create '%s': %s",
				output, strerror(errno));
			PQclear(r);
			return EXIT_FAIL;
		}
	}
	n = PQntuples(r);
	for (int i = 0; i < n; i++) {
		const char *v;

		/* written by hand: three values are JSON built by SQL */
		buf_reset(&b);
		buf_addf(&b, "{\"id\":\"article-%s\"", PQgetvalue(r, i, 0));
		if (!PQgetisnull(r, i, 1)) {
			v = PQgetvalue(r, i, 1);
			buf_adds(&b, ",\"title\":");
			json_quote(&b, v, strlen(v));
		}
		buf_adds(&b, ",\"text\":");
		json_quote(&b, PQgetvalue(r, i, 2),
			   (size_t)PQgetlength(r, i, 2));
		buf_adds(&b, ",\"lang\":");
		if (PQgetisnull(r, i, 3)) {
			buf_adds(&b, "null");
		} else {
			v = PQgetvalue(r, i, 3);
			json_quote(&b, v, strlen(v));
		}
		v = PQgetvalue(r, i, 8);
		buf_adds(&b, ",\"country\":");
		json_quote(&b, v, strlen(v));
		raw(&b, "mentions", PQgetvalue(r, i, 5));
		v = PQgetvalue(r, i, 4);
		buf_adds(&b, ",\"tonality\":");
		json_quote(&b, v, strlen(v));
		raw(&b, "violations", PQgetvalue(r, i, 6));
		raw(&b, "regions", PQgetvalue(r, i, 7));
		buf_adds(&b, "}\n");
		if (fwrite(b.data, 1, b.len, f) != b.len) {
			log_msg(LOG_ERROR, NULL, "could not write '%s': %s",
				output ? output : "stdout", strerror(errno));
			ret = EXIT_FAIL;
			break;
		}
	}
	if (f != stdout && fclose(f) != 0 && ret == EXIT_OK) {
		log_msg(LOG_ERROR, NULL, "could not write '%s': %s", output,
			strerror(errno));
		ret = EXIT_FAIL;
	}
	log_msg(LOG_INFO, NULL, "exported %d corrected articles", n);
	PQclear(r);
	buf_release(&b);
	return ret;
}

int cmd_mentions_respond(const struct command *self, int argc, char **argv,
			 struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "kind", required_argument, NULL, 'k' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	const char *url = NULL, *kind = "statement", *by = NULL, *id;
	char hours[16];
	struct err e = { "" };
	int opt, r;

	while ((opt = cli_getopt(self, argc, argv, longopts)) != -1) {
		if (opt == 'u')
			url = optarg;
		else if (opt == 'k')
			kind = optarg;
		else if (opt == 'b')
			by = optarg;
		else
			return EXIT_USAGE;
	}
	if (optind + 1 != argc)
		return usage_error(self, "needs one ARTICLE_ID");
	id = argv[optind];
	if (!valid_id(id))
		return usage_error(self, "'%s' is not an article id", id);
	if (!url || (strncmp(url, "http://", 7) && strncmp(url, "https://", 8)))
		return usage_error(self, "--url must be the http(s) address of "
				   "the answer");
	if (!decision_kind_valid(kind))
		return usage_error(self, "--kind must be briefing, statement or "
				   "refutation, not '%s'", kind);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	r = decision_respond(ctx->db, id, url, kind, by, hours, &e);
	if (r > 0)
		return log_fail(NULL, "cannot find article %s", id), EXIT_FAIL;
	if (r < 0)
		return log_fail(NULL, "could not record the answer to article "
				"%s: %s", id, e.msg), EXIT_FAIL;
	printf("article %s: answered (%s) %s h after publication\n", id, kind,
	       hours);
	return EXIT_OK;
}
