/*
 * mediamon.c - the one binary: global options, then a command looked up
 * in a table (as git and tmux do), with subcommands in tables of their
 * own.  The table's flags drive the shared setup (configuration,
 * database), so commands start with what they need and nothing below the
 * command layer loads its own copy.
 */
#include "cli/cli.h"
#include "common/log.h"
#include "digest/route/routing.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct command db_subs[] = {
	{ "db migrate", cmd_db, NEED_CONN, "db migrate",
	  "create or upgrade the schema (sql/NNN_*.sql)", NULL, NULL },
	{ "db status", cmd_db, NEED_CONN, "db status",
	  "the database reached and its applied migrations", NULL, NULL },
	{ "db maintain", cmd_db, NEED_CONFIG | NEED_DB, "db maintain",
	  "make next months' partitions; drop raw texts past retention",
	  "  the daily job (run) does it too; retention: raw_body_days in\n"
	  "  sources.yaml says how long raw page texts are kept (0: for "
	  "ever)\n", NULL },
	{ "db start", cmd_db, 0, "db start",
	  "start the embedded cluster under var/pg", NULL, NULL },
	{ "db stop", cmd_db, 0, "db stop",
	  "stop the embedded cluster if it runs", NULL, NULL },
	{ "db url", cmd_db, 0, "db url",
	  "start the embedded cluster and print its connection string",
	  NULL, NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command sources_subs[] = {
	{ "sources check", cmd_sources_check, NEED_CONFIG | FILE_ALIAS,
	  "sources check [--offline]",
	  "validate the media list and probe each enabled source",
	  "  --offline   validate only, without the network\n"
	  "  --file F    the same as the global --sources F\n", NULL },
	{ "sources status", cmd_sources_status, NEED_DB, "sources status",
	  "each source's health from the fetch log", NULL, NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command config_subs[] = {
	{ "config check", cmd_config_check,
	  NEED_CONFIG | FILE_ALIAS | WANT_ROUTING,
	  "config check",
	  "validate sources.yaml and the lexicons, without the network",
	  "  --file F    the same as the global --sources F\n", NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command mentions_subs[] = {
	{ "mentions set", cmd_mentions_set, NEED_DB,
	  "mentions set ARTICLE_ID --tonality positive|neutral|negative "
	  "[--note TEXT] [--by NAME]",
	  "record an analyst's tonality decision on an article", NULL,
	  NULL },
	{ "mentions respond", cmd_mentions_respond, NEED_DB,
	  "mentions respond ARTICLE_ID --url URL "
	  "[--kind briefing|statement|refutation] [--by NAME]",
	  "record the press department's answer to a material", NULL,
	  NULL },
	{ "mentions export", cmd_mentions_export, NEED_DB,
	  "mentions export [--since DATE] [--output FILE]",
	  "the corrected articles as JSON lines, in the evaluation format",
	  NULL, NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command cases_subs[] = {
	{ "cases list", cmd_cases_list, NEED_DB,
	  "cases list [--status S] [--department D] "
	  "[--format table|json|csv]",
	  "the cases routing opened, with their history in JSON", NULL,
	  NULL },
	{ "cases show", cmd_cases_show, NEED_DB,
	  "cases show ID [--format table|json|csv]",
	  "one case and its history", NULL, NULL },
	{ "cases update", cmd_cases_update, NEED_DB,
	  "cases update ID --status S [--resolution TEXT] [--by NAME]",
	  "move a case in its workflow",
	  "  new -> sent -> in_review -> closed | rejected; any open case "
	  "may be\n  closed or rejected, a closed or rejected one reopened "
	  "to in_review;\n  closing, rejecting and reopening need "
	  "--resolution (the resolution or\n  the reason)\n", NULL },
	{ "cases route", cmd_cases_route, NEED_CONFIG | NEED_DB | NEED_ROUTING,
	  "cases route",
	  "route violations again (after routing.yaml changed)", NULL, NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command alerts_subs[] = {
	{ "alerts send", cmd_alerts_send, NEED_CONFIG | NEED_DB | NEED_ROUTING,
	  "alerts send [--dry-run]",
	  "deliver new cases, negative mentions and resonance warnings, "
	  "once each",
	  "  --dry-run   print what would be sent; record and send "
	  "nothing\n", NULL },
	{ "alerts list", cmd_alerts_list, NEED_DB,
	  "alerts list [--status pending|handed|sent|failed|unknown] "
	  "[--format table|json]",
	  "the alerts recorded, newest first",
	  "  unknown: a run stopped after handing the message over, so it "
	  "may have\n  arrived; it is not sent again until a person "
	  "decides (resend or confirm)\n", NULL },
	{ "alerts resend", cmd_alerts_resend, NEED_DB,
	  "alerts resend ID [--by NAME]",
	  "send an alert of unknown outcome (or a failed one) again on the "
	  "next 'alerts send'", NULL, NULL },
	{ "alerts confirm", cmd_alerts_confirm, NEED_DB,
	  "alerts confirm ID [--by NAME]",
	  "record that an alert of unknown outcome did arrive", NULL, NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command users_subs[] = {
	{ "users add", cmd_users_add, NEED_DB,
	  "users add NAME --role ROLE [--unit ID] < password",
	  "add an account of the web interface",
	  "  ROLE: press (everything), department or regional (--unit: the\n"
	  "  department or regional office id of routing.yaml; its own\n"
	  "  cases only), leadership (read), analyst (read, tonality), admin\n"
	  "  (accounts and sources).  The password is one line of standard\n"
	  "  input, 8 characters or more.\n", NULL },
	{ "users passwd", cmd_users_passwd, NEED_DB, "users passwd NAME "
	  "< password", "set a new password; the account's sessions end",
	  NULL, NULL },
	{ "users disable", cmd_users_disable, NEED_DB, "users disable NAME",
	  "disable an account; its sessions end at once", NULL, NULL },
	{ "users list", cmd_users_list, NEED_DB, "users list",
	  "the accounts, their roles and units", NULL, NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command export_subs[] = {
	{ "export articles", cmd_export, NEED_DB,
	  "export articles [--since DATE] [--source NAME] "
	  "[--format jsonl|csv [--bom]]",
	  "stored articles as JSON lines (default) or CSV",
	  "  DATE is YYYY-MM-DD or DD.MM.YYYY, in the configured time "
	  "zone\n"
	  "  --bom  begin the CSV with the UTF-8 byte order mark that "
	  "spreadsheet\n         programs want\n", NULL },
	{ "export mentions", cmd_export, NEED_DB,
	  "export mentions [--since DATE] [--source NAME] "
	  "[--format jsonl|csv [--bom]]",
	  "mentions of the office (v_mentions) as JSON lines or CSV",
	  "  DATE is YYYY-MM-DD or DD.MM.YYYY: published since then\n",
	  NULL },
	{ "export cases", cmd_export, NEED_DB,
	  "export cases [--since DATE] [--source NAME] "
	  "[--format jsonl|csv [--bom]]",
	  "cases (v_cases) as JSON lines or CSV",
	  "  DATE is YYYY-MM-DD or DD.MM.YYYY: opened since then\n", NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command import_subs[] = {
	{ "import site-visits", cmd_import_visits, NEED_DB,
	  "import site-visits FILE.csv",
	  "daily visits of the office's website (Google Analytics, "
	  "Matomo)",
	  "  FILE.csv has a date, a page and a visit count per row, in "
	  "any of the\n  exports' spellings; a bad row refuses the file "
	  "(FILE:LINE: cause); a\n  day and page imported again is "
	  "replaced\n", NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const struct command commands[] = {
	{ "db", NULL, 0, NULL,
	  "create or upgrade the database schema; manage the embedded "
	  "cluster", NULL, db_subs },
	{ "sources", NULL, 0, NULL,
	  "validate and probe the media list; show per-source health", NULL,
	  sources_subs },
	{ "config", NULL, 0, NULL,
	  "validate sources.yaml and the lexicons without the network",
	  NULL, config_subs },
	{ "crawl", cmd_crawl, NEED_CONFIG | NEED_DB,
	  "crawl [--only NAME...] [--strict] [--replay FILE.warc.gz] "
	  "[--reextract [--since DATE]]",
	  "fetch feeds, listing pages, channels and new articles",
	  "  --strict    exit 1 when any source failed\n"
	  "  DATE is YYYY-MM-DD or DD.MM.YYYY\n", NULL },
	{ "analyze", cmd_analyze, 0,
	  "analyze [--text FILE|- [--title T] | --jsonl FILE|- | --all] "
	  "[--country CC] [--lexicons DIR] [--batch N]",
	  "find mentions of the office, tonality, violations and regions",
	  "  with neither --text nor --jsonl: the stored articles not yet\n"
	  "  analysed with the current lexicons (--all: every article)\n"
	  "  --text FILE  one text read from FILE, or from standard input\n"
	  "               with '-': echo 'Прокуратура ...' | mediamon "
	  "analyze --text -\n"
	  "  --jsonl FILE JSON lines {\"id\", \"text\", \"title\"}, one "
	  "result per line\n", NULL },
	{ "mentions", NULL, 0, NULL,
	  "record an analyst's tonality decision; export corrections", NULL,
	  mentions_subs },
	{ "digest", cmd_digest, NEED_CONFIG | NEED_DB,
	  "digest [--date DATE] [--format html|text|json] [--out FILE] "
	  "[--lang ru|ky|en] [--send]",
	  "write the daily digest for leadership",
	  "  --date DATE  the calendar day (YYYY-MM-DD or DD.MM.YYYY) in the "
	  "office's\n"
	  "               time zone; default yesterday\n"
	  "  --format     html (default: one self-contained file), text or "
	  "json\n"
	  "  --out FILE   write there instead of standard output\n"
	  "  --lang       the language of the digest (default: ru)\n"
	  "  --send       mail it to leadership (needs the routing "
	  "configuration)\n", NULL },
	{ "alerts", NULL, 0, NULL,
	  "send immediate alerts for what cannot wait", NULL, alerts_subs },
	{ "cases", NULL, 0, NULL,
	  "track reported violations routed to departments", NULL,
	  cases_subs },
	{ "trends", cmd_trends, NEED_DB,
	  "trends --from DATE --to DATE [--by day|week|month] "
	  "[--group tonality|source|region|category|department] "
	  "[--source NAME] [--format table|csv|json [--bom]] [--out FILE]",
	  "mention and violation counts by period and group",
	  "  DATE is YYYY-MM-DD or DD.MM.YYYY; both days are included, "
	  "cut in the\n  office's time zone; periods are written "
	  "2026-11-17, 2026-W47 (ISO\n  week) or 2026-11\n"
	  "  --by      day (default), week or month\n"
	  "  --group   tonality (default) or source: media articles "
	  "mentioning the\n            office, the analyst's tonality "
	  "where there is one; region,\n            category or "
	  "department: violations reported in the media\n"
	  "  --format  table (default), csv (header period,group,count; "
	  "--bom adds\n            the UTF-8 byte order mark) or json\n"
	  "  --out     write there instead of standard output\n", NULL },
	{ "search", cmd_search, NEED_DB,
	  "search QUERY [--from DATE] [--to DATE] [--source NAME] "
	  "[--tonality positive|neutral|negative] [--format table|json] "
	  "[--limit N]",
	  "ranked full-text search over stored articles",
	  "  QUERY is words (any inflected form: пастбище finds пастбищ), "
	  "\"a phrase\",\n  -excluded or one OR another; Russian and "
	  "English stemming\n"
	  "  --format  table (default) or json: [{url, source, title, "
	  "published,\n            tonality, snippet}], matches in the "
	  "snippet marked **so**\n"
	  "  --limit   how many articles, best first (default 20)\n",
	  NULL },
	{ "report", cmd_report, NEED_CONFIG | NEED_DB,
	  "report --month YYYY-MM | --half YYYY-H1|YYYY-H2 "
	  "[--format html|json] [--out FILE] [--lang ru|ky|en]",
	  "the monthly analytical note or the half-year report",
	  "  against the period before: mentions and tonality, outlets, "
	  "press-release\n  pickups and site visits, violations and "
	  "their cases, failed sources\n"
	  "  --format  html (default: one self-contained file) or json\n"
	  "  --out     write there instead of standard output\n"
	  "  --lang    the report's language (default: the configured "
	  "one, ru)\n", NULL },
	{ "export", NULL, 0, NULL,
	  "export articles, mentions or cases as JSON lines or CSV", NULL,
	  export_subs },
	{ "import", NULL, 0, NULL,
	  "import the office's website visits from a statistics export",
	  NULL, import_subs },
	{ "run", cmd_run, NEED_CONFIG | NEED_DB | WANT_ROUTING,
	  "run [--strict]",
	  "the daily job: crawl, analyze, digest, alerts, db maintain",
	  "  --strict    exit 1 when every source failed (an outage), as\n"
	  "              well as when a stage failed\n", NULL },
	{ "serve", cmd_serve, NEED_CONFIG | NEED_DB | WANT_ROUTING,
	  "serve [--listen ADDR:PORT] [--threads N] [--secure-cookies] "
	  "[--behind-proxy]",
	  "the web interface (default 127.0.0.1:8080)",
	  "  --secure-cookies  behind TLS: cookies are sent over HTTPS only\n"
	  "  --behind-proxy    the client is the X-Forwarded-For address of\n"
	  "                    a proxy on this machine\n", NULL },
	{ "users", NULL, 0, NULL, "accounts of the web interface", NULL,
	  users_subs },
	{ "parse-feed", cmd_parse_feed, 0,
	  "parse-feed [--base-url URL] [--content-type TYPE] FILE...|-",
	  "parse feed documents offline, one JSON object per document", NULL,
	  NULL },
	{ "extract", cmd_extract, 0,
	  "extract [--url URL] [--xpath XPATH] [--content-type TYPE] "
	  "FILE...|-",
	  "extract an article's main text and metadata from HTML pages",
	  NULL, NULL },
	{ "robots-check", cmd_robots_check, 0,
	  "robots-check ROBOTS_FILE AGENT URL",
	  "say whether robots.txt allows AGENT to fetch URL",
	  "  exit status: 0 allowed, 1 disallowed, 2 a usage error or a "
	  "file that\n  cannot be read (as grep)\n", NULL },
	{ NULL, NULL, 0, NULL, NULL, NULL, NULL },
};

static const char environment_help[] =
	"environment:\n"
	"  MEDIAMON_SOURCES   the media list (as --sources)\n"
	"  MEDIAMON_DB        PostgreSQL connection string (as --db)\n"
	"  MEDIAMON_ROUTING   routing.yaml (as --routing)\n"
	"  PGHOST, PGDATABASE, PGPORT, PGSERVICE, PGUSER\n"
	"                     libpq's own settings, used when --db and\n"
	"                     MEDIAMON_DB are not set\n"
	"  MEDIAMON_LOG       error, warn, info (default) or debug\n"
	"  MEDIAMON_HOME      where sql/ and the lexicons are (default: "
	"beside the\n"
	"                     binary, else the install prefix)\n"
	"  MEDIAMON_VAR       state: the embedded cluster (default: "
	"MEDIAMON_HOME/var)\n"
	"  MEDIAMON_PG_BIN    PostgreSQL's server programs for the embedded "
	"cluster\n"
	"  MEDIAMON_PG_USER   the account the embedded cluster runs as when "
	"root\n"
	"  MEDIAMON_NO_JIT    1: PCRE2 without its JIT compiler\n"
	"  MEDIAMON_NO_VMODEL 1: violations from the rules alone\n"
	"  MEDIAMON_NO_TMODEL 1: article tonality from the rules alone\n"
	"  MEDIAMON_STATEMENT_TIMEOUT\n"
	"                     seconds a query may run (default 600)\n";

const struct command *command_find(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void print_help(FILE *f)
{
	fprintf(f,
		"usage: mediamon [--sources FILE] [--db CONNINFO] COMMAND "
		"[ARGS]\n"
		"       mediamon --help | --version | COMMAND --help\n\n"
		"Media monitoring and tonality analysis for a prosecutor's "
		"office press service.\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-13s %s%s\n", c->name,
			c->flags & NOT_YET ? "(not available yet) " : "",
			c->summary);
	fprintf(f,
		"\noptions:\n"
		"  --sources FILE   media list (default: $MEDIAMON_SOURCES, "
		"else ./sources.yaml)\n"
		"  --db CONNINFO    PostgreSQL connection (default: "
		"$MEDIAMON_DB, the PG* variables,\n"
		"                   else an embedded cluster under "
		"$MEDIAMON_VAR)\n"
		"  --routing FILE   routing.yaml (default: $MEDIAMON_ROUTING, "
		"else beside the\n"
		"                   media list, else the shipped default)\n\n"
		"%s\n"
		"exit status: 0 success, 1 failure, 2 usage error\n",
		environment_help);
}

static void print_command_help(const struct command *cmd)
{
	if (cmd->subs) {
		const char *lead = "usage:";

		for (const struct command *s = cmd->subs; s->name; s++) {
			printf("%s mediamon %s\n", lead, s->usage);
			lead = "      ";
		}
		printf("\n%s\n\n", cmd->summary);
		for (const struct command *s = cmd->subs; s->name; s++)
			printf("  %-16s %s\n", s->name + strlen(cmd->name) + 1,
			       s->summary);
		return;
	}
	printf("usage: mediamon %s\n\n%s%s\n", cmd->usage, cmd->summary,
	       cmd->flags & NOT_YET ? " (not available yet)" : "");
	if (cmd->help)
		printf("\n%s", cmd->help);
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

/* "--name VALUE" or "--name=VALUE" at argv[*i]: the value, advancing *i
 * past it; NULL when argv[*i] is not that option.  *missing is set when
 * the option has no value. */
static const char *option_value(int argc, char **argv, int *i,
				const char *name, int *missing)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n])
		return NULL;
	if (*i + 1 >= argc || !strncmp(argv[*i + 1], "--", 2)) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

/* Take the global options that may also follow the command name out of
 * argv (--sources, --db; --file where the command accepts it).  argv is
 * compacted in place; returns the new argc, or -1 after a usage error. */
static int take_global_options(const struct command *cmd, int argc,
			       char **argv, struct ctx *ctx)
{
	int out = 1;

	for (int i = 1; i < argc; i++) {
		int missing = 0;
		const char *v;

		if (!strcmp(argv[i], "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		v = option_value(argc, argv, &i, "--sources", &missing);
		if (!v && !missing && (cmd->flags & FILE_ALIAS))
			v = option_value(argc, argv, &i, "--file", &missing);
		if (v) {
			ctx->sources_path = v;
			continue;
		}
		if (!missing) {
			v = option_value(argc, argv, &i, "--db", &missing);
			if (v) {
				ctx->db_conninfo = v;
				continue;
			}
		}
		if (!missing) {
			v = option_value(argc, argv, &i, "--routing", &missing);
			if (v) {
				ctx->routing_path = v;
				continue;
			}
		}
		if (missing) {
			usage_error(cmd, "option '%s' needs a value",
				    argv[i]);
			return -1;
		}
		argv[out++] = argv[i];
	}
	argv[out] = NULL;
	return out;
}

/* Find the subcommand named by argv[1] of cmd; usage error when none. */
static const struct command *find_sub(const struct command *cmd, int argc,
				      char **argv)
{
	struct buf names = BUF_INIT;
	const struct command *s;

	if (argc >= 2 && argv[1][0] != '-')
		for (s = cmd->subs; s->name; s++)
			if (!strcmp(s->name + strlen(cmd->name) + 1, argv[1]))
				return s;
	for (s = cmd->subs; s->name; s++)
		buf_addf(&names, "%s%s", s == cmd->subs ? "" : ", ",
			 s->name + strlen(cmd->name) + 1);
	if (argc < 2 || argv[1][0] == '-')
		usage_error(cmd, "needs a subcommand: %s", names.data);
	else
		usage_error(cmd, "unknown subcommand '%s' (%s)", argv[1],
			    names.data);
	buf_release(&names);
	return NULL;
}

/* Set up what the command's flags ask for, run it, release. */
static int run_command(const struct command *cmd, int argc, char **argv,
		       struct ctx *ctx)
{
	int ret;

	log_set_component(argv[0]);
	if (cmd->subs) {
		if (argc >= 2 && wants_help(2, argv)) {
			print_command_help(cmd);
			return EXIT_OK;
		}
		cmd = find_sub(cmd, argc, argv);
		if (!cmd)
			return EXIT_USAGE;
		argc--;
		argv++;
	}
	argc = take_global_options(cmd, argc, argv, ctx);
	if (argc < 0)
		return EXIT_USAGE;
	if (wants_help(argc, argv)) {
		print_command_help(cmd);
		return EXIT_OK;
	}
	if (cmd->flags & NOT_YET) {
		fprintf(stderr, "mediamon %s: not available yet in this "
			"version\n", cmd->name);
		return EXIT_USAGE;
	}
	if (!ctx->sources_path)
		ctx->sources_path = "sources.yaml";
	optind = 0; /* each command parses its own options afresh */
	ret = cmd->run(cmd, argc, argv, ctx);
	db_close(ctx->db);
	config_free(ctx->cfg);
	routing_free(ctx->routing);
	ctx->db = NULL;
	ctx->cfg = NULL;
	ctx->routing = NULL;
	return ret;
}

static int global_usage(const char *fmt, const char *arg)
{
	fputs("mediamon: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs("\nsee 'mediamon --help'\n", stderr);
	return EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct ctx ctx = { 0 };
	const struct command *cmd;
	struct err e = { "" };
	int i = 1, ret;

	if (log_check_env(&e) < 0)
		return global_usage("%s", e.msg);
	ctx.sources_path = getenv("MEDIAMON_SOURCES");
	ctx.db_conninfo = getenv("MEDIAMON_DB");
	for (; i < argc && argv[i][0] == '-'; i++) {
		int missing = 0;
		const char *v;

		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			print_help(stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("mediamon %s\n", MEDIAMON_VERSION);
			return EXIT_OK;
		}
		v = option_value(argc, argv, &i, "--sources", &missing);
		if (v) {
			ctx.sources_path = v;
			continue;
		}
		if (!missing) {
			v = option_value(argc, argv, &i, "--db", &missing);
			if (v) {
				ctx.db_conninfo = v;
				continue;
			}
		}
		if (!missing) {
			v = option_value(argc, argv, &i, "--routing", &missing);
			if (v) {
				ctx.routing_path = v;
				continue;
			}
		}
		if (missing)
			return global_usage("option '%s' needs a value",
					    argv[i]);
		return global_usage("unknown option '%s'", argv[i]);
	}
	if (i >= argc) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	cmd = command_find(argv[i]);
	if (!cmd)
		return global_usage("'%s' is not a mediamon command",
				    argv[i]);
	ret = run_command(cmd, argc - i, argv + i, &ctx);
	/* A result that did not reach stdout is a failure (git, sfeed). */
	if (fflush(stdout) || ferror(stdout)) {
		if (errno != EPIPE)
			log_msg(LOG_ERROR, NULL, "could not write output: %s",
				strerror(errno));
		return EXIT_FAIL;
	}
	return ret;
}
