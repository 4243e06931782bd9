/*
 * bench.h - what the bench_*.c harnesses share: inputs read (and
 * gunzipped) before any clock starts, a monotonic clock, timed runs, and
 * the one output line "what: N units/s, M MB/s (details)" from the median
 * of the runs.  Header-only (static inline), so that every harness links
 * with libmm.a alone, as the Makefile's bench_% rule does.
 */
#ifndef MM_BENCH_H
#define MM_BENCH_H

#include "common/buf.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

/* One input, whole, in memory. */
struct bench_doc {
	const char *name;	/* the path given; borrowed from argv */
	char *data;		/* NUL-terminated, len bytes */
	size_t len;
};

struct bench_set {
	struct bench_doc *v;
	size_t n, alloc;
	size_t bytes;		/* sum of len */
};

/* Options every harness takes: -r RUNS, -t SECONDS (least time of one
 * run: passes over the inputs repeat until it is reached, so a fast
 * parser is not timed on a few milliseconds), -w WHAT (how the output
 * line names the inputs), -n PASSES (no clock, no output: just that many
 * passes, for counting instructions under callgrind). */
struct bench_opts {
	int runs;
	double min_s;
	const char *what;
	long count;
};

static inline double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Append the whole of path to s, gunzipped when it is gzip (gzread
 * passes other files through).  Returns 0, or -1 after printing why. */
static inline int bench_load(struct bench_set *s, const char *path)
{
	gzFile f = gzopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	int n;

	if (!f) {
		fprintf(stderr, "bench: cannot open '%s'\n", path);
		return -1;
	}
	while ((n = gzread(f, chunk, sizeof(chunk))) > 0)
		buf_add(&b, chunk, (size_t)n);
	gzclose(f);
	if (n < 0) {
		fprintf(stderr, "bench: could not read '%s'\n", path);
		buf_release(&b);
		return -1;
	}
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	s->v[s->n].name = path;
	s->v[s->n].len = b.len;
	s->v[s->n].data = buf_detach(&b, NULL);
	s->bytes += s->v[s->n].len;
	s->n++;
	return 0;
}

static inline void bench_set_free(struct bench_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i].data);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

/* Parse -r, -t, -w, -n and any harness options listed in extra (getopt
 * letters, each taking an argument), handing those to on_extra.  what
 * is the default for -w.  Returns optind, or -1 on a usage error. */
static inline int bench_getopt(int argc, char **argv, struct bench_opts *o,
			       const char *what, const char *extra,
			       void (*on_extra)(int opt, const char *arg))
{
	char spec[64];
	int opt;

	o->runs = 5;
	o->min_s = 0.3;
	o->what = what;
	o->count = 0;
	snprintf(spec, sizeof(spec), "r:t:w:n:%s", extra ? extra : "");
	while ((opt = getopt(argc, argv, spec)) != -1) {
		if (opt == 'r')
			o->runs = atoi(optarg);
		else if (opt == 't')
			o->min_s = atof(optarg);
		else if (opt == 'w')
			o->what = optarg;
		else if (opt == 'n')
			o->count = atol(optarg);
		else if (opt != '?' && on_extra)
			on_extra(opt, optarg);
		else
			return -1;
	}
	if (o->runs < 1 || o->runs > 100 || o->min_s < 0 || o->count < 0) {
		fprintf(stderr, "bench: bad -r or -t\n");
		return -1;
	}
	return optind;
}

static inline int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* With -n: run the passes untimed and return 1 (the caller then prints
 * nothing and exits); else 0. */
static inline int bench_count_only(const struct bench_opts *o,
				   void (*pass)(void *ctx), void *ctx)
{
	for (long i = 0; i < o->count; i++)
		pass(ctx);
	return o->count > 0;
}

/* Time o->runs runs of whole passes of pass(ctx) (each pass handles
 * every input once) and return the median seconds per pass.  One
 * untimed pass first warms caches and lazily built state (compiled
 * patterns, iconv descriptors), which a daily run pays once. */
static inline double bench_time(const struct bench_opts *o,
				void (*pass)(void *ctx), void *ctx)
{
	double per[100];

	pass(ctx);
	for (int r = 0; r < o->runs; r++) {
		double t0 = bench_now(), dt;
		long passes = 0;

		do {
			pass(ctx);
			passes++;
			dt = bench_now() - t0;
		} while (dt < o->min_s);
		per[r] = dt / (double)passes;
	}
	qsort(per, (size_t)o->runs, sizeof(per[0]), bench_cmp);
	if (o->runs % 2)
		return per[o->runs / 2];
	return (per[o->runs / 2 - 1] + per[o->runs / 2]) / 2;
}

/* A rate with sensible precision: 3 significant digits at least. */
static inline void bench_rate(struct buf *b, double v)
{
	if (v >= 100)
		buf_addf(b, "%.0f", v);
	else if (v >= 10)
		buf_addf(b, "%.1f", v);
	else
		buf_addf(b, "%.2f", v);
}

/* Print "label: U unit/s, M MB/s (N what, S MB, R runs, median[, note])"
 * for units items and bytes bytes handled per pass of sec seconds.
 * MB are 10^6 bytes. */
static inline void bench_report(const struct bench_opts *o,
				const char *label, const char *unit,
				size_t units, size_t bytes, size_t n,
				double sec, const char *note)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "%s: ", label);
	bench_rate(&b, (double)units / sec);
	buf_addf(&b, " %s/s, ", unit);
	bench_rate(&b, (double)bytes / 1e6 / sec);
	buf_addf(&b, " MB/s (%zu %s, ", n, o->what);
	if (bytes >= 1000000)
		buf_addf(&b, "%.1f MB", (double)bytes / 1e6);
	else
		buf_addf(&b, "%.1f KB", (double)bytes / 1e3);
	buf_addf(&b, ", %d run%s of >= %.1f s, median%s%s)", o->runs,
		 o->runs == 1 ? "" : "s", o->min_s, note ? "; " : "",
		 note ? note : "");
	puts(b.data);
	fflush(stdout);
	buf_release(&b);
}

#endif
