/*
 * store_batch.h - the crawler's writes that need no answer (an article
 * page's text, a page that failed, a fetch log line), kept in memory and
 * stored together: one transaction and one round trip for many pages
 * instead of two commits each.  A batch lost with the process leaves its
 * pages 'pending', fetched (or replayed) again by the next run, as a
 * page never reached would be: nothing is stored twice or half.
 */
#ifndef MM_STORE_BATCH_H
#define MM_STORE_BATCH_H

#include "store.h"
#include "common/arena.h"
#include "common/db.h"
#include "common/err.h"

struct store_batch_op;

struct store_batch {
	struct store_batch_op *ops;
	size_t n, alloc;
	size_t pages;		/* page writes among the ops */
	double started;		/* monotonic seconds of the first op */
	struct arena a;		/* the ops' copies of their values */
};

#define STORE_BATCH_INIT { NULL, 0, 0, 0, 0, ARENA_INIT }

/* Add a write to b; every string is copied, nothing is sent yet. */
void store_batch_page(struct store_batch *b, long long article_id,
		      const struct store_page *p);
void store_batch_page_failed(struct store_batch *b, long long article_id);
void store_batch_fetch_log(struct store_batch *b, const struct store_fetch *f);

/* 1 when b is big or old enough to be flushed (pages or seconds). */
int store_batch_due(const struct store_batch *b);

/*
 * Store what b holds in one transaction, page writes in article order
 * (so that crawlers flushing at once lock rows in one order and never
 * deadlock), and empty b.  When the transaction fails while the
 * database is still there, each write is tried again on its own, so one
 * bad row costs only itself.  0, or -1 with the first cause in e.
 */
int store_batch_flush(struct db *db, struct store_batch *b, struct err *e);
void store_batch_release(struct store_batch *b);

#endif
