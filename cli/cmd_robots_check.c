/*
 * cmd_robots_check.c - "mediamon robots-check ROBOTS_FILE AGENT URL":
 * print "allowed" or "disallowed" as the crawler would decide, from a
 * robots.txt on disk ("-" for stdin).  For checking a site's file by hand
 * and for tests.
 */
#include "cli.h"
#include "common/fileio.h"
#include "common/log.h"
#include "common/url.h"
#include "crawler/fetch/robots.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_robots_check(const struct command *self, int argc, char **argv,
		     struct ctx *ctx)
{
	struct buf body;
	struct err e = { "" };
	struct robots *r;
	char *path;
	int allowed;

	(void)ctx;
	if (argc != 4)
		return usage_error(self, "needs a robots.txt file, an agent "
				   "and a URL");
	if (!robots_agent_valid(argv[2]))
		return usage_error(self, "agent '%s' is not a product token "
				   "(letters, '-' and '_' only)", argv[2]);
	/* A path is taken as is; a URL goes through the crawler's parser,
	 * so that it is matched in the form the crawler would request. */
	if (argv[3][0] == '/') {
		path = robots_path_of(argv[3]);
	} else {
		path = url_path_query(argv[3], &e);
		if (!path)
			return usage_error(self, "cannot parse URL '%s': %s",
					   argv[3], e.msg);
	}
	/* Read it all: robots_parse() itself stops at the RFC's 500 KiB. */
	buf_init(&body, 0);
	if (file_read(argv[1], &body, &e) < 0) {
		free(path);
		buf_release(&body);
		/* 2, as grep exits for a file it cannot read: 1 is the
		 * answer "disallowed" */
		return usage_error(self, "cannot read robots.txt: %s", e.msg);
	}
	r = robots_parse(body.data, body.len);
	allowed = robots_allowed(r, argv[2], path);
	printf("%s\n", allowed ? "allowed" : "disallowed");
	robots_free(r);
	buf_release(&body);
	free(path);
	/* As grep does for "no match": scripts can test the answer (a
	 * failed write is caught at exit). */
	return allowed ? EXIT_OK : EXIT_FAIL;
}
