/*
 * bench_analyze.c - analyze() throughput in-process: the lines of the
 * given "analyze --jsonl" inputs ({"id", "text", "title"?, "country"?,
 * "target"?}) are parsed before the clock starts; each timed pass
 * analyses every text with one arena reset per text, as the database
 * mode does per article.  Lexicons are loaded once, outside the clock.
 *   bench_analyze [-r RUNS] [-t SECONDS] [-w WHAT] [-n PASSES]
 *                 -l LEXICON-DIR [-c COUNTRY] FILE.jsonl...
 *   bench_analyze -l LEXICON-DIR -p     every pattern, one a line (the
 *                                       peers' line: pcre2grep -f)
 */
#include "bench.h"
#include "analyzer/analyze.h"
#include "common/arena.h"
#include "common/err.h"
#include "common/json.h"

static const char *lexicons, *country = "kg";
static int patterns;

struct state {
	struct analyzer an;
	struct analyze_input *in;
	size_t n, alloc, bytes;
	struct arena a;
	size_t mentions;	/* of the last pass */
};

static void on_opt(int opt, const char *arg)
{
	if (opt == 'l')
		lexicons = arg;
	else if (opt == 'c')
		country = arg;
	else if (opt == 'p')
		patterns = 1;
}

static void pass(void *ctx)
{
	struct state *s = ctx;

	s->mentions = 0;
	for (size_t i = 0; i < s->n; i++) {
		struct analysis r;

		analyze(&s->an, &s->in[i], &s->a, &r);
		s->mentions += r.nm;
		arena_reset(&s->a);
	}
}

/* Every cue list the analyzer scans, each pattern as compiled. */
static void print_patterns(const struct lex *lx)
{
	const struct cues *lists[] = {
		&lx->mentions, &lx->exclude, &lx->staff, &lx->country_cues,
		&lx->adjacent_cues, &lx->foreign, &lx->region_cues,
		&lx->roles, &lx->cat_cues, &lx->stage_cues,
		&lx->not_violation, &lx->abroad,
	};

	for (size_t l = 0; l < ARRAY_SIZE(lists); l++)
		for (size_t i = 0; i < lists[l]->n; i++)
			printf("%s\n", lists[l]->v[i].src);
}

/* One input line into s->in; strings live in arena keep.  Lines that
 * "analyze --jsonl" would refuse are skipped. */
static void add_line(struct state *s, const char *line, size_t n,
		     struct arena *keep)
{
	struct analyze_input *ai;
	const struct json *t, *tg, *st, *en;
	struct json *j;
	struct err e;

	if (json_parse(line, n, keep, &j, &e) < 0)
		return;
	t = json_get(j, "text");
	if (!t || t->type != JSON_STR)
		return;
	ALLOC_GROW(s->in, s->n + 1, s->alloc);
	ai = &s->in[s->n++];
	memset(ai, 0, sizeof(*ai));
	ai->text = t->str;
	ai->len = t->len;
	ai->title = json_get_str(j, "title");
	ai->country = json_get_str(j, "country");
	s->bytes += t->len + (ai->title ? strlen(ai->title) : 0);
	tg = json_get(j, "target");
	st = json_get(tg, "start");
	en = json_get(tg, "end");
	if (st && en && st->type == JSON_NUM && en->type == JSON_NUM &&
	    st->num >= 0 && st->num < en->num && en->num <= (double)t->len) {
		ai->has_target = 1;
		ai->tstart = (size_t)st->num;
		ai->tend = (size_t)en->num;
	}
}

int main(int argc, char **argv)
{
	struct state s = { .a = ARENA_INIT };
	struct arena keep = ARENA_INIT;
	struct bench_set set = { 0 };
	struct bench_opts o;
	struct err e;
	char note[96];
	double sec;
	int i = bench_getopt(argc, argv, &o, "texts", "l:c:p", on_opt);
	int ret = 1;

	if (patterns && lexicons) {
		if (analyzer_open(&s.an, lexicons, country, &e) < 0) {
			fprintf(stderr, "bench: cannot load lexicons: %s\n",
				e.msg);
			return 1;
		}
		print_patterns(s.an.lx);
		analyzer_close(&s.an);
		return 0;
	}
	if (i < 0 || i >= argc || !lexicons) {
		fprintf(stderr, "usage: bench_analyze [-r RUNS] [-t SECONDS] "
			"[-w WHAT] [-n PASSES] -l LEXICON-DIR [-c COUNTRY] "
			"FILE.jsonl...\n       bench_analyze -l LEXICON-DIR "
			"-p\n");
		return 2;
	}
	for (; i < argc; i++)
		if (bench_load(&set, argv[i]) < 0)
			return 1;
	for (size_t k = 0; k < set.n; k++) {
		char *line = set.v[k].data, *nl;

		for (; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			if (!nl)
				nl = line + strlen(line);
			if (nl > line)
				add_line(&s, line, (size_t)(nl - line), &keep);
			if (!*nl)
				break;
		}
	}
	if (!s.n) {
		fprintf(stderr, "bench: no texts\n");
		goto out_set;
	}
	if (analyzer_open(&s.an, lexicons, country, &e) < 0) {
		fprintf(stderr, "bench: cannot load lexicons: %s\n", e.msg);
		goto out_set;
	}
	ret = 0;
	if (bench_count_only(&o, pass, &s))
		goto out;
	sec = bench_time(&o, pass, &s);
	snprintf(note, sizeof(note), "analyze() alone; %zu mentions",
		 s.mentions);
	bench_report(&o, "analyze in-process", "texts", s.n, s.bytes, s.n,
		     sec, note);
out:
	analyzer_close(&s.an);
out_set:
	free(s.in);
	arena_release(&s.a);
	arena_release(&keep);
	bench_set_free(&set);
	return ret;
}
