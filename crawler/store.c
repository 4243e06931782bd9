/*
 * store.c - crawler writes: sources, runs, fetch log, articles, revisions.
 */
#include "store.h"
#include "common/buf.h"
#include "common/date.h"
#include "common/sha256.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The hash that tells a feed's new version of a story from the old. */
static void feed_hash(const struct store_article *a, char out[65])
{
	struct sha256_ctx c;
	const char *parts[3] = { a->title, a->summary, a->text };

	sha256_init(&c);
	for (int i = 0; i < 3; i++) {
		if (parts[i])
			sha256_update(&c, parts[i], strlen(parts[i]));
		sha256_update(&c, "", 1);
	}
	sha256_final_hex(&c, out);
}

/* SQL for the stored content hash of a title and a text, one definition
 * for every statement that sets it (NULL text: no hash). */
/* The class of the advisory lock each crawl run holds on its id
 * ("mmrn" as a number), apart from the migration and story locks. */
#define RUN_LOCK "1835889262"

#define CONTENT_SHA256(title, text) \
	"CASE WHEN " text "::text IS NULL THEN NULL ELSE " \
	"encode(sha256(convert_to(coalesce(" title ", '') || chr(1) || " \
	text ", 'UTF8')), 'hex') END"

/* A PostgreSQL array literal of strings: {"a","b"} with " and \ escaped. */
static void pg_text_array(struct buf *out, const char *const *v, size_t n)
{
	buf_addch(out, '{');
	for (size_t i = 0; i < n; i++) {
		buf_adds(out, i ? ",\"" : "\"");
		for (const char *p = v[i]; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_addch(out, '\\');
			buf_addch(out, *p);
		}
		buf_addch(out, '"');
	}
	buf_addch(out, '}');
}

static const char *opt_time(time_t t, int has, char buf[21])
{
	if (!has)
		return NULL;
	date_format_rfc3339(t, buf);
	return buf;
}

static const char *opt_ll(long long v, char buf[24])
{
	if (v < 0)
		return NULL;
	snprintf(buf, 24, "%lld", v);
	return buf;
}

static int link_source(struct db *db, const char *id, int source_id,
		       struct err *e)
{
	char sid[16];
	const char *p[2] = { id, sid };

	snprintf(sid, sizeof(sid), "%d", source_id);
	return db_exec_prep(db, "INSERT INTO article_sources (article_id, "
				"source_id) VALUES ($1, $2) ON CONFLICT DO "
				"NOTHING", 2, p, e);
}

/* Keep the stored version as a revision, then take the feed's new one. */
static int revise(struct db *db, const char *id,
		  const struct store_article *a, const char *fhash,
		  struct err *e)
{
	const char *p1[1] = { id };
	const char *p2[5] = { id, a->title, a->summary, a->text, fhash };

	if (db_exec_prep(db, "INSERT INTO article_revisions (article_id, "
			     "revision, title, summary, text, content_sha256, "
			     "warc_file, warc_offset) SELECT id, revision, "
			     "title, summary, text, content_sha256, warc_file, "
			     "warc_offset FROM articles WHERE id = $1", 1, p1,
			 e) < 0)
		return -1;
	/* A feed that carries the full text replaces the text; otherwise
	 * the page is fetched again for the edited body.  The raw texts of
	 * earlier page fetches stay in article_bodies, as what those
	 * fetches gave. */
	return db_exec_prep(db, "UPDATE articles SET "
				"title = coalesce($2, title), "
				"summary = coalesce($3, summary), "
				"text = coalesce($4, text), "
				"feed_sha256 = $5, revision = revision + 1, "
				"updated_at = now(), "
				"page_status = CASE WHEN $4::text IS NULL AND "
				"page_status <> 'feed_only' THEN 'pending' "
				"ELSE page_status END WHERE id = $1",
			    5, p2, e);
}

/* Append one element of a PostgreSQL array literal: NULL, or the
 * string quoted with " and \\ escaped; a comma first unless first. */
static void array_elem(struct buf *out, const char *v, int first)
{
	if (!first)
		buf_addch(out, ',');
	if (!v) {
		buf_adds(out, "NULL");
		return;
	}
	buf_addch(out, '"');
	for (const char *p = v; *p; p++) {
		const char *q = p;

		while (*q && *q != '"' && *q != '\\')
			q++;
		buf_add(out, p, (size_t)(q - p));
		if (!*q)
			break;
		buf_addch(out, '\\');
		buf_addch(out, *q);
		p = q;
	}
	buf_addch(out, '"');
}

#define NCOLS 17

/* Room for the values of one article row that are not its own strings. */
struct article_vals {
	char fhash[65], pub[21], sid[16], off[24];
	struct buf links;
};

/* The NCOLS parameters of a's row, in the order the insert statements
 * number them, borrowed from a and v (v->links is rewritten). */
static void article_params(const struct store_article *a,
			   struct article_vals *v, const char **p)
{
	feed_hash(a, v->fhash);
	snprintf(v->sid, sizeof(v->sid), "%d", a->source_id);
	buf_reset(&v->links);
	pg_text_array(&v->links, a->links, a->n_links);
	p[0] = v->sid;
	p[1] = a->url;
	p[2] = a->canonical_url;
	p[3] = a->guid;
	p[4] = a->title;
	p[5] = a->summary;
	p[6] = a->text;
	p[7] = a->author;
	p[8] = a->lang;
	p[9] = opt_time(a->published, a->has_published, v->pub);
	p[10] = a->published_text;
	p[11] = v->fhash;
	p[12] = a->warc_file;
	p[13] = opt_ll(a->warc_offset, v->off);
	p[14] = a->body_sha256;
	p[15] = a->page_status == STORE_PAGE_FEED_ONLY ? "feed_only" :
							      "pending";
	p[16] = v->links.data;
}

/*
 * Insert the articles of arts[0..n) that are not stored yet, in one
 * statement (every column an array, unnested in the document's order,
 * so ids follow it as they did one article at a time), with the link
 * to the source that brought them.  Sets isnew[i] and ids[i] for each
 * one inserted; the others are known and left to store_article().
 */
static int insert_new(struct db *db, const struct store_article *arts,
		      size_t n, long long *ids, unsigned char *isnew,
		      struct err *e)
{
	struct buf col[NCOLS];
	struct article_vals vals = { .links = BUF_INIT };
	const char *params[NCOLS];
	PGresult *r;
	int ret = -1;

	for (int k = 0; k < NCOLS; k++) {
		buf_init(&col[k], 0);
		buf_addch(&col[k], '{');
	}
	for (size_t i = 0; i < n; i++) {
		const char *v[NCOLS];

		article_params(&arts[i], &vals, v);
		for (int k = 0; k < NCOLS; k++)
			array_elem(&col[k], v[k], i == 0);
	}
	for (int k = 0; k < NCOLS; k++) {
		buf_addch(&col[k], '}');
		params[k] = col[k].data;
	}
	/* No raw text (article_bodies): a feed's text is what was found. */
	r = db_query_prep(db, "WITH v AS (SELECT * FROM unnest($1::int[], "
		"$2::text[], $3::text[], $4::text[], $5::text[], $6::text[], "
		"$7::text[], $8::text[], $9::text[], $10::timestamptz[], "
		"$11::text[], $12::text[], $13::text[], $14::bigint[], "
		"$15::text[], $16::text[], $17::text[]) WITH ORDINALITY AS "
		"t(source_id, url, canonical_url, guid, title, summary, text, "
		"author, lang, published, published_text, feed_sha256, "
		"warc_file, warc_offset, body_sha256, page_status, links, "
		"ord)), ins AS (INSERT INTO articles (source_id, url, "
		"canonical_url, guid, title, summary, text, author, lang, "
		"published, published_text, feed_sha256, content_sha256, "
		"warc_file, warc_offset, body_sha256, page_status, "
		"extract_method, links) SELECT source_id, url, canonical_url, "
		"guid, title, summary, text, author, lang, published, "
		"published_text, feed_sha256, "
		CONTENT_SHA256("title", "text") ", warc_file, warc_offset, "
		"body_sha256, page_status, CASE WHEN text IS NULL THEN NULL "
		"ELSE 'feed' END, links::text[] FROM v ORDER BY ord "
		"ON CONFLICT (canonical_url) DO NOTHING RETURNING id, "
		"canonical_url, source_id), link AS (INSERT INTO "
		"article_sources (article_id, source_id) SELECT id, source_id "
		"FROM ins) SELECT id, canonical_url FROM ins",
			  NCOLS, params, e);
	if (!r)
		goto out;
	for (int row = 0; row < PQntuples(r); row++) {
		const char *url = PQgetvalue(r, row, 1);

		/* the first of the document's entries with that URL */
		for (size_t i = 0; i < n; i++)
			if (!isnew[i] && !strcmp(arts[i].canonical_url, url)) {
				isnew[i] = 1;
				ids[i] = atoll(PQgetvalue(r, row, 0));
				break;
			}
	}
	PQclear(r);
	ret = 0;
out:
	for (int k = 0; k < NCOLS; k++)
		buf_release(&col[k]);
	buf_release(&vals.links);
	return ret;
}

int store_articles(struct db *db, const struct store_article *arts,
		   size_t n, long long *ids, enum store_outcome *outcomes,
		   int *needs_page, struct err *e)
{
	unsigned char *isnew = xcalloc(n ? n : 1, 1);
	int ret = -1;

	if (n && insert_new(db, arts, n, ids, isnew, e) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (isnew[i]) {
			outcomes[i] = STORE_NEW;
			needs_page[i] = arts[i].page_status ==
					STORE_PAGE_PENDING;
		} else if (store_article(db, &arts[i], &ids[i], &outcomes[i],
					 &needs_page[i], e) < 0) {
			goto out;
		}
	}
	ret = 0;
out:
	free(isnew);
	return ret;
}

int store_article(struct db *db, const struct store_article *a,
		  long long *id, enum store_outcome *outcome, int *needs_page,
		  struct err *e)
{
	struct article_vals v = { .links = BUF_INIT };
	const char *params[NCOLS];
	PGresult *r;
	int ret = -1;

	article_params(a, &v, params);
	/* A new article and the feed that brought it, in one statement
	 * (one round trip); no raw text, since a feed's text is what was
	 * found. */
	r = db_query_prep(db, "WITH ins AS (INSERT INTO articles (source_id, "
			 "url, canonical_url, guid, title, summary, text, "
			 "author, lang, published, published_text, "
			 "feed_sha256, content_sha256, warc_file, warc_offset, "
			 "body_sha256, page_status, extract_method, links) "
			 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
			 "$11, $12, " CONTENT_SHA256("$5", "$7") ", $13, $14, "
			 "$15, $16, CASE WHEN $7::text IS NULL THEN NULL ELSE "
			 "'feed' END, $17) ON CONFLICT (canonical_url) DO "
			 "NOTHING RETURNING id), link AS (INSERT INTO "
			 "article_sources (article_id, source_id) SELECT id, "
			 "$1 FROM ins) SELECT id FROM ins", NCOLS, params, e);
	buf_release(&v.links);
	if (!r)
		return -1;
	if (PQntuples(r) == 1) {
		*id = atoll(PQgetvalue(r, 0, 0));
		*outcome = STORE_NEW;
		*needs_page = !strcmp(params[15], "pending");
		PQclear(r);
		return 0;
	}
	PQclear(r);
	/* Known: lock the row so two crawlers agree on one revision. */
	r = db_query_prep(db, "SELECT id, feed_sha256, page_status IN "
			      "('pending', 'failed') AND fetched_at > now() - "
			      "interval '7 days', source_id = $2 FROM articles "
			      "WHERE canonical_url = $1 FOR UPDATE", 2,
			  (const char *const[]){ params[2], v.sid }, e);
	if (!r)
		return -1;
	if (PQntuples(r) != 1) {
		err_set(e, "article '%s' vanished while being stored",
			a->canonical_url);
		goto out;
	}
	*id = atoll(PQgetvalue(r, 0, 0));
	*outcome = STORE_SEEN;
	*needs_page = !strcmp(PQgetvalue(r, 0, 2), "t");
	/* Only the source that brought the story can edit it: another feed
	 * listing the same URL with its own headline must neither overwrite
	 * it nor make revisions flip back and forth.  And only a title we can
	 * see counts: an entry without one must not erase the headline. */
	if (PQgetvalue(r, 0, 3)[0] == 't' && a->title && *a->title &&
	    strcmp(PQgetvalue(r, 0, 1), v.fhash)) {
		if (revise(db, PQgetvalue(r, 0, 0), a, v.fhash, e) < 0)
			goto out;
		*outcome = STORE_UPDATED;
		*needs_page = !a->text;
	}
	ret = link_source(db, PQgetvalue(r, 0, 0), a->source_id, e);
out:
	PQclear(r);
	return ret;
}

/* The page's text is the feed's when the page yields none. */
#define PAGE_TEXT "CASE WHEN $3 <> '' THEN $3 ELSE text END"

const char store_sql_page[] =
	/* The raw text goes to this month's partition of article_bodies
	 * (sql/012), NULL when it is the text itself: one copy of each
	 * text.  The conflict is the same article twice in one
	 * transaction, whose now() is one time. */
	"WITH body AS (INSERT INTO article_bodies (article_id, text_raw) "
	"SELECT id, nullif($4, " PAGE_TEXT ") FROM articles WHERE id = $1 "
	"AND $4 <> '' ON CONFLICT (article_id, fetched_at) DO UPDATE SET "
	"text_raw = excluded.text_raw) "
	"UPDATE articles SET "
	"title = coalesce(nullif(title, ''), $2), "
	"text = " PAGE_TEXT ", "
	"author = coalesce(author, $5), "
	"lang = coalesce($6, lang), "
	"published = coalesce(published, $7), "
	"warc_file = coalesce($8, warc_file), "
	"warc_offset = coalesce($9, warc_offset), "
	"body_sha256 = coalesce($10, body_sha256), "
	"extract_method = $11, page_status = 'fetched', "
	"content_sha256 = " CONTENT_SHA256(
		"coalesce(nullif(title, ''), $2)", PAGE_TEXT) ", "
	"updated_at = now() WHERE id = $1";

const char store_sql_page_failed[] =
	"UPDATE articles SET page_status = 'failed', updated_at = now() "
	"WHERE id = $1 AND page_status = 'pending'";

const char store_sql_fetch_log[] =
	"INSERT INTO fetch_log (run_id, source_id, kind, url, status, "
	"http_status, bytes, duration_ms, items_new, items_seen, error) "
	"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)";

void store_page_params(long long article_id, const struct store_page *p,
		       struct store_bufs *b, const char **params)
{
	snprintf(b->v[0], sizeof(b->v[0]), "%lld", article_id);
	params[0] = b->v[0];
	params[1] = p->title;
	params[2] = p->text;
	params[3] = p->text_raw;
	params[4] = p->author;
	params[5] = p->lang;
	params[6] = opt_time(p->published, p->has_published, b->v[1]);
	params[7] = p->warc_file;
	params[8] = opt_ll(p->warc_offset, b->v[2]);
	params[9] = p->body_sha256;
	params[10] = p->method;
}

int store_page(struct db *db, long long article_id,
	       const struct store_page *p, struct err *e)
{
	struct store_bufs b;
	const char *params[STORE_PAGE_NPARAMS];

	store_page_params(article_id, p, &b, params);
	return db_exec_prep(db, store_sql_page, STORE_PAGE_NPARAMS, params, e);
}

int store_page_failed(struct db *db, long long article_id, struct err *e)
{
	char id[24];
	const char *p[1] = { id };

	snprintf(id, sizeof(id), "%lld", article_id);
	return db_exec_prep(db, store_sql_page_failed, 1, p, e);
}

int store_sync_sources(struct db *db, const struct config *cfg, int *ids,
		       struct err *e)
{
	const char *tz[2] = { cfg->timezone, cfg->country };

	if (db_exec(db, "INSERT INTO settings VALUES ('timezone', $1), "
			"('country', $2) ON CONFLICT (key) DO UPDATE SET "
			"value = excluded.value", 2, tz, e) < 0)
		return -1;
	for (size_t i = 0; i < cfg->n_sources; i++) {
		const struct source *s = &cfg->sources[i];
		char weight[32];
		const char *p[9] = { s->name, s->url, source_type_name(s->type),
				     s->lang, s->country, s->region, weight,
				     s->own ? "t" : "f",
				     s->enabled ? "t" : "f" };
		PGresult *r;

		snprintf(weight, sizeof(weight), "%.3f", s->weight);
		r = db_query(db, "INSERT INTO sources (name, url, type, lang, "
				 "country, region, weight, own, enabled) VALUES "
				 "($1, $2, $3, $4, $5, $6, $7, $8, $9) "
				 "ON CONFLICT (name) DO UPDATE SET url = $2, "
				 "type = $3, lang = $4, country = $5, "
				 "region = $6, weight = $7, own = $8, "
				 "enabled = $9, updated_at = now(), "
				 "etag = CASE WHEN sources.url = $2 THEN "
				 "sources.etag END, last_modified = CASE WHEN "
				 "sources.url = $2 THEN sources.last_modified "
				 "END RETURNING id", 9, p, e);
		if (!r)
			return -1;
		ids[i] = atoi(PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	{
		struct buf names = BUF_INIT;
		const char *p[1];
		int ret;

		/* Postgres array literal of the configured names. */
		buf_addch(&names, '{');
		for (size_t i = 0; i < cfg->n_sources; i++) {
			buf_addf(&names, "%s\"%s\"", i ? "," : "",
				 cfg->sources[i].name);
		}
		buf_addch(&names, '}');
		p[0] = names.data;
		ret = db_exec(db, "UPDATE sources SET enabled = false WHERE "
				  "NOT (name = ANY ($1::text[]))", 1, p, e);
		buf_release(&names);
		return ret;
	}
}

int store_source_validators(struct db *db, int source_id, char **etag,
			    char **last_modified, struct err *e)
{
	char sid[16];
	const char *p[1] = { sid };
	PGresult *r;

	*etag = *last_modified = NULL;
	snprintf(sid, sizeof(sid), "%d", source_id);
	r = db_query_prep(db, "SELECT etag, last_modified FROM sources "
			      "WHERE id = $1", 1, p, e);
	if (!r)
		return -1;
	if (PQntuples(r) == 1) {
		if (!PQgetisnull(r, 0, 0))
			*etag = xstrdup(PQgetvalue(r, 0, 0));
		if (!PQgetisnull(r, 0, 1))
			*last_modified = xstrdup(PQgetvalue(r, 0, 1));
	}
	PQclear(r);
	return 0;
}

int store_save_validators(struct db *db, int source_id, const char *etag,
			  const char *last_modified, struct err *e)
{
	char sid[16];
	const char *p[3] = { sid, etag, last_modified };

	snprintf(sid, sizeof(sid), "%d", source_id);
	return db_exec_prep(db, "UPDATE sources SET etag = $2, "
				"last_modified = $3 WHERE id = $1", 3, p, e);
}

int store_claim_source(struct db *db, int source_id, long long run_id,
		       struct err *e)
{
	char sid[16], rid[24];
	const char *p[2] = { sid, rid };
	PGresult *r;
	int claimed;

	snprintf(sid, sizeof(sid), "%d", source_id);
	snprintf(rid, sizeof(rid), "%lld", run_id);
	/* The row lock makes two claims of one source take turns; the
	 * second sees the first's run (committed before it claimed) as
	 * running and leaves the source to it.  A run that finished after
	 * this one started was running beside it and has fetched the
	 * source for both (a slow crawler reaching the source late must not
	 * fetch it again); one that finished before this run started, or
	 * was killed, leaves it to this run. */
	r = db_query_prep(db, "UPDATE sources s SET crawl_run = $2 WHERE "
			      "id = $1 AND (crawl_run IS NULL OR crawl_run = "
			      "$2 OR NOT EXISTS (SELECT 1 FROM crawl_runs r, "
			      "crawl_runs me WHERE r.id = s.crawl_run AND "
			      "me.id = $2 AND (r.status = 'running' OR "
			      "(r.status = 'finished' AND r.finished_at >= "
			      "me.started_at)))) RETURNING id", 2, p, e);
	if (!r)
		return -1;
	claimed = PQntuples(r) == 1;
	PQclear(r);
	return claimed;
}

int store_host_book(struct db *db, const char *host, long delay_ms,
		    long long *wait_ms, struct err *e)
{
	char d[24];
	const char *p[2] = { host, d };
	PGresult *r;

	snprintf(d, sizeof(d), "%ld", delay_ms);
	/* One upsert: the row lock orders the bookings of all crawlers,
	 * so no two get the same slot. */
	r = db_query_prep(db, "INSERT INTO crawl_hosts AS h (host, next_at) "
			      "VALUES ($1, clock_timestamp() + $2::integer * "
			      "interval '1 millisecond') ON CONFLICT (host) "
			      "DO UPDATE SET next_at = greatest(h.next_at, "
			      "clock_timestamp()) + $2::integer * interval "
			      "'1 millisecond' RETURNING greatest(0, ceil("
			      "extract(epoch FROM h.next_at - "
			      "clock_timestamp()) * 1000) - $2::integer)"
			      "::bigint", 2, p, e);
	if (!r)
		return -1;
	*wait_ms = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

int store_run_begin(struct db *db, const char *mode, long long *run_id,
		    struct err *e)
{
	char host[256] = "", pid[16];
	const char *p[3] = { host, pid, mode };
	PGresult *r;

	gethostname(host, sizeof(host) - 1);
	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	/* Runs whose lock is free are not running any more: killed before
	 * they finished.  (A try on the lock of a live run fails and leaves
	 * its row alone, on any host.) */
	if (db_exec(db, "UPDATE crawl_runs SET status = 'interrupted', "
			"finished_at = coalesce((SELECT max(fetched_at) FROM "
			"fetch_log WHERE run_id = crawl_runs.id), started_at) "
			"WHERE status = 'running' AND "
			"pg_try_advisory_xact_lock(" RUN_LOCK ", "
			"(id % 2147483647)::integer)", 0, NULL, e) < 0)
		return -1;
	r = db_query(db, "INSERT INTO crawl_runs (host, pid, mode) VALUES "
			 "($1, $2, $3) RETURNING id", 3, p, e);
	if (!r)
		return -1;
	*run_id = atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	/* Held until the run finishes or its connection ends, whichever
	 * comes first: the proof of life the next run looks for. */
	snprintf(pid, sizeof(pid), "%lld", *run_id % 2147483647);
	return db_exec(db, "SELECT pg_advisory_lock(" RUN_LOCK ", $1::integer)",
		       1, (const char *const[]){ pid }, e);
}

int store_run_finish(struct db *db, long long run_id,
		     const struct store_run_totals *t, struct err *e)
{
	char v[5][24];
	const char *p[5] = { v[0], v[1], v[2], v[3], v[4] };

	snprintf(v[0], sizeof(v[0]), "%lld", run_id);
	snprintf(v[1], sizeof(v[1]), "%d", t->sources_total);
	snprintf(v[2], sizeof(v[2]), "%d", t->sources_failed);
	snprintf(v[3], sizeof(v[3]), "%d", t->articles_new);
	snprintf(v[4], sizeof(v[4]), "%d", t->articles_updated);
	if (db_exec(db, "UPDATE crawl_runs SET finished_at = now(), "
			"status = 'finished', sources_total = $2, "
			"sources_failed = $3, articles_new = $4, "
			"articles_updated = $5 WHERE id = $1", 5, p, e) < 0)
		return -1;
	snprintf(v[0], sizeof(v[0]), "%lld", run_id % 2147483647);
	return db_exec(db, "SELECT pg_advisory_unlock(" RUN_LOCK ", "
			   "$1::integer)", 1, p, e);
}

int store_pending_pages(struct db *db, int source_id, long limit,
			long long **ids, char ***urls, size_t *n,
			struct err *e)
{
	char sid[16], lim[24];
	const char *p[2] = { sid, lim };
	PGresult *r;

	*ids = NULL;
	*urls = NULL;
	*n = 0;
	snprintf(sid, sizeof(sid), "%d", source_id);
	snprintf(lim, sizeof(lim), "%ld", limit);
	/* The newest first, as a feed lists them; a page that failed is
	 * tried again for a week, as when its feed lists it again. */
	r = db_query(db, "SELECT id, canonical_url FROM articles WHERE "
			 "source_id = $1 AND (page_status = 'pending' OR "
			 "(page_status = 'failed' AND fetched_at > now() - "
			 "interval '7 days')) ORDER BY id DESC LIMIT $2",
		     2, p, e);
	if (!r)
		return -1;
	*n = (size_t)PQntuples(r);
	if (*n) {
		*ids = xcalloc(*n, sizeof(**ids));
		*urls = xcalloc(*n, sizeof(**urls));
	}
	for (size_t i = 0; i < *n; i++) {
		(*ids)[i] = atoll(PQgetvalue(r, (int)i, 0));
		(*urls)[i] = xstrdup(PQgetvalue(r, (int)i, 1));
	}
	PQclear(r);
	return 0;
}

const char *store_status_name(enum store_status s)
{
	switch (s) {
	case STORE_STATUS_NONE:
		return NULL;
	case STORE_STATUS_OK:
		return "ok";
	case STORE_STATUS_NOT_MODIFIED:
		return "not_modified";
	case STORE_STATUS_FAILED:
		return "failed";
	}
	BUG("unknown store_status");
}

void store_fetch_params(const struct store_fetch *f, struct store_bufs *b,
			const char **p)
{
	snprintf(b->v[0], sizeof(b->v[0]), "%lld", f->run_id);
	snprintf(b->v[1], sizeof(b->v[1]), "%d", f->source_id);
	snprintf(b->v[2], sizeof(b->v[2]), "%ld", f->http_status);
	snprintf(b->v[3], sizeof(b->v[3]), "%lld", f->bytes);
	snprintf(b->v[4], sizeof(b->v[4]), "%ld", f->duration_ms);
	snprintf(b->v[5], sizeof(b->v[5]), "%d", f->items_new);
	snprintf(b->v[6], sizeof(b->v[6]), "%d", f->items_seen);
	p[0] = f->run_id ? b->v[0] : NULL;
	p[1] = f->source_id ? b->v[1] : NULL;
	p[2] = f->kind;
	p[3] = f->url;
	p[4] = store_status_name(f->status);
	p[5] = f->http_status ? b->v[2] : NULL;
	p[6] = b->v[3];
	p[7] = b->v[4];
	p[8] = b->v[5];
	p[9] = b->v[6];
	p[10] = f->error;
}

int store_fetch_log(struct db *db, const struct store_fetch *f,
		    struct err *e)
{
	struct store_bufs b;
	const char *p[STORE_FETCH_NPARAMS];

	store_fetch_params(f, &b, p);
	return db_exec_prep(db, store_sql_fetch_log, STORE_FETCH_NPARAMS, p,
			    e);
}

int store_page_known(struct db *db, const char *canonical_url, struct err *e)
{
	const char *p[1] = { canonical_url };
	PGresult *r = db_query_prep(db, "SELECT 1 FROM articles WHERE "
					"canonical_url = $1 AND page_status <> "
					"'pending'", 1, p, e);
	int known;

	if (!r)
		return -1;
	known = PQntuples(r) > 0;
	PQclear(r);
	return known;
}
