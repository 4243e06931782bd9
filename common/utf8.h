/*
 * utf8.h - UTF-8 validation, decoding and repair.  Everything mediamon
 * stores or prints is valid UTF-8; invalid bytes become U+FFFD here.
 */
#ifndef MM_UTF8_H
#define MM_UTF8_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at s (n bytes available).  Returns its length in
 * bytes (1..4) and sets *cp, or -1 for an invalid or truncated sequence
 * (overlongs, surrogates and values past U+10FFFF are invalid). */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room); returns the length. */
int utf8_encode(uint32_t cp, char *out);
int utf8_valid(const char *s, size_t n);
/* Append s to out, replacing each invalid sequence (and NUL) with U+FFFD.
 * Returns -1 only when out's cap is reached. */
int utf8_sanitize(struct buf *out, const char *s, size_t n);

#endif
