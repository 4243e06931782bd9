/*
 * vmodel.h - a per-category linear model of reported violations: the
 * words of a document (Snowball stems, stem bigrams, word beginnings)
 * weighed for each category and summed into a probability.  It catches
 * wordings the rules have not seen; its weights are data
 * (violation-model.tsv, written by tests/eval/eval_vmodel.c) and its
 * evidence is the words that weighed most.  The tonality model
 * (tonality-model.tsv, tmodel.c) is the same kind of file, its
 * "categories" negative and positive against neutral.
 */
#ifndef MM_VMODEL_H
#define MM_VMODEL_H

#include "text.h"
#include "common/arena.h"
#include "common/buf.h"
#include "common/err.h"

#include <stddef.h>

/* Feature kinds ("features" line of the file). */
enum vm_kinds {
	VM_STEMS = 1 << 0,	/* "взятк" */
	VM_BIGRAMS = 1 << 1,	/* "трудов рабств": next word, same sentence */
	VM_PREFIX = 1 << 2,	/* "парак*": the first 5 letters of a long
				 * word, for Kyrgyz suffix chains the
				 * Russian stemmer leaves alone */
	VM_WIDE = 1 << 3,	/* tonality: the sentences next to a
				 * mention's too, not only its own */
	VM_CUES = 1 << 4,	/* tonality: "#criticism", "#question"
				 * (tmodel.c), besides the words */
	VM_NEAR = 1 << 5,	/* tonality: the words right next to each
				 * mention again, as "n:стем" */
};

/* The tonality model against the rules (the "mix" lines): the model's
 * scores for negative and positive (neutral is 0) get off added, and
 * rules added to the class the rules chose; the highest wins. */
struct vm_mix {
	double rules, neg, pos;
};

#define VM_OFF 2.0	/* a threshold no probability reaches */

/* When the model's word counts against the rules' (all probabilities;
 * VM_OFF switches a step off).  The policy is vmodel_decide(). */
struct vm_policy {
	double none;	/* rules found nothing: add a category from here */
	double general;	/* ... and a not_violation cue matched */
	double more;	/* rules found another category: add from here */
	double veto;	/* drop a rule's category below this (0: never) */
};

struct vm_slot {
	char *key;		/* feature, malloc'd; NULL when free */
	size_t row;		/* index into w / ncat */
};

struct vmodel {
	size_t ncat;		/* as the lexicon's categories */
	unsigned kinds;		/* enum vm_kinds */
	int softmax;		/* p over the categories and "none" together
				 * (else each category against the rest) */
	struct vm_policy pol;
	struct vm_mix mix[2];	/* tonality: article, target */
	int has_mix;		/* a "mix" line was read or set */
	double *bias;		/* [ncat] */
	unsigned char *known;	/* [ncat]: 0 for a category the file does
				 * not have (p -1, no opinion) */
	double *w;		/* [nfeat * ncat] */
	size_t nfeat, afeat;
	struct vm_slot *tab;	/* open addressing, power-of-two size */
	size_t size;
};

/* One feature of a document: its key and the first token it comes
 * from (a bigram spans tok and the next kept token, tok2). */
struct vm_feat {
	const char *key;
	size_t tok, tok2;
};

struct vm_feats {
	struct vm_feat *v;
	size_t n;
};

/* The distinct features of d of the given kinds, in text order (the
 * features of one word next to each other).  Everything lives in a. */
void vmodel_features(const struct doc *d, unsigned kinds, struct arena *a,
		     struct vm_feats *out);
/* The same for the tokens i with keep[i] set (all when keep is NULL);
 * out->v has room for extra more features after them. */
void vmodel_features_of(const struct doc *d, unsigned kinds,
			const unsigned char *keep, size_t extra,
			struct arena *a, struct vm_feats *out);

/* Parse a model file's bytes (name for messages).  cats are the
 * lexicon's categories; the file must name only those.  NULL with
 * "NAME:LINE: cause" in e. */
struct vmodel *vmodel_parse(const char *name, const char *data, size_t len,
			    char *const *cats, size_t ncat, struct err *e);
/* The model as the file vmodel_parse reads (cats as there), note (comment
 * lines, may be "") after the file's own header; appended to b. */
void vmodel_write(const struct vmodel *m, char *const *cats,
		  const char *note, struct buf *b);
void vmodel_free(struct vmodel *m);

/* An empty model (all weights 0) for a trainer to fill. */
struct vmodel *vmodel_new(size_t ncat, unsigned kinds);
/* The weight row of key, added (zeroed) when add and missing; NULL when
 * missing and !add.  The row has ncat weights. */
double *vmodel_row(struct vmodel *m, const char *key, int add);

/* p[k], the probability that the document reports category k; -1 for
 * a category the model does not know. */
void vmodel_score(const struct vmodel *m, const struct vm_feats *f,
		  double *p);

/* The words of f that raise category k most: up to max indexes into
 * f->v, heaviest first, with their weights in w (a word's stem and
 * prefix summed).  Returns how many. */
size_t vmodel_why(const struct vmodel *m, const struct vm_feats *f, int k,
		  size_t *idx, double *w, size_t max);

/* The combination with the rules.  rules[k] is 1 when the rules report
 * category k, general when a not_violation cue matched.  act[k] becomes
 * 1 (the model adds k), -1 (it drops the rules' k) or 0.  other is the
 * index of "other" (-1 if none): it is never added beside a specific
 * category, as the rules do.  p[k] < 0 (unknown) changes nothing. */
void vmodel_decide(const struct vm_policy *pol, size_t ncat,
		   const double *p, const unsigned char *rules, int general,
		   int other, signed char *act);

#endif
