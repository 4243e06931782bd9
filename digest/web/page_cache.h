/*
 * page_cache.h - finished pages kept in the server's memory while the
 * data they were made from has not changed.  A digest of a 20,000-article
 * day takes a second to make and a few milliseconds to send; leadership
 * opens the same day's digest many times between two crawls.
 *
 * A page is made inside a fill: one read-only transaction whose snapshot
 * it records.  It is served again while no transaction that changed the
 * data has committed since (sql/010_data_changes.sql), checked with one
 * index lookup per request, and for an hour at most.
 */
#ifndef MM_PAGE_CACHE_H
#define MM_PAGE_CACHE_H

#include "common/buf.h"
#include "common/db.h"
#include "common/err.h"

#include <stddef.h>

struct page_fill {
	char snapshot[1024];	/* pg_current_snapshot() as text, or "" */
	size_t from;		/* where the page starts in the output */
};

/* 1 when the page under key is kept and current: its bytes are appended
 * to out (NULL: only the answer).  0 otherwise (and on any error: the page is then made). */
int page_cache_get(struct db *db, const char *key, struct buf *out);

/* 1 when the page under key is kept and current, else 0. */
int page_cache_fresh(struct db *db, const char *key);

/* Start making a page whose bytes will follow out's current end.  0, or
 * -1 with the cause in e. */
int page_cache_fill_begin(struct db *db, struct page_fill *f,
			  const struct buf *out, struct err *e);
/* The page is made: end the transaction and keep it under key. */
void page_cache_fill_end(struct db *db, struct page_fill *f,
			 const char *key, const struct buf *out);
/* Making it failed: end the transaction, keep nothing. */
void page_cache_fill_abort(struct db *db);

/* Forget the rows of changes older than a day (no kept page is that old).
 * 0, or -1 with the cause in e. */
int page_cache_prune(struct db *db, struct err *e);

#endif
