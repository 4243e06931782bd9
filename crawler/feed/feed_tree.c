/*
 * feed_tree.c - the result tree: ordered dictionaries, lists, strings,
 * numbers and dates in the document's arena, with feedparser's key
 * aliases ("description" is "summary", "guid" is "id"...) on the
 * dictionaries that are FeedParserDicts.
 */
#include "feed_int.h"
#include "common/hash.h"

#include <string.h>

/* FeedParserDict.keymap: an alias and the keys it stands for (the first
 * one is where a value is stored).  In order of the alias's first
 * letter, for alias_index(). */
static const struct {
	const char *alias;
	const char *keys[2];
} keymap[] = {
	{ "channel", { "feed", NULL } },
	{ "copyright", { "rights", NULL } },
	{ "copyright_detail", { "rights_detail", NULL } },
	{ "date", { "updated", NULL } },
	{ "date_parsed", { "updated_parsed", NULL } },
	{ "description", { "summary", "subtitle" } },
	{ "description_detail", { "summary_detail", "subtitle_detail" } },
	{ "guid", { "id", NULL } },
	{ "issued", { "published", NULL } },
	{ "issued_parsed", { "published_parsed", NULL } },
	{ "items", { "entries", NULL } },
	{ "modified", { "updated", NULL } },
	{ "modified_parsed", { "updated_parsed", NULL } },
	{ "tagline", { "subtitle", NULL } },
	{ "tagline_detail", { "subtitle_detail", NULL } },
	{ "url", { "href", NULL } },
};

/* Every lookup of a FeedParserDict asks this first (with the whole
 * table searched, these lookups were a fifth of a news feed's parse):
 * the first letter picks the few aliases that can match. */
static int alias_index(const char *key)
{
	int lo, hi;

	switch (key[0]) {
	case 'c': lo = 0, hi = 3; break;
	case 'd': lo = 3, hi = 7; break;
	case 'g': lo = 7, hi = 8; break;
	case 'i': lo = 8, hi = 11; break;
	case 'm': lo = 11, hi = 13; break;
	case 't': lo = 13, hi = 15; break;
	case 'u': lo = 15, hi = 16; break;
	default: return -1;
	}
	for (int i = lo; i < hi; i++)
		if (!strcmp(keymap[i].alias, key))
			return i;
	return -1;
}

static struct fv *fv_new(struct arena *a, enum fv_type t)
{
	struct fv *v = arena_alloc(a, sizeof(*v));

	v->type = t;
	return v;
}

struct fv *fv_dict(struct arena *a, int fpd)
{
	struct fv *v = fv_new(a, FV_DICT);

	v->fpd = fpd ? 1 : 0;
	return v;
}

struct fv *fv_list(struct arena *a)
{
	return fv_new(a, FV_LIST);
}

struct fv *fv_str(struct arena *a, const char *s)
{
	struct fv *v;

	if (!s)
		return fv_new(a, FV_NULL);
	v = fv_new(a, FV_STR);
	v->s = arena_strdup(a, s);
	return v;
}

struct fv *fv_strn(struct arena *a, const char *s, size_t n)
{
	struct fv *v = fv_new(a, FV_STR);

	v->s = arena_strndup(a, s, n);
	return v;
}

struct fv *fv_null(struct arena *a)
{
	return fv_new(a, FV_NULL);
}

struct fv *fv_int(struct arena *a, long long i)
{
	struct fv *v = fv_new(a, FV_INT);

	v->i = i;
	return v;
}

struct fv *fv_bool(struct arena *a, int b)
{
	struct fv *v = fv_new(a, FV_BOOL);

	v->i = b != 0;
	return v;
}

struct fv *fv_time(struct arena *a, time_t t)
{
	struct fv *v = fv_new(a, FV_TIME);

	v->t = t;
	return v;
}

/* Grow the arrays of d (arena memory cannot be resized: copy). */
static void fv_grow(struct arena *a, struct fv *d)
{
	size_t na = d->alloc ? d->alloc * 2 : 4;
	struct fv **vals = arena_alloc(a, na * sizeof(*vals));

	if (d->n)
		memcpy(vals, d->vals, d->n * sizeof(*vals));
	d->vals = vals;
	if (d->type == FV_DICT) {
		const char **keys = arena_alloc(a, na * sizeof(*keys));

		if (d->n)
			memcpy(keys, d->keys, d->n * sizeof(*keys));
		d->keys = keys;
	}
	d->alloc = na;
}

/* Dictionaries up to this many keys are searched linearly (feeds'
 * dictionaries are small); larger ones get a hash index. */
#define FV_INDEX_MIN 16

static size_t key_hash(const char *s)
{
	return (size_t)hash_bytes(s, strlen(s), HASH_INIT);
}

static void index_put(struct fv *d, size_t i)
{
	size_t m = d->icap - 1, h = key_hash(d->keys[i]) & m;

	while (d->index[h])
		h = (h + 1) & m;
	d->index[h] = i + 1;
}

/* (Re)build the index at four times the keys (a power of two), so that
 * it is at most half full until the next rebuild. */
static void index_build(struct arena *a, struct fv *d)
{
	size_t cap = 64;

	while (cap < d->n * 4)
		cap *= 2;
	d->index = arena_alloc(a, cap * sizeof(*d->index));
	d->icap = cap;
	for (size_t i = 0; i < d->n; i++)
		index_put(d, i);
}

static long raw_index(const struct fv *d, const char *key)
{
	if (!d || d->type != FV_DICT)
		return -1;
	if (d->index) {
		size_t m = d->icap - 1, h = key_hash(key) & m;

		for (; d->index[h]; h = (h + 1) & m)
			if (!strcmp(d->keys[d->index[h] - 1], key))
				return (long)d->index[h] - 1;
		return -1;
	}
	for (size_t i = 0; i < d->n; i++)
		if (d->keys[i][0] == key[0] && !strcmp(d->keys[i], key))
			return (long)i;
	return -1;
}

/* After key d->n - 1 was added. */
static void index_added(struct arena *a, struct fv *d)
{
	if (d->n <= FV_INDEX_MIN)
		return;
	if (!d->index || d->n * 2 > d->icap)
		index_build(a, d);
	else
		index_put(d, d->n - 1);
}

/* Index of key in d, following the alias for FeedParserDicts. */
static long find_index(const struct fv *d, const char *key)
{
	int ai;
	long i;

	if (!d || d->type != FV_DICT)
		return -1;
	if (d->fpd) {
		ai = alias_index(key);
		if (ai >= 0) {
			for (int k = 0; k < 2 && keymap[ai].keys[k]; k++) {
				i = raw_index(d, keymap[ai].keys[k]);
				if (i >= 0)
					return i;
			}
		}
	}
	return raw_index(d, key);
}

struct fv *fv_get(const struct fv *d, const char *key)
{
	long i = find_index(d, key);

	return i < 0 ? NULL : d->vals[i];
}

const char *fv_get_str(const struct fv *d, const char *key)
{
	struct fv *v = fv_get(d, key);

	return v && v->type == FV_STR ? v->s : NULL;
}

int fv_has(const struct fv *d, const char *key)
{
	return find_index(d, key) >= 0;
}

void fv_set(struct arena *a, struct fv *d, const char *key, struct fv *v)
{
	long i;

	if (!d || d->type != FV_DICT)
		return;
	if (d->fpd) {
		int ai = alias_index(key);

		if (ai >= 0)
			key = keymap[ai].keys[0];
	}
	i = raw_index(d, key);
	if (i >= 0) {
		d->vals[i] = v;
		return;
	}
	if (d->n == d->alloc)
		fv_grow(a, d);
	d->keys[d->n] = arena_strdup(a, key);
	d->vals[d->n++] = v;
	index_added(a, d);
}

void fv_set_str(struct arena *a, struct fv *d, const char *key,
		const char *s)
{
	fv_set(a, d, key, fv_str(a, s));
}

struct fv *fv_setdefault(struct arena *a, struct fv *d, const char *key,
			 struct fv *v)
{
	struct fv *old = fv_get(d, key);

	if (old)
		return old;
	fv_set(a, d, key, v);
	return v;
}

void fv_del(struct fv *d, const char *key)
{
	long i = find_index(d, key);

	if (i < 0)
		return;
	memmove(d->keys + i, d->keys + i + 1,
		(d->n - (size_t)i - 1) * sizeof(*d->keys));
	memmove(d->vals + i, d->vals + i + 1,
		(d->n - (size_t)i - 1) * sizeof(*d->vals));
	d->n--;
	/* Indices moved: refill the index in place (no dearer than the
	 * memmove above). */
	if (d->index) {
		memset(d->index, 0, d->icap * sizeof(*d->index));
		for (size_t k = 0; k < d->n; k++)
			index_put(d, k);
	}
}

void fv_append(struct arena *a, struct fv *list, struct fv *v)
{
	if (!list || list->type != FV_LIST)
		return;
	if (list->n == list->alloc)
		fv_grow(a, list);
	list->vals[list->n++] = v;
}

struct fv *fv_last(const struct fv *list)
{
	if (!list || list->type != FV_LIST || !list->n)
		return NULL;
	return list->vals[list->n - 1];
}

struct fv *fv_copy(struct arena *a, const struct fv *v)
{
	struct fv *c;

	if (!v)
		return NULL;
	c = fv_new(a, v->type);
	*c = *v;
	if (v->type != FV_DICT && v->type != FV_LIST)
		return c;
	c->n = c->alloc = 0;
	c->keys = NULL;
	c->vals = NULL;
	c->index = NULL;
	c->icap = 0;
	for (size_t i = 0; i < v->n; i++) {
		struct fv *e = fv_copy(a, v->vals[i]);

		if (v->type == FV_LIST) {
			fv_append(a, c, e);
		} else {
			if (c->n == c->alloc)
				fv_grow(a, c);
			c->keys[c->n] = v->keys[i];
			c->vals[c->n++] = e;
			index_added(a, c);
		}
	}
	return c;
}

int fv_equal(const struct fv *x, const struct fv *y)
{
	if (!x || !y)
		return x == y;
	if (x->type != y->type)
		return 0;
	switch (x->type) {
	case FV_NULL:
		return 1;
	case FV_STR:
		return !strcmp(x->s, y->s);
	case FV_INT:
	case FV_BOOL:
		return x->i == y->i;
	case FV_TIME:
		return x->t == y->t;
	case FV_LIST:
		if (x->n != y->n)
			return 0;
		for (size_t i = 0; i < x->n; i++)
			if (!fv_equal(x->vals[i], y->vals[i]))
				return 0;
		return 1;
	case FV_DICT:
		if (x->n != y->n)
			return 0;
		for (size_t i = 0; i < x->n; i++) {
			long j = raw_index(y, x->keys[i]);

			if (j < 0 || !fv_equal(x->vals[i], y->vals[j]))
				return 0;
		}
		return 1;
	}
	return 0;
}

int fv_truthy(const struct fv *v)
{
	if (!v)
		return 0;
	switch (v->type) {
	case FV_NULL:
		return 0;
	case FV_STR:
		return v->s[0] != '\0';
	case FV_INT:
	case FV_BOOL:
		return v->i != 0;
	case FV_TIME:
		return 1;
	case FV_DICT:
	case FV_LIST:
		return v->n != 0;
	}
	return 0;
}
