/*
 * report_json.c - the period report as JSON, the contract in README.md
 * ("The monthly and half-year report"): keys are added, never renamed.
 * Numbers stay numbers; what has no value (a median without data) is
 * null.
 */
#include "report_int.h"

#include "common/json.h"

#include <math.h>

static void day_str(struct jw *w, const struct day *d)
{
	char s[11];

	day_format(d, s);
	jw_str(w, s);
}

static void num_or_null(struct jw *w, double v)
{
	if (isnan(v))
		jw_null(w);
	else
		jw_num(w, round(v * 10) / 10);
}

static void key_int(struct jw *w, const char *k, long long v)
{
	jw_key(w, k);
	jw_int(w, v);
}

static void period(struct jw *w, const struct report *r)
{
	jw_key(w, "period");
	jw_obj_begin(w);
	jw_key(w, "kind");
	jw_str(w, r->p.half ? "half" : "month");
	jw_key(w, "label");
	jw_str(w, r->p.label);
	jw_key(w, "from");
	day_str(w, &r->p.from);
	jw_key(w, "to");
	day_str(w, &r->p.to);
	jw_key(w, "previous");
	jw_obj_begin(w);
	jw_key(w, "label");
	jw_str(w, r->p.prev_label);
	jw_key(w, "from");
	day_str(w, &r->p.prev_from);
	jw_key(w, "to");
	day_str(w, &r->p.prev_to);
	jw_obj_end(w);
	jw_obj_end(w);
}

static void counts(struct jw *w, const char *k, const struct report_counts *c)
{
	jw_key(w, k);
	jw_obj_begin(w);
	key_int(w, "articles", c->articles);
	key_int(w, "mentions", c->mentions);
	key_int(w, "positive", c->positive);
	key_int(w, "neutral", c->neutral);
	key_int(w, "negative", c->negative);
	jw_obj_end(w);
}

static void buckets(struct jw *w, const char *k,
		    const struct report_bucket *b, int n)
{
	jw_key(w, k);
	jw_arr_begin(w);
	for (int i = 0; i < n; i++) {
		jw_obj_begin(w);
		jw_key(w, "start");
		day_str(w, &b[i].start);
		key_int(w, "positive", b[i].positive);
		key_int(w, "neutral", b[i].neutral);
		key_int(w, "negative", b[i].negative);
		key_int(w, "visits", b[i].visits);
		key_int(w, "press_releases", b[i].releases);
		key_int(w, "pickups", b[i].pickups);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void outlets(struct jw *w, const char *k,
		    const struct report_outlet *o, int n)
{
	jw_key(w, k);
	jw_arr_begin(w);
	for (int i = 0; i < n; i++) {
		jw_obj_begin(w);
		jw_key(w, "source");
		jw_str(w, o[i].source);
		key_int(w, "mentions", o[i].mentions);
		key_int(w, "positive", o[i].positive);
		key_int(w, "neutral", o[i].neutral);
		key_int(w, "negative", o[i].negative);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static void release_stats(struct jw *w, const struct report_releases *x)
{
	key_int(w, "releases", x->releases);
	key_int(w, "picked_up", x->picked_up);
	key_int(w, "pickups", x->pickups);
	jw_key(w, "pickup_rate");
	num_or_null(w, x->releases ? 100.0 * (double)x->picked_up /
		    (double)x->releases : NAN);
	jw_key(w, "median_hours");
	num_or_null(w, x->median_hours);
}

static void releases(struct jw *w, const struct report *r)
{
	jw_key(w, "press_releases");
	jw_obj_begin(w);
	release_stats(w, &r->rel);
	jw_key(w, "previous");
	jw_obj_begin(w);
	release_stats(w, &r->rel_prev);
	jw_obj_end(w);
	jw_key(w, "top");
	jw_arr_begin(w);
	for (int i = 0; i < r->n_releases; i++) {
		const struct report_release *x = &r->releases[i];

		jw_obj_begin(w);
		jw_key(w, "url");
		jw_str(w, x->url);
		jw_key(w, "title");
		jw_str(w, x->title);
		jw_key(w, "day");
		day_str(w, &x->day);
		key_int(w, "pickups", x->pickups);
		jw_key(w, "first_pickup_hours");
		num_or_null(w, x->first_hours);
		key_int(w, "visits_7d", x->visits_7d);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

static void group(struct jw *w, const struct report *r, int kind,
		  const struct report_group *g)
{
	static const char *const keys[] = { NULL, "category", "department",
					    "region" };

	jw_obj_begin(w);
	if (kind) {
		jw_key(w, keys[kind]);
		jw_str(w, g->id);
		jw_key(w, "name");
		jw_str(w, report_group_name(r, kind, g));
	}
	key_int(w, "reports", g->reports);
	key_int(w, "cases", g->cases);
	key_int(w, "closed", g->closed);
	key_int(w, "rejected", g->rejected);
	jw_key(w, "median_days_to_close");
	num_or_null(w, g->median_days);
	jw_obj_end(w);
}

static void groups(struct jw *w, const struct report *r, const char *k,
		   int kind, const struct report_group *g, int n)
{
	jw_key(w, k);
	jw_arr_begin(w);
	for (int i = 0; i < n; i++)
		group(w, r, kind, &g[i]);
	jw_arr_end(w);
}

void report_json(const struct report *r, struct buf *out)
{
	struct jw w;

	jw_init(&w, out);
	jw_obj_begin(&w);
	period(&w, r);
	jw_key(&w, "timezone");
	jw_str(&w, r->timezone);
	jw_key(&w, "lang");
	jw_str(&w, r->lang);
	counts(&w, "totals", &r->cur);
	counts(&w, "previous_totals", &r->prev);
	buckets(&w, "series", r->chart, r->n_chart);
	jw_key(&w, "series_unit");
	jw_str(&w, r->chart_weeks ? "week" : "day");
	outlets(&w, "top_outlets", r->top, r->n_top);
	outlets(&w, "negative_outlets", r->hostile, r->n_hostile);
	releases(&w, r);
	jw_key(&w, "site_visits");
	jw_obj_begin(&w);
	key_int(&w, "visits", r->visits);
	key_int(&w, "previous_visits", r->prev_visits);
	key_int(&w, "release_page_visits", r->release_visits);
	buckets(&w, "periods", r->table, r->n_table);
	jw_key(&w, "period_unit");
	jw_str(&w, r->table_months ? "month" : "week");
	jw_obj_end(&w);
	jw_key(&w, "violations");
	jw_obj_begin(&w);
	jw_key(&w, "total");
	group(&w, r, 0, &r->total);
	groups(&w, r, "by_category", 1, r->by_category, r->n_category);
	groups(&w, r, "by_department", 2, r->by_department, r->n_department);
	groups(&w, r, "by_region", 3, r->by_region, r->n_region);
	jw_obj_end(&w);
	jw_key(&w, "sources_failed");
	jw_arr_begin(&w);
	for (int i = 0; i < r->n_failures; i++) {
		const struct report_failure *f = &r->failures[i];

		jw_obj_begin(&w);
		jw_key(&w, "source");
		jw_str(&w, f->source);
		key_int(&w, "failures", f->failures);
		key_int(&w, "fetches", f->fetches);
		key_int(&w, "days", f->days);
		jw_key(&w, "last_error");
		jw_str(&w, f->last_error);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	buf_addch(out, '\n');
}
