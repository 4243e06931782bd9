/*
 * excerpt.h - the sentence naming the office, and the deciding words.
 */
#ifndef MM_EXCERPT_H
#define MM_EXCERPT_H

#include "common/arena.h"

#include <stddef.h>

/* The sentence of text[0..len) holding byte off (at most about 600
 * bytes, never cutting a UTF-8 character), in a; "" when off is past
 * the end. */
const char *excerpt_sentence(struct arena *a, const char *text, size_t len,
			     size_t off);
/* The words of the stored evidence (a JSON array of {rule, text,
 * weight}) that pulled toward tonality, strongest first, at most four,
 * comma-separated, in a; "" for neutral or unreadable evidence. */
const char *excerpt_words(struct arena *a, const char *evidence,
			  const char *tonality);

#endif
