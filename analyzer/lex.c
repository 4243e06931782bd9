/*
 * lex.c - load and check the lexicons of one country: its folder
 * (country.yaml, office.yaml, regions.yaml), the shared folder beside it
 * (languages, countries, tonality, violations, which the country's folder
 * may add to), and the other countries' office names.  Each file is a
 * YAML map of sections; patterns may use {MACRO}s defined in the file's
 * "macros" map.  Every error names FILE:LINE:COL.
 */
#include "lex.h"
#include "vmodel.h"
#include "common/buf.h"
#include "common/fileio.h"
#include "common/paths.h"
#include "common/xalloc.h"
#include "common/yml.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEX_FILE_CAP (4 << 20)
#define MACRO_DEPTH 8

const char *const role_names[ROLE_N] = {
	"credit", "intervention", "praise", "criticism", "court_against",
	"wrongdoing", "procedure", "negative_event", "against", "in_favour",
};

const char *const stage_names[STAGE_N] = { "alleged", "acting", "decided" };

static const char *const mention_kinds[] = { "office", "staff" };

/* What the loaders of one file share. */
struct lctx {
	struct lex *lx;
	const char *name;	/* file name for messages */
	const struct yml *macros;
	struct err *e;
	int country;		/* another country's gazetteer: its index */
};

/* ---- word table ---- */

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

#define FNV_INIT 1469598103934665603ULL

static size_t wslot(const struct wtab *t, const char *key, size_t n,
		    unsigned how)
{
	size_t i = (size_t)fnv(key, n, FNV_INIT + how) & (t->size - 1);

	while (t->v[i].key && (t->v[i].how != how ||
			       strlen(t->v[i].key) != n ||
			       memcmp(t->v[i].key, key, n)))
		i = (i + 1) & (t->size - 1);
	return i;
}

static void wtab_grow(struct wtab *t)
{
	struct wtab old = *t;

	t->size = old.size ? old.size * 2 : 256;
	t->v = xcalloc(t->size, sizeof(*t->v));
	for (size_t i = 0; i < old.size; i++) {
		struct wentry *o = &old.v[i];

		if (o->key)
			t->v[wslot(t, o->key, strlen(o->key), o->how)] = *o;
	}
	free(old.v);
}

/* Add or replace (a later entry for the same key wins). */
static void wtab_put(struct wtab *t, const char *key, unsigned how,
		     unsigned cls, double weight)
{
	size_t i, n = strlen(key);

	if ((t->n + 1) * 2 > t->size)
		wtab_grow(t);
	i = wslot(t, key, n, how);
	if (!t->v[i].key) {
		t->v[i].key = xstrdup(key);
		t->n++;
	}
	t->v[i].how = (unsigned char)how;
	t->v[i].cls = (unsigned char)cls;
	t->v[i].weight = weight;
	if (how == W_PREFIX && n > t->max_prefix)
		t->max_prefix = n;
}

static const struct wentry *wtab_get(const struct wtab *t, const char *key,
				     size_t n, unsigned how)
{
	size_t i;

	if (!t->size)
		return NULL;
	i = wslot(t, key, n, how);
	return t->v[i].key ? &t->v[i] : NULL;
}

const struct wentry *lex_word(const struct lex *lx, const struct tok *t)
{
	const struct wentry *w;
	size_t n = strlen(t->low);

	w = wtab_get(&lx->words, t->low, n, W_EXACT);
	if (w)
		return w;
	w = wtab_get(&lx->words, t->stem, strlen(t->stem), W_STEM);
	if (w)
		return w;
	/* Longest prefix first, on character boundaries. */
	for (size_t k = n < lx->words.max_prefix ? n : lx->words.max_prefix;
	     k >= 2; k--) {
		if (((unsigned char)t->low[k] & 0xc0) == 0x80)
			continue;
		w = wtab_get(&lx->words, t->low, k, W_PREFIX);
		if (w)
			return w;
	}
	return NULL;
}

/* ---- patterns ---- */

/* Expand {NAME} macros into out; -1 with a message for unknown ones. */
static int expand(struct lctx *c, const struct yml *at, const char *pat,
		  struct buf *out, int depth)
{
	const char *p = pat;

	if (depth > MACRO_DEPTH)
		return yml_error(c->e, c->name, at, "macros nest too deep");
	while (*p) {
		const char *q = p + 1;

		if (*p != '{' || !(*q >= 'A' && *q <= 'Z')) {
			buf_addch(out, *p++);
			continue;
		}
		while ((*q >= 'A' && *q <= 'Z') || *q == '_' ||
		       (*q >= '0' && *q <= '9'))
			q++;
		if (*q != '}') {
			buf_addch(out, *p++);
			continue;
		}
		char name[64];
		const struct yml *m;

		snprintf(name, sizeof(name), "%.*s", (int)(q - p - 1), p + 1);
		m = yml_get(c->macros, name);
		if (!m || m->type != YML_SCALAR)
			return yml_error(c->e, c->name, at,
					 "unknown macro '%s'", name);
		buf_adds(out, "(?:");
		if (expand(c, at, m->str, out, depth + 1) < 0)
			return -1;
		buf_addch(out, ')');
		p = q + 1;
	}
	return 0;
}

static int add_cue(struct lctx *c, struct cues *cs, const struct yml *at,
		   const char *pattern, const char *id, double weight,
		   int kind)
{
	struct buf b = BUF_INIT;
	struct err pe;
	struct rx *rx;
	struct cue *cue;

	if (expand(c, at, pattern, &b, 0) < 0) {
		buf_release(&b);
		return -1;
	}
	rx = rx_compile(b.data, &pe);
	buf_release(&b);
	if (!rx)
		return yml_error(c->e, c->name, at, "%s", pe.msg);
	ALLOC_GROW(cs->v, cs->n + 1, cs->alloc);
	cue = &cs->v[cs->n++];
	cue->rx = rx;
	cue->id = xstrdup(id);
	cue->weight = weight;
	cue->kind = kind;
	cue->line = at->line;
	cue->col = at->col;
	return 0;
}

static void cues_free(struct cues *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		rx_free(cs->v[i].rx);
		free(cs->v[i].id);
	}
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

static int scalar(struct lctx *c, const struct yml *y, const char *what)
{
	if (!y || y->type != YML_SCALAR)
		return yml_error(c->e, c->name, y, "%s must be a string",
				 what);
	return 0;
}

/*
 * A list of cues.  Each entry is a pattern string, or a map with
 * pattern|patterns, and optionally id, weight and kind (a name looked up
 * in kinds[nkinds]).  The defaults come from the caller.
 */
static int load_cues(struct lctx *c, const struct yml *list, struct cues *cs,
		     const char *id, double weight, int kind,
		     const char *const *kinds, int nkinds)
{
	if (!list)
		return 0;
	if (list->type != YML_SEQ)
		return yml_error(c->e, c->name, list, "expected a list");
	for (size_t i = 0; i < list->n; i++) {
		const struct yml *it = list->kids[i], *pats;
		const char *eid = id;
		double w = weight;
		int k = kind;

		if (it->type == YML_SCALAR) {
			if (add_cue(c, cs, it, it->str, id, w, k) < 0)
				return -1;
			continue;
		}
		if (it->type != YML_MAP)
			return yml_error(c->e, c->name, it,
					 "expected a pattern or a map");
		for (size_t j = 0; j < it->n; j++) {
			const char *key = it->keys[j];
			const struct yml *v = it->kids[j];

			if (!strcmp(key, "id")) {
				if (scalar(c, v, "id") < 0)
					return -1;
				eid = v->str;
			} else if (!strcmp(key, "weight")) {
				if (yml_number(c->name, v, &w, c->e) < 0)
					return -1;
			} else if (!strcmp(key, "kind") && kinds) {
				if (scalar(c, v, "kind") < 0)
					return -1;
				k = -1;
				for (int n = 0; n < nkinds; n++)
					if (!strcmp(kinds[n], v->str))
						k = n;
				if (k < 0)
					return yml_error(c->e, c->name, v,
							 "unknown kind '%s'",
							 v->str);
			} else if (strcmp(key, "pattern") &&
				   strcmp(key, "patterns")) {
				return yml_error(c->e, c->name, v,
						 "unrecognized key '%s'", key);
			}
		}
		pats = yml_get(it, "pattern");
		if (pats) {
			if (scalar(c, pats, "pattern") < 0 ||
			    add_cue(c, cs, pats, pats->str, eid, w, k) < 0)
				return -1;
		}
		pats = yml_get(it, "patterns");
		if (pats && pats->type != YML_SEQ)
			return yml_error(c->e, c->name, pats,
					 "patterns must be a list");
		for (size_t j = 0; pats && j < pats->n; j++)
			if (scalar(c, pats->kids[j], "pattern") < 0 ||
			    add_cue(c, cs, pats->kids[j], pats->kids[j]->str,
				    eid, w, k) < 0)
				return -1;
		if (!yml_get(it, "pattern") && !pats)
			return yml_error(c->e, c->name, it,
					 "entry has no pattern");
	}
	return 0;
}

/* A map of NAME: cue list, each name becoming an index in *ids (or, with
 * fixed names, one of them).  id prefix: section. */
static int load_named(struct lctx *c, const struct yml *map,
		      const char *section, struct cues *cs, char ***ids,
		      size_t *nids, const char *const *fixed, int nfixed)
{
	struct buf id = BUF_INIT;
	int ret = -1;

	if (!map)
		return 0;
	if (map->type != YML_MAP)
		return yml_error(c->e, c->name, map, "%s must be a map",
				 section);
	for (size_t i = 0; i < map->n; i++) {
		int k = -1;

		if (fixed) {
			for (int j = 0; j < nfixed; j++)
				if (!strcmp(fixed[j], map->keys[i]))
					k = j;
			if (k < 0) {
				err_set(c->e, "%s:%d:%d: unknown %s '%s'",
					c->name, map->key_line[i],
					map->key_col[i], section,
					map->keys[i]);
				goto out;
			}
		} else {
			k = lex_index(*ids, *nids, map->keys[i]);
			if (k < 0) {
				*ids = xrealloc(*ids,
						(*nids + 1) * sizeof(**ids));
				(*ids)[*nids] = xstrdup(map->keys[i]);
				k = (int)(*nids)++;
			}
		}
		buf_reset(&id);
		buf_addf(&id, "%s.%s", section, map->keys[i]);
		if (load_cues(c, map->kids[i], cs, id.data, 1.0, k, NULL,
			      0) < 0)
			goto out;
	}
	ret = 0;
out:
	buf_release(&id);
	return ret;
}

/* Word lists: terms are "word" (its stem), "word*" (prefix), "=word". */
static int add_terms(struct lctx *c, const struct yml *list, unsigned cls,
		     double weight)
{
	struct arena a = ARENA_INIT;

	if (!list)
		return 0;
	if (list->type != YML_SEQ)
		return yml_error(c->e, c->name, list, "expected a list");
	for (size_t i = 0; i < list->n; i++) {
		const struct yml *t = list->kids[i];
		const char *s;
		char *low;
		size_t n;
		unsigned how = W_STEM;

		if (scalar(c, t, "term") < 0) {
			arena_release(&a);
			return -1;
		}
		s = t->str;
		n = strlen(s);
		if (n && s[0] == '=') {
			how = W_EXACT;
			s++;
			n--;
		} else if (n && s[n - 1] == '*') {
			how = W_PREFIX;
			n--;
		}
		if (!n || memchr(s, ' ', n)) {
			arena_release(&a);
			return yml_error(c->e, c->name, t,
					 "'%s' is not a single word", t->str);
		}
		low = text_fold(&a, s, n);
		if (how == W_STEM)
			low = (char *)stem_word(&c->lx->st, low, strlen(low),
						&a);
		wtab_put(&c->lx->words, low, how, cls, weight);
	}
	arena_release(&a);
	return 0;
}

/* Refuse keys a file does not know: a typo must not pass silently. */
static int known_keys(struct lctx *c, const struct yml *root,
		      const char *const *keys)
{
	if (root->type != YML_MAP)
		return yml_error(c->e, c->name, root,
				 "the file must be a map of sections");
	for (size_t i = 0; i < root->n; i++) {
		int ok = 0;

		for (size_t j = 0; keys[j]; j++)
			if (!strcmp(keys[j], root->keys[i]))
				ok = 1;
		if (!ok)
			return err_set(c->e, "%s:%d:%d: unrecognized section "
				       "'%s'", c->name, root->key_line[i],
				       root->key_col[i], root->keys[i]);
	}
	return 0;
}

/* ---- the files ---- */

static int load_office(struct lctx *c, const struct yml *root)
{
	static const char *const keys[] = { "macros", "mentions", "staff",
					    "exclude", NULL };
	struct lex *lx = c->lx;

	if (known_keys(c, root, keys) < 0 ||
	    load_cues(c, yml_get(root, "mentions"), &lx->mentions,
		      "office", 1.0, MK_OFFICE, mention_kinds, 2) < 0 ||
	    load_cues(c, yml_get(root, "staff"), &lx->staff, "staff", 1.0,
		      0, NULL, 0) < 0 ||
	    load_cues(c, yml_get(root, "exclude"), &lx->exclude, "exclude",
		      1.0, 0, NULL, 0) < 0)
		return -1;
	if (!lx->mentions.n)
		return yml_error(c->e, c->name, root, "no mention patterns");
	return 0;
}

static int load_countries(struct lctx *c, const struct yml *root)
{
	static const char *const keys[] = { "macros", "countries", "adjacent",
					    NULL };
	struct lex *lx = c->lx;

	if (known_keys(c, root, keys) < 0 ||
	    load_named(c, yml_get(root, "countries"), "country",
		       &lx->country_cues, &lx->countries, &lx->ncountries,
		       NULL, 0) < 0 ||
	    load_named(c, yml_get(root, "adjacent"), "adjacent",
		       &lx->adjacent_cues, &lx->countries, &lx->ncountries,
		       NULL, 0) < 0)
		return -1;
	return 0;
}

/* The gazetteer of the regions country.yaml lists, each of which must
 * have one (a region never found would never be reported). */
static int load_regions(struct lctx *c, const struct yml *root)
{
	static const char *const keys[] = { "macros", "regions", NULL };
	struct lex *lx = c->lx;
	const struct yml *list = yml_get(lx->country.root, "regions");

	if (known_keys(c, root, keys) < 0 ||
	    load_named(c, yml_get(root, "regions"), "region",
		       &lx->region_cues, NULL, NULL,
		       (const char *const *)lx->regions, (int)lx->nregions) < 0)
		return -1;
	for (size_t k = 0; k < lx->nregions; k++) {
		size_t i;

		for (i = 0; i < lx->region_cues.n; i++)
			if (lx->region_cues.v[i].kind == (int)k)
				break;
		if (i == lx->region_cues.n)
			return yml_key_error(c->e, lx->country.path, list, k,
					     "region '%s' has no patterns in "
					     "'%s'", lx->regions[k], c->name);
	}
	return 0;
}

static int load_tonality(struct lctx *c, const struct yml *root)
{
	static const char *const keys[] = { "macros", "negators", "scope",
		"intensifiers", "contrast", "concessive", "words", "roles",
		NULL };
	const struct yml *y;
	struct lex *lx = c->lx;

	if (known_keys(c, root, keys) < 0)
		return -1;
	y = yml_get(root, "scope");
	if (y && yml_number(c->name, y, &lx->neg_scope, c->e) < 0)
		return -1;
	if (add_terms(c, yml_get(root, "negators"), WC_NEGATOR, -1) < 0 ||
	    add_terms(c, yml_get(root, "contrast"), WC_CONTRAST, 0) < 0 ||
	    add_terms(c, yml_get(root, "concessive"), WC_CONCESSIVE, 0) < 0)
		return -1;
	y = yml_get(root, "intensifiers");
	if (y && y->type != YML_SEQ)
		return yml_error(c->e, c->name, y, "expected a list");
	for (size_t i = 0; y && i < y->n; i++) {
		const struct yml *g = y->kids[i], *f = yml_get(g, "factor");
		double v;

		if (g->type != YML_MAP || !f)
			return yml_error(c->e, c->name, g,
					 "expected {factor: N, terms: [...]}");
		if (yml_number(c->name, f, &v, c->e) < 0 ||
		    add_terms(c, yml_get(g, "terms"), WC_INTENS, v) < 0)
			return -1;
	}
	y = yml_get(root, "words");
	if (y && y->type != YML_SEQ)
		return yml_error(c->e, c->name, y, "expected a list");
	for (size_t i = 0; y && i < y->n; i++) {
		const struct yml *g = y->kids[i], *w = yml_get(g, "weight");
		double f;

		if (g->type != YML_MAP || !w)
			return yml_error(c->e, c->name, g,
					 "expected {weight: N, terms: [...]}");
		if (yml_number(c->name, w, &f, c->e) < 0 ||
		    add_terms(c, yml_get(g, "terms"), WC_POLAR, f) < 0)
			return -1;
	}
	return load_named(c, yml_get(root, "roles"), "role", &lx->roles,
			  NULL, NULL, role_names, ROLE_N);
}

static int load_violations(struct lctx *c, const struct yml *root)
{
	static const char *const keys[] = { "macros", "categories", "stages",
		"not_violation", "abroad", "fallback", NULL };
	struct lex *lx = c->lx;
	const struct yml *fb;

	if (known_keys(c, root, keys) < 0 ||
	    load_named(c, yml_get(root, "categories"), "category",
		       &lx->cat_cues, &lx->categories, &lx->ncategories,
		       NULL, 0) < 0 ||
	    load_named(c, yml_get(root, "stages"), "stage", &lx->stage_cues,
		       NULL, NULL, stage_names, STAGE_N) < 0 ||
	    load_cues(c, yml_get(root, "not_violation"), &lx->not_violation,
		      "not_violation", 1.0, 0, NULL, 0) < 0 ||
	    load_cues(c, yml_get(root, "abroad"), &lx->abroad, "abroad", 1.0,
		      0, NULL, 0) < 0)
		return -1;
	/* one flag per category, the ones this file adds at 0 */
	lx->cat_fallback = xrealloc(lx->cat_fallback, lx->ncategories + 1);
	memset(lx->cat_fallback + lx->nfallback, 0,
	       lx->ncategories + 1 - lx->nfallback);
	lx->nfallback = lx->ncategories;
	fb = yml_get(root, "fallback");
	if (fb && fb->type != YML_SEQ)
		return yml_error(c->e, c->name, fb, "expected a list of "
				 "categories");
	for (size_t i = 0; fb && i < fb->n; i++) {
		const struct yml *y = fb->kids[i];
		int k = y->type == YML_SCALAR ?
			lex_index(lx->categories, lx->ncategories, y->str) :
			-1;

		if (k < 0)
			return yml_error(c->e, c->name, y, "'%s' is not a "
					 "category", y->type == YML_SCALAR ?
					 y->str : "");
		lx->cat_fallback[k] = 1;
	}
	return 0;
}

static int load_languages(struct lctx *c, const struct yml *root)
{
	return langs_load(&c->lx->langs, c->name, root, c->e);
}

/* Where each file is read from: the country's folder, the shared one, or
 * both, the country's then adding to the shared sections (its own
 * tonality words, its own names for places). */
enum { IN_COUNTRY = 1 << 0, IN_SHARED = 1 << 1 };

static const struct {
	const char *file;
	int (*load)(struct lctx *c, const struct yml *root);
	unsigned where;
} files[] = {
	{ "languages.yaml", load_languages, IN_SHARED },
	{ "office.yaml", load_office, IN_COUNTRY },
	{ "countries.yaml", load_countries, IN_SHARED | IN_COUNTRY },
	{ "regions.yaml", load_regions, IN_COUNTRY },
	{ "tonality.yaml", load_tonality, IN_SHARED | IN_COUNTRY },
	{ "violations.yaml", load_violations, IN_SHARED | IN_COUNTRY },
};

/* What loading one folder's files shares. */
struct lload {
	struct lex *lx;
	struct buf path, data;
	uint64_t h;		/* the version, over names and bytes */
	struct err *e;
	int country;		/* lctx.country of the files read */
};

/* Read, hash and load dir/file with fn; a missing file is no error when
 * optional.  -1 with the cause in l->e. */
static int load_file(struct lload *l, const char *dir, const char *file,
		     int (*fn)(struct lctx *c, const struct yml *root),
		     int optional)
{
	struct lctx c = { l->lx, NULL, NULL, l->e, l->country };
	struct yml *root;
	int rc;

	buf_reset(&l->path);
	buf_addf(&l->path, "%s/%s", dir, file);
	if (optional && access(l->path.data, F_OK) < 0)
		return 0;
	buf_reset(&l->data);
	root = yml_read(l->path.data, &l->data, l->e);
	if (!root)
		return -1;
	l->h = fnv(file, strlen(file), l->h);
	l->h = fnv(l->data.data, l->data.len, l->h);
	c.name = l->path.data;
	c.macros = yml_get(root, "macros");
	if (c.macros && c.macros->type != YML_MAP)
		rc = yml_error(l->e, c.name, c.macros, "macros must be a map");
	else
		rc = fn(&c, root);
	yml_free(root);
	return rc;
}

/* The models are optional: without their files, or with
 * MEDIAMON_NO_VMODEL (violations) or MEDIAMON_NO_TMODEL (tonality) set
 * (to compare, or to retrain when a file no longer fits), the rules
 * decide alone.  The country's folder may have its own, else the shared
 * one counts.  Their bytes count in the version like the YAML files'.
 * *out is the model or stays NULL; cats are its categories. */
static int load_model(struct lload *l, const char *shared, const char *file,
		      const char *env, char *const *cats, size_t ncat,
		      struct vmodel **out)
{
	const char *off = getenv(env);
	struct lex *lx = l->lx;

	if (off && *off)
		return 0;
	buf_reset(&l->path);
	buf_addf(&l->path, "%s/%s", lx->dir, file);
	if (access(l->path.data, F_OK) < 0) {
		buf_reset(&l->path);
		buf_addf(&l->path, "%s/%s", shared, file);
		if (access(l->path.data, F_OK) < 0)
			return 0;
	}
	buf_reset(&l->data);
	if (file_read(l->path.data, &l->data, l->e) < 0)
		return -1;
	l->h = fnv(file, strlen(file), l->h);
	l->h = fnv(l->data.data, l->data.len, l->h);
	*out = vmodel_parse(l->path.data, l->data.data, l->data.len, cats,
			    ncat, l->e);
	return *out ? 0 : -1;
}

/* The tonality model's classes against neutral (tmodel.c). */
static char tone_neg[] = "negative", tone_pos[] = "positive";
static char *const tone_cats[] = { tone_neg, tone_pos };

/* The office names of country co into cs, its kind the country's index
 * in the lexicon's countries (which must know it). */
static int load_office_names(struct lload *l, const struct country *co,
			     struct cues *cs)
{
	struct lctx c = { l->lx, co->path, yml_get(co->root, "macros"),
			  l->e, -1 };
	const struct yml *id = yml_get(co->root, "id");
	int k = lex_index(l->lx->countries, l->lx->ncountries, co->id);
	char rule[16];

	if (k < 0)
		return yml_error(l->e, co->path, id, "country '%s' is not in "
				 "countries.yaml", co->id);
	if (c.macros && c.macros->type != YML_MAP)
		return yml_error(l->e, co->path, c.macros,
				 "macros must be a map");
	snprintf(rule, sizeof(rule), "office.%s", co->id);
	return load_cues(&c, yml_get(co->root, "office"), cs, rule, 1.0, k,
			 NULL, 0);
}

/* Another country's gazetteer (its regions.yaml): every place in it
 * names that country, as countries.yaml's cues do ("Талдыкорган" is
 * Kazakhstan's under Kyrgyz lexicons).  Its region ids are its own
 * business and are not checked here. */
static int load_places(struct lctx *c, const struct yml *root)
{
	const struct yml *map = yml_get(root, "regions");
	char rule[16];

	if (!map)
		return 0;
	if (map->type != YML_MAP)
		return yml_error(c->e, c->name, map, "regions must be a map");
	snprintf(rule, sizeof(rule), "place.%s",
		 c->lx->countries[c->country]);
	for (size_t i = 0; i < map->n; i++)
		if (load_cues(c, map->kids[i], &c->lx->country_cues, rule, 1.0,
			      c->country, NULL, 0) < 0)
			return -1;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Every other country's office names: the folders of root (beside the
 * shared one) that hold a country.yaml, in name order.  Under Kyrgyz
 * lexicons "Бас прокуратура" is then Kazakhstan's office, and the
 * reverse.  The own country's names are only checked.
 */
static int load_foreign(struct lload *l, const char *root)
{
	struct lex *lx = l->lx;
	DIR *d = opendir(root);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	struct cues own = { 0 };
	struct buf dir = BUF_INIT;
	int ret = -1;

	if (!d)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "shared"))
			continue;
		ALLOC_GROW(names, n + 1, alloc);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		struct country co;
		int rc;

		buf_reset(&l->path);
		buf_addf(&l->path, "%s/%s/%s", root, names[i], COUNTRY_FILE);
		if (access(l->path.data, F_OK) < 0)
			continue;
		buf_reset(&l->path);
		buf_addf(&l->path, "%s/%s", root, names[i]);
		buf_reset(&l->data);
		if (country_load(&co, l->path.data, &l->data, l->e) < 0)
			goto out;
		if (strcmp(co.id, lx->country.id)) {
			l->h = fnv(COUNTRY_FILE, strlen(COUNTRY_FILE), l->h);
			l->h = fnv(l->data.data, l->data.len, l->h);
			rc = load_office_names(l, &co, &lx->foreign);
			l->country = lex_index(lx->countries, lx->ncountries,
					       co.id);
			buf_reset(&dir);
			buf_addf(&dir, "%s/%s", root, names[i]);
			if (rc == 0)
				rc = load_file(l, dir.data, "regions.yaml",
					       load_places, 1);
			l->country = -1;
		} else {
			rc = 0;
		}
		country_release(&co);
		if (rc < 0)
			goto out;
	}
	ret = load_office_names(l, &lx->country, &own);
out:
	cues_free(&own);
	buf_release(&dir);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ret;
}

/*
 * The shared folder: "shared" beside the country's folder, else the
 * installed one (DATADIR/analyzer/lexicons/shared), so a country folder
 * copied elsewhere to be edited still finds what it shares.
 */
static void find_shared(const char *dir, struct buf *out)
{
	const char *slash;
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	slash = memrchr(dir, '/', n);
	buf_reset(out);
	if (!slash)
		buf_adds(out, "shared");
	else
		buf_addf(out, "%.*s/shared", (int)(slash - dir), dir);
	buf_adds(out, "/languages.yaml");
	if (access(out->data, F_OK) == 0 && strcmp(dir, ".") &&
	    strcmp(dir, "..")) {
		buf_truncate(out, out->len - strlen("/languages.yaml"));
		return;
	}
	buf_reset(out);
	buf_addf(out, "%s/analyzer/lexicons/shared", mm_datadir());
}

int lex_index(char *const *ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(ids[i], id))
			return (int)i;
	return -1;
}

struct lex *lex_load(const char *dir, struct err *e)
{
	struct lex *lx = xcalloc(1, sizeof(*lx));
	struct lload l = { lx, BUF_INIT, BUF_INIT, FNV_INIT, e, -1 };
	struct buf shared = BUF_INIT;

	lx->dir = xstrdup(dir);
	lx->neg_scope = 3;
	stem_init(&lx->st);
	buf_init(&l.data, LEX_FILE_CAP);
	if (country_load(&lx->country, dir, &l.data, e) < 0)
		goto fail;
	l.h = fnv(COUNTRY_FILE, strlen(COUNTRY_FILE), l.h);
	l.h = fnv(l.data.data, l.data.len, l.h);
	/* the regions are the country's; the gazetteer gives their cues */
	lx->regions = lx->country.regions;
	lx->nregions = lx->country.nregions;
	find_shared(dir, &shared);
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		unsigned w = files[i].where;

		if ((w & IN_SHARED) && load_file(&l, shared.data,
				files[i].file, files[i].load, 0) < 0)
			goto fail;
		if ((w & IN_COUNTRY) && load_file(&l, dir, files[i].file,
				files[i].load, w != IN_COUNTRY) < 0)
			goto fail;
	}
	if (lex_index(lx->countries, lx->ncountries, lx->country.id) < 0) {
		yml_error(e, lx->country.path, yml_get(lx->country.root, "id"),
			  "country '%s' is not in countries.yaml",
			  lx->country.id);
		goto fail;
	}
	/* the folder holding the shared one holds the other countries */
	buf_truncate(&shared, shared.len - strlen("/shared"));
	if (load_foreign(&l, shared.data) < 0)
		goto fail;
	buf_adds(&shared, "/shared");
	if (load_model(&l, shared.data, "violation-model.tsv",
		       "MEDIAMON_NO_VMODEL", lx->categories, lx->ncategories,
		       &lx->vmodel) < 0 ||
	    load_model(&l, shared.data, "tonality-model.tsv",
		       "MEDIAMON_NO_TMODEL", tone_cats, 2, &lx->tmodel) < 0 ||
	    load_model(&l, shared.data, "target-model.tsv",
		       "MEDIAMON_NO_TMODEL", tone_cats, 2, &lx->ttmodel) < 0)
		goto fail;
	snprintf(lx->version, sizeof(lx->version), "%016llx",
		 (unsigned long long)l.h);
	buf_release(&l.path);
	buf_release(&l.data);
	buf_release(&shared);
	return lx;
fail:
	buf_release(&l.path);
	buf_release(&l.data);
	buf_release(&shared);
	lex_free(lx);
	return NULL;
}

static void ids_free(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

void lex_free(struct lex *lx)
{
	if (!lx)
		return;
	cues_free(&lx->mentions);
	cues_free(&lx->staff);
	cues_free(&lx->exclude);
	cues_free(&lx->country_cues);
	cues_free(&lx->adjacent_cues);
	cues_free(&lx->region_cues);
	cues_free(&lx->roles);
	cues_free(&lx->cat_cues);
	cues_free(&lx->stage_cues);
	cues_free(&lx->not_violation);
	cues_free(&lx->abroad);
	cues_free(&lx->foreign);
	vmodel_free(lx->vmodel);
	vmodel_free(lx->tmodel);
	vmodel_free(lx->ttmodel);
	ids_free(lx->countries, lx->ncountries);
	ids_free(lx->categories, lx->ncategories);
	free(lx->cat_fallback);
	langs_release(&lx->langs);
	country_release(&lx->country);
	for (size_t i = 0; i < lx->words.size; i++)
		free(lx->words.v[i].key);
	free(lx->words.v);
	stem_release(&lx->st);
	free(lx->dir);
	free(lx);
}
