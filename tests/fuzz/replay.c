/*
 * replay.c - main() for a fuzz target built without libFuzzer: run each
 * file named on the command line through LLVMFuzzerTestOneInput once,
 * and print how long the slowest took.  A crash is the sanitizers' (or
 * the kernel's) to report; a file slower than REPLAY_BUDGET seconds of
 * CPU fails the run, as libFuzzer's -timeout= would.
 *   build/fuzz/replay_feed FILE...
 */
#include "fuzz.h"
#include "common/buf.h"
#include "common/fileio.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Targets with set-up to do define this (libFuzzer calls it too); the
 * others get this empty one. */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static double cpu(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double budget = getenv("REPLAY_BUDGET") ?
			atof(getenv("REPLAY_BUDGET")) : 5.0;
	double worst = 0;
	const char *worst_file = "-";
	int bad = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct buf b = BUF_INIT;
		struct err e;
		double t0;

		if (file_read(argv[i], &b, &e) < 0) {
			fprintf(stderr, "%s: %s\n", argv[i], e.msg);
			bad = 1;
			continue;
		}
		t0 = cpu();
		LLVMFuzzerTestOneInput((const uint8_t *)b.data, b.len);
		t0 = cpu() - t0;
		if (t0 > worst) {
			worst = t0;
			worst_file = argv[i];
		}
		if (t0 > budget) {
			fprintf(stderr, "%s: %.2f s, over the %.1f s budget\n",
				argv[i], t0, budget);
			bad = 1;
		}
		buf_release(&b);
	}
	printf("%d inputs, slowest %.3f s (%s)\n", argc - 1, worst,
	       worst_file);
	return bad;
}
