/*
 * words.h - the words that decided a material's tonality.
 */
#ifndef MM_EXCERPT_WORDS_H
#define MM_EXCERPT_WORDS_H

#include "common/arena.h"

/* The words of the stored evidence (a JSON array of {rule, text,
 * weight}) that pulled toward tonality, strongest first, at most four,
 * comma-separated, in a; "" for neutral or unreadable evidence. */
const char *excerpt_words(struct arena *a, const char *evidence,
			  const char *tonality);

#endif
