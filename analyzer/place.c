/*
 * place.c - where things happen: the country a mention of a prosecutor's
 * office belongs to (its jurisdiction), the country of the story, and
 * the regions of the Kyrgyz Republic it concerns.
 */
#include "analyze.h"

#include <string.h>

/* Tokens a country cue may stand before the office's name and still be
 * its attribute ("Kazakhstan's ...", "В Казахстане прокурор ..."); after
 * it only the next word counts ("... России"), or the one after a
 * preposition ("prosecutors in New York"). */
#define ADJ_BEFORE 2

static const char *const preps[] = { "в", "во", "на", "из", "in", "at",
				     "of", "from" };

static int is_prep(const struct tok *t)
{
	for (size_t i = 0; i < sizeof(preps) / sizeof(*preps); i++)
		if (!strcmp(t->low, preps[i]))
			return 1;
	return 0;
}

/* Index of the token holding byte off (the last starting at or before). */
static size_t tok_holding(const struct doc *d, size_t off)
{
	size_t i = doc_tok_at(d, off);

	if (i < d->ntok && d->tok[i].start == off)
		return i;
	return i ? i - 1 : 0;
}

/* The country cue in [lo, hi) nearest to [start, end), or -1.  Cues
 * after the span win ties (genitive "прокуратура России"). */
static int nearest_cue(const struct hits *h, size_t lo, size_t hi,
		       size_t start, size_t end)
{
	size_t best_d = (size_t)-1;
	int best = -1;

	for (size_t i = scan_from(h, lo); i < h->n && h->v[i].start < hi;
	     i++) {
		const struct hit *x = &h->v[i];
		size_t dist;

		if (x->end > hi)
			continue;
		if (x->start >= end)
			dist = x->start - end;
		else if (x->end <= start)
			dist = start - x->end + 1;
		else
			dist = 0;
		if (dist < best_d) {
			best_d = dist;
			best = x->cue->kind;
		}
	}
	return best;
}

/* A Kyrgyz genitive ("Россиянын", "Казакстандын"): an attribute of the
 * word after it. */
static int kyrgyz_genitive(const struct tok *t)
{
	static const char *const sfx[] = { "нын", "нин", "нун", "нүн", "дын",
		"дин", "дун", "дүн", "тын", "тин", "тун", "түн" };
	size_t n = strlen(t->low);

	for (size_t i = 0; i < sizeof(sfx) / sizeof(*sfx); i++) {
		size_t m = strlen(sfx[i]);

		if (n > m && !strcmp(t->low + n - m, sfx[i]))
			return 1;
	}
	return 0;
}

/* Is the cue a place where something happens ("в Казахстане", "in New
 * York"), not just a name ("посол США")? */
static int locative(struct actx *c, const struct hit *h)
{
	size_t i = doc_tok_at(c->d, h->start);

	return i > 0 && i <= c->d->ntok && is_prep(&c->d->tok[i - 1]);
}

/* Is the cue someone's nationality ("граждан Кыргызстана", "citizens
 * of"), not where the story happens? */
static int origin(struct actx *c, const struct hit *h)
{
	static const char *const pre[] = { "граждан", "уроженц", "выходц",
		"мигрант", "citizen", "national" };
	size_t i = doc_tok_at(c->d, h->start);
	const char *w;

	if (i == 0 || i > c->d->ntok)
		return 0;
	w = c->d->tok[i - 1].low;
	for (size_t k = 0; k < sizeof(pre) / sizeof(*pre); k++)
		if (!strncmp(w, pre[k], strlen(pre[k])))
			return 1;
	return 0;
}

/* Count cues per country in [lo, hi): the own country's count in *own;
 * returns the foreign country with most locative cues (each worth 2) and
 * other cues (worth 1) when it reaches min, else -1. */
static int count_cues(struct actx *c, size_t lo, size_t hi, int *own,
		      int min)
{
	int counts[64] = { 0 }, best = -1;

	for (size_t i = scan_from(&c->countries, lo);
	     i < c->countries.n && c->countries.v[i].start < hi; i++) {
		const struct hit *h = &c->countries.v[i];
		int k = h->cue->kind;

		if (k >= 0 && k < 64 && !origin(c, h))
			counts[k] += k == c->an->own || locative(c, h) ? 2 : 1;
	}
	*own = counts[c->an->own];
	for (int k = 0; k < 64 && k < (int)c->lx->ncountries; k++)
		if (k != c->an->own && counts[k] >= min &&
		    (best < 0 || counts[k] > counts[best]))
			best = k;
	return best;
}

int span_country(struct actx *c, size_t start, size_t end)
{
	const struct doc *d = c->d;
	size_t ti, tj, lo, hi;
	const struct sent *s;
	int k, own;

	if (!d->ntok)
		return c->an->own;
	/* 1. named inside the span: "Генпрокуратура Кыргызстана" */
	k = nearest_cue(&c->countries, start, end, start, end);
	if (k >= 0)
		return k;
	/* 2. right next to it, in the same clause */
	ti = tok_holding(d, start);
	tj = tok_holding(d, end ? end - 1 : 0);
	lo = start;
	for (size_t n = 0; n < ADJ_BEFORE && ti > 0; n++) {
		if (d->tok[ti].flags & TOK_CLAUSE)
			break;
		ti--;
		lo = d->tok[ti].start;
	}
	hi = end;
	if (tj + 1 < d->ntok && !(d->tok[tj + 1].flags & TOK_CLAUSE)) {
		tj++;
		if (is_prep(&d->tok[tj]) && tj + 1 < d->ntok &&
		    !(d->tok[tj + 1].flags & TOK_CLAUSE))
			tj++;
		hi = d->tok[tj].end;
	}
	/* Russian and English name the country after ("прокуратура
	 * России"), Kyrgyz before, in the genitive ("Россиянын Башкы
	 * прокуратурасы") */
	if (ti < tok_holding(d, start) && kyrgyz_genitive(&d->tok[
		    tok_holding(d, start) - 1])) {
		k = nearest_cue(&c->countries, lo, start, start, end);
		if (k >= 0)
			return k;
	}
	k = nearest_cue(&c->adjacent, lo, hi, start, end);
	if (k < 0)
		k = nearest_cue(&c->countries, lo, hi, start, end);
	if (k >= 0)
		return k;
	/* 3. the sentence: any sign of home keeps it home, else a foreign
	 * place where things happen ("Суд в Москве ...") */
	s = &d->sent[doc_sent_at(d, start)];
	k = count_cues(c, s->start, s->end, &own, 2);
	if (own)
		return c->an->own;
	if (k >= 0)
		return k;
	/* 4. the article, then the source */
	return article_country(c);
}

/* The story's country from place names alone: home unless only foreign
 * places are named (then the most named one), or the source says so. */
static int text_country(struct actx *c)
{
	int own, k = count_cues(c, 0, c->len, &own, 2);

	if (own)
		return c->an->own;
	if (k >= 0)
		return k;
	if (c->src_country >= 0)
		return c->src_country;
	return c->an->own;
}

int article_country(struct actx *c)
{
	return text_country(c);
}

int region_near(struct actx *c, size_t start, size_t end)
{
	const struct doc *d = c->d;
	const struct sent *s;
	size_t i;

	if (!d->nsent)
		return -1;
	s = &d->sent[doc_sent_at(d, start)];
	(void)end;
	i = scan_from(&c->regions, s->start);
	if (i < c->regions.n && c->regions.v[i].start < s->end)
		return c->regions.v[i].cue->kind;
	return -1;
}

void find_regions(struct actx *c, struct analysis *out)
{
	out->nregions = 0;
	if (out->country != c->an->own)
		return;
	for (size_t i = 0; i < c->regions.n; i++) {
		int k = c->regions.v[i].cue->kind, seen = 0;

		for (size_t j = 0; j < out->nregions; j++)
			if (out->regions[j] == k)
				seen = 1;
		if (!seen && out->nregions < REGIONS_MAX)
			out->regions[out->nregions++] = k;
	}
}
