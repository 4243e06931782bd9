/*
 * digest_int.h - what the digest's writers share: the labels of the
 * fixed vocabularies (tonality, violation category, stage) as msgids for
 * the catalogs, and the phrases built from counts.
 */
#ifndef MM_DIGEST_INT_H
#define MM_DIGEST_INT_H

#include "digest.h"

/* The page's style sheet (digest_html.c), shared with the period
 * report so that both read alike on screen and on A4. */
extern const char digest_style[];

/* msgids (English) for tr(); the id itself when unknown. */
const char *digest_tonality_label(const char *tonality);
/* A material's tonality in lang, for its tag ("негативный"). */
const char *digest_tonality_tag(const char *lang, const char *tonality);
const char *digest_category_label(const char *category);
const char *digest_response_label(const char *kind);
const char *digest_stage_label(const char *stage);
/* The region's name from the media list's country, else its id. */
const char *digest_region_name(const struct digest *d, const char *id);
/* "5 outlets, 7 articles" in d's language. */
void digest_story_size(struct buf *b, const char *lang, int outlets,
		       int articles);
/* "12 materials on the office in 7 stories". */
void digest_counts_line(struct buf *b, const struct digest *d);

#endif
