/*
 * svg.h - charts as inline SVG: no JavaScript and no external files, so
 * a digest is one file that a mail client shows and a printer prints.
 * Used by the digest, the monthly report and the web pages.
 */
#ifndef MM_SVG_H
#define MM_SVG_H

#include "common/buf.h"

/* The tonality colours, shared with the pages' legends. */
#define SVG_POS "#2e7d32"
#define SVG_NEU "#9e9e9e"
#define SVG_NEG "#c62828"

/* Stacked columns: for each of n periods, neg, neu and pos stacked, the
 * label under every step-th column.  labels are plain text (escaped
 * here). */
void svg_tonality_columns(struct buf *out, const char *const *labels,
			  const int *pos, const int *neu, const int *neg,
			  int n, int step, const char *title);
/* Plain columns of one series (site visits) in colour, the label under
 * every step-th column, as svg_tonality_columns. */
void svg_columns(struct buf *out, const char *const *labels,
		 const long *values, int n, int step, const char *colour,
		 const char *title);
/* Horizontal bars, one per label, split by tonality, the total at the
 * end of each bar. */
void svg_tonality_bars(struct buf *out, const char *const *labels,
		       const int *pos, const int *neu, const int *neg, int n,
		       const char *title);

#endif
