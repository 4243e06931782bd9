/*
 * eval_analyzer.h - the main() both analyzer evals share: options
 * (-v, --lexicons DIR), opening the analyzer on the default lexicons, and
 * scoring each file named on the command line.  Included by one eval
 * program each, so it may define a function.
 */
#ifndef MM_EVAL_ANALYZER_H
#define MM_EVAL_ANALYZER_H

#include "analyzer/analyze.h"
#include "common/buf.h"
#include "common/paths.h"

#include <stdio.h>
#include <string.h>

static int verbose;

/* Run eval_file over every FILE argument; the exit code of the program. */
static int eval_analyzer_main(int argc, char **argv, const char *usage,
			      int (*eval_file)(struct analyzer *, const char *))
{
	const char *lexdir = NULL;
	struct buf dir = BUF_INIT;
	struct analyzer an;
	struct err e;
	int i = 1, ret = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v"))
			verbose = 1;
		else if (!strcmp(argv[i], "--lexicons") && i + 1 < argc)
			lexdir = argv[++i];
		else
			break;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s\n", usage);
		return 2;
	}
	if (!lexdir) {
		buf_addf(&dir, "%s/analyzer/lexicons/kg", mm_datadir());
		lexdir = dir.data;
	}
	if (analyzer_open(&an, lexdir, "kg", &e) < 0) {
		fprintf(stderr, "%s: %s\n", argv[0], e.msg);
		return 1;
	}
	for (; i < argc; i++)
		if (eval_file(&an, argv[i]) < 0)
			ret = 1;
	analyzer_close(&an);
	buf_release(&dir);
	return ret;
}

#endif
