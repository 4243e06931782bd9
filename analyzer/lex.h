/*
 * lex.h - the analyzer's lexicons for one country, loaded from YAML
 * files: the country's folder (country.yaml, office.yaml, regions.yaml)
 * and the shared folder beside it (languages.yaml, countries.yaml,
 * tonality.yaml, violations.yaml; the country's folder may add to the
 * last three), plus every other country's office names.  Patterns are
 * compiled once (PCRE2, JIT); words are stemmed once.  The version is a
 * hash of the files' bytes, so stored results say which lexicons
 * produced them.
 */
#ifndef MM_LEX_H
#define MM_LEX_H

#include "lang.h"
#include "rx.h"
#include "text.h"
#include "common/country.h"
#include "common/err.h"

#include <stddef.h>

struct vmodel;

/* A pattern with what it means: the rule id shown as evidence, a weight
 * and a section-specific kind (role, category, region, country...). */
struct cue {
	struct rx *rx;
	char *id;
	double weight;
	int kind;
	int line, col;		/* where it is defined */
};

struct cues {
	struct cue *v;
	size_t n, alloc;
};

/* Mention kinds: the institution, or a person of it. */
enum { MK_OFFICE, MK_STAFF };

/* Roles of the office in a clause (tonality.yaml "roles"). */
enum role {
	ROLE_CREDIT,		/* concrete result credited to the office */
	ROLE_INTERVENTION,	/* "at the demand of the office ..." */
	ROLE_PRAISE,
	ROLE_CRITICISM,		/* criticism, inaction */
	ROLE_COURT_AGAINST,	/* a court overturned or refused its act */
	ROLE_WRONGDOING,	/* wrongdoing or arrest, bad when staff is it */
	ROLE_PROCEDURE,		/* case opened, sent to court, requested */
	ROLE_NEGATIVE_EVENT,	/* the result failed, "так и не" */
	ROLE_AGAINST,		/* right before it: "против", "в адрес" (-) */
	ROLE_IN_FAVOUR,		/* right before it: "в пользу", "поддержал" */
	ROLE_N
};

enum stage { STAGE_ALLEGED, STAGE_ACTING, STAGE_DECIDED, STAGE_N };

/* Word classes in tonality.yaml. */
enum wclass { WC_POLAR, WC_NEGATOR, WC_INTENS, WC_CONTRAST, WC_CONCESSIVE };

struct wentry {
	char *key;
	double weight;		/* polarity, or the intensifier's factor */
	unsigned char how;	/* W_EXACT, W_STEM, W_PREFIX */
	unsigned char cls;	/* enum wclass */
};

enum { W_EXACT, W_STEM, W_PREFIX };

struct wtab {
	struct wentry *v;	/* open addressing, power-of-two size */
	size_t n, size;
	size_t max_prefix;	/* longest prefix entry, bytes */
};

struct lex {
	char *dir;
	char version[17];
	struct country country;		/* the country's country.yaml */
	struct langs langs;		/* shared/languages.yaml */
	struct cues mentions;		/* kind MK_* */
	struct cues staff;		/* person-of-the-office cues */
	struct cues exclude;		/* matches that are not mentions */
	char **countries;		/* ids, [0] need not be own */
	size_t ncountries;
	struct cues country_cues;	/* kind = index in countries */
	struct cues adjacent_cues;	/* country named next to a body */
	struct cues foreign;		/* other countries' office names,
					   kind = index in countries */
	char **regions;			/* the country's (borrowed) */
	size_t nregions;
	struct cues region_cues;	/* kind = index in regions */
	struct cues roles;		/* kind = enum role */
	struct wtab words;
	double neg_scope;		/* tokens a negator reaches */
	char **categories;
	size_t ncategories;
	unsigned char *cat_fallback;	/* [ncategories]: "fallback" */
	size_t nfallback;		/* categories it has flags for */
	struct cues cat_cues;		/* kind = index in categories */
	struct cues stage_cues;		/* kind = enum stage */
	struct cues not_violation;	/* sentence is not a report */
	struct cues abroad;		/* victims held abroad: country next */
	struct vmodel *vmodel;		/* violation-model.tsv, or NULL */
	struct vmodel *tmodel;		/* tonality-model.tsv, or NULL */
	struct vmodel *ttmodel;		/* target-model.tsv, or NULL */
	struct stem st;
};

/* Load the lexicons of the country folder dir (see above).  NULL with
 * "FILE:LINE:COL: cause" in e. */
struct lex *lex_load(const char *dir, struct err *e);
void lex_free(struct lex *lx);
/* Index of id in a list of n ids, or -1. */
int lex_index(char *const *ids, size_t n, const char *id);
/* Word lookup: the first entry matching the token by its exact form,
 * its stem or a prefix, or NULL. */
const struct wentry *lex_word(const struct lex *lx, const struct tok *t);

extern const char *const role_names[ROLE_N];
extern const char *const stage_names[STAGE_N];

#endif
