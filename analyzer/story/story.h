/*
 * story.h - story clusters in the database: every stored article whose
 * page is settled joins the story of its nearest earlier near-duplicate
 * (or of an article it links to), or starts one; the office's own
 * articles become press releases and the media articles of their stories
 * their pickups.  Articles are taken oldest first and never move, so a
 * re-run changes nothing and the result does not depend on how the work
 * was split into runs.
 */
#ifndef MM_STORY_H
#define MM_STORY_H

#include "minhash.h"
#include "common/db.h"

/* "mediamon.stories", as a number, for pg_advisory_xact_lock: a
 * clustering transaction holds it alone; a transaction writing analyses
 * holds it shared (an analysis copies its article's story, sql/014, and
 * must not be written beside a story joined in another transaction that
 * neither sees). */
#define STORY_LOCK "7236110928372412"

struct story_opts {
	double min_overlap;	/* join when the overlap estimate reaches it */
	int window_days;	/* compare with articles this close in time */
	int batch;		/* articles per transaction */
	struct minhash_params shingles;
};
extern const struct story_opts story_opts_default;

struct story_stats {
	long clustered, started, joined_text, joined_link, releases, pickups;
};

/* Cluster every article not yet in a story.  0, or -1 with the cause in
 * e (the batches before it are kept). */
int story_cluster(struct db *db, const struct story_opts *o,
		  struct story_stats *st, struct err *e);

/* The overlap decision on two texts, for the evaluation (no database):
 * the estimated overlap of their shingle sets. */
double story_similarity(const char *a, size_t na, const char *b, size_t nb,
			const struct minhash_params *p);

#endif
