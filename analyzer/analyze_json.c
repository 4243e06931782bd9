/*
 * analyze_json.c - an analysis as the JSON object of the "analyze"
 * contract (README: analyze --jsonl).  Keys are never renamed; new ones
 * may be added.
 */
#include "analyze.h"

#include <math.h>

/* Scores are rounded to 3 decimals: stable output, readable diffs. */
static void num(struct jw *w, const char *key, double v)
{
	jw_key(w, key);
	jw_num(w, round(v * 1000) / 1000 + 0.0);
}

void evs_json(const struct evs *ev, struct jw *w)
{
	jw_arr_begin(w);
	for (int i = 0; i < ev->n; i++) {
		jw_obj_begin(w);
		jw_key(w, "rule");
		jw_str(w, ev->v[i].rule);
		if (ev->v[i].text[0]) {
			jw_key(w, "text");
			jw_str(w, ev->v[i].text);
		}
		num(w, "weight", ev->v[i].weight);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void tone_json(const struct tone_res *t, struct jw *w)
{
	jw_key(w, "tonality");
	jw_str(w, tone_name(t->tone));
	num(w, "score", t->score);
	num(w, "positive", t->pos);
	num(w, "negative", t->neg);
	jw_key(w, "evidence");
	evs_json(&t->ev, w);
}

void analysis_json(const struct analyzer *an, const struct analysis *r,
		   const struct json *id, const char *text, struct jw *w)
{
	const struct lex *lx = an->lx;

	jw_obj_begin(w);
	if (id && id->type == JSON_STR) {
		jw_key(w, "id");
		jw_strn(w, id->str, id->len);
	} else if (id && id->type == JSON_NUM) {
		jw_key(w, "id");
		jw_num(w, id->num);
	}
	jw_key(w, "lang");
	jw_str(w, r->lang);
	jw_key(w, "mentions");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->nm; i++) {
		const struct mention *m = &r->m[i];

		jw_obj_begin(w);
		jw_key(w, "start");
		jw_int(w, (long long)m->start);
		jw_key(w, "end");
		jw_int(w, (long long)m->end);
		jw_key(w, "text");
		jw_strn(w, text + m->start, m->end - m->start);
		jw_key(w, "rule");
		jw_str(w, m->cue->id);
		jw_key(w, "staff");
		jw_bool(w, m->staff > 0);
		tone_json(&m->t, w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	tone_json(&r->art, w);
	jw_key(w, "country");
	jw_str(w, lx->countries[r->country]);
	jw_key(w, "violations");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->nv; i++) {
		const struct violation *v = &r->v[i];

		jw_obj_begin(w);
		jw_key(w, "category");
		jw_str(w, lx->categories[v->category]);
		jw_key(w, "stage");
		jw_str(w, stage_names[v->stage]);
		jw_key(w, "country");
		jw_str(w, lx->countries[v->country]);
		jw_key(w, "region");
		jw_str(w, v->region >= 0 ? lx->regions[v->region] : NULL);
		jw_key(w, "evidence");
		evs_json(&v->ev, w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "regions");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->nregions; i++)
		jw_str(w, lx->regions[r->regions[i]]);
	jw_arr_end(w);
	if (r->has_target) {
		jw_key(w, "target");
		jw_obj_begin(w);
		tone_json(&r->target, w);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}
