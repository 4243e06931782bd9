/*
 * crawl_replay.c - the crawl handlers fed from the evidence archive (and
 * where that archive lives).  A record becomes the fetch_result the
 * network would have given, so a layout fix is re-applied, or a demo runs
 * offline, with exactly the code that handles a live crawl.
 */
#include "crawl_replay.h"
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

/* Index of the source whose URL is target (compared canonically). */
static long source_of(const struct crawl *c, const char *target)
{
	struct err e;
	char *key = url_canonical(target, &e);
	long found = -1;

	if (!key)
		return -1;
	for (size_t i = 0; i < c->cfg->n_sources && found < 0; i++) {
		char *k = url_canonical(c->cfg->sources[i].url, &e);

		if (k && !strcmp(k, key) && c->st[i].selected)
			found = (long)i;
		free(k);
	}
	free(key);
	return found;
}

/* The stored article a page record belongs to, as a job; NULL if none. */
static struct article_job *job_of(struct crawl *c, const char *target)
{
	struct err e;
	char *key = url_canonical(target, &e);
	const char *p[1] = { key };
	struct article_job *job = NULL;
	PGresult *r;

	if (!key)
		return NULL;
	r = db_query(c->db, "SELECT id, source_id FROM articles WHERE "
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
static int replay_pass(struct crawl *c, const char *path, int pass)
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
		si = source_of(c, rec.requested_uri ? rec.requested_uri :
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
	if (replay_pass(c, path, 0) < 0)
		return -1;
	return replay_pass(c, path, 1);
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
