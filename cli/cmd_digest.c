/*
 * cmd_digest.c - "mediamon digest": one calendar day's digest (default:
 * yesterday in the office's time zone) as HTML, text or JSON, to stdout
 * or a file; "run" writes the finished day's HTML and JSON under
 * var/digest/.
 */
#include "cli.h"
#include "common/day.h"
#include "common/fileio.h"
#include "common/log.h"
#include "common/paths.h"
#include "digest/alert/alerts.h"
#include "digest/digest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

enum format { FMT_HTML, FMT_TEXT, FMT_JSON };

static const char *const format_names[] = { "html", "text", "json" };

static void render(const struct digest *d, enum format f, struct buf *out)
{
	if (f == FMT_HTML)
		digest_html(d, out);
	else if (f == FMT_TEXT)
		digest_text(d, out);
	else
		digest_json(d, out);
}

/* Write data to path through a temporary file and rename(), so that a
 * reader (a mail job, the web server) never sees half a digest. */
static int write_file(const char *path, const struct buf *data,
		      struct err *e)
{
	struct buf tmp = BUF_INIT;
	FILE *f;
	int ret = -1;

	buf_addf(&tmp, "%s.tmp", path);
	f = fopen(tmp.data, "w");
	if (!f) {
		err_set(e, "cannot create '%s': %s", tmp.data, strerror(errno));
		goto out;
	}
	if (fwrite(data->data, 1, data->len, f) != data->len) {
		fclose(f);
		err_set(e, "could not write '%s': %s", tmp.data,
			strerror(errno));
		goto out;
	}
	if (fclose(f) != 0 || rename(tmp.data, path) < 0) {
		err_set(e, "could not write '%s': %s", path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	if (ret < 0)
		remove(tmp.data);
	buf_release(&tmp);
	return ret;
}

/* Load the day's digest and write it in each of formats[0..n) to
 * paths[i] (NULL: stdout).  An exit code. */
static int digest_day(struct ctx *ctx, const struct day *day,
		      const char *lang, const enum format *formats,
		      const char *const *paths, int n)
{
	struct digest d;
	struct err e = { "" };
	struct digest_read how = { 0 };
	int ret = EXIT_OK;

	for (int i = 0; i < n; i++)
		how.evidence |= formats[i] == FMT_JSON;
	if (digest_load(ctx->db, ctx->cfg, day, lang, &how, &d, &e) < 0)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	for (int i = 0; i < n; i++) {
		struct buf out = BUF_INIT;

		render(&d, formats[i], &out);
		if (!paths[i]) {
			fwrite(out.data, 1, out.len, stdout);
		} else if (write_file(paths[i], &out, &e) < 0 ||
			   digest_record(ctx->db, &d, format_names[formats[i]],
					 paths[i], &e) < 0) {
			log_msg(LOG_ERROR, NULL, "%s", e.msg);
			ret = EXIT_FAIL;
		} else {
			log_msg(LOG_INFO, NULL, "digest of %04d-%02d-%02d "
				"written to '%s' (%d articles, %d mentions)",
				day->y, day->m, day->d, paths[i],
				d.totals.articles, d.totals.mentions);
		}
		buf_release(&out);
	}
	digest_release(&d);
	return ret;
}

static const char *default_lang(const struct ctx *ctx)
{
	return ctx->cfg && ctx->cfg->lang ? ctx->cfg->lang : "ru";
}

/* Mail the day's digest to leadership, once per address (a second
 * --send for the same day sends nothing; a failed delivery is retried
 * by the next alerts run). */
static int send_digest(struct ctx *ctx, const struct day *day)
{
	struct alert_stats st;
	struct err e = { "" };
	char ds[11], only[32];
	int added;

	if (cli_setup(ctx, NEED_ROUTING) != EXIT_OK)
		return EXIT_FAIL;
	if (!ctx->routing->smtp_url || !ctx->routing->n_leadership)
		return log_fail(NULL, "--send needs 'smtp:' and leadership "
				"e-mails in '%s'", ctx->routing->path),
		       EXIT_FAIL;
	day_format(day, ds);
	added = alerts_plan_digest(ctx->db, ctx->routing, ds, &e);
	snprintf(only, sizeof(only), "digest:%s", ds);
	if (added < 0 || alerts_send(ctx->db, ctx->routing, ctx->cfg, 0, only,
				     stdout, &st, &e) < 0)
		return log_fail(NULL, "could not send the digest: %s", e.msg),
		       EXIT_FAIL;
	printf("digest of %s: %ld sent, %ld failed (retried later)\n", ds,
	       st.sent, st.failed);
	return st.failed ? EXIT_FAIL : EXIT_OK;
}

int cli_digest_daily(struct ctx *ctx, char *path_out, size_t n)
{
	struct day day = day_add(day_today(ctx->cfg->timezone), -1);
	struct buf dir = BUF_INIT, html = BUF_INIT, json = BUF_INIT;
	enum format f[2] = { FMT_HTML, FMT_JSON };
	const char *paths[2];
	int ret;

	buf_addf(&dir, "%s/digest", mm_vardir());
	if (mkdir(mm_vardir(), 0755) < 0 && errno != EEXIST)
		log_msg(LOG_WARN, NULL, "cannot create '%s': %s", mm_vardir(),
			strerror(errno));
	if (mkdir(dir.data, 0755) < 0 && errno != EEXIST) {
		log_msg(LOG_ERROR, NULL, "cannot create '%s': %s", dir.data,
			strerror(errno));
		buf_release(&dir);
		return EXIT_FAIL;
	}
	buf_addf(&html, "%s/%04d-%02d-%02d.html", dir.data, day.y, day.m,
		 day.d);
	buf_addf(&json, "%s/%04d-%02d-%02d.json", dir.data, day.y, day.m,
		 day.d);
	paths[0] = html.data;
	paths[1] = json.data;
	ret = digest_day(ctx, &day, default_lang(ctx), f, paths, 2);
	/* the alerts stage mails it to leadership, once */
	if (ret == EXIT_OK && ctx->routing && ctx->routing->smtp_url) {
		struct err e = { "" };
		char ds[11];

		day_format(&day, ds);
		if (alerts_plan_digest(ctx->db, ctx->routing, ds, &e) < 0) {
			log_msg(LOG_ERROR, NULL, "could not queue the digest "
				"for leadership: %s", e.msg);
			ret = EXIT_FAIL;
		}
	}
	if (path_out && n)
		snprintf(path_out, n, "%s", html.data);
	buf_release(&dir);
	buf_release(&html);
	buf_release(&json);
	return ret;
}

int cmd_digest(const struct command *self, int argc, char **argv,
	       struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "lang", required_argument, NULL, 'l' },
		{ "send", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	char date[11] = "";
	const char *out = NULL, *lang = NULL;
	enum format f = FMT_HTML;
	struct day day;
	int c, send = 0, ret;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		switch (c) {
		case 'd':
			if (cli_date(self, "--date", optarg, date))
				return EXIT_USAGE;
			break;
		case 'f':
			if (!strcmp(optarg, "html"))
				f = FMT_HTML;
			else if (!strcmp(optarg, "text"))
				f = FMT_TEXT;
			else if (!strcmp(optarg, "json"))
				f = FMT_JSON;
			else
				return usage_error(self, "--format must be "
						   "html, text or json, not "
						   "'%s'", optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case 'l':
			if (cli_lang(self, optarg))
				return EXIT_USAGE;
			lang = optarg;
			break;
		case 's':
			send = 1;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	if (date[0])
		day_parse(date, &day);
	else
		day = day_add(day_today(ctx->cfg->timezone), -1);
	if (send)
		return send_digest(ctx, &day);
	ret = digest_day(ctx, &day, lang ? lang : default_lang(ctx), &f, &out,
			 1);
	return ret;
}
