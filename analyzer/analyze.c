/*
 * analyze.c - one article through the analyzer: tokens, one scan per cue
 * list, then mentions, tonality, places and violations in that order.
 */
#include "analyze_int.h"
#include "vmodel.h"
#include "common/xalloc.h"

#include <string.h>

int analyzer_open(struct analyzer *an, const char *dir, const char *cc,
		  struct err *e)
{
	memset(an, 0, sizeof(*an));
	an->lx = lex_load(dir, e);
	if (!an->lx)
		return -1;
	/* the folder is one country's: cc is a check, not a choice */
	if (strcmp(cc, an->lx->country.id)) {
		err_set(e, "%s: country '%s' is not defined (the lexicons are "
			"for '%s')", an->lx->country.path, cc,
			an->lx->country.id);
		lex_free(an->lx);
		an->lx = NULL;
		return -1;
	}
	an->own = lex_index(an->lx->countries, an->lx->ncountries, cc);
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

/* Where the story happens: the first office named (its jurisdiction is
 * the story's), else the places named. */
static int story_country(struct actx *c)
{
	if (c->offices.n)
		return span_country(c, c->offices.v[0].start,
				    c->offices.v[0].end);
	return article_country(c);
}

/* The tonality model over the article's mentions (or the target): its
 * features when the caller asks for them or the model is loaded, and
 * then its decision. */
static void tone_model(struct actx *c, const struct analyze_input *in,
		       struct analysis *out, int target)
{
	const struct vmodel *m = target ? c->lx->ttmodel : c->lx->tmodel;
	struct vm_feats *f;
	size_t *start, *end, n = target ? 1 : out->nm;

	if (!m && !in->tfeatures)
		return;
	f = arena_alloc(c->a, sizeof(*f));
	start = arena_alloc(c->a, 2 * (n + 1) * sizeof(*start));
	end = start + n + 1;
	for (size_t i = 0; i < n; i++) {
		start[i] = target ? c->base + in->tstart : out->m[i].start;
		end[i] = target ? c->base + in->tend : out->m[i].end;
	}
	tmodel_features(c, in->tfeatures ? in->tfeatures : m->kinds, start,
			end, n, target, f);
	if (target)
		out->tfeat_target = f;
	else
		out->tfeat = f;
	if (m)
		tmodel_decide(c, f, target, target ? &out->target : &out->art);
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
	/* nothing is matched inside the office's own site's address
	 * ("https://SITE/news/...") or its "@handle":
	 * blank them (offsets do not move) */
	c.text = text_mask_links(a, c.text, c.len);
	c.counts = arena_alloc(a, (lx->ncountries + 1) * sizeof(*c.counts));
	c.src_country = in->country ? lex_index(lx->countries,
						lx->ncountries, in->country) :
				      -1;
	doc_build(c.d, c.text, c.len, (struct stem *)&lx->st, a);
	const struct lang *lang = langs_detect(&lx->langs, c.d);

	out->lang = c.lang = lang ? lang->id : NULL;
	c.lang_country = lang && lang->country ?
			 lex_index(lx->countries, lx->ncountries,
				   lang->country) : -1;
	scan_all(m, &lx->mentions, c.text, c.len, a, &c.offices);
	scan_all(m, &lx->country_cues, c.text, c.len, a, &c.countries);
	scan_all(m, &lx->adjacent_cues, c.text, c.len, a, &c.adjacent);
	scan_all(m, &lx->foreign, c.text, c.len, a, &c.foreign);
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
	if (out->nm)
		tone_model(&c, in, out, 0);
	out->country = story_country(&c);
	find_regions(&c, out);
	find_violations(&c, out);
	if (in->has_target && in->tend <= in->len &&
	    in->tstart < in->tend) {
		out->has_target = 1;
		tone_target(&c, c.base + in->tstart, c.base + in->tend,
			    &out->target);
		tone_model(&c, in, out, 1);
	}
	/* report text offsets; mentions in the title are not listed */
	size_t k = 0;

	for (size_t i = 0; i < out->nm; i++) {
		if (out->m[i].in_title) {
			out->in_headline = 1;
			continue;
		}
		out->m[k] = out->m[i];
		out->m[k].start -= c.base;
		out->m[k].end -= c.base;
		k++;
	}
	out->nm = k;
}
