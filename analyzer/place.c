/*
 * place.c - where things happen: the country a mention of a prosecutor's
 * office belongs to (its jurisdiction), the country of the story, and
 * the regions of the configured country it concerns.  The grammar words
 * it reads by (prepositions, case endings) are languages.yaml's.
 */
#include "analyze_int.h"

#include <string.h>

/* Tokens a country cue may stand before the office's name and still be
 * its attribute ("Kazakhstan's ...", "В Казахстане прокурор ..."); after
 * it only the next word counts ("... России"), or the one after a
 * preposition ("prosecutors in New York"). */
#define ADJ_BEFORE 2

/* A preposition between an office and its country ("prosecutors in New
 * York", "прокурор из ..."). */
static int is_prep(const struct langs *l, const struct tok *t)
{
	return wordlist_has(&l->at, t->low) ||
	       wordlist_has(&l->from, t->low) || wordlist_has(&l->of, t->low);
}

static int only_gap(const char *s, size_t a, size_t b)
{
	for (size_t i = a; i < b; i++)
		if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
			return 0;
	return 1;
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

/* A genitive before a name ("Россиянын", "Казакстандын"): an attribute
 * of the word after it. */
static int genitive(const struct langs *l, const struct tok *t)
{
	return wordlist_ends(&l->genitive, t->low, strlen(t->low), 1);
}

/* A locative ("Дубайда", "Түркияда", "Ошто"): where things happen, no
 * preposition needed.  Four Cyrillic letters at least: short words end
 * so by chance. */
static int locative_ending(const struct langs *l, const struct tok *t)
{
	size_t n = strlen(t->low);

	if (!(t->flags & TOK_CYR) || n < 8)
		return 0;
	return wordlist_ends(&l->locative, t->low, n, 0);
}

/* Is the cue a place where something happens ("в Казахстане", "in New
 * York"), not just a name ("посол США") or where someone comes from
 * ("из Кыргызстана")? */
static int locative(struct actx *c, const struct hit *h)
{
	const struct langs *l = &c->lx->langs;
	size_t i = doc_tok_at(c->d, h->start);

	const struct tok *t;
	size_t n;

	if (i >= c->d->ntok)
		return 0;
	if (locative_ending(l, &c->d->tok[i]))
		return 1;
	if (i == 0 || !wordlist_has(&l->at, c->d->tok[i - 1].low))
		return 0;
	/* Russian "в Москву", "в Казахстан" say where to, "в Москве"
	 * where: the prepositional case ends in -е or -и, its adjectives
	 * in -ой, -ей, -ом, -ем ("в Наманганской области"); names in
	 * capitals ("в ОАЭ") do not decline */
	t = &c->d->tok[i];
	n = strlen(t->low);
	if (!(t->flags & TOK_CYR) || (t->flags & TOK_ALLCAPS) || n < 4)
		return 1;
	return wordlist_ends(&l->at_endings, t->low, n, 0);
}

static int origin_word(const struct langs *l, const char *w)
{
	return wordlist_has(&l->origin, w) || wordlist_has(&l->from, w);
}

/* Is the cue someone's nationality or origin ("граждан Кыргызстана",
 * "граждан Казахстана и Кыргызстана", "мигрантам из Кыргызстана",
 * "citizens of", "from"), not where the story happens? */
static int origin(struct actx *c, const struct hit *h)
{
	const struct langs *l = &c->lx->langs;
	const struct tok *t = c->d->tok;
	size_t i = doc_tok_at(c->d, h->start);

	if (i == 0 || i > c->d->ntok)
		return 0;
	if (origin_word(l, t[i - 1].low))
		return 1;
	/* the second of two: "граждан Казахстана и Кыргызстана" */
	if (i >= 3 && wordlist_has(&l->conj, t[i - 1].low))
		return origin_word(l, t[i - 3].low);
	return 0;
}

int place_where(struct actx *c, const struct hit *h)
{
	return locative(c, h) && !origin(c, h);
}

int place_origin(struct actx *c, const struct hit *h)
{
	return origin(c, h);
}

/* Does the region cue h overlap a country cue (the same place named
 * once, counted once: "Ак-Суйского района")? */
static int named_country(struct actx *c, const struct hit *h)
{
	for (size_t j = scan_from(&c->countries, h->start > 64 ?
				  h->start - 64 : 0);
	     j < c->countries.n && c->countries.v[j].start < h->end; j++)
		if (c->countries.v[j].end > h->start)
			return 1;
	return 0;
}

/* Is the region cue h the attribute of a foreign country named right
 * after it ("в столице России")? */
static int foreign_next(struct actx *c, const struct hit *h)
{
	size_t j = scan_from(&c->countries, h->end);

	return j < c->countries.n &&
	       c->countries.v[j].cue->kind != c->an->own &&
	       only_gap(c->text, h->end, c->countries.v[j].start);
}

/* What the text's language says of the whole story (a Kazakh text is
 * Kazakhstan's unless places say otherwise): as much as one place where
 * things happen.  Russian and English are everybody's and say nothing. */
#define LANG_WEIGHT 2

/* Count cues per country in [lo, hi): places where things happen
 * ("в Казахстане") are worth 2, other names 1, origins ("граждан
 * Казахстана", "из Оша") nothing; the home gazetteer (regions.yaml)
 * counts for home, but for its weight-0 entries; the language's
 * country gets lang.  The own country's count goes in *own; returns the
 * foreign country with most when it reaches min (its count in *n), else
 * -1. */
static int count_cues(struct actx *c, size_t lo, size_t hi, int *own,
		      int min, int *n, int lang)
{
	int *counts = c->counts, best = -1;

	memset(counts, 0, c->lx->ncountries * sizeof(*counts));
	if (c->lang_country >= 0)
		counts[c->lang_country] += lang;
	for (size_t i = scan_from(&c->countries, lo), end = 0;
	     i < c->countries.n && c->countries.v[i].start < hi; i++) {
		const struct hit *h = &c->countries.v[i];
		int k = h->cue->kind;

		/* a place in two lists (countries.yaml and another country's
		 * gazetteer: "Almaty") is named once */
		if (h->start < end && k == c->countries.v[i - 1].cue->kind)
			continue;
		end = h->end;
		if (!origin(c, h))
			counts[k] += locative(c, h) ? 2 : 1;
	}
	for (size_t i = scan_from(&c->regions, lo);
	     i < c->regions.n && c->regions.v[i].start < hi; i++) {
		const struct hit *h = &c->regions.v[i];

		/* weight 0: "в столице" is any country's capital */
		if (h->cue->weight > 0 && !origin(c, h) &&
		    !foreign_next(c, h) && !named_country(c, h))
			counts[c->an->own] += locative(c, h) ? 2 : 1;
	}
	*own = counts[c->an->own];
	for (int k = 0; k < (int)c->lx->ncountries; k++)
		if (k != c->an->own && counts[k] >= min &&
		    (best < 0 || counts[k] > counts[best]))
			best = k;
	*n = best >= 0 ? counts[best] : 0;
	return best;
}

int span_country(struct actx *c, size_t start, size_t end)
{
	const struct doc *d = c->d;
	size_t ti, tj, lo, hi;
	const struct sent *s;
	int k, own, nk;

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
		if (is_prep(&c->lx->langs, &d->tok[tj]) && tj + 1 < d->ntok &&
		    !(d->tok[tj + 1].flags & TOK_CLAUSE))
			tj++;
		hi = d->tok[tj].end;
	}
	/* Russian and English name the country after ("прокуратура
	 * России"), Kyrgyz and Kazakh before, in the genitive ("Россиянын
	 * Башкы прокуратурасы") */
	if (ti < tok_holding(d, start) && genitive(&c->lx->langs, &d->tok[
		    tok_holding(d, start) - 1])) {
		k = nearest_cue(&c->countries, lo, start, start, end);
		if (k >= 0)
			return k;
	}
	k = nearest_cue(&c->adjacent, lo, hi, start, end);
	if (k < 0)
		k = nearest_cue(&c->countries, lo, hi, start, end);
	/* no country named: the office's own name may be another
	 * country's ("Бас прокуратура" under Kyrgyz lexicons) */
	if (k < 0)
		k = nearest_cue(&c->foreign, lo, hi, start, end);
	if (k >= 0)
		return k;
	/* 3. the sentence: any sign of home keeps it home, else a foreign
	 * place where things happen ("Суд в Москве ...") */
	s = &d->sent[doc_sent_at(d, start)];
	k = count_cues(c, s->start, s->end, &own, 2, &nk, 0);
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
	int own, n, k = count_cues(c, 0, c->len, &own, 2, &n, LANG_WEIGHT);

	/* a foreign place wins over a home one named only in passing
	 * ("житель Бишкека ... работу в Южной Корее" stays home) */
	if (k >= 0 && n >= own + 2)
		return k;
	if (own)
		return c->an->own;
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
	out->regions = arena_alloc(c->a, (c->lx->nregions + 1) *
				   sizeof(*out->regions));
	if (out->country != c->an->own)
		return;
	for (size_t i = 0; i < c->regions.n; i++) {
		int k = c->regions.v[i].cue->kind, seen = 0;

		for (size_t j = 0; j < out->nregions; j++)
			if (out->regions[j] == k)
				seen = 1;
		if (!seen)
			out->regions[out->nregions++] = k;
	}
}
