/*
 * probe.h - `mediamon sources check` without --offline: fetch each enabled
 * source's URL once, through the crawler's fetch engine (same politeness,
 * robots.txt and address safety), and say what came back.
 */
#ifndef MM_PROBE_H
#define MM_PROBE_H

#include "common/config.h"

#include <stddef.h>
#include <stdio.h>

/* What a document looks like from its first bytes. */
enum probe_kind {
	PROBE_UNKNOWN,
	PROBE_RSS,		/* <rss> (RSS 0.9x / 2.0) */
	PROBE_RDF,		/* <rdf:RDF> (RSS 1.0) */
	PROBE_ATOM,		/* <feed> */
	PROBE_HTML,
	PROBE_TELEGRAM,		/* t.me/s/ channel preview page */
	PROBE_XML,		/* some other XML */
	PROBE_JSON,
};

/* Sniff data (the start of a body is enough).  Pure; for tests too. */
enum probe_kind probe_sniff(const char *data, size_t len);
const char *probe_kind_name(enum probe_kind k);

/*
 * Fetch every enabled source in cfg and print one line per source to out,
 * in the order of cfg->sources:
 *	NAME  ok    200  application/rss+xml  48213 bytes  rss
 *	NAME  FAIL  timed out after 20 s
 * A source fails when the fetch failed, the status is not 2xx, or the
 * document does not look like its type (an rss source serving HTML).
 * Returns the number of failures, or -1 when the engine cannot be
 * started (logged).
 */
int probe_sources(const struct config *cfg, FILE *out);

#endif
