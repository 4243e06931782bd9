/*
 * eval_news.c - score the analyzer on the project's labelled news set:
 *   eval_news [-v] [--lexicons DIR] FILE...
 * For each file: mention precision/recall/F1 (spans paired one-to-one by
 * overlap, as tests/data/analyzer/README.md asks), article tonality
 * macro-F1, violation F1 (by category) with category, stage and country
 * accuracy, and region accuracy (exact set), then the same per language
 * and the category confusions (which category the analyzer gave where
 * the gold said another).  -v lists every miss.
 */
#include "analyzer/analyze.h"
#include "eval_analyzer.h"
#include "eval_prf.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/json.h"
#include "common/paths.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCAT 32		/* categories counted in the confusion table */

struct score {
	int items;
	struct prf ment;
	struct prf tone[3];	/* negative, neutral, positive */
	int tone_ok, tone_n;
	struct prf viol;
	int cat_ok, cat_n;	/* items with gold and predicted violations */
	int stage_ok, country_ok, pairs;
	int region_ok;
	int det_ok;		/* "any violation?" agrees */
	int conf[NCAT + 1][NCAT + 1];	/* gold x predicted; NCAT = none */
};

static int tone_index(const char *s)
{
	if (!s)
		return -1;
	if (!strcmp(s, "negative"))
		return 0;
	if (!strcmp(s, "neutral"))
		return 1;
	if (!strcmp(s, "positive"))
		return 2;
	return -1;
}

static const char *const tone_names[] = { "negative", "neutral",
					  "positive" };

/* Gold mention spans: each listed string found in order in text. */
static size_t gold_spans(const struct json *ms, const char *text,
			 size_t len, size_t *s, size_t *e, size_t max)
{
	size_t n = 0, pos = 0;

	for (size_t i = 0; ms && i < ms->n && n < max; i++) {
		const char *g = ms->vals[i]->str;
		size_t gl = ms->vals[i]->len;
		const char *hit = NULL;

		for (size_t p = pos; p + gl <= len; p++)
			if (!memcmp(text + p, g, gl)) {
				hit = text + p;
				break;
			}
		if (!hit)
			continue;
		s[n] = (size_t)(hit - text);
		e[n] = s[n] + gl;
		pos = e[n];
		n++;
	}
	return n;
}

static void score_mentions(struct score *sc, const char *id,
			   const struct json *item, const char *text,
			   size_t len, const struct analysis *r)
{
	size_t gs[64], ge[64], ng;
	int paired[256] = { 0 };

	ng = gold_spans(json_get(item, "mentions"), text, len, gs, ge, 64);
	for (size_t g = 0; g < ng; g++) {
		int hit = 0;

		for (size_t p = 0; p < r->nm && p < 256; p++) {
			if (paired[p] || r->m[p].end <= gs[g] ||
			    r->m[p].start >= ge[g])
				continue;
			paired[p] = 1;
			hit = 1;
			break;
		}
		if (hit) {
			sc->ment.tp++;
		} else {
			sc->ment.fn++;
			if (verbose)
				fprintf(stderr, "%s mention missed: %.*s\n",
					id, (int)(ge[g] - gs[g]), text + gs[g]);
		}
	}
	for (size_t p = 0; p < r->nm && p < 256; p++)
		if (!paired[p]) {
			sc->ment.fp++;
			if (verbose)
				fprintf(stderr, "%s mention extra: %.*s\n", id,
					(int)(r->m[p].end - r->m[p].start),
					text + r->m[p].start);
		}
}

/* The confusion table: gold violations matched by category count on the
 * diagonal; the unmatched ones of an item are paired in order with its
 * unmatched predictions (gold -> what was said instead), and what is left
 * over pairs with "none". */
static void confuse(struct score *sc, const struct lex *lx,
		    const struct json *gv, size_t ng,
		    const struct analysis *r, const int *taken)
{
	int used[64] = { 0 };
	size_t np = r->nv < 64 ? r->nv : 64;

	for (size_t g = 0; g < ng; g++) {
		const char *cat = json_get_str(gv->vals[g], "category");
		int gi = lex_index(lx->categories, lx->ncategories, cat);
		int pi = NCAT, hit = 0;

		if (gi < 0 || gi >= NCAT)
			continue;
		for (size_t p = 0; p < np; p++)
			if (taken[p] && !used[p] && r->v[p].category == gi) {
				used[p] = hit = 1;
				break;
			}
		if (!hit)
			for (size_t p = 0; p < np; p++)
				if (!taken[p] && !used[p]) {
					used[p] = 1;
					pi = r->v[p].category;
					break;
				}
		if (hit)
			pi = gi;
		sc->conf[gi][pi < NCAT ? pi : NCAT]++;
	}
	for (size_t p = 0; p < np; p++)
		if (!used[p] && r->v[p].category < NCAT)
			sc->conf[NCAT][r->v[p].category]++;
}

static void score_violations(struct score *sc, const struct lex *lx,
			     const char *id, const struct json *item,
			     const struct analysis *r)
{
	const struct json *gv = json_get(item, "violations");
	int taken[64] = { 0 }, same = 1;
	size_t ng = gv ? gv->n : 0;

	for (size_t g = 0; g < ng; g++) {
		const char *cat = json_get_str(gv->vals[g], "category");
		int hit = 0;

		for (size_t p = 0; p < r->nv && p < 64; p++) {
			if (taken[p] ||
			    strcmp(lx->categories[r->v[p].category], cat))
				continue;
			taken[p] = 1;
			hit = 1;
			sc->pairs++;
			const char *st = json_get_str(gv->vals[g], "stage");
			const char *co = json_get_str(gv->vals[g], "country");
			int sok = st && !strcmp(st,
						stage_names[r->v[p].stage]);
			int cok = co && !strcmp(co,
				lx->countries[r->v[p].country]);

			sc->stage_ok += sok;
			sc->country_ok += cok;
			if (verbose && !sok)
				fprintf(stderr, "%s stage %s: got %s\n", id,
					st, stage_names[r->v[p].stage]);
			if (verbose && !cok)
				fprintf(stderr, "%s violation country %s: "
					"got %s\n", id, co,
					lx->countries[r->v[p].country]);
			break;
		}
		if (hit) {
			sc->viol.tp++;
		} else {
			sc->viol.fn++;
			same = 0;
			if (verbose)
				fprintf(stderr, "%s violation missed: %s\n",
					id, cat);
		}
	}
	confuse(sc, lx, gv, ng, r, taken);
	for (size_t p = 0; p < r->nv && p < 64; p++)
		if (!taken[p]) {
			sc->viol.fp++;
			same = 0;
			if (verbose)
				fprintf(stderr, "%s violation extra: %s (%s)\n",
					id, lx->categories[r->v[p].category],
					r->v[p].ev.n ? r->v[p].ev.v[0].text :
						       "");
		}
	if (ng && r->nv) {
		sc->cat_n++;
		sc->cat_ok += same;
	}
	sc->det_ok += (ng > 0) == (r->nv > 0);
}

static void score_regions(struct score *sc, const struct lex *lx,
			  const char *id, const struct json *item,
			  const struct analysis *r)
{
	const struct json *gr = json_get(item, "regions");
	size_t ng = gr ? gr->n : 0;
	int ok = ng == r->nregions;

	for (size_t g = 0; ok && g < ng; g++) {
		int found = 0;

		for (size_t p = 0; p < r->nregions; p++)
			if (!strcmp(lx->regions[r->regions[p]],
				    gr->vals[g]->str))
				found = 1;
		ok = found;
	}
	sc->region_ok += ok;
	if (verbose && !ok) {
		fprintf(stderr, "%s regions: want [", id);
		for (size_t g = 0; g < ng; g++)
			fprintf(stderr, " %s", gr->vals[g]->str);
		fprintf(stderr, " ] got [");
		for (size_t p = 0; p < r->nregions; p++)
			fprintf(stderr, " %s", lx->regions[r->regions[p]]);
		fprintf(stderr, " ]\n");
	}
}

/* Score one analysed item into sc; quiet (no -v lines) when !loud. */
static void tally(struct score *sc, struct analyzer *an,
		  const struct json *item, const struct analysis *r, int loud)
{
	const struct json *t = json_get(item, "text");
	const char *id = json_get_str(item, "id");
	const char *gt = json_get_str(item, "tonality");
	int g, p, v = verbose;

	verbose = verbose && loud;
	sc->items++;
	score_mentions(sc, id, item, t->str, t->len, r);
	g = tone_index(gt);
	p = tone_index(tone_name(r->art.tone));
	for (int k = 0; k < 3; k++) {
		if (g == k && p == k)
			sc->tone[k].tp++;
		else if (p == k)
			sc->tone[k].fp++;
		else if (g == k)
			sc->tone[k].fn++;
	}
	if (g >= 0 || p >= 0) {
		sc->tone_n++;
		sc->tone_ok += g == p;
	}
	if (verbose && g != p) {
		fprintf(stderr, "%s tonality: want %s got %s [", id,
			g >= 0 ? tone_names[g] : "null",
			p >= 0 ? tone_names[p] : "null");
		for (int k = 0; k < r->art.ev.n; k++)
			fprintf(stderr, " %s:%s(%.2g)", r->art.ev.v[k].rule,
				r->art.ev.v[k].text, r->art.ev.v[k].weight);
		fprintf(stderr, " ]\n");
	}
	score_violations(sc, an->lx, id, item, r);
	score_regions(sc, an->lx, id, item, r);
	verbose = v;
}

static const char *const langs[] = { "ru", "ky", "en", "kk", "uz" };
#define NLANG (sizeof(langs) / sizeof(*langs))

static void score_item(struct score *sc, struct score *bylang,
		       struct analyzer *an, const struct json *item,
		       struct arena *a)
{
	const struct json *t = json_get(item, "text");
	const char *lang = json_get_str(item, "lang");
	struct analyze_input in = { 0 };
	struct analysis r;

	if (!t || t->type != JSON_STR || !json_get_str(item, "id"))
		return;
	in.text = t->str;
	in.len = t->len;
	in.title = json_get_str(item, "title");
	analyze(an, &in, a, &r);
	tally(sc, an, item, &r, 1);
	for (size_t k = 0; lang && k < NLANG; k++)
		if (!strcmp(lang, langs[k]))
			tally(&bylang[k], an, item, &r, 0);
}

static double tone_macro(const struct score *sc)
{
	double macro = 0;

	for (int k = 0; k < 3; k++)
		macro += f1(&sc->tone[k]) / 3;
	return macro;
}

static void report(const char *name, const struct score *sc)
{
	printf("%s: %d items\n", name, sc->items);
	printf("  mentions        P %.3f  R %.3f  F1 %.3f\n",
	       prec(&sc->ment), rec(&sc->ment), f1(&sc->ment));
	printf("  tonality        macro-F1 %.3f  accuracy %.3f"
	       "  (F1 neg %.3f neu %.3f pos %.3f)\n", tone_macro(sc),
	       sc->tone_n ? (double)sc->tone_ok / sc->tone_n : 1.0,
	       f1(&sc->tone[0]), f1(&sc->tone[1]), f1(&sc->tone[2]));
	printf("                  recall neg %.3f neu %.3f pos %.3f"
	       "  negative precision %.3f\n", rec(&sc->tone[0]),
	       rec(&sc->tone[1]), rec(&sc->tone[2]), prec(&sc->tone[0]));
	printf("  violations      P %.3f  R %.3f  F1 %.3f"
	       "  category accuracy %.3f  detection accuracy %.3f\n",
	       prec(&sc->viol), rec(&sc->viol), f1(&sc->viol),
	       sc->cat_n ? (double)sc->cat_ok / sc->cat_n : 1.0,
	       sc->items ? (double)sc->det_ok / sc->items : 1.0);
	printf("  violation stage accuracy %.3f  country accuracy %.3f"
	       "  (over %d matched)\n",
	       sc->pairs ? (double)sc->stage_ok / sc->pairs : 1.0,
	       sc->pairs ? (double)sc->country_ok / sc->pairs : 1.0,
	       sc->pairs);
	printf("  regions         accuracy %.3f\n",
	       sc->items ? (double)sc->region_ok / sc->items : 1.0);
}

/* One line per language: the same figures, smaller samples. */
static void report_lang(const char *lang, const struct score *sc)
{
	if (!sc->items)
		return;
	printf("  %s (%d items): mentions F1 %.3f  tonality macro-F1 %.3f"
	       " (recall neg %.2f neu %.2f pos %.2f, neg P %.2f)"
	       "  violations F1 %.3f  category %.3f  regions %.3f\n", lang,
	       sc->items, f1(&sc->ment), tone_macro(sc), rec(&sc->tone[0]),
	       rec(&sc->tone[1]), rec(&sc->tone[2]), prec(&sc->tone[0]),
	       f1(&sc->viol),
	       sc->cat_n ? (double)sc->cat_ok / sc->cat_n : 1.0,
	       (double)sc->region_ok / sc->items);
}

/* Per gold category: how many were found under it, and the categories
 * (or "none") it was taken for, largest first; then what was reported
 * where the gold had no violation left. */
static void report_confusion(const struct lex *lx, const struct score *sc)
{
	size_t nc = lx->ncategories < NCAT ? lx->ncategories : NCAT;

	printf("  category confusions (gold: right / total; taken for):\n");
	for (size_t g = 0; g <= nc; g++) {
		size_t gi = g < nc ? g : NCAT;
		int tot = 0, done[NCAT + 1] = { 0 };

		for (size_t p = 0; p <= NCAT; p++)
			tot += sc->conf[gi][p];
		if (!tot)
			continue;
		printf("    %-17s %3d / %3d", gi < NCAT ? lx->categories[gi] :
		       "none (extra)", gi < NCAT ? sc->conf[gi][gi] : 0, tot);
		for (;;) {
			int best = -1;

			for (size_t p = 0; p <= NCAT; p++)
				if (p != gi && !done[p] && sc->conf[gi][p] &&
				    (best < 0 ||
				     sc->conf[gi][p] > sc->conf[gi][best]))
					best = (int)p;
			if (best < 0)
				break;
			done[best] = 1;
			printf("  %s %d", best < NCAT ?
			       lx->categories[best] : "none",
			       sc->conf[gi][best]);
		}
		printf("\n");
	}
}

static int eval_file(struct analyzer *an, const char *path)
{
	struct buf data = BUF_INIT;
	struct arena a = ARENA_INIT;
	struct score sc, bylang[NLANG];
	struct err e;
	const char *p, *name;

	memset(&sc, 0, sizeof(sc));
	memset(bylang, 0, sizeof(bylang));
	if (file_read(path, &data, &e) < 0) {
		fprintf(stderr, "eval_news: %s\n", e.msg);
		return -1;
	}
	for (p = data.data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		struct json *j;

		if (n && json_parse(p, n, &a, &j, &e) == 0)
			score_item(&sc, bylang, an, j, &a);
		else if (n)
			fprintf(stderr, "eval_news: %s: %s\n", path, e.msg);
		arena_reset(&a);
		p += n + (nl != NULL);
	}
	name = strrchr(path, '/');
	report(name ? name + 1 : path, &sc);
	for (size_t k = 0; k < NLANG; k++)
		report_lang(langs[k], &bylang[k]);
	report_confusion(an->lx, &sc);
	arena_release(&a);
	buf_release(&data);
	return 0;
}

int main(int argc, char **argv)
{
	return eval_analyzer_main(argc, argv, "eval_news [-v] [--lexicons DIR] FILE...", eval_file);
}
