/*
 * cmd_serve.c - "mediamon serve": the web interface on ADDR:PORT
 * (default 127.0.0.1:8080, behind the office's reverse proxy for TLS).
 */
#include "cli.h"
#include "common/log.h"
#include "digest/web/web.h"

#include <stdlib.h>
#include <string.h>

int cmd_serve(const struct command *self, int argc, char **argv,
	      struct ctx *ctx)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "threads", required_argument, NULL, 't' },
		{ "secure-cookies", no_argument, NULL, 's' },
		{ "behind-proxy", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct web_opts o = { "127.0.0.1:8080", 4, 0, 0, NULL, NULL, NULL };
	struct err e = { "" };
	char *end;
	int c;

	while ((c = cli_getopt(self, argc, argv, opts)) != -1) {
		switch (c) {
		case 'l':
			o.listen = optarg;
			break;
		case 't':
			o.threads = (unsigned)strtoul(optarg, &end, 10);
			if (*end || o.threads < 1 || o.threads > 64)
				return usage_error(self, "--threads must be 1 "
						   "to 64, not '%s'", optarg);
			break;
		case 's':
			o.secure_cookies = 1;
			break;
		case 'p':
			o.behind_proxy = 1;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return usage_error(self, "unexpected argument '%s'",
				   argv[optind]);
	if (!strchr(o.listen, ':'))
		return usage_error(self, "--listen takes ADDR:PORT, not '%s'",
				   o.listen);
	if (cli_setup(ctx, self->flags) != EXIT_OK)
		return EXIT_FAIL;
	o.db_conninfo = ctx->db_conninfo;
	o.cfg = ctx->cfg;
	o.rt = ctx->routing;
	if (web_serve(&o, &e) < 0)
		return log_fail(NULL, "%s", e.msg), EXIT_FAIL;
	return EXIT_OK;
}
