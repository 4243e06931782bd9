/*
 * bench_url.c - url_canonical() throughput: the "input" (or "input_hex")
 * of every line of the given eval case files - resolved against the
 * case's "base" first, outside the clock, as the crawler resolves links
 * before it keys them - canonicalised pass after pass.  Inputs the
 * crawler refuses (not http/https, unparsable) count too: refusing fast
 * is part of the job.
 *   bench_url [-r RUNS] [-t SECONDS] [-w WHAT] [-n PASSES] CASES.jsonl...
 */
#include "bench.h"
#include "common/arena.h"
#include "common/err.h"
#include "common/json.h"
#include "common/url.h"

struct state {
	char **in;
	size_t n, alloc, bytes;
	size_t ok;		/* canonicalised in the last pass */
};

static void pass(void *ctx)
{
	struct state *s = ctx;

	s->ok = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct err e;
		char *c = url_canonical(s->in[i], &e);

		s->ok += c != NULL;
		free(c);
	}
}

/* Hex to a NUL-terminated malloc'd string (stops at a NUL byte). */
static char *unhex(const char *h)
{
	size_t n = strlen(h) / 2;
	char *out = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(h + 2 * i, "%2x", &v) != 1)
			v = '?';
		out[i] = (char)v;
	}
	out[n] = '\0';
	return out;
}

/* Collect the inputs of one case file.  Returns 0 or -1 (printed). */
static int load(struct state *s, const char *path)
{
	struct bench_set set = { 0 };
	struct arena a = ARENA_INIT;
	char *line, *nl;

	if (bench_load(&set, path) < 0)
		return -1;
	for (line = set.v[0].data; *line; line = nl + 1) {
		const char *in, *hex, *base;
		struct json *j;
		struct err e;

		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (nl > line &&
		    json_parse(line, (size_t)(nl - line), &a, &j, &e) == 0) {
			in = json_get_str(j, "input");
			hex = json_get_str(j, "input_hex");
			base = json_get_str(j, "base");
			if (in || hex) {
				char *abs = in && base ?
					    url_resolve(base, in, &e) : NULL;

				ALLOC_GROW(s->in, s->n + 1, s->alloc);
				s->in[s->n] = abs ? abs : in ? xstrdup(in) :
					      unhex(hex);
				s->bytes += strlen(s->in[s->n]);
				s->n++;
			}
		}
		arena_reset(&a);
		if (!*nl)
			break;
	}
	arena_release(&a);
	bench_set_free(&set);
	return 0;
}

/* Keep only the inputs url_canonical() accepts: the crawler's common
 * case, since links are resolved and filtered to http(s) first. */
static void keep_accepted(struct state *s)
{
	size_t k = 0;

	s->bytes = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct err e;
		char *c = url_canonical(s->in[i], &e);

		if (c) {
			s->in[k++] = s->in[i];
			s->bytes += strlen(s->in[i]);
		} else {
			free(s->in[i]);
		}
		free(c);
	}
	s->n = k;
}

int main(int argc, char **argv)
{
	struct state s = { 0 };
	struct bench_opts o;
	char note[96];
	double sec;
	int i = bench_getopt(argc, argv, &o, "inputs", NULL, NULL);

	if (i < 0 || i >= argc) {
		fprintf(stderr, "usage: bench_url [-r RUNS] [-t SECONDS] "
			"[-w WHAT] [-n PASSES] CASES.jsonl...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (load(&s, argv[i]) < 0)
			return 1;
	if (!s.n) {
		fprintf(stderr, "bench: no inputs\n");
		return 1;
	}
	if (bench_count_only(&o, pass, &s))
		goto out;
	sec = bench_time(&o, pass, &s);
	snprintf(note, sizeof(note), "%zu canonicalised, %zu refused",
		 s.ok, s.n - s.ok);
	bench_report(&o, "url canonical", "URLs", s.n, s.bytes, s.n, sec,
		     note);
	keep_accepted(&s);
	sec = bench_time(&o, pass, &s);
	bench_report(&o, "url canonical, accepted only", "URLs", s.n,
		     s.bytes, s.n, sec, "http(s) URLs, as crawled links are");
out:
	for (size_t k = 0; k < s.n; k++)
		free(s.in[k]);
	free(s.in);
	return 0;
}
