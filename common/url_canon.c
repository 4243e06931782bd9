/*
 * url_canon.c - the crawler's identity key for a page (url_canonical) and
 * the small accessors the crawler needs (host, origin, robots.txt URL,
 * path and query).  The key starts from the WHATWG parse, so it inherits
 * its host, port, path and encoding rules, then drops what never changes
 * the resource: userinfo, fragment, tracking parameters.
 */
#include "hex.h"
#include "url.h"
#include "url_int.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * Query parameters dropped from the key, matched by name, ASCII
 * case-insensitively.  Each is added by a referrer, a feed or an ad
 * network and never selects different content:
 *   utm_*            Google Analytics campaign tags (utm_source, ...)
 *   fbclid gclid dclid gclsrc msclkid yclid ysclid twclid ttclid igshid
 *   wbraid gbraid    click identifiers of Facebook, Google, Microsoft,
 *                    Yandex, Twitter/X, TikTok, Instagram
 *   _openstat        Yandex.Direct / Openstat tag
 *   mc_cid mc_eid    Mailchimp
 *   _ga _gl          Google cross-domain linker
 *   ref_src ref_url  Twitter embeds
 * and, by name and value (value case-insensitive), only the feed tags
 * Kyrgyz and Russian CMSs append to RSS links, which would otherwise make
 * the RSS copy of an article a second page:
 *   from=rss from=rss2 from=feed from=yandex ref=rss ref=feed
 *   source=rss utm=rss
 */
static const char *const track_prefix[] = { "utm_" };
static const char *const track_name[] = {
	"fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "ysclid",
	"twclid", "ttclid", "igshid", "wbraid", "gbraid", "_openstat",
	"mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url",
};
static const char *const track_pair[][2] = {
	{ "from", "rss" }, { "from", "rss2" }, { "from", "feed" },
	{ "from", "yandex" }, { "ref", "rss" }, { "ref", "feed" },
	{ "source", "rss" }, { "utm", "rss" },
};

static bool is_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/* Append s[0..n) with %XX of unreserved bytes decoded and the other
 * escapes' hex upper-cased (RFC 3986 6.2.2.2); a '%' that starts no
 * escape is left as the WHATWG parser left it. */
static void pct_normalize(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi = -1, lo = -1, c;

		if (s[i] == '%' && i + 2 < n) {
			hi = hex_val((unsigned char)s[i + 1]);
			lo = hex_val((unsigned char)s[i + 2]);
		}
		if (hi < 0 || lo < 0) {
			buf_addch(out, s[i]);
			continue;
		}
		c = hi * 16 + lo;
		if (is_unreserved(c))
			buf_addch(out, c);
		else
			hex_add_pct(out, (unsigned char)c);
		i += 2;
	}
}

/* Is the parameter p[0..n) ("name" or "name=value") a tracking one? */
static bool is_tracking(const char *p, size_t n)
{
	const char *eq = memchr(p, '=', n);
	size_t nl = eq ? (size_t)(eq - p) : n;
	const char *v = eq ? eq + 1 : "";
	size_t vl = eq ? n - nl - 1 : 0;

	for (size_t i = 0; i < ARRAY_SIZE(track_prefix); i++) {
		size_t l = strlen(track_prefix[i]);

		if (nl > l && !strncasecmp(p, track_prefix[i], l))
			return true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(track_name); i++)
		if (nl == strlen(track_name[i]) &&
		    !strncasecmp(p, track_name[i], nl))
			return true;
	for (size_t i = 0; i < ARRAY_SIZE(track_pair); i++)
		if (nl == strlen(track_pair[i][0]) &&
		    !strncasecmp(p, track_pair[i][0], nl) &&
		    vl == strlen(track_pair[i][1]) &&
		    !strncasecmp(v, track_pair[i][1], vl))
			return true;
	return false;
}

/* The query without tracking and empty parameters, order kept: the order
 * is the site's own and some CMSs give it meaning, so it is not sorted
 * (sorting would merge URLs that may differ, never split equal ones). */
static void clean_query(struct buf *out, const char *q)
{
	while (*q) {
		size_t n = strcspn(q, "&");
		struct buf norm = BUF_INIT;

		pct_normalize(&norm, q, n);
		if (norm.len > 0 && !is_tracking(norm.data, norm.len)) {
			if (out->len > 0)
				buf_addch(out, '&');
			buf_add(out, norm.data, norm.len);
		}
		buf_release(&norm);
		q += n;
		if (*q == '&')
			q++;
	}
}

char *url_canonical(const char *s, struct err *e)
{
	struct url u;
	struct buf b = BUF_INIT, p = BUF_INIT, q = BUF_INIT;
	char *path;

	if (url_parse(s, &u, e) < 0)
		return NULL;
	if (!url_is_http(&u)) {
		err_set(e, "not an http or https URL");
		url_release(&u);
		return NULL;
	}
	buf_adds(&b, u.scheme);
	buf_adds(&b, "://");
	buf_adds(&b, u.host);
	if (u.port >= 0)
		buf_addf(&b, ":%d", u.port);
	pct_normalize(&p, u.path, strlen(u.path));
	/* Decoding %2E can form no new dot segment the parser left (it
	 * already treats "%2e" as "."), but this keeps the key a fixed
	 * point of url_canonical. */
	path = url_remove_dot_segments(p.data);
	buf_adds(&b, path);
	free(path);
	buf_release(&p);
	if (u.query) {
		clean_query(&q, u.query);
		if (q.len > 0) {
			buf_addch(&b, '?');
			buf_add(&b, q.data, q.len);
		}
	}
	buf_release(&q);
	url_release(&u);
	return buf_detach(&b, NULL);
}

/* "." / ".." / "%2e" forms; *two says "..". */
static bool is_dots(const char *s, size_t n, bool *two)
{
	size_t i = 0, k = 0;

	while (i < n && k < 2) {
		if (s[i] == '.')
			i++;
		else if (n - i >= 3 && s[i] == '%' && s[i + 1] == '2' &&
			 (s[i + 2] | 0x20) == 'e')
			i += 3;
		else
			return false;
		k++;
	}
	*two = k == 2;
	return i == n && k > 0;
}

void url_dots_resolve(struct buf *out, const char *p, size_t n,
		      bool backslash)
{
	/* A stack of the kept tokens (separators and segments, by their
	 * offset in out), so that ".." can take back the last two. */
	size_t *keep = NULL, nk = 0, ak = 0, i = 0;
	bool skip_sep = false;

	if (n == 0 || !(p[0] == '/' || (backslash && p[0] == '\\'))) {
		buf_add(out, p, n);
		return;
	}
	while (i < n) {
		size_t e = i + 1;
		bool two;

		while (e < n && p[e] != '/' && !(backslash && p[e] == '\\'))
			e++;
		ALLOC_GROW(keep, nk + 2, ak);
		if (!skip_sep) {
			keep[nk++] = out->len;
			buf_addch(out, p[i]);
		}
		skip_sep = is_dots(p + i + 1, e - i - 1, &two);
		if (!skip_sep) {
			keep[nk++] = out->len;
			buf_add(out, p + i + 1, e - i - 1);
		} else if (two) {
			for (int k = 0; k < 2 && nk > 1; k++)
				buf_truncate(out, keep[--nk]);
		}
		i = e;
	}
	free(keep);
}

char *url_remove_dot_segments(const char *path)
{
	struct buf out = BUF_INIT;

	url_dots_resolve(&out, path, strlen(path), true);
	return buf_detach(&out, NULL);
}

char *url_host(const char *s, struct err *e)
{
	struct url u;
	char *host = NULL;

	if (url_parse(s, &u, e) < 0)
		return NULL;
	if (u.host && u.host[0])
		host = xstrdup(u.host);
	else
		err_set(e, "URL has no host");
	url_release(&u);
	return host;
}

char *url_origin(const char *s, struct err *e)
{
	struct url u;
	struct buf b = BUF_INIT;

	if (url_parse(s, &u, e) < 0)
		return NULL;
	if (!url_is_http(&u)) {
		url_release(&u);
		err_set(e, "not an http or https URL");
		return NULL;
	}
	buf_addf(&b, "%s://%s", u.scheme, u.host);
	if (u.port >= 0)
		buf_addf(&b, ":%d", u.port);
	url_release(&u);
	return buf_detach(&b, NULL);
}

char *url_robots_txt(const char *s, struct err *e)
{
	char *origin = url_origin(s, e);
	struct buf b = BUF_INIT;

	if (!origin)
		return NULL;
	buf_adds(&b, origin);
	buf_adds(&b, "/robots.txt");
	free(origin);
	return buf_detach(&b, NULL);
}

char *url_path_query(const char *s, struct err *e)
{
	struct url u;
	struct buf b = BUF_INIT;

	if (url_parse(s, &u, e) < 0)
		return NULL;
	buf_adds(&b, u.path[0] ? u.path : "/");
	if (u.query) {
		buf_addch(&b, '?');
		buf_adds(&b, u.query);
	}
	url_release(&u);
	return buf_detach(&b, NULL);
}
