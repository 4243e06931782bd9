/*
 * feed_html.c - HTML inside feeds, tokenised and written back as
 * feedparser's sgmllib-based BaseHTMLProcessor does: the resolver pass
 * makes link attributes absolute, the sanitiser pass (policy in
 * feed_sanitize.c) drops what is unsafe.  UTF-8 in and out; cannot fail.
 */
#include "feed_int.h"
#include "common/deadline.h"
#include "common/markup.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define XHTML_TYPE "application/xhtml+xml"

/* Elements written as "<x />" and never closed. */
static const char *const void_elements[] = {
	"area", "base", "basefont", "br", "col", "command", "embed", "frame",
	"hr", "img", "input", "isindex", "keygen", "link", "meta", "param",
	"source", "track", "wbr",
};

/* (element, attribute) pairs that hold a URI. */
static const char *const uri_attrs[][2] = {
	{ "a", "href" }, { "applet", "codebase" }, { "area", "href" },
	{ "audio", "src" }, { "blockquote", "cite" }, { "body", "background" },
	{ "del", "cite" }, { "form", "action" }, { "frame", "longdesc" },
	{ "frame", "src" }, { "iframe", "longdesc" }, { "iframe", "src" },
	{ "head", "profile" }, { "img", "longdesc" }, { "img", "src" },
	{ "img", "usemap" }, { "input", "src" }, { "input", "usemap" },
	{ "ins", "cite" }, { "link", "href" }, { "object", "classid" },
	{ "object", "codebase" }, { "object", "data" },
	{ "object", "usemap" }, { "q", "cite" }, { "script", "src" },
	{ "source", "src" }, { "video", "poster" }, { "video", "src" },
};

static int is_void(const char *tag)
{
	for (size_t i = 0; i < sizeof(void_elements) / sizeof(*void_elements);
	     i++)
		if (!strcmp(tag, void_elements[i]))
			return 1;
	return 0;
}

/* bare_ampersand: "&" not starting a reference. */
static int bare_amp(const char *s)
{
	const char *p = s + 1;

	if (*p == '#') {
		p++;
		if (*p == 'x' && isxdigit((unsigned char)p[1])) {
			p++;
			while (isxdigit((unsigned char)*p))
				p++;
			if (*p == ';')
				return 0;
			p = s + 2;
		}
		if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p))
				p++;
			return *p != ';';
		}
		return 1;
	}
	if (!isalnum((unsigned char)*p) && *p != '_' &&
	    (unsigned char)*p < 0x80)
		return 1;
	while (isalnum((unsigned char)*p) || *p == '_' ||
	       (unsigned char)*p >= 0x80)
		p++;
	return *p != ';';
}

void fp_html_emit_start(struct fp_html *h, const char *tag,
			const struct fp_hattr *attrs, size_t n)
{
	buf_addch(&h->out, '<');
	buf_adds(&h->out, tag);
	for (size_t i = 0; i < n; i++) {
		buf_addf(&h->out, " %s=\"", attrs[i].k);
		for (const char *v = attrs[i].v; *v; v++) {
			if (*v == '>')
				buf_adds(&h->out, "&gt;");
			else if (*v == '<')
				buf_adds(&h->out, "&lt;");
			else if (*v == '"')
				buf_adds(&h->out, "&quot;");
			else if (*v == '&' && bare_amp(v))
				buf_adds(&h->out, "&amp;");
			else
				buf_addch(&h->out, *v);
		}
		buf_addch(&h->out, '"');
	}
	buf_adds(&h->out, is_void(tag) ? " />" : ">");
}

void fp_html_emit_end(struct fp_html *h, const char *tag)
{
	if (!is_void(tag))
		buf_addf(&h->out, "</%s>", tag);
}

/* An attribute and its place in the tag, so that sorting by name keeps
 * duplicates in document order. */
struct sattr {
	const char *k, *v;
	size_t pos;
};

static int cmp_attr(const void *x, const void *y)
{
	const struct sattr *a = x, *b = y;
	int c = strcmp(a->k, b->k);

	if (c)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Sort, then keep the last of each run of equal names: n log n, where
 * comparing each name with every kept one was quadratic (80,000
 * attributes in a feed summary took 23 s). */
size_t fp_html_normalize_attrs(struct fp_html *h, struct fp_hattr *attrs,
			       size_t n)
{
	struct sattr *t;
	size_t m = 0;

	if (!n)
		return 0;
	t = arena_alloc(h->a, n * sizeof(*t));
	for (size_t i = 0; i < n; i++) {
		t[i].k = fp_lower(h->a, attrs[i].k);
		t[i].v = attrs[i].v;
		t[i].pos = i;
	}
	qsort(t, n, sizeof(*t), cmp_attr);
	for (size_t i = 0; i < n; i++) {
		if (i + 1 < n && !strcmp(t[i].k, t[i + 1].k))
			continue;
		attrs[m].k = t[i].k;
		attrs[m].v = t[i].v;
		if (!strcmp(attrs[m].k, "rel") || !strcmp(attrs[m].k, "type"))
			attrs[m].v = fp_lower(h->a, attrs[m].v);
		m++;
	}
	return m;
}

static void resolver_start(struct fp_html *h, const char *tag,
			   struct fp_hattr *attrs, size_t n)
{
	n = fp_html_normalize_attrs(h, attrs, n);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < sizeof(uri_attrs) / sizeof(*uri_attrs);
		     j++) {
			const char *r;

			if (strcmp(tag, uri_attrs[j][0]) ||
			    strcmp(attrs[i].k, uri_attrs[j][1]))
				continue;
			r = fp_safe_uri(h->a, h->base,
					fp_strip(h->a, attrs[i].v));
			if (*r)
				attrs[i].v = r;
		}
	}
	fp_html_emit_start(h, tag, attrs, n);
}

static void on_start(struct fp_html *h, const char *tag,
		     struct fp_hattr *attrs, size_t n)
{
	if (h->sanitize)
		fp_sanitize_start(h, tag, attrs, n);
	else
		resolver_start(h, tag, attrs, n);
}

static void on_end(struct fp_html *h, const char *tag)
{
	if (h->sanitize)
		fp_sanitize_end(h, tag);
	else
		fp_html_emit_end(h, tag);
}

static void on_data(struct fp_html *h, const char *s, size_t n)
{
	if (!h->sanitize || !h->unacceptable)
		buf_add(&h->out, s, n);
}

static const uint16_t cp1252_hex[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/* "&#ref;": kept, but windows-1252 code points get their real ones. */
static void on_charref(struct fp_html *h, const char *ref, size_t n)
{
	unsigned long v;
	char tmp[16];

	if (n >= sizeof(tmp)) {
		buf_addf(&h->out, "&#%.*s;", (int)n, ref);
		return;
	}
	memcpy(tmp, ref, n);
	tmp[n] = '\0';
	for (size_t i = 0; i < n; i++)
		tmp[i] = (char)tolower((unsigned char)tmp[i]);
	v = tmp[0] == 'x' ? strtoul(tmp + 1, NULL, 16) : strtoul(tmp, NULL, 10);
	if (v >= 0x80 && v <= 0x9f && cp1252_hex[v - 0x80])
		buf_addf(&h->out, "&#x%x;", cp1252_hex[v - 0x80]);
	else
		buf_addf(&h->out, "&#%s;", tmp);
}

static void on_entityref(struct fp_html *h, const char *name, size_t n)
{
	if (fp_html_entity(name, n) >= 0 ||
	    (n == 4 && !memcmp(name, "apos", 4)))
		buf_addf(&h->out, "&%.*s;", (int)n, name);
	else
		buf_addf(&h->out, "&amp;%.*s", (int)n, name);
}

/* ---- the sgmllib scanner ---- */

struct scan {
	struct fp_html *h;
	const char *s;
	size_t n;
};

/* feedparser's endbracket: the '<' or '>' ending a tag, stepping over
 * quoted values that are followed by '>', '/', space or "name=".
 * Returns its index, or -1. */
static long end_bracket(const struct scan *sc, size_t i)
{
	const char *s = sc->s;
	size_t n = sc->n, j = i;

	while (j < n) {
		char c = s[j];

		if (c == '<' || c == '>')
			return (long)j;
		if (c == '"' || c == '\'') {
			const char *q = memchr(s + j + 1, c, n - j - 1);
			size_t k;

			if (!q)
				break;
			k = (size_t)(q - s) + 1;
			if (k < n && (s[k] == '>' || s[k] == '/' ||
				      isspace((unsigned char)s[k]))) {
				j = k;
				continue;
			}
			if (k < n && (isalnum((unsigned char)s[k]) ||
				      s[k] == '_')) {
				size_t m = k;

				while (m < n && (isalnum((unsigned char)s[m]) ||
						 s[m] == '_'))
					m++;
				if (m < n && s[m] == '=') {
					j = k;
					continue;
				}
			}
			break;
		}
		j++;
	}
	/* Fallback: the first bracket on the same line. */
	for (j = i; j < n && s[j] != '\n'; j++)
		if (s[j] == '<' || s[j] == '>')
			return (long)j;
	return -1;
}

static int name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static int name_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == ':' ||
	       c == '.' || c == '_';
}

static int unquoted_char(char c)
{
	return isalnum((unsigned char)c) || strchr("][-./,:;+*%?!&$()_#=~'\"@",
						   c) != NULL;
}

/* An attribute value: numeric references get their ';' (as sgmllib's
 * _convert_ref does); everything else stays as written. */
static const char *attr_value(struct arena *a, const char *v, size_t n)
{
	struct buf b = BUF_INIT;
	const char *r;

	for (size_t i = 0; i < n; i++) {
		size_t j = i + 2;

		if (v[i] != '&' || j >= n || v[i + 1] != '#' ||
		    !isdigit((unsigned char)v[j])) {
			buf_addch(&b, v[i]);
			continue;
		}
		while (j < n && isdigit((unsigned char)v[j]))
			j++;
		buf_add(&b, v + i, j - i);
		buf_addch(&b, ';');
		if (j < n && v[j] == ';')
			j++;
		i = j - 1;
	}
	r = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return r;
}

static long parse_starttag(struct scan *sc, size_t i)
{
	struct fp_html *h = sc->h;
	const char *s = sc->s;
	size_t n = sc->n, k, j;
	struct fp_hattr *attrs;
	size_t na = 0;
	long jb;
	const char *tag;

	/* SGML short tag "<tag/data/". */
	k = i + 1;
	while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '-' ||
			 s[k] == '.'))
		k++;
	if (k < n && s[k] == '/') {
		const char *slash = memchr(s + k + 1, '/', n - k - 1);

		if (!slash)
			return -1;
		tag = fp_lower(h->a, arena_strndup(h->a, s + i + 1, k - i - 1));
		on_start(h, tag, NULL, 0);
		on_data(h, s + k + 1, (size_t)(slash - s) - k - 1);
		on_end(h, tag);
		return (slash - s) + 1;
	}
	jb = end_bracket(sc, i + 1);
	if (jb < 0)
		return -1;
	j = (size_t)jb;
	attrs = arena_alloc(h->a, (j - i + 1) * sizeof(*attrs));
	if (s[i + 1] == '>') {
		k = j;
		tag = h->lasttag;
	} else {
		k = i + 1;
		while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '-' ||
				 s[k] == '_' || s[k] == '.' || s[k] == ':'))
			k++;
		tag = fp_lower(h->a, arena_strndup(h->a, s + i + 1, k - i - 1));
		h->lasttag = tag;
	}
	while (k < j) {
		size_t m = k, ns, ne;
		const char *name, *val;

		while (m < n && isspace((unsigned char)s[m]))
			m++;
		if (m >= n || !name_start(s[m]))
			break;
		ns = m;
		while (m < n && name_char(s[m]))
			m++;
		ne = m;
		if (m < n && s[m] == '$')
			m++;
		name = fp_lower(h->a, arena_strndup(h->a, s + ns, ne - ns));
		val = arena_strndup(h->a, s + ns, ne - ns);
		k = m;
		while (m < n && isspace((unsigned char)s[m]))
			m++;
		if (m < n && s[m] == '=') {
			size_t vs, ve;

			m++;
			while (m < n && isspace((unsigned char)s[m]))
				m++;
			vs = m;
			if (m < n && (s[m] == '\'' || s[m] == '"') &&
			    memchr(s + m + 1, s[m], n - m - 1)) {
				const char *q = memchr(s + m + 1, s[m],
						       n - m - 1);

				ve = (size_t)(q - s) + 1;
			} else {
				while (m < n && unquoted_char(s[m]))
					m++;
				ve = m;
			}
			if (ve - vs >= 2 && (s[vs] == '\'' || s[vs] == '"') &&
			    s[ve - 1] == s[vs])
				val = attr_value(h->a, s + vs + 1, ve - vs - 2);
			else if (ve - vs == 1 &&
				 (s[vs] == '\'' || s[vs] == '"'))
				val = "";
			else
				val = attr_value(h->a, s + vs, ve - vs);
			k = ve;
		}
		/* As for libxml2 (common/markup.h): the excess goes. */
		if (na < MARKUP_MAX_ATTRS) {
			attrs[na].k = name;
			attrs[na++].v = val;
		}
	}
	if (s[j] == '>')
		j++;
	on_start(h, tag, attrs, na);
	if (!strcmp(h->type, XHTML_TYPE) && j > 2 && s[j - 2] == '/' &&
	    s[j - 1] == '>')
		on_end(h, h->lasttag);
	return (long)j;
}

static long parse_endtag(struct scan *sc, size_t i)
{
	struct fp_html *h = sc->h;
	long jb = end_bracket(sc, i + 1);
	size_t j;
	const char *tag;

	if (jb < 0)
		return -1;
	j = (size_t)jb;
	tag = fp_lower(h->a, fp_strip(h->a, arena_strndup(h->a, sc->s + i + 2,
							 j - i - 2)));
	if (sc->s[j] == '>')
		j++;
	on_end(h, tag);
	return (long)j;
}

/* "<!--...-->" (the end may be "-- >").  The sanitiser drops comments
 * that never end rather than letting them swallow the text. */
static long parse_comment(struct scan *sc, size_t i)
{
	const char *s = sc->s;
	size_t n = sc->n;

	for (size_t j = i + 4; j + 1 < n; j++) {
		size_t k = j + 2;

		if (s[j] != '-' || s[j + 1] != '-')
			continue;
		while (k < n && isspace((unsigned char)s[k]))
			k++;
		if (k < n && s[k] == '>') {
			buf_addf(&sc->h->out, "<!--%.*s-->", (int)(j - i - 4),
				 s + i + 4);
			return (long)k + 1;
		}
	}
	if (!sc->h->sanitize)
		return -1;
	for (size_t j = i + 4; j + 1 < n; j++) {
		if (s[j] == '-' && s[j + 1] == '-') {
			const char *gt = memchr(s + j + 2, '>', n - j - 2);

			/* No '>' after this "--", none after a later one:
			 * looking again for each "--" was quadratic. */
			return gt ? gt - s + 1 : (long)n;
		}
	}
	return (long)n;
}

/* A declaration name ("DOCTYPE", "CDATA") and the blanks after it:
 * the index past them, -1 at the end of the text, -2 when there is no
 * name. */
static long decl_name(const struct scan *sc, size_t j, size_t *name_end)
{
	const char *s = sc->s;
	size_t n = sc->n;

	if (j >= n)
		return -1;
	if (!isalpha((unsigned char)s[j]))
		return -2;
	while (j < n && (isalnum((unsigned char)s[j]) || s[j] == '-' ||
			 s[j] == '_' || s[j] == '.' || s[j] == ':'))
		j++;
	*name_end = j;
	while (j < n && isspace((unsigned char)s[j]))
		j++;
	return j == n ? -1 : (long)j;
}

/* The end "]]>" (or "]>" for "<![if ...]>") of a marked section. */
static long marked_end(const struct scan *sc, size_t j, int brackets)
{
	const char *s = sc->s;
	size_t n = sc->n;

	for (; j < n; j++) {
		size_t m = j + 1;

		if (s[j] != ']')
			continue;
		if (brackets == 2) {
			while (m < n && isspace((unsigned char)s[m]))
				m++;
			if (m >= n || s[m] != ']')
				continue;
			m++;
		}
		while (m < n && isspace((unsigned char)s[m]))
			m++;
		if (m < n && s[m] == '>')
			return (long)m + 1;
	}
	return -1;
}

/* "<!DOCTYPE ...>" (kept by the resolver, dropped by the sanitiser) and
 * marked sections "<![CDATA[...]]>" (dropped, as sgmllib's unknown_decl
 * does).  Returns the index after it, -1 when it does not end, -2 when
 * it is not one after all (the "<" is then written as "&lt;"). */
static long parse_declaration(struct scan *sc, size_t i)
{
	const char *s = sc->s;
	size_t n = sc->n, ne;
	long j;

	if (i + 2 < n && s[i + 2] == '[') {
		char name[8];
		size_t len;

		j = decl_name(sc, i + 3, &ne);
		if (j < 0)
			return j;
		len = ne - i - 3;
		if (len >= sizeof(name))
			return -2;
		for (size_t k = 0; k < len; k++)
			name[k] = (char)tolower((unsigned char)s[i + 3 + k]);
		name[len] = '\0';
		if (!strcmp(name, "temp") || !strcmp(name, "cdata") ||
		    !strcmp(name, "ignore") || !strcmp(name, "include") ||
		    !strcmp(name, "rcdata"))
			return marked_end(sc, i + 3, 2);
		if (!strcmp(name, "if") || !strcmp(name, "else") ||
		    !strcmp(name, "endif"))
			return marked_end(sc, i + 3, 1);
		return -2;
	}
	j = decl_name(sc, i + 2, &ne);
	while (j >= 0 && (size_t)j < n) {
		char c = s[j];

		if (c == '>') {
			if (!sc->h->sanitize)
				buf_addf(&sc->h->out, "<!%.*s>",
					 (int)((size_t)j - i - 2), s + i + 2);
			return j + 1;
		}
		if (c == '"' || c == '\'') {
			const char *q = memchr(s + j + 1, c, n - (size_t)j - 1);

			if (!q)
				return -1;
			j = q - s + 1;
			while ((size_t)j < n && isspace((unsigned char)s[j]))
				j++;
		} else if (isalpha((unsigned char)c)) {
			j = decl_name(sc, (size_t)j, &ne);
		} else if (c == '[') {
			/* The internal subset, up to "]" and blanks. */
			const char *q = memchr(s + j, ']', n - (size_t)j);

			if (!q)
				return -1;
			j = q - s + 1;
			while ((size_t)j < n && isspace((unsigned char)s[j]))
				j++;
		} else {
			return -2;
		}
	}
	return j == -2 ? -2 : -1;
}

static void scan(struct fp_html *h, const char *s, size_t n)
{
	struct scan sc = { h, s, n };
	size_t i = 0;

	while (i < n && !deadline_passed()) {
		size_t j = i;
		long k;

		while (j < n && s[j] != '&' && s[j] != '<')
			j++;
		if (j > i)
			on_data(h, s + i, j - i);
		i = j;
		if (i == n)
			break;
		if (s[i] == '<') {
			if (i + 1 < n && (isalpha((unsigned char)s[i + 1]) ||
					  s[i + 1] == '>')) {
				k = parse_starttag(&sc, i);
				if (k < 0)
					break;
				i = (size_t)k;
				continue;
			}
			if (i + 1 < n && s[i + 1] == '/') {
				k = parse_endtag(&sc, i);
				if (k < 0)
					break;
				i = (size_t)k;
				continue;
			}
			if (n - i >= 4 && !memcmp(s + i, "<!--", 4)) {
				k = parse_comment(&sc, i);
				if (k < 0)
					break;
				i = (size_t)k;
				continue;
			}
			if (i + 1 < n && s[i + 1] == '?') {
				const char *gt = memchr(s + i + 2, '>',
							n - i - 2);

				if (!gt)
					break;
				if (!h->sanitize)
					buf_addf(&h->out, "<?%.*s>",
						 (int)(gt - s - i - 2),
						 s + i + 2);
				i = (size_t)(gt - s) + 1;
				continue;
			}
			if (i + 1 < n && s[i + 1] == '!') {
				k = parse_declaration(&sc, i);
				if (k == -1)
					break;
				if (k == -2) {
					buf_adds(&h->out, "&lt;");
					i++;
					continue;
				}
				i = (size_t)k;
				continue;
			}
		} else {
			/* "&#123;" / "&#x7b;" and "&name" + a non-alnum. */
			size_t m = i + 1;

			if (m < n && s[m] == '#') {
				size_t d = m + 1;

				if (d < n && (s[d] == 'x' || s[d] == 'X')) {
					d++;
					while (d < n &&
					       isxdigit((unsigned char)s[d]))
						d++;
					if (d > m + 2 && d < n && s[d] == ';') {
						on_charref(h, s + m + 1,
							   d - m - 1);
						i = d + 1;
						continue;
					}
				} else {
					while (d < n &&
					       isdigit((unsigned char)s[d]))
						d++;
					if (d > m + 1 && d < n && s[d] == ';') {
						on_charref(h, s + m + 1,
							   d - m - 1);
						i = d + 1;
						continue;
					}
				}
			} else if (m < n && isalpha((unsigned char)s[m])) {
				size_t e = m;

				while (e < n && (isalnum((unsigned char)s[e]) ||
						 s[e] == '-' || s[e] == '.'))
					e++;
				/* At the end, a trailing "-" or "." can be
				 * the character after the name. */
				while (e == n && e > m + 1 &&
				       (s[e - 1] == '-' || s[e - 1] == '.'))
					e--;
				if (e < n && !isalnum((unsigned char)s[e])) {
					on_entityref(h, s + m, e - m);
					i = s[e] == ';' ? e + 1 : e;
					continue;
				}
			}
		}
		/* Something incomplete: "&", "&#", "<", "< x"... */
		{
			size_t e = i + 1;

			if (s[i] == '&') {
				if (e < n && isalpha((unsigned char)s[e])) {
					while (e < n &&
					       isalnum((unsigned char)s[e]))
						e++;
				} else if (e < n && s[e] == '#') {
					e++;
					while (e < n &&
					       isdigit((unsigned char)s[e]))
						e++;
				}
			} else if (e < n && (isalpha((unsigned char)s[e]) ||
					     s[e] == '!' || s[e] == '/')) {
				while (e < n && s[e] != '<' && s[e] != '>')
					e++;
			}
			if (e == n)
				break;
			on_data(h, s + i, e - i);
			i = e;
		}
	}
	if (i < n)
		on_data(h, s + i, n - i);
}

/* At p (a '<'), feedparser's short tag ("<br/>", "<b />") with a tag of no
 * blanks nor brackets, taken as short as possible: the tag's length,
 * with *end set past the "/>"; 0 when there is none. */
static size_t short_tag(const char *p, const char **end)
{
	const char *q = p + 1, *t;

	while (*q && *q != '<' && *q != '>' && !isspace((unsigned char)*q))
		q++;
	for (t = p + 2; t < q; t++) {
		if (t[0] == '/' && t[1] == '>') {
			*end = t + 2;
			return (size_t)(t - p - 1);
		}
	}
	if (q == p + 1)
		return 0;
	for (t = q; isspace((unsigned char)*t); t++)
		;
	if (t[0] == '/' && t[1] == '>') {
		*end = t + 2;
		return (size_t)(q - p - 1);
	}
	return 0;
}

/* BaseHTMLProcessor.feed's rewriting before the scan: "<!x" that is no
 * DOCTYPE, comment or marked section is escaped; "<br/>" becomes
 * "<br />" and "<b/>" "<b></b>"; &#39; and &#34; become quotes. */
static const char *prepare(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	const char *r, *end;
	size_t tl;

	for (const char *p = s; *p; p++) {
		/* Only '<' and '&' start anything rewritten: copy the runs
		 * between them whole (a feed's text is mostly such runs). */
		if (*p != '<' && *p != '&') {
			size_t n = strcspn(p, "<&");

			buf_add(&b, p, n);
			p += n - 1;
			continue;
		}
		if (p[0] == '<' && p[1] == '!' &&
		    strncasecmp(p + 2, "DOCTYPE", 7) &&
		    strncmp(p + 2, "--", 2) && p[2] != '[') {
			buf_adds(&b, "&lt;!");
			p++;
			continue;
		}
		if (p[0] == '<' && (tl = short_tag(p, &end)) > 0) {
			char *tag = arena_strndup(a, p + 1, tl);

			if (is_void(tag))
				buf_addf(&b, "<%s />", tag);
			else
				buf_addf(&b, "<%s></%s>", tag, tag);
			p = end - 1;
			continue;
		}
		if (!strncmp(p, "&#39;", 5)) {
			buf_addch(&b, '\'');
			p += 4;
			continue;
		}
		if (!strncmp(p, "&#34;", 5)) {
			buf_addch(&b, '"');
			p += 4;
			continue;
		}
		buf_addch(&b, *p);
	}
	r = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return r;
}

static const char *run(struct fp_html *h, const char *html)
{
	const char *r;

	html = prepare(h->a, html);
	h->lasttag = "???";
	scan(h, html, strlen(html));
	r = arena_strndup(h->a, h->out.data, h->out.len);
	buf_release(&h->out);
	return r;
}

const char *fp_html_resolve(struct arena *a, const char *html,
			    const char *base, const char *type)
{
	struct fp_html h = { .a = a, .out = BUF_INIT, .type = type,
			     .base = base ? base : "" };

	return run(&h, html);
}

const char *fp_html_sanitize(struct arena *a, const char *html,
			     const char *type)
{
	struct fp_html h = { .a = a, .out = BUF_INIT, .type = type,
			     .sanitize = 1 };

	html = fp_replace(a, html, "<![CDATA[", "&lt;![CDATA[");
	html = fp_strip(a, run(&h, html));
	return fp_replace(a, html, "\r\n", "\n");
}
