/*
 * page_cache.c - finished pages kept while their data is unchanged
 * (page_cache.h).  A fixed table of slots under one mutex: pages are few
 * (a digest per day and language, a trends query) and large, so a lookup
 * by scanning the keys costs nothing beside sending one.  When the slots
 * or the byte budget run out the oldest page goes.
 */
#include "page_cache.h"
#include "common/log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SLOTS 128
#define BYTE_BUDGET ((size_t)128 << 20)
#define MAX_AGE_S 3600
#define PRUNE_EVERY_S 3600

struct slot {
	char *key;
	char *body;
	size_t len;
	char snapshot[sizeof(((struct page_fill *)0)->snapshot)];
	time_t born;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SLOTS];
static size_t bytes_kept;
static time_t last_prune;

/* Any change committed that snapshot s did not see?  1 yes, 0 no, -1 on
 * an error.  Only the rows of transactions from s's xmin on are read:
 * older ones were visible to s, or never committed. */
static int changed_since(struct db *db, const char *s)
{
	const char *p[1] = { s };
	struct err e = { "" };
	PGresult *r = db_query(db, "SELECT EXISTS (SELECT 1 FROM data_changes"
			       " WHERE xid >= pg_snapshot_xmin($1::pg_snapshot)"
			       " AND NOT pg_visible_in_snapshot(xid,"
			       " $1::pg_snapshot))", 1, p, &e);
	int ret;

	if (!r) {
		log_msg(LOG_WARN, NULL, "page cache: %s", e.msg);
		return -1;
	}
	ret = *PQgetvalue(r, 0, 0) == 't';
	PQclear(r);
	return ret;
}

static void drop(struct slot *s)
{
	bytes_kept -= s->len;
	free(s->key);
	free(s->body);
	memset(s, 0, sizeof(*s));
}

static struct slot *find(const char *key)
{
	for (int i = 0; i < SLOTS; i++)
		if (slots[i].key && !strcmp(slots[i].key, key))
			return &slots[i];
	return NULL;
}

int page_cache_fresh(struct db *db, const char *key)
{
	return page_cache_get(db, key, NULL);
}

int page_cache_get(struct db *db, const char *key, struct buf *out)
{
	char snap[sizeof(slots[0].snapshot)];
	struct slot *s;
	int hit = 0;

	pthread_mutex_lock(&lock);
	s = find(key);
	if (s && time(NULL) - s->born > MAX_AGE_S) {
		drop(s);
		s = NULL;
	}
	if (s)
		memcpy(snap, s->snapshot, sizeof(snap));
	pthread_mutex_unlock(&lock);
	if (!s || changed_since(db, snap) != 0)
		return 0;
	pthread_mutex_lock(&lock);
	/* the slot may have been refilled meanwhile: serve only the page
	 * that was checked */
	s = find(key);
	if (s && !strcmp(s->snapshot, snap)) {
		if (out)
			buf_add(out, s->body, s->len);
		hit = 1;
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

int page_cache_fill_begin(struct db *db, struct page_fill *f,
			  const struct buf *out, struct err *e)
{
	PGresult *r;

	f->snapshot[0] = '\0';
	f->from = out->len;
	if (db_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", 0,
		    NULL, e) < 0)
		return -1;
	/* the first statement takes the snapshot every later one reads */
	r = db_query(db, "SELECT pg_current_snapshot()::text", 0, NULL, e);
	if (!r) {
		db_rollback(db);
		return -1;
	}
	if ((size_t)PQgetlength(r, 0, 0) < sizeof(f->snapshot))
		memcpy(f->snapshot, PQgetvalue(r, 0, 0),
		       (size_t)PQgetlength(r, 0, 0) + 1);
	/* else: too many writers in flight to note; the page is not kept */
	PQclear(r);
	return 0;
}

void page_cache_fill_abort(struct db *db)
{
	db_rollback(db);
}

/* The slot for a new page: the key's own, a free one, or the oldest. */
static struct slot *slot_for(const char *key)
{
	struct slot *s = find(key), *oldest = &slots[0];

	if (s)
		return s;
	for (int i = 0; i < SLOTS; i++) {
		if (!slots[i].key)
			return &slots[i];
		if (slots[i].born < oldest->born)
			oldest = &slots[i];
	}
	return oldest;
}

void page_cache_fill_end(struct db *db, struct page_fill *f,
			 const char *key, const struct buf *out)
{
	size_t len = out->len - f->from;
	struct err e = { "" };
	struct slot *s;
	int prune;

	if (db_commit(db, &e) < 0 || !f->snapshot[0] || len > BYTE_BUDGET / 4)
		return;
	pthread_mutex_lock(&lock);
	s = slot_for(key);
	if (s->key)
		drop(s);
	while (bytes_kept + len > BYTE_BUDGET) {
		struct slot *old = NULL;

		for (int i = 0; i < SLOTS; i++)
			if (slots[i].key && (!old || slots[i].born < old->born))
				old = &slots[i];
		drop(old);
	}
	s->key = strdup(key);
	s->body = malloc(len ? len : 1);
	if (s->key && s->body) {
		memcpy(s->body, out->data + f->from, len);
		s->len = len;
		memcpy(s->snapshot, f->snapshot, sizeof(s->snapshot));
		s->born = time(NULL);
		bytes_kept += len;
	} else {
		free(s->key);
		free(s->body);
		memset(s, 0, sizeof(*s));
	}
	prune = time(NULL) - last_prune > PRUNE_EVERY_S;
	if (prune)
		last_prune = time(NULL);
	pthread_mutex_unlock(&lock);
	if (prune && page_cache_prune(db, &e) < 0)
		log_msg(LOG_WARN, NULL, "page cache: %s", e.msg);
}

int page_cache_prune(struct db *db, struct err *e)
{
	return db_exec(db, "DELETE FROM data_changes"
		       " WHERE at < now() - interval '1 day'", 0, NULL, e);
}
