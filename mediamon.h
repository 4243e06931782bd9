/*
 * mediamon.h - what the subcommand table in mediamon.c needs: the shared
 * context handed to every command and each command's entry point.  Each
 * command lives in its own file in the stage that owns it.
 */
#ifndef MEDIAMON_H
#define MEDIAMON_H

#include "common/config.h"
#include "common/db.h"

#define MEDIAMON_VERSION "0.1.0"

/* Exit codes, documented in README.md. */
enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Set up by run_command() according to the command's flags. */
struct ctx {
	const char *sources_path;	/* --sources, MEDIAMON_SOURCES, default */
	const char *db_conninfo;	/* --db, MEDIAMON_DB, or NULL */
	struct config *cfg;		/* NEED_CONFIG */
	struct db *db;			/* NEED_DB */
};

enum command_flags {
	NEED_CONFIG = 1 << 0,
	NEED_DB = 1 << 1,
};

struct command {
	const char *name;
	int (*run)(int argc, char **argv, struct ctx *ctx);
	unsigned flags;
	const char *usage;
	const char *summary;
};

/* Print "usage: mediamon USAGE" and the summary for argv[0]'s command. */
int usage_error(const struct command *cmd, const char *fmt, ...)
	PRINTF(2, 3);
const struct command *command_find(const char *name);
/* For commands still to be filled in: a clear message, exit 2. */
int cmd_not_implemented(int argc, char **argv, struct ctx *ctx);

int cmd_db(int argc, char **argv, struct ctx *ctx);
int cmd_sources(int argc, char **argv, struct ctx *ctx);
int cmd_config(int argc, char **argv, struct ctx *ctx);
int cmd_crawl(int argc, char **argv, struct ctx *ctx);
int cmd_parse_feed(int argc, char **argv, struct ctx *ctx);
int cmd_robots_check(int argc, char **argv, struct ctx *ctx);
int cmd_extract(int argc, char **argv, struct ctx *ctx);
int cmd_export(int argc, char **argv, struct ctx *ctx);
int cmd_analyze(int argc, char **argv, struct ctx *ctx);
int cmd_mentions(int argc, char **argv, struct ctx *ctx);
int cmd_run(int argc, char **argv, struct ctx *ctx);

#endif
