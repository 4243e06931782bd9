/*
 * vmodel.c - the violation model: a document's features, the model file
 * (violation-model.tsv), scoring, the words behind a score and the
 * policy that combines the model with the rules.
 */
#include "vmodel.h"
#include "common/buf.h"
#include "common/xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX_LEN 5	/* letters kept by a VM_PREFIX feature */
#define PREFIX_MIN 7	/* ... of words at least this long */

static uint64_t fnv(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* Code points in s (UTF-8 continuation bytes are not counted). */
static size_t ncp(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Bytes of the first n code points of s. */
static size_t cp_bytes(const char *s, size_t n)
{
	size_t i = 0;

	while (s[i] && n) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}

/* A word worth a feature: not a number, two letters or more. */
static int kept(const struct tok *t)
{
	return !(t->flags & TOK_DIGIT) && ncp(t->stem) >= 2;
}

/* ---- the document's features ---- */

struct fset {
	struct vm_feats *out;
	const char **seen;	/* open addressing over keys */
	size_t size;
	struct arena *a;
};

static void fset_add(struct fset *s, const char *key, size_t tok,
		     size_t tok2)
{
	size_t i = (size_t)fnv(key) & (s->size - 1);

	while (s->seen[i]) {
		if (!strcmp(s->seen[i], key))
			return;
		i = (i + 1) & (s->size - 1);
	}
	s->seen[i] = key;
	s->out->v[s->out->n++] = (struct vm_feat){ key, tok, tok2 };
}

void vmodel_features_of(const struct doc *d, unsigned kinds,
			const unsigned char *keep, size_t extra,
			struct arena *a, struct vm_feats *out)
{
	struct fset s = { out, NULL, 16, a };
	size_t prev = (size_t)-1;

	/* at most three features per token; the table stays half empty */
	while (s.size < 6 * d->ntok + 2)
		s.size *= 2;
	s.seen = arena_alloc(a, s.size * sizeof(*s.seen));
	out->v = arena_alloc(a, (3 * d->ntok + extra + 1) * sizeof(*out->v));
	out->n = 0;
	for (size_t i = 0; i < d->ntok; i++) {
		const struct tok *t = &d->tok[i];

		if (!kept(t) || (keep && !keep[i]))
			continue;
		if (kinds & VM_STEMS)
			fset_add(&s, t->stem, i, i);
		if ((kinds & VM_BIGRAMS) && prev != (size_t)-1 &&
		    d->tok[prev].sent == t->sent) {
			const char *p = d->tok[prev].stem;
			size_t pl = strlen(p), tl = strlen(t->stem);
			char *k = arena_alloc(a, pl + tl + 2);

			memcpy(k, p, pl);
			k[pl] = ' ';
			memcpy(k + pl + 1, t->stem, tl);
			fset_add(&s, k, prev, i);
		}
		if ((kinds & VM_PREFIX) && ncp(t->low) >= PREFIX_MIN) {
			size_t n = cp_bytes(t->low, PREFIX_LEN);
			char *k = arena_alloc(a, n + 2);

			memcpy(k, t->low, n);
			k[n] = '*';
			fset_add(&s, k, i, i);
		}
		prev = i;
	}
}

void vmodel_features(const struct doc *d, unsigned kinds, struct arena *a,
		     struct vm_feats *out)
{
	vmodel_features_of(d, kinds, NULL, 0, a, out);
}

/* ---- the model ---- */

static size_t slot(const struct vmodel *m, const char *key)
{
	size_t i = (size_t)fnv(key) & (m->size - 1);

	while (m->tab[i].key && strcmp(m->tab[i].key, key))
		i = (i + 1) & (m->size - 1);
	return i;
}

static void grow(struct vmodel *m)
{
	struct vm_slot *old = m->tab;
	size_t osize = m->size;

	m->size = osize ? osize * 2 : 1024;
	m->tab = xcalloc(m->size, sizeof(*m->tab));
	for (size_t i = 0; i < osize; i++)
		if (old[i].key)
			m->tab[slot(m, old[i].key)] = old[i];
	free(old);
}

struct vmodel *vmodel_new(size_t ncat, unsigned kinds)
{
	struct vmodel *m = xcalloc(1, sizeof(*m));

	m->ncat = ncat;
	m->kinds = kinds;
	m->bias = xcalloc(ncat + 1, sizeof(*m->bias));
	m->known = xmalloc(ncat + 1);
	memset(m->known, 1, ncat + 1);
	m->pol = (struct vm_policy){ VM_OFF, VM_OFF, VM_OFF, 0 };
	grow(m);
	return m;
}

void vmodel_free(struct vmodel *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->size; i++)
		free(m->tab[i].key);
	free(m->tab);
	free(m->w);
	free(m->bias);
	free(m->known);
	free(m);
}

double *vmodel_row(struct vmodel *m, const char *key, int add)
{
	size_t i = slot(m, key);

	if (!m->tab[i].key) {
		if (!add)
			return NULL;
		if (2 * (m->nfeat + 1) > m->size) {
			grow(m);
			i = slot(m, key);
		}
		ALLOC_GROW(m->w, (m->nfeat + 1) * m->ncat, m->afeat);
		memset(m->w + m->nfeat * m->ncat, 0,
		       m->ncat * sizeof(*m->w));
		m->tab[i].key = xstrdup(key);
		m->tab[i].row = m->nfeat++;
	}
	return m->w + m->tab[i].row * m->ncat;
}

static const double *row_of(const struct vmodel *m, const char *key)
{
	size_t i = slot(m, key);

	return m->tab[i].key ? m->w + m->tab[i].row * m->ncat : NULL;
}

void vmodel_score(const struct vmodel *m, const struct vm_feats *f,
		  double *p)
{
	for (size_t k = 0; k < m->ncat; k++)
		p[k] = m->bias[k];
	for (size_t i = 0; i < f->n; i++) {
		const double *r = row_of(m, f->v[i].key);

		for (size_t k = 0; r && k < m->ncat; k++)
			p[k] += r[k];
	}
	if (!m->softmax) {
		for (size_t k = 0; k < m->ncat; k++)
			p[k] = m->known[k] ? 1 / (1 + exp(-p[k])) : -1;
		return;
	}
	/* "none" scores 0; shift by the largest score against overflow */
	double max = 0, sum;

	for (size_t k = 0; k < m->ncat; k++)
		if (m->known[k] && p[k] > max)
			max = p[k];
	sum = exp(-max);
	for (size_t k = 0; k < m->ncat; k++) {
		p[k] = m->known[k] ? exp(p[k] - max) : 0;
		sum += p[k];
	}
	for (size_t k = 0; k < m->ncat; k++)
		p[k] = m->known[k] ? p[k] / sum : -1;
}

size_t vmodel_why(const struct vmodel *m, const struct vm_feats *f, int k,
		  size_t *idx, double *w, size_t max)
{
	double *c = xcalloc(f->n + 1, sizeof(*c));
	size_t n = 0;

	/* what each feature adds; a word's stem and prefix are one piece
	 * of evidence (they are listed next to each other) */
	for (size_t i = 0; i < f->n; i++) {
		const double *r = row_of(m, f->v[i].key);

		c[i] = r ? r[k] : 0;
		for (size_t j = i > 3 ? i - 3 : 0; j < i && c[i]; j++)
			if (f->v[j].tok == f->v[i].tok &&
			    f->v[j].tok2 == f->v[i].tok2 && c[j]) {
				c[j] += c[i];
				c[i] = 0;
			}
	}
	for (size_t i = 0; i < f->n && max; i++) {
		size_t j;

		if (c[i] <= 0)
			continue;
		/* insertion into the top max, heaviest first */
		if (n < max)
			n++;
		else if (c[i] <= w[n - 1])
			continue;
		for (j = n - 1; j > 0 && w[j - 1] < c[i]; j--) {
			w[j] = w[j - 1];
			idx[j] = idx[j - 1];
		}
		w[j] = c[i];
		idx[j] = i;
	}
	free(c);
	return n;
}

void vmodel_decide(const struct vm_policy *pol, size_t ncat,
		   const double *p, const unsigned char *rules, int general,
		   int other, signed char *act)
{
	int any = 0, specific = 0;

	/* Vetoes first: a text whose every rule category the model
	 * refuses is one where the rules found nothing it believes, and
	 * gets the thresholds of a text where they found nothing (the
	 * rules' "children" for benefits not paid to disabled children,
	 * which the convention calls "other"). */
	for (size_t k = 0; k < ncat; k++) {
		act[k] = rules[k] && p[k] >= 0 && p[k] < pol->veto ? -1 : 0;
		any |= rules[k] && !act[k];
	}
	for (size_t k = 0; k < ncat; k++) {
		double from = !any ? (general ? pol->general : pol->none) :
				     pol->more;

		if (!rules[k] && p[k] >= from)
			act[k] = 1;
		if (act[k] >= 0 && (rules[k] || act[k]) && (int)k != other)
			specific = 1;
	}
	/* "other" is what no specific category covers */
	if (other >= 0 && specific && act[other] == 1)
		act[other] = 0;
}

/* ---- the file ----
 *
 *   # comment
 *   features	stems bigrams prefix
 *   output	sigmoid|softmax
 *   threshold	none|general|more|veto	P        (or "off")
 *   categories	corruption	torture	...         (the columns below)
 *   bias	W	W	...
 *   word	FEATURE	W	W	...
 */

#define MAX_FIELDS 66

struct pline {
	const char *name;
	int line;
	struct err *e;
	int col[MAX_FIELDS];	/* column -> category; ncol 0: none yet */
	size_t ncol;
};

/* Split s at tabs into at most max fields (NUL-terminated in place). */
static size_t fields(char *s, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = s;
	for (; *s && n < max; s++)
		if (*s == '\t') {
			*s = '\0';
			f[n++] = s + 1;
		}
	return n;
}

static int number(const struct pline *pl, const char *s, double *out)
{
	char *end;

	if (!strcmp(s, "off")) {
		*out = VM_OFF;
		return 0;
	}
	errno = 0;
	*out = strtod(s, &end);
	if (end == s || *end || errno || !isfinite(*out))
		return err_set(pl->e, "%s:%d: '%s' is not a number", pl->name,
			       pl->line, s);
	return 0;
}

static int parse_kinds(const struct pline *pl, char *s, unsigned *kinds)
{
	static const char *const names[] = { "stems", "bigrams", "prefix",
					     "wide", "cues", "near" };

	*kinds = 0;
	for (char *w = s, *next; *w; w = next) {
		size_t n = strcspn(w, " "), k;

		next = w[n] ? w + n + 1 : w + n;
		w[n] = '\0';
		for (k = 0; k < ARRAY_SIZE(names); k++)
			if (!strcmp(names[k], w))
				break;
		if (k == ARRAY_SIZE(names))
			return err_set(pl->e, "%s:%d: unknown feature kind "
				       "'%s'", pl->name, pl->line, w);
		*kinds |= 1u << k;
	}
	return 0;
}

/* The "categories" line: which lexicon category each column is.  A
 * category the lexicon no longer has is an error (retrain); one the
 * model does not know yet is left to the rules. */
static int parse_cats(struct vmodel *m, struct pline *pl, char **f,
		      size_t n, char *const *cats)
{
	if (pl->ncol)
		return err_set(pl->e, "%s:%d: a second 'categories' line",
			       pl->name, pl->line);
	for (size_t i = 1; i < n; i++) {
		size_t k;

		for (k = 0; k < m->ncat; k++)
			if (!strcmp(cats[k], f[i]))
				break;
		if (k == m->ncat)
			return err_set(pl->e, "%s:%d: category '%s' is not in "
				       "violations.yaml (retrain the model: "
				       "make vmodel)", pl->name, pl->line,
				       f[i]);
		if (m->known[k])
			return err_set(pl->e, "%s:%d: category '%s' twice",
				       pl->name, pl->line, f[i]);
		m->known[k] = 1;
		pl->col[i - 1] = (int)k;
	}
	pl->ncol = n - 1;
	return 0;
}

/* The numbers of a "bias" or "word" line, one per category column. */
static int parse_row(const struct pline *pl, char **f, size_t n,
		     double *row)
{
	if (!pl->ncol)
		return err_set(pl->e, "%s:%d: weights before the "
			       "'categories' line", pl->name, pl->line);
	if (n != pl->ncol)
		return err_set(pl->e, "%s:%d: %zu weights for %zu categories",
			       pl->name, pl->line, n, pl->ncol);
	for (size_t i = 0; i < n; i++)
		if (number(pl, f[i], &row[pl->col[i]]) < 0)
			return -1;
	return 0;
}

/* "mix article|target RULES NEG POS" (struct vm_mix). */
static int parse_mix(struct vmodel *m, const struct pline *pl, char **f)
{
	struct vm_mix *x;

	if (!strcmp(f[1], "article"))
		x = &m->mix[0];
	else if (!strcmp(f[1], "target"))
		x = &m->mix[1];
	else
		return err_set(pl->e, "%s:%d: mix is 'article' or 'target'",
			       pl->name, pl->line);
	m->has_mix = 1;
	if (number(pl, f[2], &x->rules) < 0 || number(pl, f[3], &x->neg) < 0 ||
	    number(pl, f[4], &x->pos) < 0)
		return -1;
	return 0;
}

static int parse_line(struct vmodel *m, struct pline *pl, char *s,
		      char *const *cats)
{
	char *f[MAX_FIELDS];
	size_t n = fields(s, f, MAX_FIELDS);

	if (n == MAX_FIELDS)
		return err_set(pl->e, "%s:%d: more than %d fields", pl->name,
			       pl->line, MAX_FIELDS - 1);
	if (!strcmp(f[0], "features") && n == 2)
		return parse_kinds(pl, f[1], &m->kinds);
	if (!strcmp(f[0], "output") && n == 2) {
		if (strcmp(f[1], "sigmoid") && strcmp(f[1], "softmax"))
			return err_set(pl->e, "%s:%d: output is 'sigmoid' or "
				       "'softmax'", pl->name, pl->line);
		m->softmax = !strcmp(f[1], "softmax");
		return 0;
	}
	if (!strcmp(f[0], "threshold") && n == 3) {
		static const char *const names[] = { "none", "general",
						     "more", "veto" };
		double *at[] = { &m->pol.none, &m->pol.general,
				 &m->pol.more, &m->pol.veto };

		for (size_t i = 0; i < ARRAY_SIZE(names); i++)
			if (!strcmp(names[i], f[1]))
				return number(pl, f[2], at[i]);
		return err_set(pl->e, "%s:%d: unknown threshold '%s'",
			       pl->name, pl->line, f[1]);
	}
	if (!strcmp(f[0], "mix") && n == 5)
		return parse_mix(m, pl, f);
	if (!strcmp(f[0], "categories"))
		return parse_cats(m, pl, f, n, cats);
	if (!strcmp(f[0], "bias"))
		return parse_row(pl, f + 1, n - 1, m->bias);
	if (!strcmp(f[0], "word") && n >= 2 && *f[1]) {
		if (pl->ncol && vmodel_row(m, f[1], 0))
			return err_set(pl->e, "%s:%d: word '%s' twice",
				       pl->name, pl->line, f[1]);
		return parse_row(pl, f + 2, n - 2,
				 pl->ncol ? vmodel_row(m, f[1], 1) : NULL);
	}
	return err_set(pl->e, "%s:%d: expected 'features', 'output', "
		       "'threshold', 'mix', 'categories', 'bias' or 'word' "
		       "and its fields", pl->name, pl->line);
}

struct vmodel *vmodel_parse(const char *name, const char *data, size_t len,
			    char *const *cats, size_t ncat, struct err *e)
{
	struct vmodel *m = vmodel_new(ncat, 0);
	struct pline pl = { name, 0, e, { 0 }, 0 };
	char *copy = xstrndup(data, len), *p = copy;

	memset(m->known, 0, ncat);
	while (*p) {
		size_t n = strcspn(p, "\n");
		int more = p[n] != '\0';

		pl.line++;
		p[n] = '\0';
		if (n && p[n - 1] == '\r')
			p[n - 1] = '\0';
		if (*p && *p != '#' && parse_line(m, &pl, p, cats) < 0) {
			vmodel_free(m);
			m = NULL;
			break;
		}
		p += n + more;
	}
	if (m && (!m->kinds || !pl.ncol)) {
		err_set(e, "%s: no '%s' line", name,
			m->kinds ? "categories" : "features");
		vmodel_free(m);
		m = NULL;
	}
	free(copy);
	return m;
}

static void put_threshold(struct buf *b, const char *name, double v)
{
	if (v >= VM_OFF)
		buf_addf(b, "threshold\t%s\toff\n", name);
	else
		buf_addf(b, "threshold\t%s\t%.2f\n", name, v);
}

/* qsort context: the model and each slot's heaviest weight */
static const struct vmodel *sort_model;
static const double *sort_top;

/* heaviest first, then by key, so the file is stable */
static int by_weight(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_top[x] != sort_top[y])
		return sort_top[x] < sort_top[y] ? 1 : -1;
	return strcmp(sort_model->tab[x].key, sort_model->tab[y].key);
}

void vmodel_write(const struct vmodel *m, char *const *cats,
		  const char *note, struct buf *b)
{
	size_t n = 0, *rows = xmalloc((m->nfeat + 1) * sizeof(*rows));
	double *top = xmalloc((m->size + 1) * sizeof(*top));

	if (m->has_mix)
		buf_addf(b, "# tonality-model.tsv - the tonality model "
			 "(analyzer/tmodel.c): negative and\n# positive "
			 "against neutral, a bias and a weight for each "
			 "feature; written\n# by `make tmodel` "
			 "(tests/eval/eval_tmodel.c), not by hand.\n%s", note);
	else
		buf_addf(b, "# violation-model.tsv - the violation model "
			 "(analyzer/vmodel.h): per category, a\n# bias and a "
			 "weight for each word; written by `make vmodel`\n# "
			 "(tests/eval/eval_vmodel.c), not by hand.\n%s", note);
	buf_addf(b, "features\t%s%s%s%s%s%s\n",
		 m->kinds & VM_STEMS ? "stems" : "",
		 m->kinds & VM_BIGRAMS ? " bigrams" : "",
		 m->kinds & VM_PREFIX ? " prefix" : "",
		 m->kinds & VM_WIDE ? " wide" : "",
		 m->kinds & VM_CUES ? " cues" : "",
		 m->kinds & VM_NEAR ? " near" : "");
	buf_addf(b, "output\t%s\n", m->softmax ? "softmax" : "sigmoid");
	if (m->has_mix) {
		for (int i = 0; i < 2; i++)
			buf_addf(b, "mix\t%s\t%.3f\t%.3f\t%.3f\n",
				 i ? "target" : "article", m->mix[i].rules,
				 m->mix[i].neg, m->mix[i].pos);
	} else {
		put_threshold(b, "none", m->pol.none);
		put_threshold(b, "general", m->pol.general);
		put_threshold(b, "more", m->pol.more);
		put_threshold(b, "veto", m->pol.veto);
	}
	buf_adds(b, "categories");
	for (size_t k = 0; k < m->ncat; k++)
		if (m->known[k])
			buf_addf(b, "\t%s", cats[k]);
	buf_adds(b, "\nbias");
	for (size_t k = 0; k < m->ncat; k++)
		if (m->known[k])
			buf_addf(b, "\t%.4g", m->bias[k]);
	buf_adds(b, "\n");
	/* words by their heaviest weight: the file reads from what
	 * matters most */
	for (size_t s = 0; s < m->size; s++) {
		if (!m->tab[s].key)
			continue;
		top[s] = -HUGE_VAL;
		for (size_t k = 0; k < m->ncat; k++)
			if (m->w[m->tab[s].row * m->ncat + k] > top[s])
				top[s] = m->w[m->tab[s].row * m->ncat + k];
		rows[n++] = s;
	}
	sort_model = m;
	sort_top = top;
	qsort(rows, n, sizeof(*rows), by_weight);
	for (size_t i = 0; i < n; i++) {
		const struct vm_slot *s = &m->tab[rows[i]];

		buf_addf(b, "word\t%s", s->key);
		for (size_t k = 0; k < m->ncat; k++)
			if (m->known[k])
				buf_addf(b, "\t%.4g",
					 m->w[s->row * m->ncat + k]);
		buf_adds(b, "\n");
	}
	free(rows);
	free(top);
}
