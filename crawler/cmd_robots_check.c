/*
 * cmd_robots_check.c - "mediamon robots-check ROBOTS_FILE AGENT URL":
 * print "allowed" or "disallowed" as the crawler would decide, from a
 * robots.txt on disk ("-" for stdin).  For checking a site's file by hand
 * and for tests.
 */
#include "mediamon.h"
#include "common/fileio.h"
#include "common/log.h"
#include "common/url.h"
#include "crawler/fetch/robots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_robots_check(int argc, char **argv, struct ctx *ctx)
{
	const struct command *cmd = command_find("robots-check");
	struct buf body;
	struct err e = { "" };
	struct robots *r;
	char *path;
	int allowed;

	(void)ctx;
	if (argc != 4)
		return usage_error(cmd, "robots-check needs a file, an agent "
				   "and a URL");
	if (!robots_agent_valid(argv[2]))
		return usage_error(cmd, "agent '%s' is not a product token "
				   "(letters, '-' and '_' only)", argv[2]);
	/* A path is taken as is; a URL goes through the crawler's parser,
	 * so that it is matched in the form the crawler would request. */
	if (argv[3][0] == '/') {
		path = robots_path_of(argv[3]);
	} else {
		path = url_path_query(argv[3], &e);
		if (!path)
			return usage_error(cmd, "cannot parse URL '%s': %s",
					   argv[3], e.msg);
	}
	/* Read it all: robots_parse() itself stops at the RFC's 500 KiB. */
	buf_init(&body, 0);
	if (file_read(argv[1], &body, &e) < 0) {
		log_msg(LOG_ERROR, NULL, "cannot read robots.txt '%s': %s",
			argv[1], e.msg);
		free(path);
		buf_release(&body);
		return EXIT_FAIL;
	}
	r = robots_parse(body.data, body.len);
	allowed = robots_allowed(r, argv[2], path);
	if (printf("%s\n", allowed ? "allowed" : "disallowed") < 0)
		allowed = -1;
	robots_free(r);
	buf_release(&body);
	free(path);
	return allowed < 0 ? EXIT_FAIL : EXIT_OK;
}
