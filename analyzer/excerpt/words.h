/*
 * words.h - the words that decided a material's tonality.
 */
#ifndef MM_EXCERPT_WORDS_H
#define MM_EXCERPT_WORDS_H

#include "common/arena.h"
#include "common/json.h"

#include <stddef.h>

/* The words of the stored evidence (a JSON array of {rule, text,
 * weight}) that pulled toward tonality, strongest first, at most four,
 * comma-separated, in a; "" for neutral or unreadable evidence. */
const char *excerpt_words(struct arena *a, const char *evidence,
			  const char *tonality);
/* The same from evidence already read (NULL: ""). */
const char *excerpt_words_of(struct arena *a, const struct json *evidence,
			     const char *tonality);

#endif
