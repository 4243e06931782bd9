/*
 * markup.h - one linear pass over HTML or XML text before libxml2 reads
 * it: a start tag with more than MARKUP_MAX_ATTRS attributes loses the
 * rest, and a document of too many distinct element names is refused.
 * libxml2 (2.9) compares each attribute of an element with every earlier
 * one and appends each to the end of a list, so 80,000
 * attributes on one <div> (870 KB) held the crawl for 16 s; no page or
 * feed has a reason to carry more than a few dozen.
 */
#ifndef MM_MARKUP_H
#define MM_MARKUP_H

#include "buf.h"
#include "err.h"

#include <stddef.h>

#define MARKUP_MAX_ATTRS 128
/* libxml2 (2.9) interns element names in a dictionary that stops growing
 * at 16,384 buckets: 380,000 distinct names (8 MiB) took 9 s.  Real
 * feeds and pages use a few hundred. */
#define MARKUP_MAX_NAMES 4096

enum markup_lang { MARKUP_HTML, MARKUP_XML };

/*
 * Check s (n bytes) before libxml2 reads it.  When a start tag has more
 * than MARKUP_MAX_ATTRS attributes, append s to out with the excess
 * attributes of every such tag left out and return how many were left
 * out; otherwise return 0 and leave out alone (most documents need no
 * copy).  -1 with the cause in e when s uses more than MARKUP_MAX_NAMES
 * distinct element names (the document is refused) or out's cap is
 * reached.  Tags are found as libxml2 finds them (comments, CDATA
 * sections in XML, script and style in HTML skipped), in time linear in
 * n.
 */
long markup_check(const char *s, size_t n, enum markup_lang lang,
		  struct buf *out, struct err *e);

#endif
