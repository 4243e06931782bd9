/*
 * violation.c - reported violations of law or of citizens' rights, named
 * or not next to the office: a category from its cue words
 * (violations.yaml), a stage (alleged, acting, decided) from the words
 * around it, the country of the story and the region.  Sentences that
 * only talk about violations in general (statistics, a draft law, a
 * lecture) are skipped.
 */
#include "analyze.h"

#include <string.h>

#define MIN_WEIGHT 1.0	/* total cue weight that makes a category */

/* Per sentence: 1 when a not_violation cue says it reports nothing. */
static unsigned char *general_sentences(struct actx *c)
{
	const struct doc *d = c->d;
	unsigned char *skip = arena_alloc(c->a, d->nsent + 1);

	for (size_t i = 0; i < c->notv.n; i++)
		skip[doc_sent_at(d, c->notv.v[i].start)] = 1;
	return skip;
}

/* The best stage cue in sentence si: highest weight, then the later
 * stage.  *best_w and *best are updated. */
static void stage_in(struct actx *c, size_t si, double *best_w, int *best,
		     const struct hit **why)
{
	const struct sent *s = &c->d->sent[si];

	for (size_t i = scan_from(&c->stages, s->start);
	     i < c->stages.n && c->stages.v[i].start < s->end; i++) {
		const struct hit *h = &c->stages.v[i];
		double w = h->cue->weight;

		if (w > *best_w || (w == *best_w && h->cue->kind > *best)) {
			*best_w = w;
			*best = h->cue->kind;
			*why = h;
		}
	}
}

/* In each sentence, categories with half or less of the strongest
 * category's weight there are context ("продажа ребенка" is trafficking,
 * not also a child-rights case), and "other" counts only where no
 * specific category does in the whole text (the theft a tortured man
 * was made to confess to is not a second story): their hits are
 * dropped.  A category weighs its strongest cue in the sentence, not
 * the sum: naming the children twice does not make a second case. */
static void dominant_only(struct actx *c, const unsigned char *skip)
{
	const struct doc *d = c->d;
	size_t ncat = c->lx->ncategories, k = 0, i = 0;
	double *w = arena_alloc(c->a, (ncat + 1) * sizeof(*w));
	int other = lex_index(c->lx->categories, ncat, "other");

	while (i < c->cats.n) {
		size_t s = doc_sent_at(d, c->cats.v[i].start), j;
		double max = 0;
		int specific;

		memset(w, 0, (ncat + 1) * sizeof(*w));
		for (j = i; j < c->cats.n &&
		     doc_sent_at(d, c->cats.v[j].start) == s; j++) {
			const struct cue *cue = c->cats.v[j].cue;

			if (cue->weight > w[cue->kind])
				w[cue->kind] = cue->weight;
		}
		for (size_t n = 0; n < ncat; n++)
			if (w[n] > max && (int)n != other)
				max = w[n];
		specific = max > 0;
		/* "other" is what no specific category covers */
		if (other >= 0 && !specific)
			max = w[other];
		for (; i < j; i++) {
			int kind = c->cats.v[i].cue->kind;

			if (skip[s] || (kind == other && specific) ||
			    w[kind] <= max / 2)
				continue;
			c->cats.v[k++] = c->cats.v[i];
		}
	}
	c->cats.n = k;
	for (i = 0, k = 0; i < c->cats.n; i++)
		if (c->cats.v[i].cue->kind != other)
			break;
	if (i == c->cats.n)
		return;
	for (i = 0; i < c->cats.n; i++)
		if (c->cats.v[i].cue->kind != other)
			c->cats.v[k++] = c->cats.v[i];
	c->cats.n = k;
}

/* Does sentence s hold a hit of category k? */
static int reports(struct actx *c, size_t s, int k)
{
	for (size_t i = 0; i < c->cats.n; i++)
		if (c->cats.v[i].cue->kind == k &&
		    doc_sent_at(c->d, c->cats.v[i].start) == s)
			return 1;
	return 0;
}

/* Victims held abroad ("удерживали в трудовом рабстве в Турции"): the
 * violation happened in the foreign country named after the cue in the
 * same sentence, or before it as a place ("из рабства в Казахстане
 * освобождены").  Returns its index or -1. */
static int held_abroad(struct actx *c, int k)
{
	const struct doc *d = c->d;

	for (size_t i = 0; i < c->abroad.n; i++) {
		const struct hit *h = &c->abroad.v[i];
		size_t s = doc_sent_at(d, h->start);

		if (!reports(c, s, k))
			continue;
		for (size_t j = scan_from(&c->countries, h->end);
		     j < c->countries.n &&
		     c->countries.v[j].start < d->sent[s].end; j++)
			if (c->countries.v[j].cue->kind != c->an->own &&
			    !place_origin(c, &c->countries.v[j]))
				return c->countries.v[j].cue->kind;
		for (size_t j = scan_from(&c->countries, d->sent[s].start);
		     j < c->countries.n && c->countries.v[j].end <= h->start;
		     j++)
			if (c->countries.v[j].cue->kind != c->an->own &&
			    place_where(c, &c->countries.v[j]))
				return c->countries.v[j].cue->kind;
	}
	return -1;
}

void find_violations(struct actx *c, struct analysis *out)
{
	const struct doc *d = c->d;
	const struct lex *lx = c->lx;
	unsigned char *skip, *has;
	size_t ncat = lx->ncategories;

	out->nv = 0;
	out->v = arena_alloc(c->a, (ncat + 1) * sizeof(*out->v));
	if (!d->nsent || !ncat)
		return;
	skip = general_sentences(c);
	dominant_only(c, skip);
	/* has[s] = 1 when sentence s reports some violation */
	has = arena_alloc(c->a, d->nsent + 1);
	for (size_t i = 0; i < c->cats.n; i++)
		has[doc_sent_at(d, c->cats.v[i].start)] = 1;
	for (size_t k = 0; k < ncat; k++) {
		struct violation *v = &out->v[out->nv];
		double w = 0, best_w = -1;
		int best = -1, nev = 0;
		size_t first_off = (size_t)-1;
		const struct hit *why = NULL;

		memset(v, 0, sizeof(*v));
		for (size_t i = 0; i < c->cats.n; i++) {
			const struct hit *h = &c->cats.v[i];

			if (h->cue->kind != (int)k)
				continue;
			w += h->cue->weight;
			if (first_off == (size_t)-1)
				first_off = h->start;
			if (nev++ < 6)
				evs_add(&v->ev, c->a, h->cue->id,
					c->text + h->start, h->end - h->start,
					h->cue->weight);
		}
		if (w < MIN_WEIGHT)
			continue;
		/* the stage: from its own sentences and those that report
		 * nothing else ("... Мужа задержали.") */
		for (size_t s = 0; s < d->nsent; s++)
			if (!has[s] || reports(c, s, (int)k))
				stage_in(c, s, &best_w, &best, &why);
		if (best < 0)
			best = c->offices.n ? STAGE_ACTING : STAGE_ALLEGED;
		else
			evs_add(&v->ev, c->a, why->cue->id,
				c->text + why->start, why->end - why->start,
				0);
		v->category = (int)k;
		v->pos = first_off;
		v->stage = best;
		v->country = out->country;
		v->region = -1;
		int abroad = held_abroad(c, (int)k);

		if (abroad >= 0)
			v->country = abroad;
		if (v->country == c->an->own) {
			v->region = region_near(c, first_off, first_off);
			if (v->region < 0 && out->nregions)
				v->region = out->regions[0];
		}
		out->nv++;
	}
	/* in the order the text reports them */
	for (size_t i = 1; i < out->nv; i++)
		for (size_t j = i; j > 0 && out->v[j - 1].pos > out->v[j].pos;
		     j--) {
			struct violation tmp = out->v[j];

			out->v[j] = out->v[j - 1];
			out->v[j - 1] = tmp;
		}
}
