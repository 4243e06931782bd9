/*
 * crawl_replay.c - the crawl handlers fed from the evidence archive (and
 * where that archive lives).  A record becomes the fetch_result the
 * network would have given, so a layout fix is re-applied, or a demo runs
 * offline, with exactly the code that handles a live crawl.
 */
#include "crawl_replay.h"
#include "common/arena.h"
#include "common/hash.h"
#include "common/log.h"
#include "common/url.h"
#include "common/xalloc.h"
#include "crawler/warc/warc.h"

#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *crawl_warc_dir(const struct config *cfg)
{
	struct buf b = BUF_INIT;
	const char *dir = cfg->crawler.warc_dir;

	if (!dir)
		return NULL;
	if (dir[0] == '/') {
		buf_adds(&b, dir);
	} else {
		/* Relative to the file that says it, not to the cwd of
		 * whoever runs the nightly job. */
		char *copy = xstrdup(cfg->path);

		buf_addf(&b, "%s/%s", dirname(copy), dir);
		free(copy);
	}
	return buf_detach(&b, NULL);
}

/* Build res from rec; strings are borrowed from rec and from scratch. */
static void result_from_record(const struct warc_record *rec,
			       const char *warc_file, int kind, void *userdata,
			       struct buf *content_type, struct fetch_result *res)
{
	memset(res, 0, sizeof(*res));
	res->url = rec->target_uri;
	res->effective_url = rec->target_uri;
	res->kind = kind;
	res->userdata = userdata;
	res->status = rec->http_status;
	if (rec->http_status >= 200 && rec->http_status < 300)
		res->outcome = FETCH_OK;
	else if (rec->http_status == 304)
		res->outcome = FETCH_NOT_MODIFIED;
	else
		res->outcome = FETCH_FAILED;
	res->cause = res->outcome == FETCH_FAILED ? "HTTP error in archive" : "";
	buf_reset(content_type);
	if (warc_header_get(rec->http_headers, rec->http_headers_len,
			    "Content-Type", content_type) == 0)
		res->content_type = content_type->data;
	/* The body stays the reader's: handlers only read it. */
	res->body.data = (char *)rec->body;
	res->body.len = rec->body_len;
	res->warc_file = warc_file;
	res->warc_offset = rec->offset;
	if (rec->payload_digest && !strncmp(rec->payload_digest, "sha256:", 7))
		snprintf(res->sha256, sizeof(res->sha256), "%s",
			 rec->payload_digest + 7);
}

/* The selected sources' canonical URLs, sorted, to find the source of a
 * record in O(log n) (an archive of a day holds tens of thousands of
 * records, a media list thousands of sources). */
struct source_key {
	char *key;
	size_t index;		/* into cfg->sources */
};

struct source_keys {
	struct source_key *v;
	size_t n;
};

static int key_cmp(const void *pa, const void *pb)
{
	const struct source_key *a = pa, *b = pb;
	int d = strcmp(a->key, b->key);

	if (d)
		return d;
	return a->index < b->index ? -1 : a->index > b->index;
}

static void source_keys_init(struct source_keys *k, const struct crawl *c)
{
	struct err e;

	k->v = xcalloc(c->cfg->n_sources + 1, sizeof(*k->v));
	k->n = 0;
	for (size_t i = 0; i < c->cfg->n_sources; i++) {
		char *key;

		if (!c->st[i].selected)
			continue;
		key = url_canonical(c->cfg->sources[i].url, &e);
		if (!key)
			continue;
		k->v[k->n].key = key;
		k->v[k->n++].index = i;
	}
	qsort(k->v, k->n, sizeof(*k->v), key_cmp);
}

static void source_keys_release(struct source_keys *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i].key);
	free(k->v);
}

/* Index of the first selected source whose URL is target (compared
 * canonically), or -1. */
static long source_of(const struct source_keys *k, const char *target)
{
	struct err e;
	char *key = url_canonical(target, &e);
	size_t lo = 0, hi = k->n;
	long found = -1;

	if (!key)
		return -1;
	/* the first entry not below key: the lowest index among equals */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(k->v[mid].key, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < k->n && !strcmp(k->v[lo].key, key))
		found = (long)k->v[lo].index;
	free(key);
	return found;
}

/* Articles this replay stored, by canonical URL: open addressing, the
 * keys in an arena, grown at half full. */
struct replay_entry {
	const char *url;	/* NULL: empty */
	long long id;
	size_t source;
};

struct replay_index {
	struct replay_entry *v;
	size_t n, size;
	struct arena keys;
};

static struct replay_entry *slot(struct replay_index *ix, const char *url)
{
	size_t i = hash_mix64(hash_bytes(url, strlen(url), HASH_INIT)) &
		   (ix->size - 1);

	while (ix->v[i].url && strcmp(ix->v[i].url, url))
		i = (i + 1) & (ix->size - 1);
	return &ix->v[i];
}

void crawl_replay_note(struct crawl *c, const char *canonical_url,
		       long long id, size_t si)
{
	struct replay_index *ix = c->replay_ix;
	struct replay_entry *en;

	if (2 * (ix->n + 1) > ix->size) {
		struct replay_entry *old = ix->v;
		size_t old_size = ix->size;

		ix->size = old_size ? 2 * old_size : 1024;
		ix->v = xcalloc(ix->size, sizeof(*ix->v));
		for (size_t i = 0; i < old_size; i++)
			if (old[i].url)
				*slot(ix, old[i].url) = old[i];
		free(old);
	}
	en = slot(ix, canonical_url);
	if (en->url)
		return;
	en->url = arena_strdup(&ix->keys, canonical_url);
	en->id = id;
	en->source = si;
	ix->n++;
}

/* The stored article a page record belongs to, as a job; NULL if none.
 * An article this replay stored is known without asking the database;
 * others (stored by an earlier run) are looked up. */
static struct article_job *job_of(struct crawl *c, const char *target)
{
	struct err e;
	char *key = url_canonical(target, &e);
	const char *p[1] = { key };
	struct article_job *job = NULL;
	PGresult *r;

	if (!key)
		return NULL;
	if (c->replay_ix && c->replay_ix->size) {
		struct replay_entry *en = slot(c->replay_ix, key);

		if (en->url) {
			job = xmalloc(sizeof(*job));
			job->article_id = en->id;
			job->source = en->source;
			free(key);
			return job;
		}
	}
	r = db_query_prep(c->db, "SELECT id, source_id FROM articles WHERE "
				 "canonical_url = $1", 1, p, &e);
	if (r && PQntuples(r) == 1) {
		int sid = atoi(PQgetvalue(r, 0, 1));

		for (size_t i = 0; i < c->cfg->n_sources; i++) {
			if (c->st[i].id != sid)
				continue;
			job = xmalloc(sizeof(*job));
			job->article_id = atoll(PQgetvalue(r, 0, 0));
			job->source = i;
		}
	}
	PQclear(r);
	free(key);
	return job;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* One pass over the archive: sources' documents (pass 0) or pages. */
static int replay_pass(struct crawl *c, const struct source_keys *keys,
		       const char *path, int pass)
{
	struct err e;
	struct warc_reader *r = warc_reader_open(path, &e);
	struct warc_record rec;
	struct buf ctype = BUF_INIT;
	struct fetch_result res;
	int got;

	if (!r)
		return log_fail(NULL, "cannot replay: %s", e.msg);
	while ((got = warc_reader_next(r, &rec, &e)) == 1) {
		long si;

		/* A redirect's own record is not a document; its target's
		 * record names the URL first asked for. */
		if (!rec.type || strcmp(rec.type, "response") || !rec.target_uri ||
		    rec.http_status <= 0 ||
		    (rec.http_status >= 300 && rec.http_status < 400 &&
		     rec.http_status != 304))
			continue;
		si = source_of(keys, rec.requested_uri ? rec.requested_uri :
							 rec.target_uri);
		if (pass == 0 && si < 0 &&
		    crawl_older_source(c, rec.target_uri) >= 0) {
			result_from_record(&rec, base_name(path), CRAWL_OLDER,
					   NULL, &ctype, &res);
			crawl_older_replay(
				c, (size_t)crawl_older_source(c, rec.target_uri),
				&res);
		} else if (pass == 0 && si >= 0) {
			result_from_record(&rec, base_name(path), CRAWL_SOURCE,
					   NULL, &ctype, &res);
			crawl_source_done(c, (size_t)si, &res);
		} else if (pass == 1 && si < 0 &&
			   crawl_older_source(c, rec.target_uri) < 0) {
			struct article_job *job = job_of(
				c, rec.requested_uri ? rec.requested_uri :
						       rec.target_uri);

			if (!job)
				continue;
			result_from_record(&rec, base_name(path),
					   CRAWL_ARTICLE, job, &ctype, &res);
			crawl_article_done(c, job, &res);
		}
		if (c->tick)
			c->tick(c, c->tick_arg);
	}
	buf_release(&ctype);
	warc_reader_close(r);
	if (got < 0)
		return log_fail(NULL, "archive '%s': %s", path, e.msg);
	return 0;
}

int crawl_replay(struct crawl *c, const char *path)
{
	struct source_keys keys;
	struct replay_index ix = { NULL, 0, 0, ARENA_INIT };
	int ret;

	source_keys_init(&keys, c);
	c->replay_ix = &ix;
	ret = replay_pass(c, &keys, path, 0);
	if (ret == 0)
		ret = replay_pass(c, &keys, path, 1);
	c->replay_ix = NULL;
	free(ix.v);
	arena_release(&ix.keys);
	source_keys_release(&keys);
	return ret;
}

int crawl_reextract(struct crawl *c, const char *since)
{
	char *dir = crawl_warc_dir(c->cfg);
	const char *p[1] = { since };
	struct err e;
	PGresult *r;
	int done = 0, failed = 0;

	if (!dir)
		return log_fail(NULL, "no 'warc_dir' in '%s': nothing to "
				"re-extract from", c->cfg->path);
	r = db_query(c->db, "SELECT id, warc_file, warc_offset, url FROM "
			    "articles WHERE page_status = 'fetched' AND "
			    "warc_file IS NOT NULL AND extract_method <> 'feed' "
			    "AND ($1::timestamptz IS NULL OR fetched_at >= $1) "
			    "ORDER BY id", 1, p, &e);
	if (!r) {
		free(dir);
		return log_fail(NULL, "cannot list articles: %s", e.msg);
	}
	for (int i = 0; i < PQntuples(r); i++) {
		struct buf path = BUF_INIT, ctype = BUF_INIT;
		struct warc_reader *wr;
		struct warc_record rec;
		struct fetch_result res;
		struct article_job *job;

		buf_addf(&path, "%s/%s", dir, PQgetvalue(r, i, 1));
		wr = warc_reader_open_at(path.data,
					 atoll(PQgetvalue(r, i, 2)), &e);
		if (!wr || warc_reader_next(wr, &rec, &e) != 1) {
			log_msg(LOG_WARN, NULL, "article %s: cannot read its "
				"archived page: %s", PQgetvalue(r, i, 0), e.msg);
			failed++;
		} else {
			job = job_of(c, PQgetvalue(r, i, 3));
			if (job) {
				result_from_record(&rec, PQgetvalue(r, i, 1),
						   CRAWL_ARTICLE, job, &ctype,
						   &res);
				crawl_article_done(c, job, &res);
				done++;
			}
		}
		warc_reader_close(wr);
		buf_release(&path);
		buf_release(&ctype);
	}
	PQclear(r);
	free(dir);
	printf("reextract: %d articles extracted again, %d failed\n", done,
	       failed);
	return failed ? -1 : 0;
}
