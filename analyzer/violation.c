/*
 * violation.c - reported violations of law or of citizens' rights, named
 * or not next to the office: a category from its cue words
 * (violations.yaml), a stage (alleged, acting, decided) from the words
 * around it, the country of the story and the region.  Sentences that
 * only talk about violations in general (statistics, a draft law, a
 * lecture) are skipped.  When violation-model.tsv is loaded, the model
 * then adds what the rules missed (vmodel.h).
 */
#include "analyze_int.h"
#include "vmodel.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <string.h>

#define MIN_WEIGHT 1.0	/* total cue weight that makes a category */
#define WHY_WORDS 5	/* model evidence: the heaviest words shown */

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
	/* a fallback category (abuse of office) only where nothing more
	 * specific is reported: the charge "злоупотребление должностным
	 * положением" of an official who sold land is a land case */
	for (i = 0; i < c->cats.n; i++)
		if (!c->lx->cat_fallback[c->cats.v[i].cue->kind])
			break;
	if (i == c->cats.n)
		return;
	for (i = 0, k = 0; i < c->cats.n; i++)
		if (!c->lx->cat_fallback[c->cats.v[i].cue->kind])
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

/* Does sentence s tell of category k: it holds a hit of k, or, for a
 * category only the model found (has is then non-NULL), a hit of no
 * other category? */
static int tells(struct actx *c, size_t s, int k, const unsigned char *has)
{
	return has ? !has[s] : reports(c, s, k);
}

/* Victims held abroad ("удерживали в трудовом рабстве в Турции"): the
 * violation happened in the foreign country named after the cue in the
 * same sentence, or before it as a place ("из рабства в Казахстане
 * освобождены").  has as for tells().  Returns its index or -1. */
static int held_abroad(struct actx *c, int k, const unsigned char *has)
{
	const struct doc *d = c->d;

	for (size_t i = 0; i < c->abroad.n; i++) {
		const struct hit *h = &c->abroad.v[i];
		size_t s = doc_sent_at(d, h->start);

		if (!tells(c, s, k, has))
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

/* Stage, country and region of v (category and pos set).  The stage
 * comes from the sentences that tell of it and those that report
 * nothing else ("... Мужа задержали."); has[s] is 1 when sentence s
 * reports some violation by the rules.  by_model: only the model
 * found it, so no sentence holds its cues. */
static void settle(struct actx *c, struct analysis *out, struct violation *v,
		   const unsigned char *has, int by_model)
{
	const unsigned char *mine = by_model ? has : NULL;
	const struct hit *why = NULL;
	double best_w = -1;
	int best = -1, k = v->category, abroad;

	for (size_t s = 0; s < c->d->nsent; s++)
		if (!has[s] || tells(c, s, k, mine))
			stage_in(c, s, &best_w, &best, &why);
	if (best < 0)
		best = c->offices.n ? STAGE_ACTING : STAGE_ALLEGED;
	else
		evs_add(&v->ev, c->a, why->cue->id, c->text + why->start,
			why->end - why->start, 0);
	v->stage = best;
	v->country = out->country;
	v->region = -1;
	abroad = held_abroad(c, k, mine);
	if (abroad >= 0)
		v->country = abroad;
	if (v->country == c->an->own) {
		v->region = region_near(c, v->pos, v->pos);
		if (v->region < 0 && out->nregions)
			v->region = out->regions[0];
	}
}

/* A violation only the model found has no cue to look beside for
 * victims held abroad: it happened abroad when a sentence of its words
 * names a foreign country as the place where things happen ("...
 * обещали работу, а девушек продали в Турции").  Returns the country's
 * index or -1. */
static int model_abroad(struct actx *c, const struct vm_feats *f,
			const size_t *idx, size_t n)
{
	const struct doc *d = c->d;

	for (size_t i = 0; i < n; i++) {
		const struct sent *s = &d->sent[d->tok[f->v[idx[i]].tok].sent];

		for (size_t j = scan_from(&c->countries, s->start);
		     j < c->countries.n && c->countries.v[j].start < s->end;
		     j++)
			if (c->countries.v[j].cue->kind != c->an->own &&
			    place_where(c, &c->countries.v[j]))
				return c->countries.v[j].cue->kind;
	}
	return -1;
}

/* A violation of category k that only the model found, p its
 * probability.  Its evidence is the words that weighed most, then the
 * probability ("model.p"). */
static void model_add(struct actx *c, struct analysis *out,
		      const struct vm_feats *f, int k, double p,
		      const unsigned char *has)
{
	struct violation *v = &out->v[out->nv++];
	size_t idx[WHY_WORDS], n;
	double w[WHY_WORDS];
	char num[32];

	memset(v, 0, sizeof(*v));
	v->category = k;
	v->pos = c->len;
	n = vmodel_why(c->lx->vmodel, f, k, idx, w, WHY_WORDS);
	for (size_t i = 0; i < n; i++) {
		const struct vm_feat *x = &f->v[idx[i]];
		size_t s = c->d->tok[x->tok].start, e = c->d->tok[x->tok2].end;

		evs_add(&v->ev, c->a, "model", c->text + s, e - s, w[i]);
		if (s < v->pos)
			v->pos = s;
	}
	snprintf(num, sizeof(num), "%.2f", p);
	evs_add(&v->ev, c->a, "model.p", num, strlen(num), p);
	if (v->pos == c->len)
		v->pos = 0;
	settle(c, out, v, has, 1);
	if (v->country == c->an->own) {
		int abroad = model_abroad(c, f, idx, n);

		if (abroad >= 0) {
			v->country = abroad;
			v->region = -1;
		}
	}
}

/* The model's step: score the document, let vmodel_decide() weigh it
 * against the rules' categories, drop and add. */
static void model_step(struct actx *c, struct analysis *out,
		       const unsigned char *has)
{
	const struct vmodel *m = c->lx->vmodel;
	size_t ncat = c->lx->ncategories, k = 0;
	double *p = arena_alloc(c->a, ncat * sizeof(*p));
	unsigned char *rules = arena_alloc(c->a, ncat);
	signed char *act = arena_alloc(c->a, ncat);
	struct vm_feats f;

	if (m->ncat != ncat)
		BUG("violation model and lexicon disagree on categories");
	vmodel_features(c->d, m->kinds, c->a, &f);
	vmodel_score(m, &f, p);
	for (size_t i = 0; i < out->nv; i++)
		rules[out->v[i].category] = 1;
	vmodel_decide(&m->pol, ncat, p, rules, c->notv.n > 0,
		      lex_index(c->lx->categories, ncat, "other"), act);
	for (size_t i = 0; i < out->nv; i++)
		if (act[out->v[i].category] >= 0)
			out->v[k++] = out->v[i];
	out->nv = k;
	for (k = 0; k < ncat; k++)
		if (act[k] == 1)
			model_add(c, out, &f, (int)k, p[k], has);
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
		double w = 0;
		int nev = 0;
		size_t first_off = (size_t)-1;

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
		v->category = (int)k;
		v->pos = first_off;
		settle(c, out, v, has, 0);
		out->nv++;
	}
	if (lx->vmodel)
		model_step(c, out, has);
	/* in the order the text reports them */
	for (size_t i = 1; i < out->nv; i++)
		for (size_t j = i; j > 0 && out->v[j - 1].pos > out->v[j].pos;
		     j--) {
			struct violation tmp = out->v[j];

			out->v[j] = out->v[j - 1];
			out->v[j - 1] = tmp;
		}
}
