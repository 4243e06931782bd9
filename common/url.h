/*
 * url.h - URL parsing and resolution after the WHATWG URL Standard (the
 * browser algorithm, so links resolve the way readers see them), and the
 * crawler's canonical identity key.  Every char * returned here is
 * malloc'd and owned by the caller; struct url fields are owned by the
 * struct and freed by url_release().
 */
#ifndef MM_URL_H
#define MM_URL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "err.h"

/*
 * A parsed URL.  Strings are serialised (already percent-encoded) forms:
 * scheme lower-case without ':'; host lower-case ASCII (punycode for
 * IDNs), IPv4 dotted-decimal or IPv6 "[...]", NULL when the URL has no
 * host (e.g. "mailto:"), "" for an empty host ("file:///x"); port -1 when
 * absent or the scheme's default; path always starts with '/' for special
 * schemes; query and fragment are NULL when absent, else without the
 * leading '?' / '#'.  user and pass are never NULL ("" when absent).
 */
struct url {
	char *scheme;
	char *user;
	char *pass;
	char *host;
	int port;
	char *path;
	char *query;
	char *fragment;
	bool opaque_path;	/* "mailto:x", "javascript:..." */
};

/* Parse absolute URL s into out (which needs no initialisation).  0, or
 * -1 with the cause in e and out zeroed (url_release() still safe). */
int url_parse(const char *s, struct url *out, struct err *e);
/* As url_parse, relative to base (may be NULL for an absolute parse). */
int url_parse_ref(const char *s, const struct url *base, struct url *out,
		  struct err *e);
/* Free the fields of u; u is zeroed and may be reused. */
void url_release(struct url *u);
/* Serialise u (WHATWG href).  Caller frees. */
char *url_serialize(const struct url *u);

/* Resolve ref against base (both strings; base must be absolute) and
 * serialise.  Returns a malloc'd absolute URL, or NULL with the cause in
 * e.  The result may be any scheme: check url_is_http() before fetching. */
char *url_resolve(const char *base, const char *ref, struct err *e);

/*
 * The crawler's identity key for a page, or NULL with the cause in e
 * (unparsable, or not http/https).  Caller frees.  The key is the WHATWG
 * serialisation plus: userinfo and fragment dropped; default port dropped;
 * percent-encoding normalised in path and query (unreserved characters
 * decoded, hex upper-cased); tracking parameters dropped (see url_canon.c
 * for the list: utm_*, fbclid, gclid, yclid, ...), the rest of the query
 * kept in its order, "?" dropped when nothing is left.  The key is itself
 * a fetchable URL with the same meaning as the input.
 */
char *url_canonical(const char *url, struct err *e);

/* Remove "." and ".." segments (also their "%2e" forms) from an
 * absolute path, as the WHATWG path state does; '\\' counts as a
 * separator too and separators are kept as written.  A path not starting
 * with '/' or '\\' is returned unchanged.  Returns a malloc'd path. */
char *url_remove_dot_segments(const char *path);

/* True for http and https. */
bool url_is_http(const struct url *u);
/* Default port of a special scheme ("http" 80, "https" 443, "ws" 80,
 * "wss" 443, "ftp" 21), -1 for others. */
int url_default_port(const char *scheme);
/* u's port, or its scheme's default when absent (-1 when none). */
int url_effective_port(const struct url *u);

/* The host of an absolute URL string (as in struct url), malloc'd; NULL
 * with the cause in e when unparsable or host-less. */
char *url_host(const char *url, struct err *e);
/* "scheme://host[:port]" of an absolute http(s) URL, malloc'd, the key
 * for per-site politeness and robots.txt; NULL with the cause in e. */
char *url_origin(const char *url, struct err *e);
/* "scheme://host[:port]/robots.txt" for url, malloc'd, or NULL. */
char *url_robots_txt(const char *url, struct err *e);
/* Path and query ("/a/b?c", never empty) of an absolute URL, the string
 * robots rules are matched against; malloc'd, or NULL with e. */
char *url_path_query(const char *url, struct err *e);


#endif
