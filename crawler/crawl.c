/*
 * crawl.c - from fetched documents to stored articles: the source and
 * article handlers of a crawl run, and the batch that stores the articles
 * of one document in one transaction.
 */
#include "crawl.h"
#include "crawl_replay.h"
#include "common/charset.h"
#include "common/deadline.h"
#include "common/hash.h"
#include "common/log.h"
#include "common/xalloc.h"
#include "crawler/page/page.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Documents of each source type, named as the fetch log names them. */
static const char *const doc_kind[] = { "feed", "listing", "telegram" };

static void log_fetch(struct crawl *c, int source_id, const char *kind,
		      const struct fetch_result *res, enum store_status status,
		      int items_new, int items_seen, const char *error)
{
	struct store_fetch f = {
		.run_id = c->run_id,
		.source_id = source_id,
		.kind = kind,
		.url = res->url,
		.status = status,
		.http_status = res->status,
		.bytes = (long long)res->body.len,
		.duration_ms = (long)(res->elapsed_s * 1000),
		.items_new = items_new,
		.items_seen = items_seen,
		.error = error,
	};

	store_batch_fetch_log(&c->batch, &f);
}

long long crawl_host_gate(void *arg, const char *host, long delay_ms)
{
	struct crawl *c = arg;
	long long wait;
	struct err e;

	if (c->gate_failed)
		return -1;
	if (store_host_book(c->db, host, delay_ms, &wait, &e) < 0) {
		c->gate_failed = 1;
		log_msg(LOG_WARN, NULL, "could not book the next request to "
			"'%s' with the other crawlers (this crawler keeps its "
			"own delays only): %s", host, e.msg);
		return -1;
	}
	return wait;
}

int crawl_flush(struct crawl *c)
{
	struct err e;

	if (store_batch_flush(c->db, &c->batch, &e) == 0)
		return 0;
	c->db_failed = 1;
	return log_fail(NULL, "could not write the fetch log and the page "
			"texts: %s", e.msg);
}

/* After each document: store the batch when it is due. */
static void flush_due(struct crawl *c)
{
	if (store_batch_due(&c->batch))
		crawl_flush(c);
}

void crawl_source_failed(struct crawl *c, size_t si, long http_status,
			 const char *cause)
{
	struct source_state *s = &c->st[si];

	s->status = STORE_STATUS_FAILED;
	s->http_status = http_status;
	snprintf(s->error, sizeof(s->error), "%s", cause);
	c->errors++;
	log_msg(LOG_WARN, c->cfg->sources[si].name, "%s", cause);
}

static void queue_pending(struct crawl *c, size_t si);

void crawl_source_done(struct crawl *c, size_t si, struct fetch_result *res)
{
	const struct source *src = &c->cfg->sources[si];
	struct source_state *s = &c->st[si];
	int r = 0;

	s->bytes = (long long)res->body.len;
	s->http_status = res->status;
	if (res->outcome == FETCH_NOT_MODIFIED) {
		s->status = STORE_STATUS_NOT_MODIFIED;
	} else if (res->outcome == FETCH_FAILED) {
		crawl_source_failed(c, si, res->status, res->cause);
	} else {
		s->status = STORE_STATUS_OK;
		/* One document may not hold the others: the parsers stop
		 * when its CPU budget is spent, and say so. */
		deadline_start((double)c->cfg->crawler.parse_timeout_s);
		if (src->type == SOURCE_RSS)
			r = crawl_feed(c, si, res);
		else if (src->type == SOURCE_HTML)
			r = crawl_listing(c, si, res);
		else
			r = crawl_telegram(c, si, res);
		deadline_stop();
		if (r == 0 && c->eng && (res->etag || res->last_modified)) {
			struct err e;

			if (store_save_validators(c->db, s->id, res->etag,
						  res->last_modified, &e) < 0) {
				c->db_failed = 1;
				log_msg(LOG_ERROR, src->name, "could not save "
					"the validators: %s", e.msg);
			}
		}
	}
	log_fetch(c, s->id, doc_kind[src->type], res, s->status, s->items_new,
		  s->items_seen,
		  s->status == STORE_STATUS_FAILED ? s->error : NULL);
	queue_pending(c, si);
	s->done = 1;
	c->done++;
	arena_reset(&c->arena);
	flush_due(c);
}

/* Add id to the set of queued pages; 0 when it was already there. */
static int queue_once(struct crawl *c, long long id)
{
	size_t i;

	if (2 * (c->queued_len + 1) > c->queued_alloc) {
		size_t old = c->queued_alloc;
		long long *prev = c->queued;

		c->queued_alloc = old ? old * 2 : 256;
		c->queued = xcalloc(c->queued_alloc, sizeof(*c->queued));
		c->queued_len = 0;
		for (i = 0; i < old; i++)
			if (prev[i])
				queue_once(c, prev[i]);
		free(prev);
	}
	for (i = hash_bytes(&id, sizeof(id), HASH_INIT) % c->queued_alloc;
	     c->queued[i]; i = (i + 1) % c->queued_alloc)
		if (c->queued[i] == id)
			return 0;
	c->queued[i] = id;
	c->queued_len++;
	return 1;
}

/* Queue the page of an article that needs it (live crawl only; a replay
 * finds the page further on in the archive). */
static void want_page(struct crawl *c, size_t si, long long id,
		      const char *url)
{
	struct article_job *job;
	struct source_state *s = &c->st[si];

	if (!c->eng || !queue_once(c, id))
		return;
	if (s->pages_queued >= c->cfg->crawler.max_articles)
		return;
	job = xmalloc(sizeof(*job));
	job->article_id = id;
	job->source = si;
	s->pages_queued++;
	fetch_add(c->eng, &(struct fetch_request){ .url = url,
						   .kind = CRAWL_ARTICLE,
						   .userdata = job });
}

/*
 * Queue the pages of source si that earlier runs announced and never
 * settled.  The feed's validators were saved when it was read, so a run
 * killed before its pages were fetched left them pending behind a feed
 * that now answers 304 Not Modified: they are fetched here whatever the
 * feed says.  (Pages queued in this run already are skipped.)
 */
static void queue_pending(struct crawl *c, size_t si)
{
	struct source_state *s = &c->st[si];
	long long *ids;
	char **urls;
	size_t n;
	struct err e;

	if (!c->eng || s->pages_queued >= c->cfg->crawler.max_articles)
		return;
	if (store_pending_pages(c->db, s->id, c->cfg->crawler.max_articles,
				&ids, &urls, &n, &e) < 0) {
		c->db_failed = 1;
		log_msg(LOG_ERROR, c->cfg->sources[si].name, "could not read "
			"the pending pages: %s", e.msg);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		want_page(c, si, ids[i], urls[i]);
		free(urls[i]);
	}
	free(ids);
	free(urls);
}

int crawl_store_articles(struct crawl *c, size_t si,
			 const struct store_article *arts, size_t n)
{
	struct source_state *s = &c->st[si];
	long long *ids = xcalloc(n ? n : 1, sizeof(*ids));
	unsigned char *want = xcalloc(n ? n : 1, 1);
	enum store_outcome *outs = xcalloc(n ? n : 1, sizeof(*outs));
	int *needs = xcalloc(n ? n : 1, sizeof(*needs));
	int news = 0, updated = 0, seen = 0;
	struct err e;

	if (db_begin(c->db, &e) < 0)
		goto fail;
	if (store_articles(c->db, arts, n, ids, outs, needs, &e) < 0) {
		db_rollback(c->db);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		enum store_outcome o = outs[i];
		int needs_page = needs[i];

		if (o == STORE_NEW && c->replay_ix)
			crawl_replay_note(c, arts[i].canonical_url, ids[i], si);
		news += o == STORE_NEW;
		updated += o == STORE_UPDATED;
		seen += o != STORE_NEW;
		want[i] = (unsigned char)needs_page;
	}
	if (db_commit(c->db, &e) < 0)
		goto fail;
	/* Only after the commit: a page fetched for a row that was rolled
	 * back would have nowhere to go. */
	for (size_t i = 0; i < n; i++)
		if (want[i])
			want_page(c, si, ids[i], arts[i].canonical_url);
	s->items_new += news;
	s->items_seen += seen;
	s->items_updated += updated;
	c->articles_new += news;
	c->articles_updated += updated;
	free(ids);
	free(want);
	free(outs);
	free(needs);
	return 0;
fail:
	c->db_failed = 1;
	free(ids);
	free(want);
	free(outs);
	free(needs);
	{
		char cause[sizeof(e.msg) + 40];

		snprintf(cause, sizeof(cause), "could not store articles: %s",
			 e.msg);
		crawl_source_failed(c, si, s->http_status, cause);
	}
	return -1;
}

void crawl_article_done(struct crawl *c, struct article_job *job,
			struct fetch_result *res)
{
	const struct source *src = &c->cfg->sources[job->source];
	struct source_state *s = &c->st[job->source];
	struct buf html = BUF_INIT;
	struct page page;
	struct err e;
	int r;
	static const char *const method[] = { "none", "xpath", "generic",
					      "jsonld" };

	if (res->outcome != FETCH_OK) {
		log_msg(LOG_WARN, src->name, "article '%s': %s", res->url,
			res->outcome == FETCH_FAILED ? res->cause :
						       "not modified");
		s->pages_failed++;
		store_batch_page_failed(&c->batch, job->article_id);
		log_fetch(c, s->id, "article", res, STORE_STATUS_FAILED, 0, 0,
			  res->cause);
		goto out;
	}
	buf_init(&html, 0);
	deadline_start((double)c->cfg->crawler.parse_timeout_s);
	r = charset_to_utf8(res->body.data, res->body.len, res->content_type,
			    &html, NULL, 0, &e) < 0 ||
	    page_extract(html.data, html.len, res->effective_url,
			 src->article_xpath, &c->arena, &page, &e) < 0;
	deadline_stop();
	if (r) {
		log_msg(LOG_WARN, src->name, "article '%s': cannot extract: %s",
			res->url, e.msg);
		s->pages_failed++;
		store_batch_page_failed(&c->batch, job->article_id);
		log_fetch(c, s->id, "article", res, STORE_STATUS_FAILED, 0, 0,
			  "cannot extract the article");
		goto out;
	}
	if (page.xpath_missed)
		log_msg(LOG_WARN, src->name, "article XPath matched nothing in "
			"'%s'; used the generic extractor", res->url);
	{
		struct store_page p = {
			.title = page.title,
			.text = page.text,
			.text_raw = page.raw_text,
			.author = page.author,
			.lang = page.lang ? page.lang : src->lang,
			.published = page.published,
			.has_published = page.has_published,
			.method = method[page.method],
			.warc_file = res->warc_file,
			.warc_offset = res->warc_offset,
			.body_sha256 = res->sha256[0] ? res->sha256 : NULL,
		};

		store_batch_page(&c->batch, job->article_id, &p);
	}
	s->pages_ok++;
	log_fetch(c, s->id, "article", res, STORE_STATUS_OK, 0, 0, NULL);
out:
	buf_release(&html);
	arena_reset(&c->arena);
	free(job);
	flush_due(c);
}
