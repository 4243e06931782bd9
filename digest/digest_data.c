/*
 * digest_data.c - the digest's model from the database: one query per
 * section, every value a parameter, the day cut in the office's time
 * zone (settings.timezone, written from sources.yaml at every crawl).
 * Media articles only: own: true sources are press releases, not
 * coverage.
 */
#include "digest.h"
#include "analyzer/excerpt/words.h"
#include "analyzer/excerpt/sentence.h"
#include "common/date.h"
#include "common/log.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The day's window [t0, t1) in the office's time zone, the week before
 * it [week0, t0), the 29 days before it [month0, t0), the zone's name,
 * and the moment that cuts the day's mentioning analyses in two halves
 * (read side by side: load_all; t0 for a day without them).  The
 * queries below take these as parameters, so the planner sees constants
 * (fetch_log's months are pruned while planning, not at every
 * execution). */
static const char window_sql[] =
	"SELECT w.t0, w.t1, w.week0, w.tz, w.month0,"
	"       coalesce((SELECT percentile_disc(0.5) WITHIN GROUP"
	"                   (ORDER BY aa.day_at) FROM article_analysis aa"
	"                  WHERE aa.tonality IS NOT NULL"
	"                    AND aa.day_at >= w.t0 AND aa.day_at < w.t1),"
	"                w.t0)"
	"  FROM (SELECT $1::date::timestamp AT TIME ZONE z.tz AS t0,"
	"               ($1::date + 1)::timestamp AT TIME ZONE z.tz AS t1,"
	"               ($1::date - 7)::timestamp AT TIME ZONE z.tz AS week0,"
	"               z.tz,"
	"               ($1::date - 29)::timestamp AT TIME ZONE z.tz AS month0"
	"          FROM (SELECT mediamon_timezone() AS tz) z) w";

struct window {
	const char *day, *t0, *t1, *week0, *tz, *month0, *mid;
	const char *evidence;	/* "true": read the materials' evidence */
};

/* The office's own sources, asked once rather than joined to each of
 * 20,000 articles. */
#define OWN_SOURCES "ARRAY(SELECT id FROM sources WHERE own)"

/* Articles of media (not the office's own sources) with a moment in the
 * day [$2, $3) and in the week before it [$1, $2), counted in the index
 * of moments alone (sql/013).  Mentions are counted with the trend. */
static const char totals_sql[] =
	"SELECT count(*) FILTER (WHERE a.day_at >= $2),"
	"       count(*) FILTER (WHERE a.day_at < $2)"
	"  FROM articles a"
	" WHERE a.day_at >= $1 AND a.day_at < $3"
	"   AND a.source_id <> ALL (" OWN_SOURCES ")";

/* The sentence naming the office is stored with the analysis
 * (analyzer/excerpt/sentence.c); analyses written before it was
 * (sql/013) have none, and for those the sentence is cut here from a
 * window of the text around the first mention: EXCERPT_REACH bytes on
 * each side, more than office_sentence() looks at, so that it cuts the
 * same sentence. */
#define EXCERPT_REACH 320
#define FIRST_MENTION \
	"(SELECT min(start_byte) FROM mentions WHERE article_id = a.id)"

/* The day's materials of [$1, $2), a half of the day (the two halves
 * are read side by side: load_all), in no order (by_rank() orders them:
 * sorting 2,000 wide rows cost the server more than reading them), each
 * with its story (the day's stories are those of its materials).  $3 is the office's time zone.  The evidence only
 * when $4 (the JSON digest shows it) or when the words that decided must
 * be taken from it (sql/014): written out as text, it cost the server
 * more than the rest of the row; the link to a story's original only
 * when $4 too (only the JSON digest lists it). */
static const char mentions_sql[] =
	"SELECT a.id, a.canonical_url, s.name, coalesce(a.title, ''),"
	"       to_char(a.day_at AT TIME ZONE 'UTC',"
	"               'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
	"       to_char(a.day_at AT TIME ZONE $3, 'HH24:MI'),"
	"       t.tonality,"
	"       CASE WHEN $4 OR t.words IS NULL"
	"            THEN coalesce(t.evidence::text, '[]') END, t.note,"
	"       mediamon_media_index(s.weight, t.prominence, t.tonality,"
	"                            st.outlets),"
	"       coalesce(t.story_id, 0), coalesce(st.articles, 1),"
	"       coalesce(st.outlets, 1),"
	"       CASE WHEN t.sentence IS NULL THEN " FIRST_MENTION " END,"
	"       CASE WHEN t.sentence IS NULL THEN"
	"         substring(convert_to(coalesce(a.text, a.summary, ''), 'UTF8')"
	"                   FROM greatest(" FIRST_MENTION " - "
	XSTR(EXCERPT_REACH) ", 0) + 1 FOR " XSTR(2 * EXCERPT_REACH) ") END,"
	"       r.url, r.kind, round((extract(epoch FROM r.responded_at -"
	"         a.day_at) / 3600)::numeric, 1), t.sentence,"
	"       coalesce(st.title, ''), coalesce(oa.canonical_url, ''),"
	"       t.words"
	"  FROM mediamon_mentions_between($1, $2) t"
	"  JOIN articles a ON a.id = t.article_id"
	"  JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN stories st ON st.id = t.story_id"
	"  LEFT JOIN articles oa ON $4 AND oa.id = st.original_id"
	"  LEFT JOIN (SELECT DISTINCT ON (article_id) article_id, url, kind,"
	"                    responded_at FROM responses"
	"              ORDER BY article_id, responded_at, id) r"
	"         ON r.article_id = a.id"
	" WHERE NOT s.own";

/* Negative materials of the week before the day's end ($1), older than
 * 24 hours there, with no answer: what the press office still owes.
 * $2 is the office's time zone. */
static const char unanswered_sql[] =
	"SELECT a.canonical_url, s.name, coalesce(a.title, ''),"
	"       to_char(a.day_at AT TIME ZONE $2, 'YYYY-MM-DD HH24:MI')"
	"  FROM mediamon_mentions_between($1::timestamptz - interval '7 days',"
	"                                 $1::timestamptz - interval '24 hours') t"
	"  JOIN articles a ON a.id = t.article_id"
	"  JOIN sources s ON s.id = a.source_id"
	" WHERE NOT s.own AND t.tonality = 'negative'"
	"   AND NOT EXISTS (SELECT 1 FROM responses r"
	"                   WHERE r.article_id = a.id)"
	" ORDER BY a.day_at, a.id";

static const char violations_sql[] =
	"SELECT coalesce(v.case_id, 0), v.url, v.source,"
	"       coalesce(v.title, ''), v.category, v.stage,"
	"       coalesce(v.region, ''), coalesce(v.department, ''),"
	"       coalesce(d.name, ''), coalesce(v.regional_office, ''),"
	"       v.status"
	"  FROM v_violations v"
	"  LEFT JOIN departments d ON d.code = v.department"
	" WHERE NOT v.own AND v.day_at >= $1 AND v.day_at < $2"
	"   AND (v.country IS NULL OR v.country = (SELECT value FROM settings"
	"        WHERE key = 'country'))"
	" ORDER BY coalesce(d.name, v.department, 'zz'), v.region NULLS LAST,"
	"          v.violation_id";

/* Releases of the 7 days up to the digest's day. */
static const char releases_sql[] =
	"SELECT pr.id, coalesce(pr.url, ''), pr.title,"
	"       to_char(pr.published AT TIME ZONE 'UTC',"
	"               'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
	"  FROM press_releases pr"
	" WHERE pr.published >= $1::timestamptz - interval '6 days'"
	"   AND pr.published < $2"
	" ORDER BY pr.published DESC, pr.id";

/* The pickups of those releases, in one statement. */
static const char pickups_sql[] =
	"SELECT press_release_id, url, source,"
	"       to_char(published AT TIME ZONE 'UTC',"
	"       'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), coalesce(tonality, ''),"
	"       coalesce(hours, 0)"
	"  FROM v_pickups"
	" WHERE release_published >= $1::timestamptz - interval '6 days'"
	"   AND release_published < $2"
	" ORDER BY press_release_id, published, article_id";

/* Sources whose feed failed that day and did not recover by its end. */
static const char failed_sql[] =
	"SELECT s.name, 'failed', max(f.error)"
	"  FROM fetch_log f JOIN sources s ON s.id = f.source_id"
	" WHERE f.status = 'failed' AND f.kind <> 'article'"
	"   AND f.fetched_at >= $1 AND f.fetched_at < $2"
	"   AND NOT EXISTS (SELECT 1 FROM fetch_log g"
	"                   WHERE g.source_id = f.source_id"
	"                     AND g.kind <> 'article'"
	"                     AND g.status IN ('ok', 'not_modified')"
	"                     AND g.fetched_at > f.fetched_at"
	"                     AND g.fetched_at >= $1 AND g.fetched_at < $2)"
	" GROUP BY s.name ORDER BY s.name";

/* The sources silent now.  A statement of its own, without parameters:
 * the server plans it once per connection (its plan covers every month
 * of fetch_log, which took longer to plan than to run). */
static const char silent_sql[] =
	"SELECT source FROM v_source_health WHERE silent ORDER BY source";

/* The mentions of media of the 30 days up to the day's end [$1, $2) by
 * tonality and day (0..29, the day itself last; $3 the office's time
 * zone, $4 the day), cut into days at the office's midnights: the trend
 * chart, and the day's and the week's figures.  From the index of
 * moments alone (sql/014). */
static const char trend_sql[] =
	"SELECT (t.day_at AT TIME ZONE $3)::date - $4::date + 29, count(*),"
	"       count(*) FILTER (WHERE t.tonality = 'positive'),"
	"       count(*) FILTER (WHERE t.tonality = 'neutral'),"
	"       count(*) FILTER (WHERE t.tonality = 'negative')"
	"  FROM mediamon_mentions_between($1, $2) t"
	" WHERE t.source_id <> ALL (" OWN_SOURCES ") GROUP BY 1";

static const char *dup(struct digest *d, PGresult *r, int i, int c)
{
	return arena_strdup(&d->arena, PQgetvalue(r, i, c));
}

static void fill_totals(struct digest *d, PGresult *r)
{
	d->totals.articles = atoi(PQgetvalue(r, 0, 0));
	d->avg_articles = atof(PQgetvalue(r, 0, 1)) / 7;
}

/* The sentence at byte first of a text, from the window of it sent as
 * bytea (hex) that starts EXCERPT_REACH bytes before first. */
static const char *sentence(struct digest *d, const char *hex, size_t first)
{
	size_t off = first < EXCERPT_REACH ? first : EXCERPT_REACH;
	size_t len;
	unsigned char *text = PQunescapeBytea((const unsigned char *)hex,
					      &len);
	const char *s;

	if (!text)
		return "";
	s = office_sentence(&d->arena, (const char *)text, len, off);
	PQfreemem(text);
	return s;
}

/* Negative first; then by the size of the media index and of the story;
 * then by time (RFC 3339 in UTC: text order is time order) and id. */
static int by_rank(const void *a, const void *b)
{
	const struct digest_mention *x = a, *y = b;
	int xn = !strcmp(x->tonality, "negative"),
	    yn = !strcmp(y->tonality, "negative"), c;

	if (xn != yn)
		return yn - xn;
	if (x->media_index != y->media_index)
		return x->media_index < y->media_index ? 1 : -1;
	if (x->story_outlets != y->story_outlets)
		return x->story_outlets < y->story_outlets ? 1 : -1;
	if ((c = strcmp(x->published, y->published)))
		return c;
	return (x->article_id > y->article_id) -
	       (x->article_id < y->article_id);
}

static int by_story_id(const void *a, const void *b)
{
	const struct digest_story *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Most outlets first, then most articles, then the oldest story. */
static int by_reach(const void *a, const void *b)
{
	const struct digest_story *x = a, *y = b;

	if (x->outlets != y->outlets)
		return y->outlets - x->outlets;
	if (x->articles != y->articles)
		return y->articles - x->articles;
	return by_story_id(a, b);
}

/* The stories of the materials filled from r (row i is material
 * first + i), added to those of the other half; merge_stories() makes
 * each one once. */
static void add_stories(struct digest *d, PGresult *r, int first)
{
	int n = PQntuples(r), ns = d->n_stories;
	struct digest_story *s = arena_alloc(&d->arena, (size_t)(ns + n + 1) *
							sizeof(*s));

	if (ns)
		memcpy(s, d->stories, (size_t)ns * sizeof(*s));
	for (int i = 0; i < n; i++) {
		const struct digest_mention *m = &d->mentions[first + i];

		if (m->story_id)
			s[ns++] = (struct digest_story){
				m->story_id, dup(d, r, i, 19), dup(d, r, i, 20),
				m->story_articles, m->story_outlets };
	}
	d->stories = s;
	d->n_stories = ns;
}

static void merge_stories(struct digest *d)
{
	struct digest_story *s = d->stories;
	int k = 0;

	qsort(s, (size_t)d->n_stories, sizeof(*s), by_story_id);
	for (int i = 0; i < d->n_stories; i++)
		if (!k || s[k - 1].id != s[i].id)
			s[k++] = s[i];
	qsort(s, (size_t)k, sizeof(*s), by_reach);
	d->n_stories = k;
}

/* Half of the materials, added to those read already. */
static void fill_mentions(struct digest *d, PGresult *r)
{
	int n = PQntuples(r), first = d->n_mentions;
	struct digest_mention *all = arena_alloc(&d->arena,
		(size_t)(first + n + 1) * sizeof(*all));

	if (first)
		memcpy(all, d->mentions, (size_t)first * sizeof(*all));
	for (int i = 0; i < n; i++) {
		struct digest_mention *m = &all[first + i];

		m->article_id = atoll(PQgetvalue(r, i, 0));
		m->url = dup(d, r, i, 1);
		m->source = dup(d, r, i, 2);
		m->title = dup(d, r, i, 3);
		m->published = dup(d, r, i, 4);
		m->local_time = dup(d, r, i, 5);
		m->tonality = dup(d, r, i, 6);
		m->evidence = PQgetisnull(r, i, 7) ? NULL : dup(d, r, i, 7);
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
		m->words = !PQgetisnull(r, i, 21) ? dup(d, r, i, 21) :
			   excerpt_words(&d->arena, m->evidence ? m->evidence :
					 "", m->tonality);
		m->sentence = !PQgetisnull(r, i, 18) ? dup(d, r, i, 18) :
			PQgetisnull(r, i, 13) ? "" :
			sentence(d, PQgetvalue(r, i, 14),
				 (size_t)atol(PQgetvalue(r, i, 13)));
	}
	d->mentions = all;
	d->n_mentions = first + n;
	add_stories(d, r, first);
}

/* The other half: then the day's stories are made once each and the
 * materials ranked. */
static void fill_mentions_rest(struct digest *d, PGresult *r)
{
	fill_mentions(d, r);
	merge_stories(d);
	qsort(d->mentions, (size_t)d->n_mentions, sizeof(*d->mentions),
	      by_rank);
}

static void fill_unanswered(struct digest *d, PGresult *r)
{
	int n;

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
}

static void fill_violations(struct digest *d, PGresult *r)
{
	int n;

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
}

static void fill_pickups(struct digest *d, PGresult *r)
{
	int n;

	n = PQntuples(r);
	for (int k = 0; k < d->n_releases; k++) {
		struct digest_release *rel = &d->releases[k];
		int first = 0;

		while (first < n && atoll(PQgetvalue(r, first, 0)) != rel->id)
			first++;
		while (first + rel->n_pickups < n &&
		       atoll(PQgetvalue(r, first + rel->n_pickups, 0)) ==
		       rel->id)
			rel->n_pickups++;
		rel->pickups = arena_alloc(&d->arena,
					   (size_t)(rel->n_pickups + 1) *
					   sizeof(*rel->pickups));
		for (int i = 0; i < rel->n_pickups; i++) {
			struct digest_pickup *pk = &rel->pickups[i];

			pk->url = dup(d, r, first + i, 1);
			pk->source = dup(d, r, first + i, 2);
			pk->published = dup(d, r, first + i, 3);
			pk->tonality = dup(d, r, first + i, 4);
			pk->hours = atof(PQgetvalue(r, first + i, 5));
		}
	}
}

static void fill_releases(struct digest *d, PGresult *r)
{
	int n;

	n = PQntuples(r);
	d->releases = arena_alloc(&d->arena, (size_t)(n + 1) *
					     sizeof(*d->releases));
	for (int i = 0; i < n; i++) {
		struct digest_release *rel = &d->releases[i];

		rel->id = atoll(PQgetvalue(r, i, 0));
		rel->url = dup(d, r, i, 1);
		rel->title = dup(d, r, i, 2);
		rel->published = dup(d, r, i, 3);
	}
	d->n_releases = n;
}

static void fill_failed(struct digest *d, PGresult *r)
{
	int n = PQntuples(r);

	d->problems = arena_alloc(&d->arena, (size_t)(n + 1) *
					     sizeof(*d->problems));
	for (int i = 0; i < n; i++) {
		d->problems[i].source = dup(d, r, i, 0);
		d->problems[i].status = "failed";
		d->problems[i].error = dup(d, r, i, 2);
	}
	d->n_problems = n;
}

/* The silent sources after the failed ones. */
static void fill_silent(struct digest *d, PGresult *r)
{
	int nf = d->n_problems, n = nf + PQntuples(r);
	struct digest_source_problem *p = arena_alloc(&d->arena,
		(size_t)(n + 1) * sizeof(*p));

	memcpy(p, d->problems, (size_t)nf * sizeof(*p));
	for (int i = nf; i < n; i++) {
		p[i].source = dup(d, r, i - nf, 0);
		p[i].status = "silent";
		p[i].error = "";
	}
	d->problems = p;
	d->n_problems = n;
}

/* An outlet's materials of the day by tonality, for its chart. */
struct outlet {
	const char *name;
	int pos, neu, neg;
};

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct digest_mention *const *)a)->source,
		      (*(const struct digest_mention *const *)b)->source);
}

/* Most materials first; then by name. */
static int by_size(const void *a, const void *b)
{
	const struct outlet *x = a, *y = b;
	int nx = x->pos + x->neu + x->neg, ny = y->pos + y->neu + y->neg;

	return nx != ny ? ny - nx : strcmp(x->name, y->name);
}

/* The outlets chart from the day's materials: the outlets with the most
 * of them, each by tonality. */
static void count_outlets(struct digest *d)
{
	int n = d->n_mentions, no = 0;
	const struct digest_mention **m = xmalloc((size_t)(n + 1) *
						  sizeof(*m));
	struct outlet *o = xmalloc((size_t)(n + 1) * sizeof(*o));

	for (int i = 0; i < n; i++)
		m[i] = &d->mentions[i];
	qsort(m, (size_t)n, sizeof(*m), by_name);
	for (int i = 0; i < n; i++) {
		const char *t = m[i]->tonality;

		if (!no || strcmp(o[no - 1].name, m[i]->source))
			o[no++] = (struct outlet){ m[i]->source, 0, 0, 0 };
		o[no - 1].pos += !strcmp(t, "positive");
		o[no - 1].neu += !strcmp(t, "neutral");
		o[no - 1].neg += !strcmp(t, "negative");
	}
	qsort(o, (size_t)no, sizeof(*o), by_size);
	for (int i = 0; i < no && i < DIGEST_OUTLETS_MAX; i++) {
		d->outlet_name[i] = o[i].name;
		d->outlet_pos[i] = o[i].pos;
		d->outlet_neu[i] = o[i].neu;
		d->outlet_neg[i] = o[i].neg;
		d->n_outlets++;
	}
	free(o);
	free(m);
}

/* The trend of the 30 days; the last is the day's figures and the seven
 * before it its week's.  Then the outlets from the day's materials (read
 * before). */
static void fill_trend(struct digest *d, PGresult *r)
{
	const int last = DIGEST_TREND_DAYS - 1;
	double week[4] = { 0 };

	for (int i = 0; i < PQntuples(r); i++) {
		int k = atoi(PQgetvalue(r, i, 0)), v[4];

		if (k < 0 || k > last)
			continue;
		for (int c = 0; c < 4; c++)
			v[c] = atoi(PQgetvalue(r, i, c + 1));
		d->trend_pos[k] = v[1];
		d->trend_neu[k] = v[2];
		d->trend_neg[k] = v[3];
		if (k == last)
			d->totals = (struct digest_totals){ d->totals.articles,
				v[0], v[1], v[2], v[3] };
		else if (k >= last - 7)
			for (int c = 0; c < 4; c++)
				week[c] += v[c];
	}
	d->avg_mentions = week[0] / 7;
	d->avg_positive = week[1] / 7;
	d->avg_neutral = week[2] / 7;
	d->avg_negative = week[3] / 7;
	count_outlets(d);
}

static int load_window(struct db *db, const char *day, struct digest *d,
		       struct window *w, struct err *e)
{
	PGresult *r = db_query_prep(db, window_sql, 1, &day, e);

	if (!r)
		return err_prefix(e, "cannot read the day's window");
	w->day = day;
	w->t0 = dup(d, r, 0, 0);
	w->t1 = dup(d, r, 0, 1);
	w->week0 = dup(d, r, 0, 2);
	w->tz = dup(d, r, 0, 3);
	w->month0 = dup(d, r, 0, 4);
	w->mid = dup(d, r, 0, 5);
	PQclear(r);
	return 0;
}

/* The parameters a read takes, from the window. */
enum params {
	P_NONE, P_DAY, P_WEEK, P_FIRST, P_SECOND, P_WEEK_END, P_MONTH, N_PARAMS
};

/* The digest's reads, in the order they are filled (each fill may use
 * what the ones before it filled): the week's unanswered criticism
 * (shown among the negative materials; a small read), then the
 * materials in two halves, so that they are copied, ranked and handed to
 * materials_ready while the server runs the others.  With a second
 * connection (load_all) the reads marked ASIDE go over it, each
 * connection's in this order: the halves side by side, then the rest
 * shared so that both end about together.  The violations, the largest
 * of the rest (600 rows on a busy day), come last: nothing waits
 * behind the last (and where the reader waits on one socket at a time,
 * over TLS, a result that fills its socket holds back its server
 * process until it is taken). */
enum { MAIN, ASIDE };
static const struct {
	const char *sql, *what;
	enum params params;
	int conn;
	void (*fill)(struct digest *, PGresult *);
} reads[] = {
	{ unanswered_sql, "unanswered criticism", P_WEEK_END, MAIN,
	  fill_unanswered },
	{ mentions_sql, "mentions", P_FIRST, MAIN, fill_mentions },
	{ mentions_sql, "mentions", P_SECOND, ASIDE, fill_mentions_rest },
	{ totals_sql, "day's totals", P_WEEK, MAIN, fill_totals },
	{ releases_sql, "press releases", P_DAY, ASIDE, fill_releases },
	{ pickups_sql, "pickups", P_DAY, ASIDE, fill_pickups },
	{ failed_sql, "source health", P_DAY, ASIDE, fill_failed },
	{ silent_sql, "silent sources", P_NONE, ASIDE, fill_silent },
	{ trend_sql, "30-day trend", P_MONTH, MAIN, fill_trend },
	{ violations_sql, "violations", P_DAY, ASIDE, fill_violations },
};
#define N_READS ((int)ARRAY_SIZE(reads))

/* Send on db the reads of connection conn, or all of them (conn < 0). */
static int send_reads(struct db *db, const struct window *w, int conn,
		      struct err *e)
{
	const char *const day[] = { w->t0, w->t1 },
		   *const week[] = { w->week0, w->t0, w->t1 },
		   *const first[] = { w->t0, w->mid, w->tz, w->evidence },
		   *const second[] = { w->mid, w->t1, w->tz, w->evidence },
		   *const week_end[] = { w->t1, w->tz },
		   *const month[] = { w->month0, w->t1, w->tz, w->day };
	static const int count[N_PARAMS] = {
		[P_DAY] = 2, [P_WEEK] = 3, [P_FIRST] = 4, [P_SECOND] = 4,
		[P_WEEK_END] = 2, [P_MONTH] = 4,
	};
	const char *const *const set[N_PARAMS] = {
		[P_DAY] = day, [P_WEEK] = week, [P_FIRST] = first,
		[P_SECOND] = second, [P_WEEK_END] = week_end,
		[P_MONTH] = month,
	};
	struct db_batch_item items[N_READS];
	size_t n = 0;

	for (int i = 0; i < N_READS; i++)
		if (conn < 0 || reads[i].conn == conn)
			items[n++] = (struct db_batch_item){
				reads[i].sql, count[reads[i].params],
				set[reads[i].params] };
	if (db_reads_send(db, items, n, e) < 0)
		return err_prefix(e, "cannot read the day");
	return 0;
}

/* Fill from the results, each read's from the connection it went over
 * (conns[1] NULL: all over conns[0]). */
static int fill_reads(struct db *const conns[2], struct digest *d,
		      const struct digest_read *how, struct err *e)
{
	for (int i = 0; i < N_READS; i++) {
		int c = conns[1] ? reads[i].conn : MAIN;
		PGresult *r = db_reads_next_beside(conns[c], conns[!c], e);

		if (!r)
			return err_prefix(e, "cannot read the %s",
					  reads[i].what);
		reads[i].fill(d, r);
		PQclear(r);
		if (reads[i].fill == fill_mentions_rest && how &&
		    how->materials_ready)
			how->materials_ready(d, how->arg);
	}
	return 0;
}

/* Half of the reads go over how->aside when it can take the snapshot of
 * db's transaction: the server then reads the day on two of its
 * processes at once.  Else all go over db. */
static int load_all(struct db *db, struct digest *d, const struct window *w,
		    const struct digest_read *how, struct err *e)
{
	struct db *conns[2] = { db, how ? how->aside : NULL };
	int ret = -1;

	if (conns[1] && PQtransactionStatus(db->conn) == PQTRANS_INTRANS) {
		struct err why = { "" };

		if (db_share_snapshot(db, conns[1], &why) < 0) {
			/* a failed export has aborted db's transaction:
			 * nothing more can be read in it */
			if (PQtransactionStatus(db->conn) != PQTRANS_INTRANS) {
				err_set(e, "%s", why.msg);
				return err_prefix(e, "cannot read the day");
			}
			log_msg(LOG_WARN, NULL, "digest: reading over one "
				"connection: %s", why.msg);
			conns[1] = NULL;
		}
	} else {
		conns[1] = NULL;
	}
	if (send_reads(db, w, conns[1] ? MAIN : -1, e) < 0)
		goto out;
	if (conns[1] && send_reads(conns[1], w, ASIDE, e) < 0) {
		db_reads_end(db);
		goto out;
	}
	ret = fill_reads(conns, d, how, e);
	db_reads_end(db);
	if (conns[1])
		db_reads_end(conns[1]);
out:
	if (conns[1])
		db_rollback(conns[1]);
	return ret;
}

int digest_load(struct db *db, const struct config *cfg,
		const struct day *day, const char *lang,
		const struct digest_read *how, struct digest *d,
		struct err *e)
{
	char ds[11];
	struct window w = {
		.evidence = how && how->evidence ? "true" : "false" };

	memset(d, 0, sizeof(*d));
	d->day = *day;
	d->lang = lang;
	d->cfg = cfg;
	d->timezone = cfg ? cfg->timezone : "UTC";
	day_format(day, ds);
	if (load_window(db, ds, d, &w, e) < 0 ||
	    load_all(db, d, &w, how, e) < 0) {
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
