/*
 * cmd_parse_feed.c - "mediamon parse-feed": parse feed documents offline
 * and print one JSON object per document and line, in feedparser's
 * vocabulary.  For tests, fuzzing and looking at what a source serves.
 */
#include "cli.h"
#include "crawler/feed/feed.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/log.h"

#include <stdio.h>

/* The largest document read (feeds of media sites are well below). */
#define FEED_MAX_BYTES (64u * 1024 * 1024)

/* Parse one document and print its line.  Returns 0, or -1 (logged)
 * when path cannot be read. */
static int parse_one(const char *path, const struct feed_opts *o,
		     struct arena *a)
{
	struct buf in, out = BUF_INIT;
	struct err e = { "" };
	struct feed f;
	struct jw w;
	int ret = 0;

	buf_init(&in, FEED_MAX_BYTES);
	if (file_read(path, &in, &e) < 0) {
		/* The cause names the file already. */
		ret = log_fail(NULL, "%s", e.msg);
		goto out;
	}
	if (feed_parse_opts(in.data, in.len, o, a, &f, &e) < 0)
		log_msg(LOG_WARN, NULL, "'%s': %s", path, e.msg);
	jw_init(&w, &out);
	feed_write_json(&f, &w);
	buf_addch(&out, '\n');
	fwrite(out.data, 1, out.len, stdout);
out:
	buf_release(&in);
	buf_release(&out);
	arena_reset(a);
	return ret;
}

int cmd_parse_feed(const struct command *self, int argc, char **argv,
		   struct ctx *ctx)
{
	static const struct option longopts[] = {
		{ "base-url", required_argument, NULL, 'b' },
		{ "content-type", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct feed_opts o = { 0 };
	struct arena a = ARENA_INIT;
	int c, failed = 0;

	(void)ctx;
	while ((c = cli_getopt(self, argc, argv, longopts)) != -1) {
		switch (c) {
		case 'b':
			o.base_url = optarg;
			break;
		case 't':
			o.content_type = optarg;
			break;
		default:
			return EXIT_USAGE;
		}
	}
	if (optind >= argc)
		return usage_error(self, "no feed file given (a file, or - "
				   "for stdin)");
	for (int i = optind; i < argc; i++)
		if (parse_one(argv[i], &o, &a) < 0)
			failed = 1;
	arena_release(&a);
	return failed ? EXIT_FAIL : EXIT_OK;
}
