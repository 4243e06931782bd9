/*
 * sentence.h - the sentence that names the office.
 */
#ifndef MM_EXCERPT_SENTENCE_H
#define MM_EXCERPT_SENTENCE_H

#include "common/arena.h"

#include <stddef.h>

/* The sentence of text[0..len) holding byte off (at most about 600
 * bytes, never cutting a UTF-8 character), in a; "" when off is past
 * the end.  Reads no further than 300 bytes before off and 304 after. */
const char *office_sentence(struct arena *a, const char *text, size_t len,
			    size_t off);

#endif
