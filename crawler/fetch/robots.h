/*
 * robots.h - robots.txt after RFC 9309: parse a fetched body once, then
 * ask whether a product token may fetch a path; plus the policy for
 * robots.txt fetches that did not return 2xx (RFC 9309 section 2.3).
 */
#ifndef MM_ROBOTS_H
#define MM_ROBOTS_H

#include <stddef.h>

/* RFC 9309 2.5: parse at least 500 KiB; the rest of a body is ignored. */
#define ROBOTS_MAX_BYTES (500 * 1024)
/* RFC 9309 2.4: a cached robots.txt should not be used longer than this. */
#define ROBOTS_CACHE_SECONDS (24 * 60 * 60)

struct robots;

/*
 * Parse a robots.txt body (any bytes; need not be NUL-terminated).  Never
 * fails: unparsable lines are skipped, as the RFC asks.  Returns a malloc'd
 * object to free with robots_free().
 */
struct robots *robots_parse(const char *body, size_t len);
void robots_free(struct robots *r);

/*
 * 1 when agent (a product token such as "mediamon", matched ASCII
 * case-insensitively) may fetch path_query ("/path?query" of the URL,
 * percent-encoded or not), 0 when disallowed.  The groups naming agent are
 * merged; without one the "*" groups are used; without either, all is
 * allowed.  The longest matching rule wins and allow wins ties; "*" and a
 * final "$" are wildcards; percent-encoding is normalised on both sides
 * (unreserved escapes decoded, other hex upper-cased, non-ASCII encoded).
 * "/robots.txt" itself is always allowed.
 */
int robots_allowed(const struct robots *r, const char *agent,
		   const char *path_query);

/* Crawl-delay in seconds of the group robots_allowed() would use for
 * agent, or -1 when none is given (an extension outside RFC 9309). */
double robots_crawl_delay(const struct robots *r, const char *agent);

/* The Sitemap: URLs, in file order; n set to their count.  Borrowed,
 * valid until robots_free(). */
const char *const *robots_sitemaps(const struct robots *r, size_t *n);

/* Pattern in the normal form rules and paths are compared in (see
 * robots.c); for tests and diagnostics.  Malloc'd, caller frees. */
char *robots_pattern_norm(const char *pattern);

/* Is s a product token a crawler may obey ([A-Za-z_-]+)? */
int robots_agent_valid(const char *s);

/* The part of a URL rules are matched against: path, params and query,
 * without scheme, authority and fragment, "/" when empty.  Lenient (no
 * URL parse, accepts "example.com/a"); malloc'd, caller frees. */
char *robots_path_of(const char *url);

/*
 * What a robots.txt fetch outcome means (RFC 9309 2.3.1).  http_status is
 * the final status after following up to five redirects; pass 0 when the
 * server was unreachable (DNS, connect, TLS, timeout), and 404 after too
 * many redirects (the RFC lets a crawler treat that as unavailable).
 */
enum robots_outcome {
	ROBOTS_USE_BODY,	/* 2xx: parse the body */
	ROBOTS_ALLOW_ALL,	/* 4xx "unavailable" (not 429) */
	ROBOTS_DISALLOW_ALL,	/* 5xx, 429, unreachable: back off */
};
enum robots_outcome robots_outcome_of(int http_status);
/* A robots object for a non-2xx outcome (allow-all or disallow-all), to
 * cache like a parsed one; NULL for ROBOTS_USE_BODY statuses. */
struct robots *robots_for_status(int http_status);

#endif
