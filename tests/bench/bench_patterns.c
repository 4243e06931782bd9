/*
 * bench_patterns.c - every lexicon pattern the analyzer compiles, one a
 * line (macros expanded), so "make bench" can hand the same patterns to
 * pcre2grep as one alternation.  Not a timing harness.
 *   bench_patterns LEXICON-DIR
 */
#include "bench.h"
#include "analyzer/lex.h"

static void put(const struct cues *cs, size_t *n)
{
	for (size_t i = 0; i < cs->n; i++) {
		printf("%s\n", rx_source(cs->v[i].rx));
		(*n)++;
	}
}

int main(int argc, char **argv)
{
	struct err e;
	struct lex *lx;
	size_t n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: bench_patterns LEXICON-DIR\n");
		return 2;
	}
	lx = lex_load(argv[1], &e);
	if (!lx) {
		fprintf(stderr, "bench_patterns: %s\n", e.msg);
		return 1;
	}
	put(&lx->mentions, &n);
	put(&lx->staff, &n);
	put(&lx->exclude, &n);
	put(&lx->country_cues, &n);
	put(&lx->adjacent_cues, &n);
	put(&lx->foreign, &n);
	put(&lx->region_cues, &n);
	put(&lx->roles, &n);
	put(&lx->cat_cues, &n);
	put(&lx->stage_cues, &n);
	put(&lx->not_violation, &n);
	put(&lx->abroad, &n);
	fprintf(stderr, "bench_patterns: %zu patterns\n", n);
	lex_free(lx);
	return fflush(stdout) || ferror(stdout);
}
