/*
 * store.h - the crawler's writes to PostgreSQL: the media list, runs, the
 * fetch log and articles with their revisions.  The tables are the
 * contract with the analyzer (sql/001_schema.sql).  Every value is a
 * query parameter.  Article writes are idempotent: re-running a crawl, or
 * two crawlers at once, never stores a story twice.
 */
#ifndef MM_STORE_H
#define MM_STORE_H

#include "common/config.h"
#include "common/db.h"
#include "common/err.h"

#include <time.h>

/* What is still to come for a newly found article: its page, or nothing
 * because the feed or post is the whole article (articles.page_status
 * 'pending' and 'feed_only'). */
enum store_page_status {
	STORE_PAGE_PENDING,
	STORE_PAGE_FEED_ONLY,
};

/* An article as a feed, listing or channel presents it.  All borrowed;
 * NULL where unknown. */
struct store_article {
	int source_id;
	const char *url;		/* as found, absolute */
	const char *canonical_url;	/* the identity key */
	const char *guid;
	const char *title;
	const char *summary;		/* plain text */
	const char *text;		/* full text when the feed/post has it */
	const char *author;
	const char *lang;
	time_t published;
	int has_published;
	const char *published_text;	/* the date as the source wrote it */
	const char *const *links;	/* links the story carries, or NULL */
	size_t n_links;
	/* evidence of the document the article was read from */
	const char *warc_file;
	long long warc_offset;		/* -1 when not archived */
	const char *body_sha256;
	enum store_page_status page_status;
};

enum store_outcome {
	STORE_NEW,		/* first time this canonical URL was seen */
	STORE_SEEN,		/* known and unchanged */
	STORE_UPDATED,		/* known; the source now shows another version,
				 * the earlier one was kept as a revision */
};

/* Insert or update one article (call inside a transaction).  Sets *id,
 * *outcome, and *needs_page when the article's page is still to be
 * fetched (new, edited, or an earlier fetch failed within the last week).
 * -1 with the server's message in e. */
int store_article(struct db *db, const struct store_article *a,
		  long long *id, enum store_outcome *outcome, int *needs_page,
		  struct err *e);

/* store_article() for the articles of one document, arts[0..n), in
 * their order (call inside a transaction): the new ones are inserted
 * together in one statement, the known ones one by one.  Fills ids,
 * outcomes and needs_page (n entries each). */
int store_articles(struct db *db, const struct store_article *arts,
		   size_t n, long long *ids, enum store_outcome *outcomes,
		   int *needs_page, struct err *e);

/* What the article page gave; borrowed. */
struct store_page {
	const char *title;
	const char *text;
	const char *text_raw;
	const char *author;
	const char *lang;
	time_t published;
	int has_published;
	const char *method;		/* 'xpath', 'generic', 'jsonld', 'none' */
	const char *warc_file;
	long long warc_offset;
	const char *body_sha256;
};

/* Record an article page's main text.  The feed's title and date win
 * when present; the page fills what the feed left out.  text_raw goes to
 * article_bodies, a row per page fetch, NULL where it is the text. */
int store_page(struct db *db, long long article_id,
	       const struct store_page *p, struct err *e);
/* Mark an article whose page could not be fetched or read. */
int store_page_failed(struct db *db, long long article_id, struct err *e);

/* Make the sources table match cfg; ids[i] receives the id of
 * cfg->sources[i].  Sources missing from cfg are disabled, never deleted. */
int store_sync_sources(struct db *db, const struct config *cfg, int *ids,
		       struct err *e);
/*
 * Claim source_id for crawl run run_id: 1 when it is this run's now (no
 * other running crawl holds it: several crawlers share the sources
 * instead of each fetching them all), 0 when another running crawl has
 * it, -1 with the cause in e.  A run's claims end with the run, or when
 * a later run finds it interrupted.
 */
int store_claim_source(struct db *db, int source_id, long long run_id,
		       struct err *e);

/*
 * Book the next start of a request to host for any crawler sharing this
 * database (politeness across processes and machines): the host's
 * next-allowed time moves delay_ms past the later of itself and now.
 * Sets *wait_ms to the ms from now to the booked start (0: now).
 */
int store_host_book(struct db *db, const char *host, long delay_ms,
		    long long *wait_ms, struct err *e);

/* The stored conditional-request validators of a source (malloc'd, or
 * NULL); and saving new ones after a 200. */
int store_source_validators(struct db *db, int source_id, char **etag,
			    char **last_modified, struct err *e);
int store_save_validators(struct db *db, int source_id, const char *etag,
			  const char *last_modified, struct err *e);

/* A crawl run: its row, and its totals at the end.  store_run_begin()
 * first closes as 'interrupted' the runs that were killed before they
 * finished (their advisory lock is free), then holds the lock of its own
 * run until store_run_finish() or the end of the connection. */
int store_run_begin(struct db *db, const char *mode, long long *run_id,
		    struct err *e);
struct store_run_totals {
	int sources_total, sources_failed, articles_new, articles_updated;
};
int store_run_finish(struct db *db, long long run_id,
		     const struct store_run_totals *t, struct err *e);

/* Up to limit articles of source_id whose page is still to be fetched:
 * pending (announced by a feed, never fetched: a run killed in between)
 * or failed within the last week, newest first.  *ids and *urls (each
 * string too) are malloc'd for the caller to free; -1 with the cause in
 * e. */
int store_pending_pages(struct db *db, int source_id, long limit,
			long long **ids, char ***urls, size_t *n,
			struct err *e);

/* What became of a fetched document, as the fetch log records it (and a
 * source's outcome in a run, STORE_STATUS_NONE until it has one).  The
 * schema's CHECK on fetch_log.status also allows 'skipped', which the
 * crawler does not write. */
enum store_status {
	STORE_STATUS_NONE,		/* not fetched (yet); never stored */
	STORE_STATUS_OK,
	STORE_STATUS_NOT_MODIFIED,
	STORE_STATUS_FAILED,
};

/* "ok", "not_modified", "failed": the status as fetch_log.status spells
 * it (static storage); NULL for STORE_STATUS_NONE. */
const char *store_status_name(enum store_status s);

/* One fetch outcome in the fetch log. */
struct store_fetch {
	long long run_id;
	int source_id;			/* 0 for none */
	const char *kind;		/* feed, listing, telegram, article... */
	const char *url;
	enum store_status status;	/* not STORE_STATUS_NONE */
	long http_status;		/* 0 for none */
	long long bytes;
	long duration_ms;
	int items_new, items_seen;
	const char *error;		/* NULL when none */
};
int store_fetch_log(struct db *db, const struct store_fetch *f,
		    struct err *e);

/*
 * The statements above as SQL text and parameters, for writes that are
 * batched (store_batch.h): store_page, store_page_failed and
 * store_fetch_log run these.  The packers fill params (STORE_*_NPARAMS
 * entries) with values borrowed from their argument and from b.
 */
#define STORE_PAGE_NPARAMS 11
#define STORE_FETCH_NPARAMS 11
struct store_bufs {
	char v[8][24];
};
extern const char store_sql_page[];
extern const char store_sql_page_failed[];
extern const char store_sql_fetch_log[];
void store_page_params(long long article_id, const struct store_page *p,
		       struct store_bufs *b, const char **params);
void store_fetch_params(const struct store_fetch *f, struct store_bufs *b,
			const char **params);

/* 1 when an article with this canonical URL is stored and its page was
 * fetched (or is not needed), 0 when not, -1 on error. */
int store_page_known(struct db *db, const char *canonical_url, struct err *e);

#endif
