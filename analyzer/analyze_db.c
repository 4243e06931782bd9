/*
 * analyze_db.c - "mediamon analyze" on the database: every article not
 * yet analysed with the current lexicons (or edited since), in batches,
 * one transaction per batch.  Batches are claimed with SELECT ... FOR NO
 * KEY UPDATE SKIP LOCKED, so two analyzers share the work instead of
 * doing it twice; an interrupted run leaves whole batches behind and the
 * next run picks up the rest.  Re-analysis replaces an article's mentions
 * and violations in the same transaction as its article_analysis row,
 * but keeps violations already routed to a case.
 */
#include "analyze.h"
#include "analyze_db.h"
#include "prominence.h"
#include "excerpt/sentence.h"
#include "excerpt/words.h"
#include "story/story.h"
#include "common/buf.h"
#include "common/db.h"
#include "common/log.h"
#include "common/paths.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The lock is FOR NO KEY UPDATE rather than FOR UPDATE: it claims the
 * article just as well against another analyzer, but does not block the
 * crawler inserting rows that reference the article (foreign keys take
 * FOR KEY SHARE, which only FOR UPDATE conflicts with).
 */
static const char claim_sql[] =
	"SELECT a.id, a.title, coalesce(a.text, a.summary, ''), s.country"
	"  FROM articles a"
	"  JOIN sources s ON s.id = a.source_id"
	"  LEFT JOIN article_analysis aa ON aa.article_id = a.id"
	" WHERE aa.article_id IS NULL"
	"    OR aa.lexicon_version <> $1"
	"    OR aa.analyzed_at < a.updated_at"
	"    OR ($3::boolean AND aa.analyzed_at < $4::timestamptz)"
	" ORDER BY a.id"
	" LIMIT $2"
	"   FOR NO KEY UPDATE OF a SKIP LOCKED";

/* Another analyzer may have finished the article between our snapshot
 * and our lock: look again (a new snapshot) before working. */
static const char done_sql[] =
	"SELECT 1 FROM article_analysis aa JOIN articles a"
	"    ON a.id = aa.article_id"
	" WHERE aa.article_id = $1 AND aa.lexicon_version = $2"
	"   AND aa.analyzed_at >= a.updated_at"
	"   AND NOT ($3::boolean AND aa.analyzed_at < $4::timestamptz)";

/* The articles claim_sql will find, counted once for the progress line. */
static const char waiting_sql[] =
	"SELECT count(*) FROM articles a"
	"  LEFT JOIN article_analysis aa ON aa.article_id = a.id"
	" WHERE aa.article_id IS NULL"
	"    OR aa.lexicon_version <> $1"
	"    OR aa.analyzed_at < a.updated_at"
	"    OR ($2::boolean AND aa.analyzed_at < $3::timestamptz)";

struct run {
	struct db *db;
	struct analyzer an;
	const char *version;
	int all;
	char start[64];		/* run start, for --all */
	long done, mentions, violations;
	void (*progress)(const struct analyze_progress *, void *);
	void *progress_arg;
	long total;
};

static void report(const struct run *r)
{
	struct analyze_progress p = { r->total, r->done, r->mentions,
				      r->violations };

	if (r->progress)
		r->progress(&p, r->progress_arg);
}

static void num(struct buf *b, double v)
{
	buf_reset(b);
	buf_addf(b, "%.4f", v);
}

static void json_of(const struct evs *ev, struct buf *b)
{
	struct jw w;

	buf_reset(b);
	jw_init(&w, b);
	evs_json(ev, &w);
}

static int store_mentions(struct run *r, const char *id, const char *text,
			  const struct analysis *res,
			  const struct prominence *prom, struct err *e)
{
	static const char sql[] =
		"INSERT INTO mentions (article_id, start_byte, end_byte, text,"
		" tonality, score, positive, negative, evidence, prominence,"
		" quoted)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";
	struct buf s = BUF_INIT, en = BUF_INIT, sc = BUF_INIT, po = BUF_INIT,
		   ne = BUF_INIT, ev = BUF_INIT, mt = BUF_INIT, pr = BUF_INIT;
	int ret = 0;

	num(&pr, prom->value);
	for (size_t i = 0; i < res->nm && ret == 0; i++) {
		const struct mention *m = &res->m[i];
		const char *p[11];

		buf_reset(&s);
		buf_addf(&s, "%zu", m->start);
		buf_reset(&en);
		buf_addf(&en, "%zu", m->end);
		buf_reset(&mt);
		buf_add(&mt, text + m->start, m->end - m->start);
		num(&sc, m->t.score);
		num(&po, m->t.pos);
		num(&ne, m->t.neg);
		json_of(&m->t.ev, &ev);
		p[0] = id;
		p[1] = s.data;
		p[2] = en.data;
		p[3] = mt.data;
		p[4] = tone_name(m->t.tone);
		p[5] = sc.data;
		p[6] = po.data;
		p[7] = ne.data;
		p[8] = ev.data;
		p[9] = pr.data;
		p[10] = prom->quoted ? "true" : "false";
		ret = db_exec(r->db, sql, 11, p, e);
		r->mentions++;
	}
	buf_release(&s);
	buf_release(&en);
	buf_release(&sc);
	buf_release(&po);
	buf_release(&ne);
	buf_release(&ev);
	buf_release(&mt);
	buf_release(&pr);
	return ret;
}

static int store_violations(struct run *r, const char *id,
			    const struct analysis *res, struct err *e)
{
	/* a violation already routed to a case stands for its category */
	static const char sql[] =
		"INSERT INTO violations (article_id, category, stage, country,"
		" region, evidence)"
		" SELECT $1, $2, $3, $4, $5, $6"
		" WHERE NOT EXISTS (SELECT 1 FROM violations"
		"   WHERE article_id = $1 AND category = $2"
		"     AND case_id IS NOT NULL)";
	const struct lex *lx = r->an.lx;
	struct buf ev = BUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < res->nv && ret == 0; i++) {
		const struct violation *v = &res->v[i];
		const char *p[6];

		json_of(&v->ev, &ev);
		p[0] = id;
		p[1] = lx->categories[v->category];
		p[2] = stage_names[v->stage];
		p[3] = lx->countries[v->country];
		p[4] = v->region >= 0 ? lx->regions[v->region] : NULL;
		p[5] = ev.data;
		ret = db_exec(r->db, sql, 6, p, e);
		r->violations++;
	}
	buf_release(&ev);
	return ret;
}

/* The sentence of the office's first mention, or NULL (SQL NULL) when
 * the text does not mention it. */
static const char *first_sentence(struct arena *a, const char *text,
				  const struct analysis *res)
{
	size_t first = SIZE_MAX;

	for (size_t i = 0; i < res->nm; i++)
		if (res->m[i].start < first)
			first = res->m[i].start;
	return first == SIZE_MAX ? NULL :
	       office_sentence(a, text, strlen(text), first);
}

static int store(struct run *r, const char *id, const char *text,
		 const struct analysis *res, struct err *e)
{
	static const char upsert[] =
		"INSERT INTO article_analysis (article_id, lexicon_version,"
		" analyzed_at, lang, tonality, score, positive, negative,"
		" evidence, regions, sentence, prominence, words)"
		" VALUES ($1, $2, now(), $3, $4, $5, $6, $7, $8, $9, $10,"
		" $11, $12)"
		" ON CONFLICT (article_id) DO UPDATE SET"
		" lexicon_version = EXCLUDED.lexicon_version,"
		" analyzed_at = EXCLUDED.analyzed_at, lang = EXCLUDED.lang,"
		" tonality = EXCLUDED.tonality, score = EXCLUDED.score,"
		" positive = EXCLUDED.positive, negative = EXCLUDED.negative,"
		" evidence = EXCLUDED.evidence, regions = EXCLUDED.regions,"
		" sentence = EXCLUDED.sentence,"
		" prominence = EXCLUDED.prominence, words = EXCLUDED.words";
	const struct lex *lx = r->an.lx;
	struct buf sc = BUF_INIT, po = BUF_INIT, ne = BUF_INIT, ev = BUF_INIT,
		   rg = BUF_INIT;
	const char *p[12];
	struct arena sa = ARENA_INIT;
	struct buf pr = BUF_INIT;
	struct prominence prom;
	int ret = -1;

	article_prominence(res, text, strlen(text), &prom);
	if (db_exec(r->db, "DELETE FROM mentions WHERE article_id = $1", 1,
		    &id, e) < 0 ||
	    db_exec(r->db, "DELETE FROM violations WHERE article_id = $1"
		    " AND case_id IS NULL", 1, &id, e) < 0 ||
	    store_mentions(r, id, text, res, &prom, e) < 0 ||
	    store_violations(r, id, res, e) < 0)
		goto out;
	num(&sc, res->art.score);
	num(&po, res->art.pos);
	num(&ne, res->art.neg);
	json_of(&res->art.ev, &ev);
	buf_addch(&rg, '{');
	for (size_t i = 0; i < res->nregions; i++)
		buf_addf(&rg, "%s%s", i ? "," : "",
			 lx->regions[res->regions[i]]);
	buf_addch(&rg, '}');
	p[0] = id;
	p[1] = r->version;
	p[2] = res->lang;
	p[3] = tone_name(res->art.tone);
	p[4] = sc.data;
	p[5] = po.data;
	p[6] = ne.data;
	p[7] = ev.data;
	p[8] = rg.data;
	p[9] = first_sentence(&sa, text, res);
	num(&pr, prom.value);
	p[10] = res->nm ? pr.data : NULL;	/* of the mentions, if any */
	/* what a reader is shown of the tonality, if it has one */
	p[11] = p[3] ? excerpt_words(&sa, ev.data, p[3]) : NULL;
	ret = db_exec(r->db, upsert, 12, p, e);
out:
	buf_release(&pr);
	arena_release(&sa);
	buf_release(&sc);
	buf_release(&po);
	buf_release(&ne);
	buf_release(&ev);
	buf_release(&rg);
	return ret;
}

/* Claim and analyse one batch in one transaction.  Returns the number of
 * articles claimed (0: nothing left), or -1. */
static int one_batch(struct run *r, int batch, struct arena *a,
		     struct err *e)
{
	char lim[16];
	const char *all = r->all ? "true" : "false";
	const char *p[4] = { r->version, lim, all, r->start };
	PGresult *res;
	int n, ret = -1;

	snprintf(lim, sizeof(lim), "%d", batch);
	if (db_begin(r->db, e) < 0)
		return -1;
	if (db_exec(r->db, "SELECT pg_advisory_xact_lock_shared(" STORY_LOCK
		    ")", 0, NULL, e) < 0) {
		db_rollback(r->db);
		return -1;
	}
	res = db_query(r->db, claim_sql, 4, p, e);
	if (!res) {
		db_rollback(r->db);
		return -1;
	}
	n = PQntuples(res);
	for (int i = 0; i < n; i++) {
		const char *id = PQgetvalue(res, i, 0);
		const char *dp[4] = { id, r->version, all, r->start };
		struct analyze_input in = { 0 };
		struct analysis out;
		PGresult *done = db_query(r->db, done_sql, 4, dp, e);

		if (!done)
			goto fail;
		if (PQntuples(done)) {
			PQclear(done);
			continue;
		}
		PQclear(done);
		in.title = PQgetisnull(res, i, 1) ? NULL :
			   PQgetvalue(res, i, 1);
		in.text = PQgetvalue(res, i, 2);
		in.len = (size_t)PQgetlength(res, i, 2);
		in.country = PQgetisnull(res, i, 3) ? NULL :
			     PQgetvalue(res, i, 3);
		analyze(&r->an, &in, a, &out);
		if (store(r, id, in.text, &out, e) < 0) {
			err_prefix(e, "article %s", id);
			goto fail;
		}
		r->done++;
		arena_reset(a);
		report(r);
	}
	if (db_commit(r->db, e) < 0)
		goto fail;
	ret = n;
	goto out;
fail:
	db_rollback(r->db);
out:
	PQclear(res);
	return ret;
}

void analyze_lexicon_path(const char *dir, const char *sources,
			  struct buf *out)
{
	mm_lexicon_path(dir, sources, out);
}

/* The number of articles waiting, for the progress line; 0 when it
 * cannot be read (the line then shows no time left). */
static long count_waiting(struct run *r)
{
	const char *p[3] = { r->version, r->all ? "true" : "false",
			     r->start };
	struct err e = { "" };
	PGresult *res = db_query(r->db, waiting_sql, 3, p, &e);
	long n = 0;

	if (res)
		n = atol(PQgetvalue(res, 0, 0));
	PQclear(res);
	return n;
}

int analyze_db(struct db *db, const char *lexdir, const char *country,
	       int all, int batch,
	       void (*progress)(const struct analyze_progress *, void *),
	       void *arg)
{
	struct run r;
	struct arena a = ARENA_INIT;
	struct err e = { "" };
	PGresult *res;
	int n, ret = -1;

	memset(&r, 0, sizeof(r));
	r.all = all;
	r.db = db;
	r.progress = progress;
	r.progress_arg = arg;
	if (analyzer_open(&r.an, lexdir, country, &e) < 0)
		return log_fail(NULL, "cannot load lexicons: %s", e.msg);
	r.version = r.an.lx->version;
	/* --all redoes what was analysed before this run started, by the
	 * database's clock (it stamps analyzed_at) */
	res = db_query(r.db, "SELECT clock_timestamp()::text", 0, NULL, &e);
	if (!res) {
		log_msg(LOG_ERROR, NULL, "could not read the time: %s", e.msg);
		goto out;
	}
	snprintf(r.start, sizeof(r.start), "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	if (progress)
		r.total = count_waiting(&r);
	while ((n = one_batch(&r, batch, &a, &e)) > 0)
		log_msg(LOG_DEBUG, NULL, "batch of %d done, %ld so far", n,
			r.done);
	if (n < 0) {
		log_msg(LOG_ERROR, NULL, "could not store the analysis: %s",
			e.msg);
	} else {
		ret = 0;
	}
	log_msg(LOG_INFO, NULL, "analysed %ld articles (lexicons %s): %ld "
		"mentions, %ld violations", r.done, r.version, r.mentions,
		r.violations);
	if (r.an.limit_hits)
		log_msg(LOG_WARN, NULL, "%lu pattern matches stopped at the "
			"PCRE2 limits", r.an.limit_hits);
out:
	analyzer_close(&r.an);
	arena_release(&a);
	return ret;
}
