/*
 * store_batch.c - page texts and fetch log lines stored in batches.
 */
#include "store_batch.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Pages held before a flush, and how long the first may wait. */
#define BATCH_PAGES 64
#define BATCH_OPS 256
#define BATCH_SECONDS 1.0

struct store_batch_op {
	long long key;		/* article id for page writes, else 0 */
	size_t seq;		/* order of arrival, for a stable sort */
	struct db_batch_item item;
};

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A new op of n parameters; its parameter array is in b's arena. */
static const char **add(struct store_batch *b, const char *sql, int n,
			long long key)
{
	struct store_batch_op *op;
	const char **p = arena_alloc(&b->a, (size_t)n * sizeof(*p));

	if (!b->n)
		b->started = mono_now();
	ALLOC_GROW(b->ops, b->n + 1, b->alloc);
	op = &b->ops[b->n];
	op->key = key;
	op->seq = b->n++;
	op->item.sql = sql;
	op->item.n = n;
	op->item.params = p;
	return p;
}

/* A copy of params[0..n) in b's arena. */
static void copy(struct store_batch *b, const char **to,
		 const char *const *from, int n)
{
	for (int i = 0; i < n; i++)
		to[i] = from[i] ? arena_strdup(&b->a, from[i]) : NULL;
}

void store_batch_page(struct store_batch *b, long long article_id,
		      const struct store_page *pg)
{
	struct store_bufs bufs;
	const char *p[STORE_PAGE_NPARAMS];

	store_page_params(article_id, pg, &bufs, p);
	copy(b, add(b, store_sql_page, STORE_PAGE_NPARAMS, article_id), p,
	     STORE_PAGE_NPARAMS);
	b->pages++;
}

void store_batch_page_failed(struct store_batch *b, long long article_id)
{
	char id[24];
	const char *p[1] = { id };

	snprintf(id, sizeof(id), "%lld", article_id);
	copy(b, add(b, store_sql_page_failed, 1, article_id), p, 1);
	b->pages++;
}

void store_batch_fetch_log(struct store_batch *b, const struct store_fetch *f)
{
	struct store_bufs bufs;
	const char *p[STORE_FETCH_NPARAMS];

	store_fetch_params(f, &bufs, p);
	copy(b, add(b, store_sql_fetch_log, STORE_FETCH_NPARAMS, 0), p,
	     STORE_FETCH_NPARAMS);
}

int store_batch_due(const struct store_batch *b)
{
	return b->pages >= BATCH_PAGES || b->n >= BATCH_OPS ||
	       (b->n && mono_now() - b->started >= BATCH_SECONDS);
}

static int op_cmp(const void *pa, const void *pb)
{
	const struct store_batch_op *a = pa, *b = pb;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int store_batch_flush(struct db *db, struct store_batch *b, struct err *e)
{
	struct db_batch_item *items;
	int ret = 0;

	if (!b->n)
		return 0;
	qsort(b->ops, b->n, sizeof(*b->ops), op_cmp);
	items = xcalloc(b->n, sizeof(*items));
	for (size_t i = 0; i < b->n; i++)
		items[i] = b->ops[i].item;
	if (db_exec_batch(db, items, b->n, e) < 0) {
		struct err one;

		ret = -1;
		/* A deadlock or one bad value: the rest still belongs in
		 * the database.  A lost connection fails each at once. */
		if (PQstatus(db->conn) == CONNECTION_OK) {
			ret = 0;
			for (size_t i = 0; i < b->n; i++)
				if (db_exec_prep(db, items[i].sql, items[i].n,
						 items[i].params, &one) < 0 &&
				    ret == 0) {
					*e = one;
					ret = -1;
				}
		}
	}
	free(items);
	b->n = b->pages = 0;
	arena_reset(&b->a);
	return ret;
}

void store_batch_release(struct store_batch *b)
{
	free(b->ops);
	b->ops = NULL;
	b->n = b->alloc = b->pages = 0;
	arena_release(&b->a);
}
