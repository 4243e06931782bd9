/*
 * url_profile.c - IIPC urlcanon's "semantic_precise" and "aggressive"
 * canonicalisation profiles, reproduced so that the URL module can be
 * scored on urlcanon's vectors.  Evaluation only: urlcanon works on a
 * lenient byte-level split of the URL, not the WHATWG parse, and sorts
 * query parameters; the crawler's key is url_canonical().
 */
#include "url_profile.h"
#include "common/hex.h"
#include "common/url_int.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A URL as urlcanon splits it: every piece kept, so it re-serialises. */
struct ppiece {
	struct buf scheme, slashes, user, pass, host, port, path, query, frag;
	bool colon, colon_pw, at, colon_port, qmark, hash;
};

static const char *const special_schemes[][2] = {
	{ "ftp", "21" }, { "gopher", "70" }, { "http", "80" },
	{ "https", "443" }, { "ws", "80" }, { "wss", "443" }, { "file", "" },
};

static const char *special_port(const char *scheme)
{
	for (size_t i = 0; i < ARRAY_SIZE(special_schemes); i++)
		if (!strcmp(scheme, special_schemes[i][0]))
			return special_schemes[i][1];
	return NULL;
}

static void pset(struct buf *b, const char *s, size_t n)
{
	buf_reset(b);
	buf_add(b, s, n);
}

static void strip_tabs(struct buf *b)
{
	size_t j = 0;

	for (size_t i = 0; i < b->len; i++)
		if (b->data[i] != '\t' && b->data[i] != '\n' &&
		    b->data[i] != '\r')
			b->data[j++] = b->data[i];
	buf_truncate(b, j);
}

static void lower(struct buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (b->data[i] >= 'A' && b->data[i] <= 'Z')
			b->data[i] = (char)(b->data[i] + 32);
}

static bool is_tnl(char c)
{
	return c == '\t' || c == '\n' || c == '\r';
}

/* "[userinfo@]host[:port]": userinfo ends at the last '@' and splits at
 * its first ':'; a bracketed host ends at the first ']'. */
static void split_authority(struct ppiece *u, const char *a, size_t n)
{
	const char *at = NULL, *hp, *colon;
	size_t hn;

	for (size_t i = 0; i < n; i++)
		if (a[i] == '@')
			at = a + i;
	if (at) {
		const char *c = memchr(a, ':', (size_t)(at - a));

		if (c) {
			pset(&u->user, a, (size_t)(c - a));
			u->colon_pw = true;
			pset(&u->pass, c + 1, (size_t)(at - c - 1));
		} else {
			pset(&u->user, a, (size_t)(at - a));
		}
		u->at = true;
		hp = at + 1;
	} else {
		hp = a;
	}
	hn = (size_t)(a + n - hp);
	colon = NULL;
	if (hn > 0 && hp[0] == '[') {
		const char *rb = memchr(hp, ']', hn);

		if (rb && (rb + 1 == hp + hn || rb[1] == ':'))
			colon = rb + 1 == hp + hn ? NULL : rb + 1;
		else
			colon = memchr(hp, ':', hn);
	} else {
		colon = memchr(hp, ':', hn);
	}
	if (colon) {
		pset(&u->host, hp, (size_t)(colon - hp));
		u->colon_port = true;
		pset(&u->port, colon + 1, (size_t)(hp + hn - colon - 1));
	} else {
		pset(&u->host, hp, hn);
	}
}

/* Count "[\r\n\t]*(SEP[\r\n\t]*){2}" at s; 0 when it does not match. */
static size_t two_slashes(const char *s, size_t n, bool backslash)
{
	size_t i = 0;

	while (i < n && is_tnl(s[i]))
		i++;
	for (int k = 0; k < 2; k++) {
		if (i >= n || !(s[i] == '/' || (backslash && s[i] == '\\')))
			return 0;
		i++;
		while (i < n && is_tnl(s[i]))
			i++;
	}
	return i;
}

static void parse_pathish(struct ppiece *u, const char *s, size_t n)
{
	struct buf cs = BUF_INIT;
	bool special, file;
	size_t sl, end;

	buf_add(&cs, u->scheme.data, u->scheme.len);
	strip_tabs(&cs);
	lower(&cs);
	file = !strcmp(cs.data, "file");
	special = special_port(cs.data) != NULL;
	buf_release(&cs);
	if (file || !special) {
		sl = two_slashes(s, n, file);
		if (sl == 0) {
			pset(&u->path, s, n);
			return;
		}
	} else {
		sl = 0;
		while (sl < n && (s[sl] == '/' || s[sl] == '\\' ||
				  is_tnl(s[sl])))
			sl++;
	}
	pset(&u->slashes, s, sl);
	end = sl;
	while (end < n && s[end] != '/' && !((file || special) &&
					     s[end] == '\\'))
		end++;
	if (file)
		pset(&u->host, s + sl, end - sl);
	else
		split_authority(u, s + sl, end - sl);
	pset(&u->path, s + end, n - end);
}

static void parse(struct ppiece *u, const char *s, size_t n)
{
	size_t i, q;

	while (n > 0 && (unsigned char)*s <= 0x20) {
		s++;
		n--;
	}
	while (n > 0 && (unsigned char)s[n - 1] <= 0x20)
		n--;
	if (n > 0 && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z')) {
		const char *c = memchr(s, ':', n);

		if (c) {
			pset(&u->scheme, s, (size_t)(c - s));
			u->colon = true;
			n -= (size_t)(c + 1 - s);
			s = c + 1;
		}
	}
	i = strcspn(s, "?#");
	if (i > n)
		i = n;
	q = i;
	if (i < n && s[i] == '?') {
		u->qmark = true;
		q = i + 1;
		while (q < n && s[q] != '#')
			q++;
		pset(&u->query, s + i + 1, q - i - 1);
	}
	if (q < n && s[q] == '#') {
		u->hash = true;
		pset(&u->frag, s + q + 1, n - q - 1);
	}
	if (i > 0)
		parse_pathish(u, s, i);
}

/* Python's urllib unquote_to_bytes, repeated until nothing changes. */
static void pct_decode_rep(struct buf *b)
{
	bool changed = true;

	while (changed) {
		size_t j = 0;

		changed = false;
		for (size_t i = 0; i < b->len; i++) {
			int hi = -1, lo = -1;

			if (b->data[i] == '%' && i + 2 < b->len) {
				hi = hex_val((unsigned char)b->data[i + 1]);
				lo = hex_val((unsigned char)b->data[i + 2]);
			}
			if (hi >= 0 && lo >= 0) {
				b->data[j++] = (char)(hi * 16 + lo);
				i += 2;
				changed = true;
			} else {
				b->data[j++] = b->data[i];
			}
		}
		buf_truncate(b, j);
	}
}

enum enc { ENC_GOOGLE, ENC_USERINFO, ENC_PATH, ENC_QUERY };

static bool enc_has(unsigned char c, enum enc set)
{
	if (c <= 0x20 || c >= 0x7f || c == '#' || c == '%')
		return true;
	switch (set) {
	case ENC_GOOGLE:
		return false;
	case ENC_USERINFO:
		return c == ':' || c == '@';
	case ENC_PATH:
		return c == '?';
	case ENC_QUERY:
		return c == '&' || c == '=';
	}
	return false;
}

static void pct_encode(struct buf *b, enum enc set)
{
	struct buf o = BUF_INIT;

	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->data[i];

		if (enc_has(c, set))
			hex_add_pct(&o, c);
		else
			buf_addch(&o, c);
	}
	pset(b, o.data, o.len);
	buf_release(&o);
}

/* urlcanon's IPv4 reading: 1-4 parts, 0x hex, 0 octal, empty = 0. */
static bool ipv4_num(const char *s, size_t n, uint64_t *v)
{
	unsigned base = 10;

	*v = 0;
	if (n >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x') {
		s += 2;
		n -= 2;
		base = 16;
	} else if (n >= 2 && s[0] == '0') {
		s++;
		n--;
		base = 8;
	}
	if (n == 0 && base != 8)
		return true;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = hex_val((unsigned char)s[i]);

		if (d < 0 || (unsigned)d >= base)
			return false;
		*v = *v * base + (unsigned)d;
		if (*v > (1ULL << 40))
			return false;
	}
	return true;
}

static bool ipv4(const char *s, size_t n, uint32_t *out)
{
	uint64_t p[4], ip;
	size_t np = 0, start = 0;

	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.')
			continue;
		if (np == 5)
			return false;
		if (np < 4 && !ipv4_num(s + start, i - start, &p[np]))
			return false;
		np++;
		start = i + 1;
	}
	if (n == 0 || s[n - 1] == '.')
		np--;		/* a trailing empty part is dropped */
	if (np == 0 || np > 4)
		return false;
	if ((np == 2 && p[1] >= (1 << 24)) ||
	    (np == 3 && (p[1] >= 256 || p[2] >= (1 << 16))) ||
	    (np == 4 && (p[1] >= 256 || p[2] >= 256 || p[3] >= 256)))
		return false;
	if (np == 1)
		ip = p[0];
	else if (np == 2)
		ip = (p[0] << 24) + p[1];
	else if (np == 3)
		ip = (p[0] << 24) + (p[1] << 16) + p[2];
	else
		ip = (p[0] << 24) + (p[1] << 16) + (p[2] << 8) + p[3];
	if (ip >= (1ULL << 32))
		return false;
	*out = (uint32_t)ip;
	return true;
}

static void normalize_ip(struct ppiece *u)
{
	uint32_t ip;
	struct buf out = BUF_INIT;
	struct err e;

	if (u->host.len >= 2 && u->host.data[0] == '[' &&
	    u->host.data[u->host.len - 1] == ']') {
		if (url_host_parse(u->host.data, u->host.len, false, &out,
				   &e) == 0)
			pset(&u->host, out.data, out.len);
	} else if (ipv4(u->host.data, u->host.len, &ip)) {
		buf_reset(&u->host);
		buf_addf(&u->host, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255,
			 (ip >> 8) & 255, ip & 255);
	}
	buf_release(&out);
}

static void fix_host_dots(struct ppiece *u)
{
	struct buf o = BUF_INIT;

	for (size_t i = 0; i < u->host.len; i++) {
		if (u->host.data[i] == '.' &&
		    (o.len == 0 || o.data[o.len - 1] == '.'))
			continue;
		buf_addch(&o, u->host.data[i]);
	}
	while (o.len > 0 && o.data[o.len - 1] == '.')
		o.len--;
	pset(&u->host, o.data, o.len);
	buf_release(&o);
}

/* IDNA for special schemes; a host IDNA rejects is left as it is. */
static void punycode_host(struct ppiece *u)
{
	struct buf out = BUF_INIT;
	struct err e;
	bool ascii = true;
	size_t label = 0;

	if (u->host.len == 0 || !special_port(u->scheme.data))
		return;
	for (size_t i = 0; i < u->host.len; i++)
		if ((unsigned char)u->host.data[i] >= 0x80)
			ascii = false;
	if (ascii) {
		pset(&out, u->host.data, u->host.len);
		lower(&out);
	} else if (url_host_parse(u->host.data, u->host.len, false, &out,
				  &e) < 0) {
		goto out;
	}
	for (size_t i = 0; i <= out.len; i++) {
		if (i < out.len && out.data[i] != '.') {
			label++;
			continue;
		}
		if (label > 63)
			goto out;
		label = 0;
	}
	pset(&u->host, out.data, out.len);
out:
	buf_release(&out);
}

static void recode_query(struct ppiece *u)
{
	struct buf o = BUF_INIT, tok = BUF_INIT;
	const char *q = u->query.data, *end = q + u->query.len;

	if (u->query.len == 0)
		return;
	for (;;) {
		const char *amp = memchr(q, '&', (size_t)(end - q));
		const char *pe = amp ? amp : end;
		const char *eq = memchr(q, '=', (size_t)(pe - q));

		pset(&tok, q, (size_t)((eq ? eq : pe) - q));
		pct_decode_rep(&tok);
		pct_encode(&tok, ENC_QUERY);
		buf_add(&o, tok.data, tok.len);
		if (eq) {
			pset(&tok, eq + 1, (size_t)(pe - eq - 1));
			pct_decode_rep(&tok);
			pct_encode(&tok, ENC_QUERY);
			buf_addch(&o, '=');
			buf_add(&o, tok.data, tok.len);
		}
		if (!amp)
			break;
		buf_addch(&o, '&');
		q = amp + 1;
	}
	pset(&u->query, o.data, o.len);
	buf_release(&o);
	buf_release(&tok);
}

static void collapse_slashes(struct buf *b)
{
	size_t j = 0;

	for (size_t i = 0; i < b->len; i++)
		if (!(b->data[i] == '/' && j > 0 && b->data[j - 1] == '/'))
			b->data[j++] = b->data[i];
	buf_truncate(b, j);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_query(struct buf *q)
{
	char **parts = NULL, *s;
	size_t n = 0, alloc = 0;
	struct buf o = BUF_INIT;

	if (q->len == 0)
		return;
	s = xstrndup(q->data, q->len);
	for (char *p = s;;) {
		char *amp = strchr(p, '&');

		ALLOC_GROW(parts, n + 1, alloc);
		parts[n++] = p;
		if (!amp)
			break;
		*amp = '\0';
		p = amp + 1;
	}
	qsort(parts, n, sizeof(*parts), cmp_str);
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_addch(&o, '&');
		buf_adds(&o, parts[i]);
	}
	pset(q, o.data, o.len);
	buf_release(&o);
	free(parts);
	free(s);
}

static void strip_www(struct buf *h)
{
	size_t i = 3;

	if (h->len < 4 || strncmp(h->data, "www", 3))
		return;
	while (i < h->len && h->data[i] >= '0' && h->data[i] <= '9')
		i++;
	if (i < h->len && h->data[i] == '.') {
		memmove(h->data, h->data + i + 1, h->len - i - 1);
		buf_truncate(h, h->len - i - 1);
	}
}

static bool all_in(const char *s, size_t n, const char *set, size_t min)
{
	if (n < min)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr(set, s[i]) || !s[i])
			return false;
	return true;
}

#define ALPHA "abcdefghijklmnopqrstuvwxyz"
#define ALNUM "0123456789" ALPHA

/* Is the parameter q[0..n) (lower-cased) a session id urlcanon strips?
 * *extra is set when it is "cfid=N" and must take the next "cftoken"
 * parameter with it. */
static bool session_param(const char *q, size_t n, const char *next,
			  size_t nn, bool *extra)
{
	const char *eq = memchr(q, '=', n);
	size_t kl, vl;
	const char *v;

	*extra = false;
	if (!eq)
		return false;
	kl = (size_t)(eq - q);
	v = eq + 1;
	vl = n - kl - 1;
	if (kl == 10 && !memcmp(q, "jsessionid", 10))
		return all_in(v, vl, ALNUM "$", 10);
	if ((kl == 9 && !memcmp(q, "sessionid", 9)) ||
	    (kl == 9 && !memcmp(q, "phpsessid", 9)) ||
	    (kl == 3 && !memcmp(q, "sid", 3)))
		return all_in(v, vl, ALNUM, 16);
	if (kl == 20 && !memcmp(q, "aspsessionid", 12) &&
	    all_in(q + 12, 8, ALPHA, 8))
		return all_in(v, vl, ALNUM, 16);
	if (kl == 4 && !memcmp(q, "cfid", 4) &&
	    all_in(v, vl, "0123456789", 1) &&
	    next && nn > 8 && !memcmp(next, "cftoken=", 8) &&
	    all_in(next + 8, nn - 8, ALNUM "-", 1)) {
		*extra = true;
		return true;
	}
	return false;
}

/* Drop session-id parameters, leaving their '&'s (tidied up later). */
static void strip_session_query(struct buf *q)
{
	struct buf o = BUF_INIT;
	const char *s = q->data, *end = s + q->len;

	while (s <= end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *pe = amp ? amp : end;
		const char *next = amp ? amp + 1 : NULL, *ne = NULL;
		bool extra;

		if (next) {
			ne = memchr(next, '&', (size_t)(end - next));
			if (!ne)
				ne = end;
		}
		if (session_param(s, (size_t)(pe - s), next,
				  next ? (size_t)(ne - next) : 0, &extra)) {
			if (extra) {
				pe = ne;
				amp = ne < end ? ne : NULL;
			}
		} else {
			buf_add(&o, s, (size_t)(pe - s));
		}
		if (!amp)
			break;
		buf_addch(&o, '&');
		s = amp + 1;
	}
	pset(q, o.data, o.len);
	buf_release(&o);
}

/* ASP.NET cookieless session segments "/(xxx)/" and "/(S(xxx))/" in an
 * .aspx path, and a trailing ";jsessionid=" of 32 characters. */
static void strip_session_path(struct buf *p)
{
	struct buf o = BUF_INIT;
	size_t n = p->len;

	if (n >= 5 && !memcmp(p->data + n - 5, ".aspx", 5)) {
		for (size_t i = 0; i < n; i++) {
			const char *s = p->data + i;
			size_t k = 0;

			buf_addch(&o, *s);
			if (*s != '/' || i + 1 >= n || s[1] != '(')
				continue;
			/* (24 alnum)/ */
			if (i + 27 < n && all_in(s + 2, 24, ALNUM, 24) &&
			    s[26] == ')' && s[27] == '/') {
				i += 27;
				continue;
			}
			/* ((letter(24 alnum))+)/ */
			k = 2;
			while (i + k + 27 < n && s[k] >= 'a' && s[k] <= 'z' &&
			       s[k + 1] == '(' &&
			       all_in(s + k + 2, 24, ALNUM, 24) &&
			       s[k + 26] == ')')
				k += 27;
			if (k > 2 && i + k + 1 < n && s[k] == ')' &&
			    s[k + 1] == '/')
				i += k + 1;
		}
		pset(p, o.data, o.len);
		n = p->len;
	}
	if (n >= 44 && !memcmp(p->data + n - 44, ";jsessionid=", 12) &&
	    all_in(p->data + n - 32, 32, ALNUM, 32))
		buf_truncate(p, n - 44);
	buf_release(&o);
}

static void tidy_ampersands(struct buf *q)
{
	size_t j = 0;

	for (size_t i = 0; i < q->len; i++)
		if (!(q->data[i] == '&' && (j == 0 || q->data[j - 1] == '&')))
			q->data[j++] = q->data[i];
	while (j > 0 && q->data[j - 1] == '&')
		j--;
	buf_truncate(q, j);
}

static void semantic_precise(struct ppiece *u)
{
	const char *dport;
	bool special;

	if (u->scheme.len == 0) {
		struct buf path = BUF_INIT;

		pset(&u->scheme, "http", 4);
		u->colon = true;
		if (u->path.len > 0) {
			buf_add(&path, u->path.data, u->path.len);
			parse_pathish(u, path.data, path.len);
		}
		buf_release(&path);
	}
	strip_tabs(&u->scheme);
	strip_tabs(&u->slashes);
	strip_tabs(&u->user);
	strip_tabs(&u->pass);
	strip_tabs(&u->host);
	strip_tabs(&u->port);
	strip_tabs(&u->path);
	strip_tabs(&u->query);
	strip_tabs(&u->frag);
	lower(&u->scheme);
	dport = special_port(u->scheme.data);
	special = dport != NULL;
	if (dport && dport[0] && !strcmp(u->port.data, dport)) {
		u->colon_port = false;
		buf_reset(&u->port);
	}
	if (u->pass.len == 0) {
		u->colon_pw = false;
		if (u->user.len == 0)
			u->at = false;
	}
	if (u->slashes.len > 0 || u->user.len || u->colon_pw || u->pass.len ||
	    u->at || u->host.len || u->colon_port || u->port.len ||
	    !strcmp(u->scheme.data, "file"))
		pset(&u->slashes, "//", 2);
	pct_decode_rep(&u->scheme);
	pct_decode_rep(&u->user);
	pct_decode_rep(&u->pass);
	pct_decode_rep(&u->host);
	pct_decode_rep(&u->port);
	pct_decode_rep(&u->path);
	pct_decode_rep(&u->frag);
	normalize_ip(u);
	fix_host_dots(u);
	punycode_host(u);
	buf_reset(&u->user);
	buf_reset(&u->pass);
	u->colon_pw = u->at = false;
	pct_encode(&u->scheme, ENC_GOOGLE);
	pct_encode(&u->host, ENC_GOOGLE);
	pct_encode(&u->port, ENC_GOOGLE);
	pct_encode(&u->path, ENC_PATH);
	pct_encode(&u->frag, ENC_GOOGLE);
	recode_query(u);
	if (special) {
		memset(u->slashes.data, '/', u->slashes.len);
		for (size_t i = 0; i < u->path.len; i++)
			if (u->path.data[i] == '\\')
				u->path.data[i] = '/';
		if (u->path.data[0] != '/') {
			struct buf t = BUF_INIT;

			buf_addch(&t, '/');
			buf_add(&t, u->path.data, u->path.len);
			pset(&u->path, t.data, t.len);
			buf_release(&t);
		}
	}
	{
		struct buf t = BUF_INIT;

		url_dots_resolve(&t, u->path.data, u->path.len, special);
		pset(&u->path, t.data, t.len);
		buf_release(&t);
	}
	if (special)
		collapse_slashes(&u->path);
	if (special && u->path.len == 0 && (u->host.len || u->colon_port ||
					    u->port.len))
		pset(&u->path, "/", 1);
	sort_query(&u->query);
}

static void aggressive(struct ppiece *u)
{
	semantic_precise(u);
	u->hash = false;
	buf_reset(&u->frag);
	if (!strcmp(u->scheme.data, "https"))
		pset(&u->scheme, "http", 4);
	strip_www(&u->host);
	lower(&u->path);
	lower(&u->query);
	strip_session_query(&u->query);
	strip_session_path(&u->path);
	if (u->path.len > 1 && u->path.data[u->path.len - 1] == '/')
		buf_truncate(&u->path, u->path.len - 1);
	tidy_ampersands(&u->query);
	if (u->query.len == 0)
		u->qmark = false;
	sort_query(&u->query);
}

static char *serialize(const struct ppiece *u)
{
	struct buf b = BUF_INIT;

	buf_add(&b, u->scheme.data, u->scheme.len);
	if (u->colon)
		buf_addch(&b, ':');
	buf_add(&b, u->slashes.data, u->slashes.len);
	buf_add(&b, u->user.data, u->user.len);
	if (u->colon_pw)
		buf_addch(&b, ':');
	buf_add(&b, u->pass.data, u->pass.len);
	if (u->at)
		buf_addch(&b, '@');
	buf_add(&b, u->host.data, u->host.len);
	if (u->colon_port)
		buf_addch(&b, ':');
	buf_add(&b, u->port.data, u->port.len);
	buf_add(&b, u->path.data, u->path.len);
	if (u->qmark)
		buf_addch(&b, '?');
	buf_add(&b, u->query.data, u->query.len);
	if (u->hash)
		buf_addch(&b, '#');
	buf_add(&b, u->frag.data, u->frag.len);
	return buf_detach(&b, NULL);
}

static void ppiece_release(struct ppiece *u)
{
	buf_release(&u->scheme);
	buf_release(&u->slashes);
	buf_release(&u->user);
	buf_release(&u->pass);
	buf_release(&u->host);
	buf_release(&u->port);
	buf_release(&u->path);
	buf_release(&u->query);
	buf_release(&u->frag);
}

char *url_canon_profile(const char *url, enum url_profile p, struct err *e)
{
	struct ppiece u = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT,
			    BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, false,
			    false, false, false, false, false };
	char *s;

	if (p == URL_PROFILE_CRAWLER)
		return url_canonical(url, e);
	if (strlen(url) > URL_MAX_LEN) {
		err_set(e, "URL longer than %d bytes", URL_MAX_LEN);
		return NULL;
	}
	parse(&u, url, strlen(url));
	if (p == URL_PROFILE_AGGRESSIVE)
		aggressive(&u);
	else
		semantic_precise(&u);
	s = serialize(&u);
	ppiece_release(&u);
	return s;
}
