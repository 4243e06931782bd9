/*
 * rx.h - PCRE2 patterns for the analyzer: every pattern is compiled once
 * with UTF, UCP and CASELESS, JIT-compiled when the platform allows, and
 * matched through one shared match context that caps backtracking (match
 * and depth limits), so hostile text cannot stall the analyzer.
 */
#ifndef MM_RX_H
#define MM_RX_H

#include "common/err.h"

#include <stddef.h>

struct rx;

/* Compile pattern (UTF-8).  Returns a malloc-owned pattern freed with
 * rx_free, or NULL with the PCRE2 message and offset in e. */
struct rx *rx_compile(const char *pattern, struct err *e);
void rx_free(struct rx *r);

/* Find the first match of r in s[0..n) at or after byte offset from.
 * Returns 1 and sets [*ms, *me) to the match, 0 for no match, -1 when a
 * limit was hit or the subject was rejected (treated as no match by the
 * callers, who log it once per document). */
int rx_find(const struct rx *r, const char *s, size_t n, size_t from,
	    size_t *ms, size_t *me);

/* Number of rx_find calls that failed on a limit since start-up. */
unsigned long rx_limit_hits(void);

/* Free the shared match state (for leak checkers); safe to call when
 * every pattern is freed; rx_compile sets it up again. */
void rx_cleanup(void);

#endif
