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
#include "text.h"
#include "common/arena.h"
#include "common/err.h"
#include "common/json.h"

enum tone { TONE_NULL = -2, TONE_NEG = -1, TONE_NEU = 0, TONE_POS = 1 };

/* One piece of evidence: a rule and the words it saw. */
struct vm_feats;

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

struct analysis {
	const char *lang;
	struct mention *m;	/* own-country mentions, in order (arena) */
	size_t nm;
	struct tone_res art;	/* toward the office; TONE_NULL if no mention */
	struct violation *v;
	size_t nv;
	int *regions;		/* indexes in lex->regions (arena) */
	size_t nregions;
	int country;		/* where the story happens */
	int has_target;
	struct tone_res target;
	int in_headline;	/* the title names the office */
	/* the tonality model's features (vmodel.h), when asked for
	 * (analyze_input.tfeatures) or the model is loaded; else NULL */
	const struct vm_feats *tfeat, *tfeat_target;
};

struct analyzer {
	struct lex *lx;
	int own;		/* the configured country, index in countries */
	struct doc doc;		/* reused between articles */
	struct rx_matcher *rx;	/* this analyzer's PCRE2 match state */
	unsigned long limit_hits;	/* PCRE2 limits hit, for the log */
};

struct analyze_input {
	const char *title;	/* may be NULL */
	const char *text;	/* valid UTF-8 */
	size_t len;
	const char *country;	/* the source's country, or NULL */
	int has_target;
	size_t tstart, tend;	/* target byte span in text */
	unsigned tfeatures;	/* the tonality model's feature kinds to
				   return in analysis.tfeat (training) */
};

/* Load the lexicons of dir for country cc.  -1 with the cause in e.
 * Analyzers are independent: each owns its lexicons and match state,
 * and analyzer_close frees everything analyzer_open took. */
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

#endif
