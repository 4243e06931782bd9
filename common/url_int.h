/*
 * url_int.h - what the URL files share among themselves and nobody else:
 * the WHATWG host parser (url_host.c) used by the parser (url_parse.c)
 * and the canonicaliser (url_canon.c).
 */
#ifndef MM_URL_INT_H
#define MM_URL_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

/* Longest URL accepted anywhere; longer input is an error, so that the
 * unlimited internal buffers stay bounded. */
#define URL_MAX_LEN (64 * 1024)

/*
 * WHATWG host parser: in[0..len) is the raw host text of a URL (still
 * percent-encoded).  opaque is true for non-special schemes.  Appends the
 * serialised host to out: "[v6]", dotted IPv4, lower-case ASCII domain
 * (punycode for IDNs) or an opaque host.  -1 with the cause in e.
 */
int url_host_parse(const char *in, size_t len, bool opaque, struct buf *out,
		   struct err *e);

/* UTS #46 ToASCII (nontransitional, no STD3 rules) of the UTF-8 domain
 * s[0..len), appended to out; -1 with the cause in e (url_idna.c). */
int url_domain_to_ascii(const char *s, size_t len, struct buf *out,
			struct err *e);

/* Percent-encoding sets of the standard, for url_pct_add(). */
enum url_pct_set {
	URL_PCT_C0,		/* C0 controls and non-ASCII */
	URL_PCT_FRAGMENT,
	URL_PCT_QUERY,
	URL_PCT_SPECIAL_QUERY,
	URL_PCT_PATH,
	URL_PCT_USERINFO,
};

/* True when byte c must be percent-encoded in set. */
bool url_pct_in_set(unsigned char c, enum url_pct_set set);
/* Append byte c to out, percent-encoded ("%XX") when in set. */
void url_pct_add(struct buf *out, unsigned char c, enum url_pct_set set);

/*
 * Remove dot segments ("." ".." and their %2e forms) from the path
 * p[0..n), appending the result to out.  The path is read as alternating
 * separators ('/', also '\\' when backslash) and segments; a dot segment
 * drops itself and the separator after it, ".." also the segment and
 * separator before it, and separators are kept as written.  For '/'
 * paths this is the WHATWG path state's result.  A path not starting with
 * a separator is copied unchanged.
 */
void url_dots_resolve(struct buf *out, const char *p, size_t n,
		      bool backslash);

#endif
