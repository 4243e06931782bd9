/*
 * report_data.c - the monthly and half-year report's model from the
 * analysts' views: volume and tonality against the period before, the
 * outlets, press releases with their pickups and site visits, reported
 * violations with their cases, and the sources that failed.  One query
 * per section, every value a parameter, the period cut in the office's
 * time zone ($1 its first day, $2 its last, $3 the zone: a parameter is
 * known when the query is planned, mediamon_timezone() is not).
 */
#include "report_int.h"
#include "common/xalloc.h"
#include "digest/digest_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW(col) \
	" " col " >= $1::date::timestamp AT TIME ZONE $3::text" \
	" AND " col " < ($2::date + 1)::timestamp AT TIME ZONE $3::text"

/* Media articles, and those mentioning the office by tonality.  The
 * articles are counted per outlet on (source_id, published), which
 * answers from the index alone. */
static const char counts_sql[] =
	"SELECT (SELECT count(*) FROM sources s"
	"        JOIN articles a ON a.source_id = s.id"
	"        WHERE NOT s.own AND" WINDOW("a.published") "),"
	"       count(*), count(*) FILTER (WHERE tonality = 'positive'),"
	"       count(*) FILTER (WHERE tonality = 'neutral'),"
	"       count(*) FILTER (WHERE tonality = 'negative')"
	"  FROM v_article_tonality t WHERE" WINDOW("t.published");

/* Buckets of the period ($4: day, week or month), each with its
 * mentions by tonality, the site's visits, the releases published in it
 * and their pickups. */
static const char buckets_sql[] =
	"WITH b AS (SELECT g::date AS d FROM generate_series("
	"             date_trunc($4, $1::date), $2::date,"
	"             ('1 ' || $4)::interval) g),"
	" t AS (SELECT date_trunc($4, (published AT TIME ZONE $3::text)"
	"                          ::date)::date AS d,"
	"              count(*) FILTER (WHERE tonality = 'positive') AS pos,"
	"              count(*) FILTER (WHERE tonality = 'neutral') AS neu,"
	"              count(*) FILTER (WHERE tonality = 'negative') AS neg"
	"         FROM v_article_tonality WHERE" WINDOW("published")
	"        GROUP BY 1),"
	" v AS (SELECT date_trunc($4, day)::date AS d, sum(visits) AS n"
	"         FROM site_visits WHERE day BETWEEN $1::date AND $2::date"
	"        GROUP BY 1),"
	" r AS (SELECT date_trunc($4, (pr.published AT TIME ZONE $3::text)"
	"                          ::date)::date AS d,"
	"              count(*) AS n,"
	"              sum((SELECT count(*) FROM pickups p"
	"                    WHERE p.press_release_id = pr.id)) AS k"
	"         FROM press_releases pr WHERE" WINDOW("pr.published")
	"        GROUP BY 1)"
	"SELECT to_char(b.d, 'YYYY-MM-DD'), coalesce(t.pos, 0),"
	"       coalesce(t.neu, 0), coalesce(t.neg, 0), coalesce(v.n, 0),"
	"       coalesce(r.n, 0), coalesce(r.k, 0)"
	"  FROM b LEFT JOIN t USING (d) LEFT JOIN v USING (d)"
	"  LEFT JOIN r USING (d) ORDER BY b.d";

#define OUTLETS_SQL(having, order) \
	"SELECT source, count(*)," \
	"       count(*) FILTER (WHERE tonality = 'positive')," \
	"       count(*) FILTER (WHERE tonality = 'neutral')," \
	"       count(*) FILTER (WHERE tonality = 'negative')" \
	"  FROM v_article_tonality WHERE" WINDOW("published") \
	" GROUP BY source " having " ORDER BY " order ", source LIMIT $4"

static const char top_sql[] = OUTLETS_SQL("", "count(*) DESC");
static const char hostile_sql[] =
	OUTLETS_SQL("HAVING count(*) >= $5 AND"
		    " count(*) FILTER (WHERE tonality = 'negative') > 0",
		    "count(*) FILTER (WHERE tonality = 'negative')::float8"
		    " / count(*) DESC, 5 DESC");

static const char releases_sql[] =
	"WITH r AS (SELECT id FROM press_releases pr"
	"            WHERE" WINDOW("pr.published") "),"
	" k AS (SELECT press_release_id, hours FROM v_pickups"
	"        WHERE press_release_id IN (SELECT id FROM r))"
	"SELECT (SELECT count(*) FROM r),"
	"       (SELECT count(DISTINCT press_release_id) FROM k),"
	"       (SELECT count(*) FROM k),"
	"       (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY hours)"
	"          FROM k)";

static const char top_releases_sql[] =
	"SELECT coalesce(release_url, ''), release_title,"
	"       to_char(release_published AT TIME ZONE $3::text, 'YYYY-MM-DD'),"
	"       pickups, first_pickup_hours, visits_7d"
	"  FROM v_release_visits WHERE" WINDOW("release_published")
	" ORDER BY pickups DESC, visits_7d DESC, release_published,"
	"          press_release_id LIMIT $4";

static const char visits_sql[] =
	"SELECT coalesce(sum(visits) FILTER (WHERE day >= $1::date), 0),"
	"       coalesce(sum(visits) FILTER (WHERE day < $1::date), 0),"
	"       coalesce(sum(visits) FILTER (WHERE day >= $1::date AND"
	"         page IN (SELECT mediamon_url_path(url)"
	"                    FROM press_releases)), 0)"
	"  FROM site_visits WHERE day BETWEEN $3::date AND $2::date";

/* Violations reported in the period's media articles about the
 * office's country, by a group (or all together); their cases
 * and how many of those are closed (by now) or rejected, and the median
 * days from opening to the last move to closed (case_history). */
#define GROUPS_SQL(col) \
	"WITH v AS (SELECT " col " AS id, v.case_id" \
	"             FROM v_violations v JOIN sources s" \
	"               ON s.name = v.source" \
	"            WHERE NOT s.own AND" WINDOW("v.published") \
	"              AND (v.country IS NULL OR v.country = (SELECT value" \
	"                   FROM settings WHERE key = 'country')))," \
	" k AS (SELECT k.id, c.status," \
	"              extract(epoch FROM (SELECT max(h.changed_at)" \
	"                 FROM case_history h WHERE h.case_id = c.id" \
	"                  AND h.to_status = 'closed') - c.opened_at)" \
	"              / 86400 AS days" \
	"         FROM (SELECT DISTINCT id, case_id FROM v" \
	"                WHERE case_id IS NOT NULL) k" \
	"         JOIN cases c ON c.id = k.case_id)" \
	"SELECT g.id, g.reports, coalesce(x.cases, 0), coalesce(x.closed, 0)," \
	"       coalesce(x.rejected, 0), x.median" \
	"  FROM (SELECT id, count(*) AS reports FROM v GROUP BY id) g" \
	"  LEFT JOIN (SELECT id, count(*) AS cases," \
	"               count(*) FILTER (WHERE status = 'closed') AS closed," \
	"               count(*) FILTER (WHERE status = 'rejected')" \
	"                 AS rejected," \
	"               percentile_cont(0.5) WITHIN GROUP (ORDER BY days)" \
	"                 FILTER (WHERE status = 'closed') AS median" \
	"          FROM k GROUP BY id) x" \
	"    ON x.id IS NOT DISTINCT FROM g.id" \
	" ORDER BY g.reports DESC, g.id NULLS LAST"

static const char *const groups_sql[] = {
	GROUPS_SQL("NULL::text"),
	GROUPS_SQL("v.category"),
	GROUPS_SQL("v.department"),
	GROUPS_SQL("v.region"),
};

static const char failures_sql[] =
	"SELECT s.name, count(*) FILTER (WHERE f.status = 'failed'),"
	"       count(*),"
	"       count(DISTINCT (f.fetched_at AT TIME ZONE $3::text)::date)"
	"         FILTER (WHERE f.status = 'failed'),"
	"       coalesce((array_agg(f.error ORDER BY f.fetched_at DESC)"
	"                 FILTER (WHERE f.status = 'failed'))[1], '')"
	"  FROM fetch_log f JOIN sources s ON s.id = f.source_id"
	" WHERE f.kind <> 'article' AND" WINDOW("f.fetched_at")
	" GROUP BY s.name"
	" HAVING count(*) FILTER (WHERE f.status = 'failed') > 0"
	" ORDER BY 2 DESC, 1 LIMIT 20";

static const char department_names_sql[] =
	"SELECT code, name FROM departments";

static const char *dup(struct report *r, PGresult *res, int i, int c)
{
	return arena_strdup(&r->arena, PQgetvalue(res, i, c));
}

static double num_or_nan(PGresult *res, int i, int c)
{
	return PQgetisnull(res, i, c) ? NAN : atof(PQgetvalue(res, i, c));
}

static PGresult *run(struct db *db, const char *sql, int n,
		     const char *const *p, struct err *e, const char *what)
{
	PGresult *res = db_query(db, sql, n, p, e);

	if (!res)
		err_prefix(e, "cannot read the %s", what);
	return res;
}

static int load_counts(struct db *db, const char *from, const char *to,
		       const char *tz, struct report_counts *c,
		       struct err *e)
{
	const char *p[3] = { from, to, tz };
	PGresult *res = run(db, counts_sql, 3, p, e, "period's totals");

	if (!res)
		return -1;
	c->articles = atol(PQgetvalue(res, 0, 0));
	c->mentions = atol(PQgetvalue(res, 0, 1));
	c->positive = atol(PQgetvalue(res, 0, 2));
	c->neutral = atol(PQgetvalue(res, 0, 3));
	c->negative = atol(PQgetvalue(res, 0, 4));
	PQclear(res);
	return 0;
}

static int load_buckets(struct db *db, struct report *r,
			const char *const *p, const char *unit,
			struct report_bucket **out, int *n, struct err *e)
{
	const char *q[4] = { p[0], p[1], p[2], unit };
	PGresult *res = run(db, buckets_sql, 4, q, e, "period's series");

	if (!res)
		return -1;
	*n = PQntuples(res);
	*out = arena_alloc(&r->arena, (size_t)(*n + 1) * sizeof(**out));
	for (int i = 0; i < *n; i++) {
		struct report_bucket *b = &(*out)[i];

		day_parse(PQgetvalue(res, i, 0), &b->start);
		b->positive = atoi(PQgetvalue(res, i, 1));
		b->neutral = atoi(PQgetvalue(res, i, 2));
		b->negative = atoi(PQgetvalue(res, i, 3));
		b->visits = atol(PQgetvalue(res, i, 4));
		b->releases = atol(PQgetvalue(res, i, 5));
		b->pickups = atol(PQgetvalue(res, i, 6));
	}
	PQclear(res);
	return 0;
}

static int load_outlets(struct db *db, struct report *r, const char *sql,
			const char *const *p, struct report_outlet **out,
			int *n, struct err *e)
{
	PGresult *res = run(db, sql, sql == hostile_sql ? 5 : 4, p, e,
			    "outlets");

	if (!res)
		return -1;
	*n = PQntuples(res);
	*out = arena_alloc(&r->arena, (size_t)(*n + 1) * sizeof(**out));
	for (int i = 0; i < *n; i++) {
		(*out)[i].source = dup(r, res, i, 0);
		(*out)[i].mentions = atol(PQgetvalue(res, i, 1));
		(*out)[i].positive = atol(PQgetvalue(res, i, 2));
		(*out)[i].neutral = atol(PQgetvalue(res, i, 3));
		(*out)[i].negative = atol(PQgetvalue(res, i, 4));
	}
	PQclear(res);
	return 0;
}

static int load_release_stats(struct db *db, const char *from,
			      const char *to, const char *tz,
			      struct report_releases *rel, struct err *e)
{
	const char *p[3] = { from, to, tz };
	PGresult *res = run(db, releases_sql, 3, p, e, "press releases");

	if (!res)
		return -1;
	rel->releases = atol(PQgetvalue(res, 0, 0));
	rel->picked_up = atol(PQgetvalue(res, 0, 1));
	rel->pickups = atol(PQgetvalue(res, 0, 2));
	rel->median_hours = num_or_nan(res, 0, 3);
	PQclear(res);
	return 0;
}

static int load_releases(struct db *db, struct report *r,
			 const char *const *p, struct err *e)
{
	PGresult *res = run(db, top_releases_sql, 4, p, e,
			    "press releases' pickups and visits");

	if (!res)
		return -1;
	r->n_releases = PQntuples(res);
	r->releases = arena_alloc(&r->arena, (size_t)(r->n_releases + 1) *
				  sizeof(*r->releases));
	for (int i = 0; i < r->n_releases; i++) {
		struct report_release *x = &r->releases[i];

		x->url = dup(r, res, i, 0);
		x->title = dup(r, res, i, 1);
		day_parse(PQgetvalue(res, i, 2), &x->day);
		x->pickups = atol(PQgetvalue(res, i, 3));
		x->first_hours = num_or_nan(res, i, 4);
		x->visits_7d = atol(PQgetvalue(res, i, 5));
	}
	PQclear(res);
	return 0;
}

static int load_visits(struct db *db, struct report *r, const char *from,
		       const char *to, const char *prev_from, struct err *e)
{
	const char *p[3] = { from, to, prev_from };
	PGresult *res = run(db, visits_sql, 3, p, e, "site visits");

	if (!res)
		return -1;
	r->visits = atol(PQgetvalue(res, 0, 0));
	r->prev_visits = atol(PQgetvalue(res, 0, 1));
	r->release_visits = atol(PQgetvalue(res, 0, 2));
	PQclear(res);
	return 0;
}

/* kind: 0 all, 1 category, 2 department, 3 region. */
static int load_groups(struct db *db, struct report *r, int kind,
		       const char *const *p, struct report_group **out,
		       int *n, struct err *e)
{
	PGresult *res = run(db, groups_sql[kind], 3, p, e, "violations");

	if (!res)
		return -1;
	*n = PQntuples(res);
	*out = arena_alloc(&r->arena, (size_t)(*n + 1) * sizeof(**out));
	for (int i = 0; i < *n; i++) {
		struct report_group *g = &(*out)[i];

		g->id = PQgetisnull(res, i, 0) ? NULL : dup(r, res, i, 0);
		g->reports = atol(PQgetvalue(res, i, 1));
		g->cases = atol(PQgetvalue(res, i, 2));
		g->closed = atol(PQgetvalue(res, i, 3));
		g->rejected = atol(PQgetvalue(res, i, 4));
		g->median_days = num_or_nan(res, i, 5);
	}
	PQclear(res);
	return 0;
}

/* Departments are named in routing.yaml (the database keeps the names). */
static int name_departments(struct db *db, struct report *r, struct err *e)
{
	PGresult *res = run(db, department_names_sql, 0, NULL, e,
			    "departments");

	if (!res)
		return -1;
	for (int k = 0; k < r->n_department; k++)
		for (int i = 0; i < PQntuples(res); i++)
			if (r->by_department[k].id &&
			    !strcmp(r->by_department[k].id,
				    PQgetvalue(res, i, 0)))
				r->by_department[k].name = dup(r, res, i, 1);
	PQclear(res);
	return 0;
}

static int load_failures(struct db *db, struct report *r,
			 const char *const *p, struct err *e)
{
	PGresult *res = run(db, failures_sql, 3, p, e, "fetch log");

	if (!res)
		return -1;
	r->n_failures = PQntuples(res);
	r->failures = arena_alloc(&r->arena, (size_t)(r->n_failures + 1) *
				  sizeof(*r->failures));
	for (int i = 0; i < r->n_failures; i++) {
		struct report_failure *f = &r->failures[i];

		f->source = dup(r, res, i, 0);
		f->failures = atol(PQgetvalue(res, i, 1));
		f->fetches = atol(PQgetvalue(res, i, 2));
		f->days = atol(PQgetvalue(res, i, 3));
		f->last_error = dup(r, res, i, 4);
	}
	PQclear(res);
	return 0;
}

static int load_all(struct db *db, struct report *r, struct err *e)
{
	char from[11], to[11], pfrom[11], pto[11], tz[64], top[8], min[8];
	const char *p[5] = { from, to, tz, top, min };
	struct report_group *all = NULL;
	int n_all = 0;

	day_format(&r->p.from, from);
	day_format(&r->p.to, to);
	day_format(&r->p.prev_from, pfrom);
	day_format(&r->p.prev_to, pto);
	snprintf(top, sizeof(top), "%d", REPORT_TOP);
	snprintf(min, sizeof(min), "%d", REPORT_HOSTILE_MIN);
	r->chart_weeks = r->p.half != 0;
	r->table_months = r->p.half != 0;
	if (report_session(db, tz, sizeof(tz), e) < 0)
		return -1;
	r->timezone = arena_strdup(&r->arena, tz);
	if (load_counts(db, from, to, tz, &r->cur, e) < 0 ||
	    load_counts(db, pfrom, pto, tz, &r->prev, e) < 0 ||
	    load_buckets(db, r, p, r->p.half ? "week" : "day", &r->chart,
			 &r->n_chart, e) < 0 ||
	    load_buckets(db, r, p, r->p.half ? "month" : "week", &r->table,
			 &r->n_table, e) < 0 ||
	    load_outlets(db, r, top_sql, p, &r->top, &r->n_top, e) < 0 ||
	    load_outlets(db, r, hostile_sql, p, &r->hostile, &r->n_hostile,
			 e) < 0 ||
	    load_release_stats(db, from, to, tz, &r->rel, e) < 0 ||
	    load_release_stats(db, pfrom, pto, tz, &r->rel_prev, e) < 0 ||
	    load_releases(db, r, p, e) < 0 ||
	    load_visits(db, r, from, to, pfrom, e) < 0 ||
	    load_groups(db, r, 0, p, &all, &n_all, e) < 0 ||
	    load_groups(db, r, 1, p, &r->by_category, &r->n_category, e) < 0 ||
	    load_groups(db, r, 2, p, &r->by_department, &r->n_department,
			e) < 0 ||
	    load_groups(db, r, 3, p, &r->by_region, &r->n_region, e) < 0 ||
	    name_departments(db, r, e) < 0 ||
	    load_failures(db, r, p, e) < 0)
		return -1;
	if (n_all)
		r->total = all[0];
	else
		r->total.median_days = NAN;
	return 0;
}

struct report *report_load(struct db *db, const struct config *cfg,
			   const struct report_period *p, const char *lang,
			   struct err *e)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->p = *p;
	r->lang = lang;
	r->cfg = cfg;
	if (load_all(db, r, e) < 0) {
		report_free(r);
		return NULL;
	}
	return r;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	arena_release(&r->arena);
	free(r);
}

int report_period_parse(const char *s, int half, struct report_period *p)
{
	int y, k, len;
	char tail;

	memset(p, 0, sizeof(*p));
	if (half) {
		if (sscanf(s, "%4d-H%1d%n%c", &y, &k, &len, &tail) != 2 ||
		    len != 7 || y < 1000 || k < 1 || k > 2)
			return -1;
		p->half = k;
		p->from = (struct day){ y, k == 1 ? 1 : 7, 1 };
		p->to = (struct day){ y, k == 1 ? 6 : 12, k == 1 ? 30 : 31 };
		p->prev_from = (struct day){ k == 1 ? y - 1 : y,
					     k == 1 ? 7 : 1, 1 };
		p->prev_to = (struct day){ k == 1 ? y - 1 : y,
					   k == 1 ? 12 : 6, k == 1 ? 31 : 30 };
		snprintf(p->label, sizeof(p->label), "%04d-H%d", y, k);
		snprintf(p->prev_label, sizeof(p->prev_label), "%04d-H%d",
			 k == 1 ? y - 1 : y, k == 1 ? 2 : 1);
		return 0;
	}
	if (sscanf(s, "%4d-%2d%n%c", &y, &k, &len, &tail) != 2 || len != 7 ||
	    y < 1000 || k < 1 || k > 12 || s[4] != '-')
		return -1;
	p->from = (struct day){ y, k, 1 };
	/* the last day: the day before the next month's first */
	p->to = day_add((struct day){ k == 12 ? y + 1 : y, k == 12 ? 1 : k + 1,
				      1 }, -1);
	p->prev_to = day_add(p->from, -1);
	p->prev_from = (struct day){ p->prev_to.y, p->prev_to.m, 1 };
	snprintf(p->label, sizeof(p->label), "%04d-%02d", y, k);
	snprintf(p->prev_label, sizeof(p->prev_label), "%04d-%02d",
		 p->prev_to.y, p->prev_to.m);
	return 0;
}
