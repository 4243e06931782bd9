/*
 * vocab.h - the feature strings of a training corpus, each with a dense
 * id, for the model trainers (eval_vmodel, eval_tmodel): a learner sees
 * ids, the model file the strings.  Included by one program each, so
 * it defines functions.
 */
#ifndef MM_VOCAB_H
#define MM_VOCAB_H

#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct vocab {
	char **v;		/* the strings, by id */
	size_t n, alloc;
	size_t *tab, size;	/* open addressing: id + 1, 0 free */
};

static inline size_t vocab_hash(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* The id of key, added when new (a copy). */
static inline size_t vocab_id(struct vocab *vc, const char *key)
{
	size_t i;

	if (2 * (vc->n + 1) > vc->size) {
		free(vc->tab);
		vc->size = vc->size ? 2 * vc->size : 4096;
		vc->tab = xcalloc(vc->size, sizeof(*vc->tab));
		for (size_t v = 0; v < vc->n; v++) {
			i = vocab_hash(vc->v[v]) & (vc->size - 1);
			while (vc->tab[i])
				i = (i + 1) & (vc->size - 1);
			vc->tab[i] = v + 1;
		}
	}
	i = vocab_hash(key) & (vc->size - 1);
	while (vc->tab[i] && strcmp(vc->v[vc->tab[i] - 1], key))
		i = (i + 1) & (vc->size - 1);
	if (!vc->tab[i]) {
		ALLOC_GROW(vc->v, vc->n + 1, vc->alloc);
		vc->v[vc->n++] = xstrdup(key);
		vc->tab[i] = vc->n;
	}
	return vc->tab[i] - 1;
}

static inline void vocab_release(struct vocab *vc)
{
	for (size_t v = 0; v < vc->n; v++)
		free(vc->v[v]);
	free(vc->v);
	free(vc->tab);
	memset(vc, 0, sizeof(*vc));
}

#endif
