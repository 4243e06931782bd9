/*
 * prominence.h - how prominently an article shows the office, for the
 * media index (README.md, "The media index"): in the headline, in the
 * lead, in the main role or in passing, and whether it is quoted.
 */
#ifndef MM_PROMINENCE_H
#define MM_PROMINENCE_H

#include "analyze.h"

struct prominence {
	double value;		/* 0.3 .. 1.0 */
	int quoted;		/* the office's own words are quoted */
};

/* The prominence of analysis r of text[0..len) (r's offsets). */
void article_prominence(const struct analysis *r, const char *text,
			size_t len, struct prominence *out);

#endif
