/*
 * hex.h - hexadecimal digits both ways, the one helper for every reader
 * and writer of hex in the tree: percent-escapes in URLs and robots.txt
 * paths, JSON \u escapes, digests.
 */
#ifndef MM_HEX_H
#define MM_HEX_H

#include "buf.h"

/* Value of the hex digit c (either case), or -1 when c is none. */
static inline int hex_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The digit of v & 15: upper case as percent-escapes are normalised
 * (RFC 3986 section 2.1), lower case as digests are written. */
static inline char hex_upper(unsigned v)
{
	return "0123456789ABCDEF"[v & 15];
}

static inline char hex_lower(unsigned v)
{
	return "0123456789abcdef"[v & 15];
}

/* Append byte c to out as the percent-escape "%XX" (upper-case hex). */
static inline void hex_add_pct(struct buf *out, unsigned char c)
{
	buf_addch(out, '%');
	buf_addch(out, hex_upper(c >> 4));
	buf_addch(out, hex_upper(c));
}

#endif
