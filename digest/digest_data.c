/*
 * digest_data.c - the digest's model from the database: one query per
 * section, every value a parameter, the day cut in the office's time
 * zone (settings.timezone, written from sources.yaml at every crawl).
 * Media articles only: own: true sources are press releases, not
 * coverage.
 */
#include "digest.h"
#include "excerpt.h"
#include "common/date.h"
#include "common/json.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The day's window [t0, t1) as a CTE; $1 is the day. */
#define WINDOW \
	"WITH w AS (SELECT ($1::date::timestamp AT TIME ZONE " \
	"mediamon_timezone()) AS t0, (($1::date + 1)::timestamp AT TIME " \
	"ZONE mediamon_timezone()) AS t1) "

/* Tonality of an article: the analyst's word wins. */
#define TONALITY "coalesce(o.tonality, aa.tonality)"

static const char totals_sql[] =
	WINDOW
	"SELECT count(*), count(" TONALITY "),"
	"       count(*) FILTER (WHERE " TONALITY " = 'positive'),"
	"       count(*) FILTER (WHERE " TONALITY " = 'neutral'),"
	"       count(*) FILTER (WHERE " TONALITY " = 'negative')"
	"  FROM w, articles a"
	"  JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN article_analysis aa ON aa.article_id = a.id"
	"  LEFT JOIN tonality_overrides o ON o.article_id = a.id"
	" WHERE NOT s.own"
	"   AND coalesce(a.published, a.fetched_at) >= w.t0 + $2 * interval"
	"       '1 day'"
	"   AND coalesce(a.published, a.fetched_at) < w.t1";

/* Negative first; then by the size of the media index and of the story. */
static const char mentions_sql[] =
	WINDOW
	"SELECT a.id, a.canonical_url, s.name, coalesce(a.title, ''),"
	"       to_char(coalesce(a.published, a.fetched_at) AT TIME ZONE 'UTC',"
	"               'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	"       to_char(coalesce(a.published, a.fetched_at) AT TIME ZONE"
	"               mediamon_timezone(), 'HH24:MI'),"
	"       " TONALITY ", coalesce(aa.evidence::text, '[]'), o.note,"
	"       mediamon_media_index(s.weight,"
	"         (SELECT max(m.prominence) FROM mentions m"
	"           WHERE m.article_id = a.id), " TONALITY ", st.outlets),"
	"       coalesce(x.story_id, 0), coalesce(st.articles, 1),"
	"       coalesce(st.outlets, 1),"
	"       (SELECT min(m.start_byte) FROM mentions m"
	"         WHERE m.article_id = a.id),"
	"       coalesce(a.text, a.summary, ''),"
	"       r.url, r.kind, round((extract(epoch FROM r.responded_at -"
	"         coalesce(a.published, a.fetched_at)) / 3600)::numeric, 1)"
	"  FROM w, articles a"
	"  JOIN sources s ON s.id = a.source_id"
	"  JOIN article_analysis aa ON aa.article_id = a.id"
	"  LEFT JOIN tonality_overrides o ON o.article_id = a.id"
	"  LEFT JOIN article_stories x ON x.article_id = a.id"
	"  LEFT JOIN stories st ON st.id = x.story_id"
	"  LEFT JOIN LATERAL (SELECT url, kind, responded_at FROM responses"
	"              WHERE article_id = a.id"
	"              ORDER BY responded_at LIMIT 1) r ON true"
	" WHERE NOT s.own AND " TONALITY " IS NOT NULL"
	"   AND coalesce(a.published, a.fetched_at) >= w.t0"
	"   AND coalesce(a.published, a.fetched_at) < w.t1"
	" ORDER BY " TONALITY " = 'negative' DESC, 10 DESC NULLS LAST,"
	"          13 DESC, 5, a.id";

/* Negative materials of the week before the day's end, older than 24
 * hours there, with no answer: what the press office still owes. */
static const char unanswered_sql[] =
	WINDOW
	"SELECT a.canonical_url, s.name, coalesce(a.title, ''),"
	"       to_char(coalesce(a.published, a.fetched_at) AT TIME ZONE"
	"               mediamon_timezone(), 'YYYY-MM-DD HH24:MI')"
	"  FROM w, articles a"
	"  JOIN sources s ON s.id = a.source_id"
	"  JOIN article_analysis aa ON aa.article_id = a.id"
	"  LEFT JOIN tonality_overrides o ON o.article_id = a.id"
	" WHERE NOT s.own AND " TONALITY " = 'negative'"
	"   AND coalesce(a.published, a.fetched_at) >= w.t1 - interval '7 days'"
	"   AND coalesce(a.published, a.fetched_at) < w.t1 - interval '24 hours'"
	"   AND NOT EXISTS (SELECT 1 FROM responses r"
	"                   WHERE r.article_id = a.id)"
	" ORDER BY coalesce(a.published, a.fetched_at), a.id";

static const char violations_sql[] =
	WINDOW
	"SELECT coalesce(v.case_id, 0), v.url, v.source,"
	"       coalesce(a.title, ''), v.category, v.stage,"
	"       coalesce(v.region, ''), coalesce(v.department, ''),"
	"       coalesce(d.name, ''), coalesce(v.regional_office, ''),"
	"       v.status"
	"  FROM w, v_violations v"
	"  JOIN articles a ON a.id = v.article_id"
	"  JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN departments d ON d.code = v.department"
	" WHERE NOT s.own"
	"   AND coalesce(a.published, a.fetched_at) >= w.t0"
	"   AND coalesce(a.published, a.fetched_at) < w.t1"
	"   AND (v.country IS NULL OR v.country = (SELECT value FROM settings"
	"        WHERE key = 'country'))"
	" ORDER BY coalesce(d.name, v.department, 'zz'), v.region NULLS LAST,"
	"          v.violation_id";

/* Releases of the 7 days up to the digest's day. */
static const char releases_sql[] =
	WINDOW
	"SELECT pr.id, coalesce(pr.url, ''), pr.title,"
	"       to_char(pr.published AT TIME ZONE 'UTC',"
	"               'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
	"  FROM w, press_releases pr"
	" WHERE pr.published >= w.t0 - interval '6 days'"
	"   AND pr.published < w.t1"
	" ORDER BY pr.published DESC, pr.id";

static const char pickups_sql[] =
	"SELECT url, source, to_char(published AT TIME ZONE 'UTC',"
	"       'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), coalesce(tonality, ''),"
	"       coalesce(hours, 0)"
	"  FROM v_pickups WHERE press_release_id = $1"
	" ORDER BY published, article_id";

/* Stories with media articles on the day. */
static const char stories_sql[] =
	WINDOW
	"SELECT st.id, coalesce(st.title, ''), coalesce(oa.canonical_url, ''),"
	"       st.articles, st.outlets"
	"  FROM w, stories st"
	"  LEFT JOIN articles oa ON oa.id = st.original_id"
	" WHERE EXISTS (SELECT 1 FROM article_stories x"
	"                JOIN articles a ON a.id = x.article_id"
	"                JOIN sources s ON s.id = a.source_id"
	"                JOIN article_analysis aa ON aa.article_id = a.id"
	"               WHERE x.story_id = st.id AND NOT s.own"
	"                 AND aa.tonality IS NOT NULL"
	"                 AND x.published >= w.t0 AND x.published < w.t1)"
	" ORDER BY st.outlets DESC, st.articles DESC, st.id";

/* Sources whose feed failed that day, then the silent ones. */
static const char problems_sql[] =
	WINDOW
	"SELECT s.name, 'failed', max(f.error)"
	"  FROM w, fetch_log f JOIN sources s ON s.id = f.source_id"
	" WHERE f.status = 'failed' AND f.kind <> 'article'"
	"   AND f.fetched_at >= w.t0 AND f.fetched_at < w.t1"
	"   AND NOT EXISTS (SELECT 1 FROM fetch_log g"
	"                   WHERE g.source_id = f.source_id"
	"                     AND g.kind <> 'article'"
	"                     AND g.status IN ('ok', 'not_modified')"
	"                     AND g.fetched_at > f.fetched_at"
	"                     AND g.fetched_at < w.t1)"
	" GROUP BY s.name"
	" UNION ALL "
	"SELECT source, 'silent', '' FROM v_source_health WHERE silent"
	" ORDER BY 2, 1";

static const char trend_sql[] =
	"SELECT day - $1::date + 29, sum(positive), sum(neutral),"
	"       sum(negative)"
	"  FROM mediamon_daily_tonality($1::date - 29, $1::date)"
	" GROUP BY day";

static const char outlets_sql[] =
	"SELECT source, positive, neutral, negative"
	"  FROM mediamon_daily_tonality($1::date, $1::date)"
	" ORDER BY total DESC, source LIMIT $2";

static const char *dup(struct digest *d, PGresult *r, int i, int c)
{
	return arena_strdup(&d->arena, PQgetvalue(r, i, c));
}

static PGresult *run(struct db *db, const char *sql, int n,
		     const char *const *p, struct err *e, const char *what)
{
	PGresult *r = db_query(db, sql, n, p, e);

	if (!r)
		err_prefix(e, "cannot read the %s", what);
	return r;
}

static int load_totals(struct db *db, struct digest *d, const char *day,
		       struct err *e)
{
	const char *p[2] = { day, "0" };
	PGresult *r = run(db, totals_sql, 2, p, e, "day's totals");

	if (!r)
		return -1;
	d->totals.articles = atoi(PQgetvalue(r, 0, 0));
	d->totals.mentions = atoi(PQgetvalue(r, 0, 1));
	d->totals.positive = atoi(PQgetvalue(r, 0, 2));
	d->totals.neutral = atoi(PQgetvalue(r, 0, 3));
	d->totals.negative = atoi(PQgetvalue(r, 0, 4));
	PQclear(r);
	/* the 7 days before: the same window widened back, minus the day */
	{
		char prev[11];
		struct day pd = day_add(d->day, -1);

		day_format(&pd, prev);
		p[0] = prev;
		p[1] = "-6";
		r = run(db, totals_sql, 2, p, e, "week's totals");
		if (!r)
			return -1;
		d->avg_articles = atof(PQgetvalue(r, 0, 0)) / 7;
		d->avg_mentions = atof(PQgetvalue(r, 0, 1)) / 7;
		d->avg_positive = atof(PQgetvalue(r, 0, 2)) / 7;
		d->avg_neutral = atof(PQgetvalue(r, 0, 3)) / 7;
		d->avg_negative = atof(PQgetvalue(r, 0, 4)) / 7;
		PQclear(r);
	}
	return 0;
}

static int load_mentions(struct db *db, struct digest *d, const char *day,
			 struct err *e)
{
	const char *p[1] = { day };
	PGresult *r = run(db, mentions_sql, 1, p, e, "mentions");
	int n;

	if (!r)
		return -1;
	n = PQntuples(r);
	d->mentions = arena_alloc(&d->arena, (size_t)(n + 1) *
					     sizeof(*d->mentions));
	for (int i = 0; i < n; i++) {
		struct digest_mention *m = &d->mentions[i];

		m->article_id = atoll(PQgetvalue(r, i, 0));
		m->url = dup(d, r, i, 1);
		m->source = dup(d, r, i, 2);
		m->title = dup(d, r, i, 3);
		m->published = dup(d, r, i, 4);
		m->local_time = dup(d, r, i, 5);
		m->tonality = dup(d, r, i, 6);
		m->evidence = dup(d, r, i, 7);
		m->analyst_note = PQgetisnull(r, i, 8) ? NULL : dup(d, r, i, 8);
		m->media_index = atof(PQgetvalue(r, i, 9));
		m->story_id = atoll(PQgetvalue(r, i, 10));
		m->story_articles = atoi(PQgetvalue(r, i, 11));
		m->story_outlets = atoi(PQgetvalue(r, i, 12));
		if (!PQgetisnull(r, i, 15)) {
			m->response_url = dup(d, r, i, 15);
			m->response_kind = dup(d, r, i, 16);
			m->response_hours = atof(PQgetvalue(r, i, 17));
		}
		m->words = excerpt_words(&d->arena, m->evidence, m->tonality);
		m->sentence = PQgetisnull(r, i, 13) ? "" :
			excerpt_sentence(&d->arena, PQgetvalue(r, i, 14),
					 (size_t)PQgetlength(r, i, 14),
					 (size_t)atol(PQgetvalue(r, i, 13)));
	}
	d->n_mentions = n;
	PQclear(r);
	return 0;
}

static int load_unanswered(struct db *db, struct digest *d,
			   const char *day, struct err *e)
{
	const char *p[1] = { day };
	PGresult *r = run(db, unanswered_sql, 1, p, e, "unanswered criticism");
	int n;

	if (!r)
		return -1;
	n = PQntuples(r);
	d->unanswered_items = arena_alloc(&d->arena, (size_t)(n + 1) *
					  sizeof(*d->unanswered_items));
	for (int i = 0; i < n; i++) {
		struct digest_mention *m = &d->unanswered_items[i];

		m->url = dup(d, r, i, 0);
		m->source = dup(d, r, i, 1);
		m->title = dup(d, r, i, 2);
		m->local_time = dup(d, r, i, 3);
		m->tonality = "negative";
	}
	d->unanswered = n;
	PQclear(r);
	return 0;
}

static int load_violations(struct db *db, struct digest *d,
			   const char *day, struct err *e)
{
	const char *p[1] = { day };
	PGresult *r = run(db, violations_sql, 1, p, e, "violations");
	int n;

	if (!r)
		return -1;
	n = PQntuples(r);
	d->violations = arena_alloc(&d->arena, (size_t)(n + 1) *
					       sizeof(*d->violations));
	for (int i = 0; i < n; i++) {
		struct digest_violation *v = &d->violations[i];

		v->case_id = atoll(PQgetvalue(r, i, 0));
		v->url = dup(d, r, i, 1);
		v->source = dup(d, r, i, 2);
		v->title = dup(d, r, i, 3);
		v->category = dup(d, r, i, 4);
		v->stage = dup(d, r, i, 5);
		v->region = dup(d, r, i, 6);
		v->department = dup(d, r, i, 7);
		v->department_name = dup(d, r, i, 8);
		v->regional_office = dup(d, r, i, 9);
		v->status = dup(d, r, i, 10);
	}
	d->n_violations = n;
	PQclear(r);
	return 0;
}

static int load_releases(struct db *db, struct digest *d, const char *day,
			 struct err *e)
{
	const char *p[1] = { day };
	PGresult *r = run(db, releases_sql, 1, p, e, "press releases");
	int n;

	if (!r)
		return -1;
	n = PQntuples(r);
	d->releases = arena_alloc(&d->arena, (size_t)(n + 1) *
					     sizeof(*d->releases));
	for (int i = 0; i < n; i++) {
		struct digest_release *rel = &d->releases[i];
		const char *id = PQgetvalue(r, i, 0);
		PGresult *pk;

		rel->id = atoll(id);
		rel->url = dup(d, r, i, 1);
		rel->title = dup(d, r, i, 2);
		rel->published = dup(d, r, i, 3);
		pk = run(db, pickups_sql, 1, &id, e, "pickups");
		if (!pk) {
			PQclear(r);
			return -1;
		}
		rel->n_pickups = PQntuples(pk);
		rel->pickups = arena_alloc(&d->arena,
					   (size_t)(rel->n_pickups + 1) *
					   sizeof(*rel->pickups));
		for (int k = 0; k < rel->n_pickups; k++) {
			rel->pickups[k].url = dup(d, pk, k, 0);
			rel->pickups[k].source = dup(d, pk, k, 1);
			rel->pickups[k].published = dup(d, pk, k, 2);
			rel->pickups[k].tonality = dup(d, pk, k, 3);
			rel->pickups[k].hours = atof(PQgetvalue(pk, k, 4));
		}
		PQclear(pk);
	}
	d->n_releases = n;
	PQclear(r);
	return 0;
}

static int load_stories(struct db *db, struct digest *d, const char *day,
			struct err *e)
{
	const char *p[1] = { day };
	PGresult *r = run(db, stories_sql, 1, p, e, "stories");
	int n;

	if (!r)
		return -1;
	n = PQntuples(r);
	d->stories = arena_alloc(&d->arena, (size_t)(n + 1) *
					    sizeof(*d->stories));
	for (int i = 0; i < n; i++) {
		d->stories[i].id = atoll(PQgetvalue(r, i, 0));
		d->stories[i].title = dup(d, r, i, 1);
		d->stories[i].url = dup(d, r, i, 2);
		d->stories[i].articles = atoi(PQgetvalue(r, i, 3));
		d->stories[i].outlets = atoi(PQgetvalue(r, i, 4));
	}
	d->n_stories = n;
	PQclear(r);
	return 0;
}

static int load_problems(struct db *db, struct digest *d, const char *day,
			 struct err *e)
{
	const char *p[1] = { day };
	PGresult *r = run(db, problems_sql, 1, p, e, "source health");
	int n;

	if (!r)
		return -1;
	n = PQntuples(r);
	d->problems = arena_alloc(&d->arena, (size_t)(n + 1) *
					     sizeof(*d->problems));
	for (int i = 0; i < n; i++) {
		d->problems[i].source = dup(d, r, i, 0);
		d->problems[i].status = dup(d, r, i, 1);
		d->problems[i].error = dup(d, r, i, 2);
	}
	d->n_problems = n;
	PQclear(r);
	return 0;
}

static int load_charts(struct db *db, struct digest *d, const char *day,
		       struct err *e)
{
	char lim[8];
	const char *p[2] = { day, lim };
	PGresult *r = run(db, trend_sql, 1, p, e, "30-day trend");

	if (!r)
		return -1;
	for (int i = 0; i < PQntuples(r); i++) {
		int k = atoi(PQgetvalue(r, i, 0));

		if (k < 0 || k >= DIGEST_TREND_DAYS)
			continue;
		d->trend_pos[k] = atoi(PQgetvalue(r, i, 1));
		d->trend_neu[k] = atoi(PQgetvalue(r, i, 2));
		d->trend_neg[k] = atoi(PQgetvalue(r, i, 3));
	}
	PQclear(r);
	snprintf(lim, sizeof(lim), "%d", DIGEST_OUTLETS_MAX);
	r = run(db, outlets_sql, 2, p, e, "outlets of the day");
	if (!r)
		return -1;
	d->n_outlets = PQntuples(r);
	for (int i = 0; i < d->n_outlets; i++) {
		d->outlet_name[i] = dup(d, r, i, 0);
		d->outlet_pos[i] = atoi(PQgetvalue(r, i, 1));
		d->outlet_neu[i] = atoi(PQgetvalue(r, i, 2));
		d->outlet_neg[i] = atoi(PQgetvalue(r, i, 3));
	}
	PQclear(r);
	return 0;
}

int digest_load(struct db *db, const struct config *cfg,
		const struct day *day, const char *lang, struct digest *d,
		struct err *e)
{
	char ds[11];

	memset(d, 0, sizeof(*d));
	d->day = *day;
	d->lang = lang;
	d->cfg = cfg;
	d->timezone = cfg ? cfg->timezone : "UTC";
	day_format(day, ds);
	if (load_totals(db, d, ds, e) < 0 || load_mentions(db, d, ds, e) < 0 ||
	    load_unanswered(db, d, ds, e) < 0 ||
	    load_violations(db, d, ds, e) < 0 ||
	    load_releases(db, d, ds, e) < 0 ||
	    load_stories(db, d, ds, e) < 0 ||
	    load_problems(db, d, ds, e) < 0 || load_charts(db, d, ds, e) < 0) {
		digest_release(d);
		return -1;
	}
	if (cfg && cfg->reviewed) {
		long days = date_days_from_civil(day->y, (unsigned)day->m,
						 (unsigned)day->d);

		d->reviewed = cfg->reviewed;
		d->review_age_days = config_review_age(cfg, days);
		d->review_due = d->review_age_days > cfg->review_every_days;
	}
	return 0;
}

void digest_release(struct digest *d)
{
	arena_release(&d->arena);
}

int digest_record(struct db *db, const struct digest *d, const char *format,
		  const char *path, struct err *e)
{
	char ds[11], arts[16], ments[16];
	const char *p[5] = { ds, format, path, arts, ments };

	day_format(&d->day, ds);
	snprintf(arts, sizeof(arts), "%d", d->totals.articles);
	snprintf(ments, sizeof(ments), "%d", d->totals.mentions);
	return db_exec(db,
		"INSERT INTO digests (day, period_start, period_end, format,"
		" path, articles, mentions)"
		" VALUES ($1::date, $1::date::timestamp AT TIME ZONE"
		" mediamon_timezone(), ($1::date + 1)::timestamp AT TIME ZONE"
		" mediamon_timezone(), $2, $3, $4, $5)", 5, p, e);
}
