/*
 * feed_json.c - the parse result as JSON, in feedparser's vocabulary:
 * dictionaries in document order, dates both as written and as
 * *_parsed RFC 3339 UTC strings, and each entry's enclosures (its links
 * with rel="enclosure", as feedparser derives them).
 */
#include "feed.h"
#include "feed_int.h"
#include "common/date.h"

#include <string.h>

static void write_value(struct jw *w, const struct fv *v, int entry);

static void write_enclosures(struct jw *w, const struct fv *links)
{
	jw_key(w, "enclosures");
	jw_arr_begin(w);
	for (size_t i = 0; links && links->type == FV_LIST && i < links->n;
	     i++) {
		const struct fv *l = links->vals[i];
		const char *rel = fv_get_str(l, "rel");

		if (!rel || strcmp(rel, "enclosure"))
			continue;
		jw_obj_begin(w);
		for (size_t k = 0; k < l->n; k++) {
			if (!strcmp(l->keys[k], "rel"))
				continue;
			jw_key(w, l->keys[k]);
			write_value(w, l->vals[k], 0);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* entry: v is an item, which also gets its derived enclosures. */
static void write_value(struct jw *w, const struct fv *v, int entry)
{
	char when[21];

	if (w->depth >= JW_MAX_DEPTH - 2) {
		jw_null(w);
		return;
	}
	switch (v ? v->type : FV_NULL) {
	case FV_NULL:
		jw_null(w);
		break;
	case FV_STR:
		jw_str(w, v->s);
		break;
	case FV_INT:
		jw_int(w, v->i);
		break;
	case FV_BOOL:
		jw_bool(w, (int)v->i);
		break;
	case FV_TIME:
		date_format_rfc3339(v->t, when);
		jw_str(w, when);
		break;
	case FV_LIST:
		jw_arr_begin(w);
		for (size_t i = 0; i < v->n; i++)
			write_value(w, v->vals[i], 0);
		jw_arr_end(w);
		break;
	case FV_DICT:
		jw_obj_begin(w);
		for (size_t i = 0; i < v->n; i++) {
			jw_key(w, v->keys[i]);
			write_value(w, v->vals[i], 0);
		}
		if (entry && !fv_has(v, "enclosures"))
			write_enclosures(w, fv_get(v, "links"));
		jw_obj_end(w);
		break;
	}
}

void feed_write_json(const struct feed *f, struct jw *w)
{
	const struct fv *t = f->tree;

	jw_obj_begin(w);
	for (size_t i = 0; t && i < t->n; i++) {
		jw_key(w, t->keys[i]);
		if (!strcmp(t->keys[i], "entries") &&
		    t->vals[i]->type == FV_LIST) {
			jw_arr_begin(w);
			for (size_t k = 0; k < t->vals[i]->n; k++)
				write_value(w, t->vals[i]->vals[k], 1);
			jw_arr_end(w);
		} else {
			write_value(w, t->vals[i], 0);
		}
	}
	jw_obj_end(w);
}
