/*
 * mediamon.c - the one binary: global options, then a subcommand looked
 * up in a table (as git and tmux do).  The table's flags drive the shared
 * setup (configuration, database), so commands start with what they need.
 */
#include "mediamon.h"
#include "common/log.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command commands[] = {
	{ "db", cmd_db, 0, "db migrate|status|start|stop|url",
	  "create or upgrade the database schema; manage the embedded cluster" },
	{ "sources", cmd_sources, 0,
	  "sources check [--file F] [--offline] | sources status",
	  "validate and probe the media list; show per-source health" },
	{ "config", cmd_config, 0, "config check [--file F]",
	  "validate sources.yaml and the lexicons without touching the network" },
	{ "crawl", cmd_crawl, NEED_CONFIG | NEED_DB,
	  "crawl [--only NAME...] [--strict] [--replay FILE.warc.gz] "
	  "[--reextract [--since DATE]]",
	  "fetch feeds, listing pages, channels and new articles" },
	{ "analyze", cmd_analyze, 0,
	  "analyze [--text FILE|- [--title T] | --jsonl FILE|- | --all] "
	  "[--country CC] [--lexicons DIR] [--batch N]",
	  "find mentions of the office, tonality, violations and regions" },
	{ "mentions", cmd_mentions, NEED_DB,
	  "mentions set ARTICLE_ID --tonality positive|neutral|negative "
	  "[--note TEXT] [--by NAME] | mentions export [--since DATE] "
	  "[--output FILE]",
	  "record an analyst's tonality decision; export corrections" },
	{ "digest", cmd_not_implemented, NEED_CONFIG | NEED_DB,
	  "digest [--date DATE]", "write the daily digest for leadership" },
	{ "alerts", cmd_not_implemented, NEED_CONFIG | NEED_DB, "alerts",
	  "send immediate alerts for what cannot wait" },
	{ "cases", cmd_not_implemented, NEED_DB, "cases list|show|close",
	  "track reported violations routed to departments" },
	{ "trends", cmd_not_implemented, NEED_DB, "trends [--by FIELD]",
	  "mention trends by day, outlet, tonality, region, topic" },
	{ "search", cmd_not_implemented, NEED_DB, "search QUERY",
	  "full-text search over stored articles" },
	{ "report", cmd_not_implemented, NEED_DB, "report",
	  "press-release pickup and period reports" },
	{ "export", cmd_export, NEED_DB,
	  "export articles [--since DATE] [--source NAME] --format jsonl|csv",
	  "export stored records" },
	{ "run", cmd_run, NEED_CONFIG | NEED_DB, "run",
	  "the daily job: crawl, analyze, digest, alerts" },
	{ "parse-feed", cmd_parse_feed, 0,
	  "parse-feed [--base-url URL] [--content-type TYPE] FILE...|-",
	  "parse feed documents offline, one JSON object per document" },
	{ "extract", cmd_extract, 0,
	  "extract [--url URL] [--xpath XPATH] [--content-type TYPE] FILE...|-",
	  "extract an article's main text and metadata from HTML pages" },
	{ "robots-check", cmd_robots_check, 0,
	  "robots-check ROBOTS_FILE AGENT URL",
	  "say whether robots.txt allows AGENT to fetch URL" },
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int usage_error(const struct command *cmd, const char *fmt, ...)
{
	if (fmt) {
		struct buf b = BUF_INIT;
		va_list ap;

		va_start(ap, fmt);
		buf_vaddf(&b, fmt, ap);
		va_end(ap);
		log_msg(LOG_ERROR, NULL, "%s", b.data);
		buf_release(&b);
	}
	fprintf(stderr, "usage: mediamon %s\n", cmd->usage);
	return EXIT_USAGE;
}

int cmd_not_implemented(int argc, char **argv, struct ctx *ctx)
{
	(void)argc;
	(void)ctx;
	log_msg(LOG_ERROR, NULL, "'%s' is not implemented yet", argv[0]);
	return EXIT_USAGE;
}

static void print_help(FILE *f)
{
	fprintf(f,
		"usage: mediamon [--sources FILE] [--db CONNINFO] COMMAND [ARGS]\n"
		"       mediamon --help | --version | COMMAND --help\n\n"
		"Media monitoring and tonality analysis for a prosecutor's "
		"office press service.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-13s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f,
		"\noptions:\n"
		"  --sources FILE   media list (default: $MEDIAMON_SOURCES, "
		"else ./sources.yaml)\n"
		"  --db CONNINFO    PostgreSQL connection (default: "
		"$MEDIAMON_DB, the PG* variables,\n"
		"                   else an embedded cluster under var/)\n\n"
		"exit status: 0 success, 1 failure, 2 usage error\n");
}

static int wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

/* Set up what the command's flags ask for, run it, release. */
static int run_command(const struct command *cmd, int argc, char **argv,
		       struct ctx *ctx)
{
	struct err e = { "" };
	int ret;

	log_set_component(cmd->name);
	if (wants_help(argc, argv)) {
		printf("usage: mediamon %s\n\n%s\n", cmd->usage, cmd->summary);
		return EXIT_OK;
	}
	if (cmd->flags & NEED_CONFIG) {
		ctx->cfg = config_load(ctx->sources_path, &e);
		if (!ctx->cfg) {
			log_msg(LOG_ERROR, NULL, "%s", e.msg);
			return EXIT_FAIL;
		}
	}
	if (cmd->flags & NEED_DB) {
		ctx->db = db_open(ctx->db_conninfo, &e);
		if (!ctx->db) {
			log_msg(LOG_ERROR, NULL, "cannot reach the database: %s",
				e.msg);
			config_free(ctx->cfg);
			return EXIT_FAIL;
		}
		if (db_check_schema(ctx->db, &e) < 0) {
			log_msg(LOG_ERROR, NULL, "%s", e.msg);
			db_close(ctx->db);
			config_free(ctx->cfg);
			return EXIT_FAIL;
		}
	}
	optind = 0; /* each command parses its own options afresh */
	ret = cmd->run(argc, argv, ctx);
	db_close(ctx->db);
	config_free(ctx->cfg);
	return ret;
}

int main(int argc, char **argv)
{
	struct ctx ctx = { 0 };
	const struct command *cmd;
	int i = 1, ret;

	ctx.sources_path = getenv("MEDIAMON_SOURCES");
	ctx.db_conninfo = getenv("MEDIAMON_DB");
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--version")) {
			printf("mediamon %s\n", MEDIAMON_VERSION);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--sources") && i + 1 < argc) {
			ctx.sources_path = argv[++i];
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			ctx.db_conninfo = argv[++i];
		} else {
			fprintf(stderr, "mediamon: unknown option '%s'\n",
				argv[i]);
			print_help(stderr);
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	cmd = command_find(argv[i]);
	if (!cmd) {
		fprintf(stderr, "mediamon: '%s' is not a mediamon command; "
				"see 'mediamon --help'\n", argv[i]);
		return EXIT_USAGE;
	}
	/* --sources and --db are also accepted after the command name. */
	int cargc = 0;
	char **cargv = calloc((size_t)(argc - i + 1), sizeof(*cargv));

	if (!cargv)
		die("out of memory");
	for (int j = i; j < argc; j++) {
		if ((!strcmp(argv[j], "--sources") || !strcmp(argv[j], "--db")) &&
		    j + 1 < argc) {
			if (argv[j][2] == 's')
				ctx.sources_path = argv[j + 1];
			else
				ctx.db_conninfo = argv[j + 1];
			j++;
			continue;
		}
		cargv[cargc++] = argv[j];
	}
	if (!ctx.sources_path)
		ctx.sources_path = "sources.yaml";
	ret = run_command(cmd, cargc, cargv, &ctx);
	free(cargv);
	/* A result that did not reach stdout is a failure (git, sfeed). */
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE)
			log_msg(LOG_ERROR, NULL, "could not write output: %s",
				strerror(errno));
		return EXIT_FAIL;
	}
	return ret;
}
