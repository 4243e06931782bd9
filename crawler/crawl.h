/*
 * crawl.h - one crawl run: the state shared by the handlers that turn
 * fetched documents (feeds, listing pages, channel pages, article pages)
 * into stored articles.  The same handlers serve a live crawl (results
 * from the fetch engine) and a replay (results read back from a WARC
 * archive), so a replayed archive stores exactly what the crawl stored.
 */
#ifndef MM_CRAWL_H
#define MM_CRAWL_H

#include "common/arena.h"
#include "common/config.h"
#include "common/db.h"
#include "crawler/fetch/fetch.h"
#include "store.h"
#include "store_batch.h"

struct replay_index;

enum crawl_kind {
	CRAWL_SOURCE,		/* a source's own document */
	CRAWL_ARTICLE,		/* an article page (userdata: article_job) */
	CRAWL_OLDER,		/* older posts of a channel (userdata: tg_older) */
};

/* Older posts of a channel: t.me/s/NAME?before=ID pages, followed while a
 * page brings only new posts, up to TG_MAX_PAGES pages a run. */
#define TG_MAX_PAGES 5
struct tg_older {
	size_t source;		/* index into cfg->sources */
	int depth;		/* pages fetched so far, the first included */
};

/* Per-source outcome, for the fetch log and the final summary. */
struct source_state {
	int id;			/* sources.id */
	int selected;		/* part of this run (--only) */
	int done;
	enum store_status status;	/* NONE until its document is handled */
	long http_status;
	long long bytes;
	int items_new, items_seen, items_updated;
	int pages_ok, pages_failed, pages_queued;
	char error[300];
};

/* An article page waiting for its fetch. */
struct article_job {
	long long article_id;
	size_t source;		/* index into cfg->sources */
};

struct crawl {
	const struct config *cfg;
	struct db *db;
	struct fetch_engine *eng;	/* NULL when replaying */
	long long run_id;
	struct source_state *st;	/* one per cfg->sources */
	size_t done, total;
	int articles_new, articles_updated, errors;
	int db_failed;			/* a database write failed */
	/* called after each document handled, live or replayed (the
	 * command layer's progress line), or NULL */
	void (*tick)(const struct crawl *c, void *arg);
	void *tick_arg;
	struct arena arena;		/* per document, reset after each */
	/* page texts and fetch log lines not stored yet: flushed when due
	 * after a document, and by crawl_flush() at the end of the run */
	struct store_batch batch;
	/* a replay's articles stored by this run (crawl_replay.c), so a page
	 * record finds its article without a query; NULL when live */
	struct replay_index *replay_ix;
	/* article ids whose page is queued in this run: one story linked by
	 * several feeds is fetched once (open addressing, 0 = empty) */
	long long *queued;
	size_t queued_len, queued_alloc;
	/* live crawl: the next source to claim, and how many were queued
	 * (sources are claimed a window at a time, so that crawlers
	 * started together share them) */
	size_t next_source, sources_queued;
	int gate_failed;		/* crawl_host_gate said so once */
};

/* The fetch engine's gate (fetch_gate_fn): books a host's next start in
 * the database (store_host_book); arg is the struct crawl. */
long long crawl_host_gate(void *arg, const char *host, long delay_ms);

/* Store what the batch holds (the end of a run; also whenever it is
 * due).  A failure sets c->db_failed after logging it; -1 then. */
int crawl_flush(struct crawl *c);

/* Handle a source's document (feed, listing or channel page). */
void crawl_source_done(struct crawl *c, size_t si, struct fetch_result *res);
/* Handle an article page. */
void crawl_article_done(struct crawl *c, struct article_job *job,
			struct fetch_result *res);
/* Handle a page of older channel posts. */
void crawl_older_done(struct crawl *c, struct tg_older *job,
		      struct fetch_result *res);
/* The telegram source whose older-posts page url is, or -1; and storing
 * such a page read back from the archive. */
long crawl_older_source(const struct crawl *c, const char *url);
int crawl_older_replay(struct crawl *c, size_t si, struct fetch_result *res);
/* The source-type handlers, one per enum source_type, that
 * crawl_source_done() picks for a document that arrived (outcome
 * FETCH_OK): type rss (crawl_feed.c), html (crawl_listing_doc.c) and
 * telegram (crawl_telegram.c).  Each stores the articles the document
 * lists and returns 0, or -1 once crawl_source_failed() has said why. */
int crawl_feed(struct crawl *c, size_t si, struct fetch_result *res);
int crawl_listing(struct crawl *c, size_t si, struct fetch_result *res);
int crawl_telegram(struct crawl *c, size_t si, struct fetch_result *res);

/* Record a failure of source si with its cause (logged once). */
void crawl_source_failed(struct crawl *c, size_t si, long http_status,
			 const char *cause);

/* Articles found in one document, stored in one transaction; new and
 * edited ones get their page fetched when they need it. */
int crawl_store_articles(struct crawl *c, size_t si,
			 const struct store_article *arts, size_t n);

/* Links an html source's listing page offers, by its links XPath,
 * resolved against base and canonicalised.  Arrays of strings in arena a.
 * -1 with the cause in e (page unparsable, XPath invalid). */
int listing_links(const char *html, size_t n, const char *base,
		  const char *xpath, struct arena *a, char ***urls,
		  char ***canon, size_t *count, struct err *e);

/* Turn a fragment of HTML (a feed summary) into plain text in arena a. */
char *html_to_text(const char *html, size_t n, struct arena *a);

#endif
