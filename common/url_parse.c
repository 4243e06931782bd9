/*
 * url_parse.c - the WHATWG "basic URL parser" state machine (without
 * state overrides, which only setters need), its serialiser, and
 * relative resolution.  Follows the standard's steps closely, so that the
 * comments name the state being implemented; hosts go to url_host.c.
 */
#include "hex.h"
#include "url.h"
#include "url_int.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#define C_EOF (-1)

enum state {
	S_SCHEME_START, S_SCHEME, S_NO_SCHEME, S_SPECIAL_RELATIVE_OR_AUTHORITY,
	S_PATH_OR_AUTHORITY, S_RELATIVE, S_RELATIVE_SLASH,
	S_SPECIAL_AUTHORITY_SLASHES, S_SPECIAL_AUTHORITY_IGNORE_SLASHES,
	S_AUTHORITY, S_HOST, S_PORT, S_FILE, S_FILE_SLASH, S_FILE_HOST,
	S_PATH_START, S_PATH, S_OPAQUE_PATH, S_QUERY, S_FRAGMENT,
};

struct segs {
	char **v;
	size_t n, alloc;
};

/* The URL under construction. */
struct purl {
	struct buf scheme, user, pass, host, opath, query, frag;
	bool has_host, has_query, has_frag, opaque;
	int port;
	struct segs path;
};

bool url_pct_in_set(unsigned char c, enum url_pct_set set)
{
	if (c < 0x20 || c > 0x7e)
		return true;
	switch (set) {
	case URL_PCT_C0:
		return false;
	case URL_PCT_FRAGMENT:
		return c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
	case URL_PCT_USERINFO:
		if (c == '/' || c == ':' || c == ';' || c == '=' || c == '@' ||
		    (c >= '[' && c <= '^') || c == '|')
			return true;
		/* fall through */
	case URL_PCT_PATH:
		if (c == '?' || c == '`' || c == '{' || c == '}')
			return true;
		/* fall through */
	case URL_PCT_QUERY:
	case URL_PCT_SPECIAL_QUERY:
		if (set == URL_PCT_SPECIAL_QUERY && c == '\'')
			return true;
		return c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
	}
	return false;
}

void url_pct_add(struct buf *out, unsigned char c, enum url_pct_set set)
{
	if (url_pct_in_set(c, set))
		hex_add_pct(out, c);
	else
		buf_addch(out, c);
}

static bool is_special(const char *scheme)
{
	return url_default_port(scheme) >= 0 || !strcmp(scheme, "file");
}

int url_default_port(const char *scheme)
{
	if (!strcmp(scheme, "http") || !strcmp(scheme, "ws"))
		return 80;
	if (!strcmp(scheme, "https") || !strcmp(scheme, "wss"))
		return 443;
	if (!strcmp(scheme, "ftp"))
		return 21;
	return -1;
}

static bool is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* "Windows drive letter" of the standard on s[0..n). */
static bool is_drive(const char *s, size_t n, bool normalized)
{
	return n == 2 && is_alpha((unsigned char)s[0]) &&
	       (s[1] == ':' || (!normalized && s[1] == '|'));
}

static bool starts_with_drive(const char *s, size_t n)
{
	return n >= 2 && is_drive(s, 2, false) &&
	       (n == 2 || s[2] == '/' || s[2] == '\\' || s[2] == '?' ||
		s[2] == '#');
}

static bool is_single_dot(const char *s)
{
	return !strcmp(s, ".") || !strcasecmp(s, "%2e");
}

static bool is_double_dot(const char *s)
{
	return !strcmp(s, "..") || !strcasecmp(s, ".%2e") ||
	       !strcasecmp(s, "%2e.") || !strcasecmp(s, "%2e%2e");
}

static void segs_push(struct segs *p, const char *s, size_t n)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n++] = xstrndup(s, n);
}

static void segs_clear(struct segs *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* The segments of a serialised non-opaque path ("/a/b" -> a, b). */
static void segs_from_path(struct segs *p, const char *path)
{
	const char *s = path;

	if (*s != '/')
		return;
	for (;;) {
		const char *end = strchr(s + 1, '/');

		if (!end) {
			segs_push(p, s + 1, strlen(s + 1));
			return;
		}
		segs_push(p, s + 1, (size_t)(end - s - 1));
		s = end;
	}
}

/* The standard's "shorten a URL's path". */
static void shorten_path(struct purl *u)
{
	if (!strcmp(u->scheme.data, "file") && u->path.n == 1 &&
	    is_drive(u->path.v[0], strlen(u->path.v[0]), true))
		return;
	if (u->path.n > 0)
		free(u->path.v[--u->path.n]);
}

static void copy_str(struct buf *dst, const char *s)
{
	buf_reset(dst);
	if (s)
		buf_adds(dst, s);
}

static void copy_authority(struct purl *u, const struct url *base)
{
	copy_str(&u->user, base->user);
	copy_str(&u->pass, base->pass);
	copy_str(&u->host, base->host);
	u->has_host = base->host != NULL;
	u->port = base->port;
}

static void copy_path(struct purl *u, const struct url *base)
{
	segs_clear(&u->path);
	segs_from_path(&u->path, base->path);
}

static void copy_query(struct purl *u, const struct url *base)
{
	copy_str(&u->query, base->query);
	u->has_query = base->query != NULL;
}

/* Strip leading/trailing C0-or-space, drop tab/LF/CR, repair UTF-8. */
static void preprocess(const char *s, struct buf *in)
{
	size_t n = strlen(s), i = 0;
	struct buf tmp = BUF_INIT;

	while (i < n && (unsigned char)s[i] <= 0x20)
		i++;
	while (n > i && (unsigned char)s[n - 1] <= 0x20)
		n--;
	for (; i < n; i++)
		if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			buf_addch(&tmp, s[i]);
	utf8_sanitize(in, tmp.data, tmp.len);
	buf_release(&tmp);
}

static int host_set(struct purl *u, struct buf *b, bool special,
		    struct err *e)
{
	buf_reset(&u->host);
	u->has_host = true;
	return url_host_parse(b->data, b->len, !special, &u->host, e);
}

/* The authority state's '@': buffer b so far was userinfo; split it at
 * its first ':' into username and password, percent-encoded.  A second
 * '@' (at_seen) belongs to the userinfo, as "%40". */
static void take_userinfo(struct purl *u, struct buf *b, bool at_seen,
			  bool *pass_seen)
{
	if (at_seen)
		url_pct_add(*pass_seen ? &u->pass : &u->user, '@',
			    URL_PCT_USERINFO);
	for (size_t i = 0; i < b->len; i++) {
		if (b->data[i] == ':' && !*pass_seen) {
			*pass_seen = true;
			continue;
		}
		url_pct_add(*pass_seen ? &u->pass : &u->user,
			    (unsigned char)b->data[i], URL_PCT_USERINFO);
	}
	buf_reset(b);
}

/* The default port of the scheme is no port. */
static void set_port(struct purl *u, int port)
{
	u->port = port == url_default_port(u->scheme.data) ? -1 : port;
}

/* The file slash state's inheritance from a file: base: its host, and
 * its drive letter unless the input (rest[0..n)) brings its own. */
static void file_slash_base(struct purl *u, const struct url *base,
			    const char *rest, size_t n)
{
	struct segs bp = { 0 };

	copy_str(&u->host, base->host);
	u->has_host = base->host != NULL;
	segs_from_path(&bp, base->path);
	if (!starts_with_drive(rest, n) && bp.n > 0 &&
	    is_drive(bp.v[0], strlen(bp.v[0]), true))
		segs_push(&u->path, bp.v[0], strlen(bp.v[0]));
	segs_clear(&bp);
}

/*
 * The state machine.  p is signed because the standard moves the pointer
 * back before the start ("pointer = -1") and onto EOF.
 */
static int run(struct purl *u, const char *in, long n, const struct url *base,
	       struct err *e)
{
	struct buf b = BUF_INIT;
	enum state st = S_SCHEME_START;
	bool at_seen = false, pass_seen = false, brackets = false;
	bool special = false, port_digits = false;
	long p = 0, port = 0;
	int ret = -1;

	for (;;) {
		int c = p < n ? (unsigned char)in[p] : C_EOF;
		const char *rest = p + 1 < n ? in + p + 1 : "";

		switch (st) {
		case S_SCHEME_START:
			if (c != C_EOF && is_alpha(c)) {
				buf_addch(&b, c | 0x20);
				st = S_SCHEME;
			} else {
				st = S_NO_SCHEME;
				p--;
			}
			break;
		case S_SCHEME:
			if (c != C_EOF && (is_alpha(c) || is_digit(c) ||
					   c == '+' || c == '-' || c == '.')) {
				buf_addch(&b, is_alpha(c) ? c | 0x20 : c);
				break;
			}
			if (c != ':') {
				buf_reset(&b);
				st = S_NO_SCHEME;
				p = -1;
				break;
			}
			copy_str(&u->scheme, b.data);
			buf_reset(&b);
			special = is_special(u->scheme.data);
			if (!strcmp(u->scheme.data, "file")) {
				st = S_FILE;
			} else if (special && base &&
				   !strcmp(base->scheme, u->scheme.data)) {
				st = S_SPECIAL_RELATIVE_OR_AUTHORITY;
			} else if (special) {
				st = S_SPECIAL_AUTHORITY_SLASHES;
			} else if (rest[0] == '/') {
				st = S_PATH_OR_AUTHORITY;
				p++;
			} else {
				u->opaque = true;
				st = S_OPAQUE_PATH;
			}
			break;
		case S_NO_SCHEME:
			if (!base || (base->opaque_path && c != '#')) {
				err_set(e, "relative URL without a base");
				goto out;
			}
			if (base->opaque_path) {
				copy_str(&u->scheme, base->scheme);
				u->opaque = true;
				copy_str(&u->opath, base->path);
				copy_query(u, base);
				u->has_frag = true;
				st = S_FRAGMENT;
			} else {
				st = strcmp(base->scheme, "file") ?
					S_RELATIVE : S_FILE;
				p--;
			}
			break;
		case S_SPECIAL_RELATIVE_OR_AUTHORITY:
			if (c == '/' && rest[0] == '/') {
				st = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
				p++;
			} else {
				st = S_RELATIVE;
				p--;
			}
			break;
		case S_PATH_OR_AUTHORITY:
			if (c == '/') {
				st = S_AUTHORITY;
			} else {
				st = S_PATH;
				p--;
			}
			break;
		case S_RELATIVE:
			copy_str(&u->scheme, base->scheme);
			special = is_special(u->scheme.data);
			if (c == '/' || (special && c == '\\')) {
				st = S_RELATIVE_SLASH;
				break;
			}
			copy_authority(u, base);
			copy_path(u, base);
			copy_query(u, base);
			if (c == '?') {
				buf_reset(&u->query);
				st = S_QUERY;
			} else if (c == '#') {
				u->has_frag = true;
				st = S_FRAGMENT;
			} else if (c != C_EOF) {
				u->has_query = false;
				buf_reset(&u->query);
				shorten_path(u);
				st = S_PATH;
				p--;
			}
			break;
		case S_RELATIVE_SLASH:
			if (special && (c == '/' || c == '\\')) {
				st = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
			} else if (c == '/') {
				st = S_AUTHORITY;
			} else {
				copy_authority(u, base);
				st = S_PATH;
				p--;
			}
			break;
		case S_SPECIAL_AUTHORITY_SLASHES:
			st = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
			if (c == '/' && rest[0] == '/')
				p++;
			else
				p--;
			break;
		case S_SPECIAL_AUTHORITY_IGNORE_SLASHES:
			if (c != '/' && c != '\\') {
				st = S_AUTHORITY;
				p--;
			}
			break;
		case S_AUTHORITY:
			if (c == '@') {
				take_userinfo(u, &b, at_seen, &pass_seen);
				at_seen = true;
			} else if (c == C_EOF || c == '/' || c == '?' ||
				   c == '#' || (special && c == '\\')) {
				if (at_seen && b.len == 0) {
					err_set(e, "userinfo without a host");
					goto out;
				}
				p -= (long)b.len + 1;
				buf_reset(&b);
				st = S_HOST;
			} else {
				buf_addch(&b, c);
			}
			break;
		case S_HOST:
			if (c == ':' && !brackets) {
				if (b.len == 0) {
					err_set(e, "missing host");
					goto out;
				}
				if (host_set(u, &b, special, e) < 0)
					goto out;
				buf_reset(&b);
				st = S_PORT;
			} else if (c == C_EOF || c == '/' || c == '?' ||
				   c == '#' || (special && c == '\\')) {
				p--;
				if (special && b.len == 0) {
					err_set(e, "missing host");
					goto out;
				}
				if (host_set(u, &b, special, e) < 0)
					goto out;
				buf_reset(&b);
				st = S_PATH_START;
			} else {
				if (c == '[')
					brackets = true;
				if (c == ']')
					brackets = false;
				buf_addch(&b, c);
			}
			break;
		case S_PORT:
			if (c != C_EOF && is_digit(c)) {
				port = port * 10 + (c - '0');
				if (port > 65535) {
					err_set(e, "port out of range");
					goto out;
				}
				port_digits = true;
			} else if (c == C_EOF || c == '/' || c == '?' ||
				   c == '#' || (special && c == '\\')) {
				if (port_digits)
					set_port(u, (int)port);
				st = S_PATH_START;
				p--;
			} else {
				err_set(e, "invalid port");
				goto out;
			}
			break;
		case S_FILE:
			copy_str(&u->scheme, "file");
			special = true;
			buf_reset(&u->host);
			u->has_host = true;
			if (c == '/' || c == '\\') {
				st = S_FILE_SLASH;
			} else if (base && !strcmp(base->scheme, "file")) {
				copy_str(&u->host, base->host);
				u->has_host = base->host != NULL;
				copy_path(u, base);
				copy_query(u, base);
				if (c == '?') {
					buf_reset(&u->query);
					u->has_query = true;
					st = S_QUERY;
				} else if (c == '#') {
					u->has_frag = true;
					st = S_FRAGMENT;
				} else if (c != C_EOF) {
					u->has_query = false;
					buf_reset(&u->query);
					if (!starts_with_drive(in + p,
							       (size_t)(n - p)))
						shorten_path(u);
					else
						segs_clear(&u->path);
					st = S_PATH;
					p--;
				}
			} else {
				st = S_PATH;
				p--;
			}
			break;
		case S_FILE_SLASH:
			if (c == '/' || c == '\\') {
				st = S_FILE_HOST;
				break;
			}
			if (base && !strcmp(base->scheme, "file"))
				file_slash_base(u, base, in + p, (size_t)(n - p));
			st = S_PATH;
			p--;
			break;
		case S_FILE_HOST:
			if (c == C_EOF || c == '/' || c == '\\' || c == '?' ||
			    c == '#') {
				p--;
				if (is_drive(b.data, b.len, false)) {
					st = S_PATH;
					break;
				}
				if (b.len > 0) {
					if (host_set(u, &b, true, e) < 0)
						goto out;
					if (!strcmp(u->host.data, "localhost"))
						buf_reset(&u->host);
				}
				buf_reset(&b);
				st = S_PATH_START;
			} else {
				buf_addch(&b, c);
			}
			break;
		case S_PATH_START:
			if (special) {
				st = S_PATH;
				if (c != '/' && c != '\\')
					p--;
			} else if (c == '?') {
				u->has_query = true;
				st = S_QUERY;
			} else if (c == '#') {
				u->has_frag = true;
				st = S_FRAGMENT;
			} else if (c != C_EOF) {
				st = S_PATH;
				if (c != '/')
					p--;
			}
			break;
		case S_PATH:
			if (c == C_EOF || c == '/' || (special && c == '\\') ||
			    c == '?' || c == '#') {
				bool slash = c == '/' || (special && c == '\\');

				if (is_double_dot(b.data)) {
					shorten_path(u);
					if (!slash)
						segs_push(&u->path, "", 0);
				} else if (is_single_dot(b.data) && !slash) {
					segs_push(&u->path, "", 0);
				} else if (!is_single_dot(b.data)) {
					if (!strcmp(u->scheme.data, "file") &&
					    u->path.n == 0 &&
					    is_drive(b.data, b.len, false)) {
						b.data[1] = ':';
						buf_reset(&u->host);
					}
					segs_push(&u->path, b.data, b.len);
				}
				buf_reset(&b);
				if (c == '?') {
					buf_reset(&u->query);
					u->has_query = true;
					st = S_QUERY;
				} else if (c == '#') {
					u->has_frag = true;
					st = S_FRAGMENT;
				}
			} else {
				url_pct_add(&b, (unsigned char)c, URL_PCT_PATH);
			}
			break;
		case S_OPAQUE_PATH:
			if (c == '?') {
				u->has_query = true;
				st = S_QUERY;
			} else if (c == '#') {
				u->has_frag = true;
				st = S_FRAGMENT;
			} else if (c != C_EOF) {
				url_pct_add(&u->opath, (unsigned char)c,
					    URL_PCT_C0);
			}
			break;
		case S_QUERY:
			u->has_query = true;
			if (c == '#') {
				u->has_frag = true;
				st = S_FRAGMENT;
			} else if (c != C_EOF) {
				url_pct_add(&u->query, (unsigned char)c,
					    special ? URL_PCT_SPECIAL_QUERY :
					    URL_PCT_QUERY);
			}
			break;
		case S_FRAGMENT:
			if (c != C_EOF)
				url_pct_add(&u->frag, (unsigned char)c,
					    URL_PCT_FRAGMENT);
			break;
		}
		if (p >= n)
			break;
		p++;
	}
	ret = 0;
out:
	buf_release(&b);
	return ret;
}

static void purl_release(struct purl *u)
{
	buf_release(&u->scheme);
	buf_release(&u->user);
	buf_release(&u->pass);
	buf_release(&u->host);
	buf_release(&u->opath);
	buf_release(&u->query);
	buf_release(&u->frag);
	segs_clear(&u->path);
}

/* Move the finished URL into out. */
static void purl_finish(struct purl *u, struct url *out)
{
	struct buf path = BUF_INIT;

	out->scheme = buf_detach(&u->scheme, NULL);
	out->user = buf_detach(&u->user, NULL);
	out->pass = buf_detach(&u->pass, NULL);
	out->host = u->has_host ? buf_detach(&u->host, NULL) : NULL;
	out->port = u->port;
	out->opaque_path = u->opaque;
	if (u->opaque) {
		buf_add(&path, u->opath.data, u->opath.len);
	} else {
		for (size_t i = 0; i < u->path.n; i++) {
			buf_addch(&path, '/');
			buf_adds(&path, u->path.v[i]);
		}
	}
	out->path = buf_detach(&path, NULL);
	out->query = u->has_query ? buf_detach(&u->query, NULL) : NULL;
	out->fragment = u->has_frag ? buf_detach(&u->frag, NULL) : NULL;
}

int url_parse_ref(const char *s, const struct url *base, struct url *out,
		  struct err *e)
{
	struct purl u = { BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT,
			  BUF_INIT, BUF_INIT, false, false, false, false, -1,
			  { NULL, 0, 0 } };
	struct buf in = BUF_INIT;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	out->port = -1;
	if (strlen(s) > URL_MAX_LEN) {
		err_set(e, "URL longer than %d bytes", URL_MAX_LEN);
		goto out;
	}
	preprocess(s, &in);
	if (run(&u, in.data, (long)in.len, base, e) < 0)
		goto out;
	purl_finish(&u, out);
	ret = 0;
out:
	purl_release(&u);
	buf_release(&in);
	return ret;
}

int url_parse(const char *s, struct url *out, struct err *e)
{
	return url_parse_ref(s, NULL, out, e);
}

void url_release(struct url *u)
{
	free(u->scheme);
	free(u->user);
	free(u->pass);
	free(u->host);
	free(u->path);
	free(u->query);
	free(u->fragment);
	memset(u, 0, sizeof(*u));
	u->port = -1;
}

char *url_serialize(const struct url *u)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, u->scheme);
	buf_addch(&b, ':');
	if (u->host) {
		buf_adds(&b, "//");
		if (u->user[0] || u->pass[0]) {
			buf_adds(&b, u->user);
			if (u->pass[0]) {
				buf_addch(&b, ':');
				buf_adds(&b, u->pass);
			}
			buf_addch(&b, '@');
		}
		buf_adds(&b, u->host);
		if (u->port >= 0)
			buf_addf(&b, ":%d", u->port);
	} else if (!u->opaque_path && u->path[0] == '/' && u->path[1] == '/') {
		buf_adds(&b, "/.");
	}
	buf_adds(&b, u->path);
	if (u->query) {
		buf_addch(&b, '?');
		buf_adds(&b, u->query);
	}
	if (u->fragment) {
		buf_addch(&b, '#');
		buf_adds(&b, u->fragment);
	}
	return buf_detach(&b, NULL);
}

char *url_resolve(const char *base, const char *ref, struct err *e)
{
	struct url b, r;
	char *s = NULL;

	if (url_parse(base, &b, e) < 0)
		return NULL;
	if (url_parse_ref(ref, &b, &r, e) == 0) {
		s = url_serialize(&r);
		url_release(&r);
	}
	url_release(&b);
	return s;
}

bool url_is_http(const struct url *u)
{
	return u->scheme && (!strcmp(u->scheme, "http") ||
			     !strcmp(u->scheme, "https"));
}

int url_effective_port(const struct url *u)
{
	return u->port >= 0 ? u->port : url_default_port(u->scheme);
}
