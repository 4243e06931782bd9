/*
 * hscan.h - the cues of several lists in one Vectorscan (Hyperscan)
 * database, so a text is read once for all of them.  Each cue is there
 * as the literals its matches begin with ("\b(?:взятк\w*|коррупц\w*)":
 * "взятк", "коррупц"); the scan reports where they occur, which are the
 * only places a match of the cue may start, and PCRE2 then tries the cue
 * anchored at each (scan.c), so matches stay PCRE2's, byte for byte.  A
 * database is shared and read-only; each analyzer has its own scratch
 * and candidates (struct hscan_run).
 */
#ifndef MM_HSCAN_H
#define MM_HSCAN_H

#include "common/err.h"

#include <stddef.h>

struct cues;
struct hscan;

/* The candidates of one text, per cue id. */
struct hscan_run {
	const struct hscan *db;		/* NULL: none (PCRE2 alone) */
	const char *text;
	size_t len;
	size_t *start;			/* grouped by id, ascending, unique */
	unsigned *ids;			/* the id of each, as reported */
	size_t n, alloc, ids_alloc;
	size_t *tmp, tmp_alloc;
	size_t *first, first_alloc;	/* [ncues + 1] into start */
	char *low;			/* the text lower-cased */
	size_t low_alloc;
	void *scratch;			/* hs_scratch_t, grown per database */
	const struct hscan *grown[2];	/* the databases it is fit for */
};

/* Compile the cues of lists[0..n) into one database and give each list
 * (cues->hs) and cue (cue->hid) its place in it.  A cue some of whose
 * matches begin with no literal (a class, "\w+") is not in it: PCRE2
 * reads it everywhere.  Returns NULL when Vectorscan is off
 * (MEDIAMON_NO_HYPERSCAN=1, or this CPU lacks what it needs), or with
 * the cause in e when it failed to compile; PCRE2 then reads every cue.
 * Freed with hscan_free. */
struct hscan *hscan_build(struct cues *const *lists, size_t n,
			  struct err *e);
void hscan_free(struct hscan *h);
/* Does the database read cue id? */
int hscan_has(const struct hscan *h, unsigned id);
/* How many of its cues it reads, of how many. */
void hscan_counts(const struct hscan *h, size_t *read, size_t *all);

/* Scan text[0..len) with h (NULL: forget the last scan), keeping its
 * candidates in r for scan_all.  -1 when the scan failed: r then holds
 * none and PCRE2 reads every cue. */
int hscan_scan(struct hscan_run *r, const struct hscan *h, const char *text,
	       size_t len);
void hscan_run_release(struct hscan_run *r);

#endif
