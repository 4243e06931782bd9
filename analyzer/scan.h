/*
 * scan.h - every match of a list of cues over a document, found once and
 * kept sorted by position, so later questions ("a role cue in this
 * sentence?", "a country named next to this mention?") are range lookups.
 */
#ifndef MM_SCAN_H
#define MM_SCAN_H

#include "lex.h"
#include "common/arena.h"

struct hit {
	size_t start, end;	/* bytes in the scanned text */
	const struct cue *cue;
};

struct hits {
	struct hit *v;		/* in the arena */
	size_t n;
	unsigned long limit_hits;	/* matches abandoned on a PCRE2 limit */
};

/* All matches of every cue in cs over text[0..len) (valid UTF-8), sorted
 * by start, then longer first, found with the matcher m.  Matches of one
 * cue do not overlap. */
void scan_all(struct rx_matcher *m, const struct cues *cs, const char *text,
	      size_t len, struct arena *a, struct hits *out);
/* Keep only the leftmost-longest of overlapping hits (in place). */
void scan_resolve(struct hits *h);
/* Index of the first hit starting at or after off. */
size_t scan_from(const struct hits *h, size_t off);

#endif
