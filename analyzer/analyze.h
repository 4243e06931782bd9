/*
 * analyze.h - the analyzer: one article's text in, its mentions of the
 * office with tonality, the article's tonality toward the office, reported
 * violations of law and the regions it concerns out, each decision with
 * the words and rules that made it.  Pure computation: no database, no
 * configuration file; the caller names the lexicon directory and country.
 */
#ifndef MM_ANALYZE_H
#define MM_ANALYZE_H

#include "lex.h"
#include "scan.h"
#include "text.h"
#include "common/arena.h"
#include "common/err.h"
#include "common/json.h"

enum tone { TONE_NULL = -2, TONE_NEG = -1, TONE_NEU = 0, TONE_POS = 1 };

/* One piece of evidence: a rule and the words it saw. */
struct ev {
	const char *rule;	/* "role.credit", "word", "negated", ... */
	const char *text;	/* the words (arena) */
	double weight;		/* signed contribution, 0 for context */
};

#define EV_MAX 16

struct evs {
	struct ev v[EV_MAX];
	int n;			/* evidence past EV_MAX is dropped */
};

struct tone_res {
	enum tone tone;
	double score;		/* positive - negative */
	double pos, neg;	/* components, both >= 0 (as GDELT keeps) */
	struct evs ev;
};

struct mention {
	size_t start, end;	/* bytes in the analysed text */
	const struct cue *cue;	/* the pattern that found it */
	int staff;		/* a person of the office */
	int country;		/* index in lex->countries */
	int in_title;		/* found in the title: scored, not listed */
	struct tone_res t;
};

struct violation {
	int category;		/* index in lex->categories */
	int stage;		/* enum stage */
	int country;		/* index in lex->countries */
	int region;		/* index in lex->regions, or -1 */
	size_t pos;		/* where the text first reports it */
	struct evs ev;
};

#define REGIONS_MAX 9

struct analysis {
	const char *lang;
	struct mention *m;	/* own-country mentions, in order (arena) */
	size_t nm;
	struct tone_res art;	/* toward the office; TONE_NULL if no mention */
	struct violation *v;
	size_t nv;
	int regions[REGIONS_MAX];
	size_t nregions;
	int country;		/* where the story happens */
	int has_target;
	struct tone_res target;
};

struct analyzer {
	struct lex *lx;
	int own;		/* the configured country, index in countries */
	struct doc doc;		/* reused between articles */
	unsigned long limit_hits;	/* PCRE2 limits hit, for the log */
};

struct analyze_input {
	const char *title;	/* may be NULL */
	const char *text;	/* valid UTF-8 */
	size_t len;
	const char *country;	/* the source's country, or NULL */
	int has_target;
	size_t tstart, tend;	/* target byte span in text */
};

/* Load the lexicons of dir for country cc.  -1 with the cause in e. */
int analyzer_open(struct analyzer *an, const char *dir, const char *cc,
		  struct err *e);
void analyzer_close(struct analyzer *an);

/* Analyse one article.  Everything in *out lives in arena a (reset by the
 * caller after the result is stored); offsets are into in->text. */
void analyze(struct analyzer *an, const struct analyze_input *in,
	     struct arena *a, struct analysis *out);

/* Write the result as one JSON object (the "analyze --jsonl" contract).
 * id is the input's "id" (a string or a number), echoed as it came, or
 * NULL (text mode).  text is in->text. */
void analysis_json(const struct analyzer *an, const struct analysis *r,
		   const struct json *id, const char *text, struct jw *w);
/* Evidence as a JSON array (also stored in the database). */
void evs_json(const struct evs *ev, struct jw *w);

const char *tone_name(enum tone t);	/* NULL for TONE_NULL */
void evs_add(struct evs *ev, struct arena *a, const char *rule,
	     const char *text, size_t n, double weight);

/* ---- the stages, in analyze_*.c ---- */

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
	struct hits offices;	/* every office match, any country */
	struct hits countries, adjacent, regions, roles, staff;
	struct hits cats, stages, notv, abroad;
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

#endif
