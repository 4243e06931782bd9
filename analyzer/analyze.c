/*
 * analyze.c - one article through the analyzer: tokens, one scan per cue
 * list, then mentions, tonality, places and violations in that order.
 */
#include "analyze_int.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <string.h>

int analyzer_open(struct analyzer *an, const char *dir, const char *cc,
		  struct err *e)
{
	memset(an, 0, sizeof(*an));
	an->lx = lex_load(dir, e);
	if (!an->lx)
		return -1;
	an->own = lex_index(an->lx->countries, an->lx->ncountries, cc);
	if (an->own < 0) {
		err_set(e, "%s/countries.yaml: country '%s' is not defined",
			dir, cc);
		lex_free(an->lx);
		an->lx = NULL;
		return -1;
	}
	an->rx = rx_matcher_new();
	return 0;
}

void analyzer_close(struct analyzer *an)
{
	lex_free(an->lx);
	rx_matcher_free(an->rx);
	doc_release(&an->doc);
	an->lx = NULL;
	an->rx = NULL;
}

const char *tone_name(enum tone t)
{
	switch (t) {
	case TONE_POS:
		return "positive";
	case TONE_NEU:
		return "neutral";
	case TONE_NEG:
		return "negative";
	default:
		return NULL;
	}
}

void evs_add(struct evs *ev, struct arena *a, const char *rule,
	     const char *text, size_t n, double weight)
{
	struct ev *e;

	if (ev->n >= EV_MAX)
		return;
	e = &ev->v[ev->n++];
	e->rule = rule;
	e->text = arena_strndup(a, text, n);
	e->weight = weight;
}

static int in_set(uint32_t cp, const uint32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* The language from its letters and a few function words. */
static const char *detect_lang(const struct doc *d)
{
	static const uint32_t ky[] = { 0x4a3, 0x4e9, 0x4af, 0x4a2, 0x4e8,
				       0x4ae };
	static const uint32_t kk[] = { 0x4d9, 0x493, 0x49b, 0x4b1, 0x4bb,
				       0x456 };
	static const uint32_t uk[] = { 0x457, 0x454, 0x491, 0x456 };
	static const uint32_t uzc[] = { 0x45e, 0x4b3 };
	static const char *const kywords[] = { "жана", "менен", "боюнча",
		"деп", "үчүн", "тарабынан", "облусунун", "шаарынын", "болуп",
		"кийин", "бул", "анын", "жылы" };
	static const char *const kysuffix[] = { "ынын", "инин", "унун",
		"үнүн", "нын", "нин", "дын", "дин", "тын", "тин", "нун",
		"нүн", "дагы", "деги", "дагы" };
	size_t cyr = 0, lat = 0, nky = 0, nkk = 0, nuk = 0, nuz = 0, kyw = 0;

	for (size_t i = 0; i < d->ntok; i++) {
		const struct tok *t = &d->tok[i];
		const char *p = t->low;

		if (t->flags & TOK_CYR)
			cyr++;
		else if (t->flags & TOK_LAT)
			lat++;
		for (size_t k = 0; k < ARRAY_SIZE(kywords); k++)
			if (!strcmp(p, kywords[k]))
				kyw += 2;
		for (size_t k = 0; k < ARRAY_SIZE(kysuffix); k++) {
			size_t n = strlen(p), m = strlen(kysuffix[k]);

			if (n > m + 2 && !strcmp(p + n - m, kysuffix[k])) {
				kyw++;
				break;
			}
		}
		while (*p) {
			uint32_t cp;
			int l = utf8_decode(p, strlen(p), &cp);

			if (l < 0)
				break;
			p += l;
			nky += in_set(cp, ky, ARRAY_SIZE(ky));
			nkk += in_set(cp, kk, ARRAY_SIZE(kk));
			nuk += in_set(cp, uk, ARRAY_SIZE(uk));
			nuz += in_set(cp, uzc, ARRAY_SIZE(uzc));
		}
	}
	if (!cyr && !lat)
		return NULL;
	if (lat > cyr)
		return "en";
	if (nuz > nky && nuz > nkk)
		return "uz";
	if (nkk > nky && nkk > nuk)
		return "kk";
	if (nuk > nky && nuk > nkk)
		return "uk";
	if (nky + kyw >= 3)
		return "ky";
	return "ru";
}

/* Where the story happens: the first office named (its jurisdiction is
 * the story's), else the places named. */
static int story_country(struct actx *c)
{
	if (c->offices.n)
		return span_country(c, c->offices.v[0].start,
				    c->offices.v[0].end);
	return article_country(c);
}

void analyze(struct analyzer *an, const struct analyze_input *in,
	     struct arena *a, struct analysis *out)
{
	const struct lex *lx = an->lx;
	struct rx_matcher *m = an->rx;
	struct actx c = { .an = an, .lx = lx, .d = &an->doc, .a = a };
	size_t tl = in->title ? strlen(in->title) : 0;

	memset(out, 0, sizeof(*out));
	/* the title is analysed with the text (its tonality and places
	 * count), but offsets are reported into the text alone */
	if (tl) {
		char *t = arena_alloc(a, tl + 2 + in->len + 1);

		memcpy(t, in->title, tl);
		memcpy(t + tl, "\n\n", 2);
		memcpy(t + tl + 2, in->text, in->len);
		c.text = t;
		c.len = tl + 2 + in->len;
		c.base = tl + 2;
	} else {
		c.text = in->text;
		c.len = in->len;
	}
	/* nothing is matched inside "https://prokuror.kg/..." or
	 * "@prokuror_kg": blank them (offsets do not move) */
	c.text = text_mask_links(a, c.text, c.len);
	c.src_country = in->country ? lex_index(lx->countries,
						lx->ncountries, in->country) :
				      -1;
	doc_build(c.d, c.text, c.len, (struct stem *)&lx->st, a);
	out->lang = detect_lang(c.d);
	scan_all(m, &lx->mentions, c.text, c.len, a, &c.offices);
	scan_all(m, &lx->country_cues, c.text, c.len, a, &c.countries);
	scan_all(m, &lx->adjacent_cues, c.text, c.len, a, &c.adjacent);
	scan_all(m, &lx->region_cues, c.text, c.len, a, &c.regions);
	scan_resolve(&c.regions);
	scan_all(m, &lx->roles, c.text, c.len, a, &c.roles);
	scan_all(m, &lx->staff, c.text, c.len, a, &c.staff);
	/* violation cues see quoted words as words; evidence is still
	 * taken from c.text, quotes and all (same offsets) */
	const char *unq = text_unquote(a, c.text, c.len);

	scan_all(m, &lx->cat_cues, unq, c.len, a, &c.cats);
	scan_all(m, &lx->stage_cues, unq, c.len, a, &c.stages);
	scan_all(m, &lx->not_violation, unq, c.len, a, &c.notv);
	scan_all(m, &lx->abroad, unq, c.len, a, &c.abroad);
	an->limit_hits += c.offices.limit_hits + c.countries.limit_hits +
			  c.regions.limit_hits + c.roles.limit_hits +
			  c.cats.limit_hits + c.stages.limit_hits;

	find_mentions(&c, out);
	for (size_t i = 0; i < out->nm; i++)
		tone_mention(&c, &out->m[i]);
	tone_article(&c, out);
	out->country = story_country(&c);
	find_regions(&c, out);
	find_violations(&c, out);
	if (in->has_target && in->tend <= in->len &&
	    in->tstart < in->tend) {
		out->has_target = 1;
		tone_target(&c, c.base + in->tstart, c.base + in->tend,
			    &out->target);
	}
	/* report text offsets; mentions in the title are not listed */
	size_t k = 0;

	for (size_t i = 0; i < out->nm; i++) {
		if (out->m[i].in_title)
			continue;
		out->m[k] = out->m[i];
		out->m[k].start -= c.base;
		out->m[k].end -= c.base;
		k++;
	}
	out->nm = k;
}
