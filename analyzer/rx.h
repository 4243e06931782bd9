/*
 * rx.h - PCRE2 patterns for the analyzer: every pattern is compiled once
 * with UTF, UCP and CASELESS, JIT-compiled when the platform allows, and
 * matched through a matcher (match context, match data, JIT stack) that
 * caps backtracking (match and depth limits), so hostile text cannot
 * stall the analyzer.  Patterns are shared; each analyzer owns a matcher.
 */
#ifndef MM_RX_H
#define MM_RX_H

#include "common/err.h"

#include <stddef.h>

struct rx;
struct rx_matcher;

/* Compile pattern (UTF-8).  Returns a malloc-owned pattern freed with
 * rx_free, or NULL with the PCRE2 message and offset in e. */
struct rx *rx_compile(const char *pattern, struct err *e);
void rx_free(struct rx *r);
/* The pattern r was compiled from (owned by r). */
const char *rx_source(const struct rx *r);

/* The state one thread of matching needs; malloc-owned, freed with
 * rx_matcher_free.  Aborts when PCRE2 cannot allocate it. */
struct rx_matcher *rx_matcher_new(void);
void rx_matcher_free(struct rx_matcher *m);

/* Find the first match of r in s[0..n) at or after byte offset from.
 * Returns 1 and sets [*ms, *me) to the match, 0 for no match, -1 when a
 * limit was hit or the subject was rejected (treated as no match by the
 * callers, who count it per document). */
int rx_find(struct rx_matcher *m, const struct rx *r, const char *s,
	    size_t n, size_t from, size_t *ms, size_t *me);

/* The match of r starting exactly at byte offset at (an offset limit),
 * as rx_find would report it if no match started before at. */
int rx_find_at(struct rx_matcher *m, const struct rx *r, const char *s,
	       size_t n, size_t at, size_t *ms, size_t *me);

/* Where the atom at s[i] of a pattern ends: after an escape's next byte,
 * a character class's "]", or one byte; 0 when the pattern ends inside
 * it.  For rewriting patterns (lex.c, hscan.c). */
size_t rx_atom_end(const char *s, size_t i);

#endif
