/*
 * cli.h - the command layer: the context every command receives, the
 * subcommand table's entry type, exit codes and the one voice of usage
 * errors.  Only mediamon.c and cli/ include it; the stages below
 * (common/, crawler/, analyzer/, digest/) take plain arguments and never
 * see a struct ctx.
 */
#ifndef MM_CLI_H
#define MM_CLI_H

#include "common/buf.h"
#include "common/config.h"
#include "common/db.h"
#include "common/version.h"
#include "digest/report/report.h"

#include <getopt.h>

/* Exit codes, documented in README.md. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* What the dispatcher sets up before a command runs. */
struct ctx {
	const char *sources_path;	/* --sources, MEDIAMON_SOURCES, default */
	const char *db_conninfo;	/* --db, MEDIAMON_DB, or NULL */
	const char *routing_path;	/* --routing, else found (routing.h) */
	struct config *cfg;		/* NEED_CONFIG */
	struct db *db;			/* NEED_DB, NEED_CONN */
	struct routing *routing;	/* NEED_ROUTING, WANT_ROUTING */
};

enum command_flags {
	NEED_CONFIG = 1 << 0,	/* sources.yaml loaded and checked */
	NEED_DB = 1 << 1,	/* connected, schema up to date */
	NEED_CONN = 1 << 2,	/* connected, schema not checked (db migrate) */
	NOT_YET = 1 << 3,	/* listed in --help as not available yet */
	FILE_ALIAS = 1 << 4,	/* "--file F" means "--sources F" (scripts) */
	NEED_ROUTING = 1 << 5,	/* routing.yaml loaded; an error without */
	WANT_ROUTING = 1 << 6,	/* routing.yaml loaded when there is one */
};

struct command {
	const char *name;	/* "crawl"; "sources check" for a sub */
	int (*run)(const struct command *self, int argc, char **argv,
		   struct ctx *ctx);
	unsigned flags;
	const char *usage;	/* after "usage: mediamon " */
	const char *summary;	/* one line for --help */
	const char *help;	/* more lines for COMMAND --help, or NULL */
	const struct command *subs;	/* NULL-name-terminated, or NULL */
};

/* Print "mediamon NAME: MESSAGE" and "see 'mediamon NAME --help'" on
 * stderr.  Always returns EXIT_USAGE, for "return usage_error(...)". */
int usage_error(const struct command *self, const char *fmt, ...)
	PRINTF(2, 3);

/* getopt_long with the layer's messages: returns the option's val, -1
 * after the last option, or '?' once an unknown option or a missing value
 * has been reported (the caller then returns EXIT_USAGE). */
int cli_getopt(const struct command *self, int argc, char **argv,
	       const struct option *longopts);

/* Make sure what need asks for (NEED_CONFIG, NEED_DB, NEED_CONN) is in
 * ctx; what is there already is kept, so "run" connects once.  Every
 * command calls it with its table flags (self->flags) once its arguments
 * are checked, so that a usage error never waits for a database; one
 * whose needs depend on its options (analyze) passes what they need.
 * EXIT_OK or EXIT_FAIL (logged). */
int cli_setup(struct ctx *ctx, unsigned need);

/* A date the user typed, YYYY-MM-DD or DD.MM.YYYY (as Russian readers
 * write it), checked and written as YYYY-MM-DD into out.  A date that
 * cannot be read is a usage error: EXIT_USAGE after the message, else 0. */
int cli_date(const struct command *self, const char *option,
	     const char *arg, char out[11]);

/* Write out to path (atomically: temp file and rename), or to stdout
 * when path is NULL.  EXIT_OK or EXIT_FAIL (logged). */
int cli_write_out(const char *path, const struct buf *out);
/* --format of the analysts' commands: table, csv or json, or with
 * html_ok html or json.  0, or EXIT_USAGE after the message. */
int cli_report_format(const struct command *self, const char *s,
		      int html_ok, enum report_format *f);

/* --source NAME of a command that reads the database (after
 * cli_setup): EXIT_OK when there is such a source (or name is NULL),
 * EXIT_USAGE after the message when there is none, EXIT_FAIL (logged)
 * when the database cannot say. */
int cli_check_source(const struct command *self, struct ctx *ctx,
		     const char *name);

/* --lang of what people read: ru, ky or en.  0, or EXIT_USAGE after
 * the message. */
int cli_lang(const struct command *self, const char *arg);

/* Look a command up in the top-level table (mediamon.c). */
const struct command *command_find(const char *name);

/* Commands, one file each in cli/. */
int cmd_db(const struct command *, int, char **, struct ctx *);
int cmd_sources_check(const struct command *, int, char **, struct ctx *);
int cmd_sources_status(const struct command *, int, char **, struct ctx *);
int cmd_config_check(const struct command *, int, char **, struct ctx *);
int cmd_crawl(const struct command *, int, char **, struct ctx *);
int cmd_parse_feed(const struct command *, int, char **, struct ctx *);
int cmd_robots_check(const struct command *, int, char **, struct ctx *);
int cmd_extract(const struct command *, int, char **, struct ctx *);
int cmd_export(const struct command *, int, char **, struct ctx *);
int cmd_analyze(const struct command *, int, char **, struct ctx *);
int cmd_mentions_set(const struct command *, int, char **, struct ctx *);
int cmd_mentions_export(const struct command *, int, char **,
			struct ctx *);
int cmd_run(const struct command *, int, char **, struct ctx *);
int cmd_digest(const struct command *, int, char **, struct ctx *);
int cmd_cases_list(const struct command *, int, char **, struct ctx *);
int cmd_cases_show(const struct command *, int, char **, struct ctx *);
int cmd_cases_update(const struct command *, int, char **, struct ctx *);
int cmd_cases_route(const struct command *, int, char **, struct ctx *);
int cmd_alerts_send(const struct command *, int, char **, struct ctx *);
int cmd_alerts_list(const struct command *, int, char **, struct ctx *);
int cmd_alerts_resend(const struct command *, int, char **, struct ctx *);
int cmd_alerts_confirm(const struct command *, int, char **, struct ctx *);
int cmd_serve(const struct command *, int, char **, struct ctx *);
int cmd_users_add(const struct command *, int, char **, struct ctx *);
int cmd_users_passwd(const struct command *, int, char **, struct ctx *);
int cmd_users_disable(const struct command *, int, char **, struct ctx *);
int cmd_users_list(const struct command *, int, char **, struct ctx *);
int cmd_mentions_respond(const struct command *, int, char **,
			 struct ctx *);
int cmd_trends(const struct command *, int, char **, struct ctx *);
int cmd_search(const struct command *, int, char **, struct ctx *);
int cmd_report(const struct command *, int, char **, struct ctx *);
int cmd_import_visits(const struct command *, int, char **, struct ctx *);

/* The daily job's stages, as "run" calls them: the same code as the
 * commands with their default options.  Exit codes. */
struct crawl_totals {
	int sources, sources_failed;
};
int cli_crawl_all(struct ctx *ctx, struct crawl_totals *out);
int cli_analyze_new(struct ctx *ctx);
/* Route violations into cases when routing.yaml is loaded (recheck: as
 * cases_route).  An exit code. */
int cli_route(struct ctx *ctx, int recheck);
/* Send the alerts due (alerts.h).  An exit code. */
int cli_alerts(struct ctx *ctx, int dry_run);
/* The month partitions made ahead and the raw texts past their
 * retention dropped (sql/012); one line per change on stdout.  An exit
 * code. */
int cli_db_maintain(struct ctx *ctx);
/* Yesterday's digest as var/digest/DAY.html and .json; the HTML path is
 * written to path_out (n bytes) when it is not NULL. */
int cli_digest_daily(struct ctx *ctx, char *path_out, size_t n);

#endif
