/*
 * feed_base.c - joining feed URLs (xml:base, the document URL, links and
 * ids) the way feedparser does: Python urllib's rules about which
 * references stay as written, the WHATWG resolution of common/url.h for
 * the ones that are relative, and feedparser's list of safe schemes.
 */
#include "feed_int.h"
#include "common/url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* feedparser's ACCEPTABLE_URI_SCHEMES. */
static const char *const safe_schemes[] = {
	"file", "ftp", "gopher", "h323", "hdl", "http", "https", "imap",
	"magnet", "mailto", "mms", "news", "nntp", "prospero", "rsync",
	"rtsp", "rtspu", "sftp", "shttp", "sip", "sips", "snews", "svn",
	"svn+ssh", "telnet", "wais", "aim", "callto", "cvs", "facetime",
	"feed", "git", "gtalk", "irc", "ircs", "irc6", "itms", "msnim",
	"skype", "ssh", "smb", "ymsg",
};

/* urllib.parse.uses_relative and uses_netloc. */
static const char *const uses_relative[] = {
	"", "ftp", "http", "gopher", "nntp", "imap", "wais", "file", "https",
	"shttp", "mms", "prospero", "rtsp", "rtsps", "rtspu", "sftp", "svn",
	"svn+ssh", "ws", "wss",
};

static int in_list(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

static int scheme_char(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '-' || c == '.';
}

void fp_uri_scheme(const char *s, char *out, size_t cap)
{
	const char *c = strchr(s, ':');
	size_t n;

	out[0] = '\0';
	if (!c || c == s || !isalpha((unsigned char)s[0]))
		return;
	n = (size_t)(c - s);
	for (size_t i = 0; i < n; i++)
		if (!scheme_char((unsigned char)s[i]))
			return;
	if (n >= cap)
		return;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)s[i]);
	out[n] = '\0';
}

/* feedparser's _urifixer: "http:////x" becomes "http://x". */
static const char *fix_slashes(struct arena *a, const char *ref)
{
	const char *p = ref, *q;
	char *r;

	if (!isalpha((unsigned char)*p))
		return ref;
	while (isalnum((unsigned char)*p) || (*p >= '+' && *p <= '.'))
		p++;
	if (strncmp(p, "://", 3))
		return ref;
	q = p + 3;
	while (*q == '/')
		q++;
	if (q == p + 3)
		return ref;
	r = arena_alloc(a, strlen(ref) + 1);
	memcpy(r, ref, (size_t)(p + 3 - ref));
	memcpy(r + (p + 3 - ref), q, strlen(q) + 1);
	return r;
}

/* A base without a scheme (xml:base="/x/" in a document read from a
 * file): urllib merges the paths all the same. */
static const char *merge_paths(struct arena *a, const char *base,
			       const char *ref)
{
	struct buf b = BUF_INIT;
	const char *slash = strrchr(base, '/');
	char *dots, *r;

	int rooted = base[0] == '/' || ref[0] == '/';

	/* Dot segments are removed as if the path were rooted. */
	if (!rooted)
		buf_addch(&b, '/');
	if (ref[0] == '/') {
		buf_adds(&b, ref);
	} else {
		if (slash)
			buf_add(&b, base, (size_t)(slash - base + 1));
		buf_adds(&b, ref);
	}
	dots = url_remove_dot_segments(b.data);
	r = arena_strdup(a, (dots ? dots : b.data) + !rooted);
	free(dots);
	buf_release(&b);
	return r;
}

/* s with its first n bytes in lower case. */
static const char *fp_lower_prefix(struct arena *a, const char *s, size_t n)
{
	char *r = arena_strdup(a, s);

	for (size_t i = 0; i < n; i++)
		r[i] = (char)tolower((unsigned char)r[i]);
	return r;
}

const char *fp_urljoin(struct arena *a, const char *base, const char *ref)
{
	char bscheme[32], scheme[32];
	struct err e;
	char *res;
	const char *r;

	if (!ref)
		ref = "";
	/* urllib drops leading blanks and control characters. */
	while (*ref && (unsigned char)*ref <= ' ')
		ref++;
	ref = fix_slashes(a, ref);
	if (!base || !*base)
		return ref;
	if (!*ref)
		return base;
	fp_uri_scheme(base, bscheme, sizeof(bscheme));
	fp_uri_scheme(ref, scheme, sizeof(scheme));
	if (!*scheme)
		memcpy(scheme, bscheme, sizeof(scheme));
	else if (!strncmp(ref + strlen(scheme) + 1, "//", 2))
		/* Absolute: kept as written, but for the scheme's case when
		 * it is the base's (urllib's urlunparse). */
		return strcmp(scheme, bscheme) ? ref :
		       fp_lower_prefix(a, ref, strlen(scheme));
	if (strcmp(scheme, bscheme) ||
	    !in_list(scheme, uses_relative,
		     sizeof(uses_relative) / sizeof(*uses_relative)))
		return ref;
	if (!*bscheme)
		return merge_paths(a, base, ref);
	res = url_resolve(base, ref, &e);
	if (!res)
		return ref;
	r = arena_strdup(a, res);
	free(res);
	return r;
}

const char *fp_safe_uri(struct arena *a, const char *base, const char *rel)
{
	char scheme[32];
	const char *uri, *s, *c;
	size_t n;

	if (!base || !*base)
		return rel ? rel : "";
	if (!rel || !*rel) {
		fp_uri_scheme(base, scheme, sizeof(scheme));
		if (!*scheme || in_list(scheme, safe_schemes,
					sizeof(safe_schemes) /
					sizeof(*safe_schemes)))
			return base;
		return "";
	}
	uri = fp_urljoin(a, base, rel);
	/* The scheme as written, case and all (feedparser's test). */
	s = fp_strip(a, uri);
	c = strchr(s, ':');
	n = c ? (size_t)(c - s) : strlen(s);
	if (n >= sizeof(scheme))
		return "";
	memcpy(scheme, s, n);
	scheme[n] = '\0';
	if (!in_list(scheme, safe_schemes,
		     sizeof(safe_schemes) / sizeof(*safe_schemes)))
		return "";
	return uri;
}
