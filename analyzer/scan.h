/*
 * scan.h - every match of a list of cues over a document, found once and
 * kept sorted by position, so later questions ("a role cue in this
 * sentence?", "a country named next to this mention?") are range lookups.
 * A Vectorscan pass over the text (scan_prepare) first says which cues
 * may match and where; PCRE2 finds the matches only there.
 */
#ifndef MM_SCAN_H
#define MM_SCAN_H

#include "hscan.h"
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

/* What one analyzer matches with: its PCRE2 matcher, and its Vectorscan
 * scratch with the candidates of the last text scan_prepare read. */
struct scanner {
	struct rx_matcher *rx;
	struct hscan_run hs;
};

/* malloc-owned, freed with scanner_free. */
struct scanner *scanner_new(void);
void scanner_free(struct scanner *sc);
/* One Vectorscan pass of the database h (NULL: none) over text[0..len):
 * until the next call, scan_all over a list h holds, on this same text,
 * runs PCRE2 only for the cues it reported, from where they may start.
 * A failed pass leaves PCRE2 to read every cue. */
void scan_prepare(struct scanner *sc, const struct hscan *h,
		  const char *text, size_t len);
/* All matches of every cue in cs over text[0..len) (valid UTF-8), sorted
 * by start, then longer first: each cue's matches as PCRE2 finds them one
 * after the other from the start of the text, so they do not overlap. */
void scan_all(struct scanner *sc, const struct cues *cs, const char *text,
	      size_t len, struct arena *a, struct hits *out);
/* Keep only the leftmost-longest of overlapping hits (in place). */
void scan_resolve(struct hits *h);
/* Index of the first hit starting at or after off. */
size_t scan_from(const struct hits *h, size_t off);

#endif
