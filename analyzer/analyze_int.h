/*
 * analyze_int.h - what the analyzer's stages share and nothing outside
 * analyzer/ needs: the per-article context that analyze() fills with one
 * scan per cue list, and the stage functions (mention.c, place.c,
 * tone.c, violation.c) that read it in that order.
 */
#ifndef MM_ANALYZE_INT_H
#define MM_ANALYZE_INT_H

#include "analyze.h"
#include "scan.h"

void evs_add(struct evs *ev, struct arena *a, const char *rule,
	     const char *text, size_t n, double weight);

/* The per-document state the stages share. */
struct actx {
	struct analyzer *an;
	const struct lex *lx;
	struct doc *d;
	struct arena *a;
	const char *text;	/* title + text as analysed */
	size_t len;
	size_t base;		/* where in->text starts in text */
	int src_country;	/* index or -1 */
	int lang_country;	/* where the text's language is the press's
				   own ("kk": Kazakhstan), index or -1 */
	const char *lang;	/* the text's language, or NULL */
	struct hits offices;	/* every office match, any country */
	struct hits countries, adjacent, regions, roles, staff;
	struct hits foreign;	/* other countries' office names */
	struct hits cats, stages, notv, abroad;
	int *counts;		/* one per country, for place.c */
};

/* mention.c: every office match with its country; own ones in out. */
void find_mentions(struct actx *c, struct analysis *out);
/* place.c */
int span_country(struct actx *c, size_t start, size_t end);
int article_country(struct actx *c);
void find_regions(struct actx *c, struct analysis *out);
int region_near(struct actx *c, size_t start, size_t end);
/* Is the country cue h where something happens ("в Турции"), not a
 * name or someone's nationality ("граждан Турции")? */
int place_where(struct actx *c, const struct hit *h);
/* Is it someone's nationality or origin ("граждан Узбекистана")? */
int place_origin(struct actx *c, const struct hit *h);
/* tone.c */
void tone_mention(struct actx *c, struct mention *m);
void tone_article(struct actx *c, struct analysis *out);
void tone_target(struct actx *c, size_t start, size_t end,
		 struct tone_res *out);
/* violation.c */
void find_violations(struct actx *c, struct analysis *out);
/* tmodel.c: the tonality model's features of the n mentions at
 * [start[i], end[i]) (target: the one target), of the kinds of enum
 * vm_kinds, in the arena; and its decision mixed with the rules' in t
 * (evidence first), with lx->tmodel (article) or lx->ttmodel (target). */
struct vm_feats;
void tmodel_features(struct actx *c, unsigned kinds, const size_t *start,
		     const size_t *end, size_t n, int target,
		     struct vm_feats *out);
void tmodel_decide(struct actx *c, const struct vm_feats *f, int target,
		   struct tone_res *t);

#endif
