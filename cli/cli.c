/*
 * cli.c - what every command shares: usage errors in one voice, option
 * parsing that says which option is wrong, the setup that the table's
 * flags ask for, the dates users type, and where results go.
 */
#include "cli.h"
#include "common/day.h"
#include "common/fileio.h"
#include "common/i18n.h"
#include "common/log.h"
#include "digest/route/routing.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int usage_error(const struct command *self, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	buf_addf(&b, "mediamon %s: ", self->name);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	buf_addf(&b, "\nsee 'mediamon %s --help'\n", self->name);
	fputs(b.data, stderr);
	buf_release(&b);
	return EXIT_USAGE;
}

int cli_getopt(const struct command *self, int argc, char **argv,
	       const struct option *longopts)
{
	int c;

	opterr = 0;	/* the messages are ours */
	c = getopt_long(argc, argv, ":", longopts, NULL);
	if (c == '?' || c == ':') {
		const char *bad = argv[optind - 1];
		size_t n = strcspn(bad, "=");

		if (c == ':')
			usage_error(self, "option '%.*s' needs a value",
				    (int)n, bad);
		else if (optopt && !strncmp(bad, "--", 2))
			usage_error(self, "option '%.*s' takes no value",
				    (int)n, bad);
		else if (optopt)
			usage_error(self, "unknown option '-%c'", optopt);
		else
			usage_error(self, "unknown option '%.*s'", (int)n,
				    bad);
		return '?';
	}
	return c;
}

/* Find and load routing.yaml; without one, an error when required. */
static int setup_routing(struct ctx *ctx, int required)
{
	struct err e = { "" };
	int shipped, other;
	char *path = routing_find(ctx->routing_path, ctx->sources_path,
				  &shipped);

	if (!path) {
		if (!required)
			return EXIT_OK;
		log_msg(LOG_ERROR, NULL, "no routing configuration: give "
			"--routing FILE or MEDIAMON_ROUTING, or put "
			"routing.yaml beside '%s'", ctx->sources_path);
		return EXIT_FAIL;
	}
	ctx->routing = routing_load(path, ctx->cfg ? ctx->cfg->country : NULL,
				    config_regions(ctx->cfg), &other, &e);
	free(path);
	if (!ctx->routing) {
		/* the shipped default is one country's: another country's
		 * office has not set up its routing yet */
		if (shipped && other && !required)
			return EXIT_OK;
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int cli_setup(struct ctx *ctx, unsigned need)
{
	struct err e = { "" };

	if ((need & NEED_CONFIG) && !ctx->cfg) {
		ctx->cfg = config_load(ctx->sources_path, &e);
		if (!ctx->cfg) {
			log_msg(LOG_ERROR, NULL, "%s", e.msg);
			return EXIT_FAIL;
		}
	}
	if ((need & (NEED_DB | NEED_CONN)) && !ctx->db) {
		ctx->db = db_open(ctx->db_conninfo, &e);
		if (!ctx->db) {
			log_msg(LOG_ERROR, NULL, "cannot reach the database: "
				"%s", e.msg);
			return EXIT_FAIL;
		}
	}
	if ((need & NEED_DB) && db_check_schema(ctx->db, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "%s", e.msg);
		return EXIT_FAIL;
	}
	if ((need & (NEED_ROUTING | WANT_ROUTING)) && !ctx->routing)
		return setup_routing(ctx, need & NEED_ROUTING);
	return EXIT_OK;
}

int cli_date(const struct command *self, const char *option,
	     const char *arg, char out[11])
{
	struct day d;

	if (day_parse(arg, &d) < 0)
		return usage_error(self, "%s '%s' is not a date (write "
				   "YYYY-MM-DD or DD.MM.YYYY)", option, arg);
	day_format(&d, out);
	return 0;
}

int cli_write_out(const char *path, const struct buf *out)
{
	struct err e = { "" };

	if (!path) {
		fwrite(out->data, 1, out->len, stdout);
		return EXIT_OK;
	}
	if (file_write_atomic(path, out->data, out->len, &e) < 0)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	return EXIT_OK;
}

int cli_report_format(const struct command *self, const char *s,
		      int html_ok, enum report_format *f)
{
	if (!strcmp(s, "table") && !html_ok)
		*f = RF_TABLE;
	else if (!strcmp(s, "csv") && !html_ok)
		*f = RF_CSV;
	else if (!strcmp(s, "json"))
		*f = RF_JSON;
	else if (!strcmp(s, "html") && html_ok)
		*f = RF_HTML;
	else
		return usage_error(self, "--format must be %s, not '%s'",
				   html_ok ? "html or json" :
				   "table, csv or json", s);
	return 0;
}

int cli_lang(const struct command *self, const char *arg)
{
	if (!i18n_lang_valid(arg))
		return usage_error(self, "--lang must be ru, ky or en, not "
				   "'%s'", arg);
	return 0;
}

int cli_check_source(const struct command *self, struct ctx *ctx,
		     const char *name)
{
	struct err e = { "" };
	PGresult *r;
	int n;

	if (!name)
		return EXIT_OK;
	r = db_query(ctx->db, "SELECT 1 FROM sources WHERE name = $1", 1,
		     &name, &e);
	if (!r)
		return log_fail(NULL, "cannot read the sources: %s", e.msg),
		       EXIT_FAIL;
	n = PQntuples(r);
	PQclear(r);
	if (!n)
		return usage_error(self, "no source named '%s' in the "
				   "database", name);
	return EXIT_OK;
}
