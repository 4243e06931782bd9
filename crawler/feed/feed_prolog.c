/*
 * feed_prolog.c - the security pass before libxml2 sees a feed: the
 * DOCTYPE goes (its simple entities substituted here, once, on a size
 * budget; hostile ones named), HTML entity names become character
 * references, stray '&' are escaped.  No DTD reaches libxml2.
 */
#include "feed_int.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_ENTITIES 64
/* Entity text may add this much beyond ten times the document. */
#define EXPANSION_SLACK (1 << 20)

struct entity {
	const char *name, *value;
	size_t nlen, vlen;
};

struct prolog {
	struct entity ent[MAX_ENTITIES];
	int nent;
	size_t budget;
	struct fp_input *in;
};

static void set_bozo(struct fp_input *in, const char *msg)
{
	if (!in->bozo || !in->bozo_msg[0])
		snprintf(in->bozo_msg, sizeof(in->bozo_msg), "%s", msg);
	in->bozo = 1;
}

static int name_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c == ':' ||
	       c >= 0x80;
}

/* End (index past) of the quoted literal starting at s[i], or 0. */
static size_t literal_end(const char *s, size_t n, size_t i)
{
	const char *q = memchr(s + i + 1, s[i], n - i - 1);

	return q ? (size_t)(q - s) + 1 : 0;
}

/* Is the entity value v..ve exactly one character reference ("&#38;",
 * "&#x26;")?  The only '&' a safe entity value may hold. */
static int char_ref_only(const char *v, const char *ve)
{
	const char *p = v + 2;

	if (ve - v < 4 || v[0] != '&' || v[1] != '#')
		return 0;
	while (p < ve && (isalnum((unsigned char)*p) || *p == '_'))
		p++;
	return p != v + 2 && p + 1 == ve && *p == ';';
}

/*
 * The one hostile-DTD check: why the entity declaration s..e (without
 * "<!ENTITY" and ">") is an attack, or NULL.  An external identifier
 * (SYSTEM or PUBLIC outside the literal) asks to read a file or URL
 * (XXE); a value with references other than one character reference
 * builds entities from entities (the "billion laughs").  The parser never
 * expands either; the crawler refuses such a feed (feed.hostile_dtd).
 */
static const char *entity_threat(const char *s, const char *e)
{
	const char *v = NULL, *ve = NULL;

	for (const char *p = s; p < e; p++) {
		if (*p == '"' || *p == '\'') {
			const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));

			if (!q)
				break;
			if (!v) {
				v = p + 1;
				ve = q;
			}
			p = q;
		} else if (e - p >= 6 && (!memcmp(p, "SYSTEM", 6) ||
					  !memcmp(p, "PUBLIC", 6))) {
			return "the feed declares an external entity (XXE)";
		}
	}
	if (v && memchr(v, '&', (size_t)(ve - v)) && !char_ref_only(v, ve))
		return "the feed declares nested entities (entity expansion "
		       "attack)";
	return NULL;
}

/* "<!ENTITY name "value">" with a value that is one character reference
 * or text without '&' and '"' (feedparser's safe entities): remember
 * it.  s..e is the declaration without "<!ENTITY" and ">". */
static void entity_decl(struct prolog *pl, const char *s, const char *e)
{
	const char *name, *v, *ve;
	struct entity *x;

	if (s >= e || !isspace((unsigned char)*s))
		return;
	while (s < e && isspace((unsigned char)*s))
		s++;
	name = s;
	while (s < e && (isalnum((unsigned char)*s) || *s == '_' ||
			 (unsigned char)*s >= 0x80))
		s++;
	if (s == name || s >= e || !isspace((unsigned char)*s))
		return;
	while (s < e && isspace((unsigned char)*s))
		s++;
	if (s >= e || *s != '"')
		return;
	v = s + 1;
	ve = memchr(v, '"', (size_t)(e - v));
	if (!ve)
		return;
	if (memchr(v, '&', (size_t)(ve - v)) && !char_ref_only(v, ve))
		return;
	if (pl->nent == MAX_ENTITIES)
		return;
	x = &pl->ent[pl->nent++];
	x->name = name;
	x->nlen = (size_t)(s - name);
	for (const char *p = name; p < name + x->nlen; p++)
		if (isspace((unsigned char)*p)) {
			x->nlen = (size_t)(p - name);
			break;
		}
	x->value = v;
	x->vlen = (size_t)(ve - v);
}

/* The DOCTYPE at s[i] ("<!DOCTYPE"): its end (index past '>'), or n
 * when it never ends.  Entity declarations of the internal subset are
 * collected on the way. */
static size_t doctype(struct prolog *pl, const char *s, size_t n, size_t i)
{
	size_t j = i + 9;

	while (j < n && s[j] != '[' && s[j] != '>') {
		if (s[j] == '"' || s[j] == '\'') {
			size_t k = literal_end(s, n, j);

			if (!k)
				return n;
			j = k;
		} else {
			j++;
		}
	}
	if (j < n && s[j] == '[') {
		j++;
		while (j < n && s[j] != ']') {
			if (!strncmp(s + j, "<!--", 4)) {
				const char *c = strstr(s + j + 4, "-->");

				j = c ? (size_t)(c - s) + 3 : n;
			} else if (!strncmp(s + j, "<!ENTITY", 8)) {
				size_t k = j + 8;

				while (k < n && s[k] != '>') {
					if (s[k] == '"' || s[k] == '\'') {
						size_t l = literal_end(s, n, k);

						if (!l)
							return n;
						k = l;
					} else {
						k++;
					}
				}
				if (k >= n)
					return n;
				if (!pl->in->hostile_dtd)
					pl->in->hostile_dtd = entity_threat(
						s + j + 8, s + k);
				entity_decl(pl, s + j + 8, s + k);
				j = k + 1;
			} else if (s[j] == '"' || s[j] == '\'') {
				size_t k = literal_end(s, n, j);

				j = k ? k : n;
			} else {
				j++;
			}
		}
		j++;
	}
	while (j < n && s[j] != '>')
		j++;
	return j < n ? j + 1 : n;
}

/* The prolog: blanks, comments, processing instructions and DOCTYPEs
 * up to the first element.  Everything but the DOCTYPEs is copied. */
static size_t prolog(struct prolog *pl, const char *s, size_t n,
		     struct buf *out)
{
	size_t i = 0;
	int doctypes = 0;

	while (i < n) {
		if (isspace((unsigned char)s[i])) {
			buf_addch(out, s[i++]);
		} else if (!strncmp(s + i, "<!--", 4)) {
			const char *c = strstr(s + i + 4, "-->");
			size_t e = c ? (size_t)(c - s) + 3 : n;

			buf_add(out, s + i, e - i);
			i = e;
		} else if (!strncmp(s + i, "<?", 2)) {
			const char *c = strstr(s + i + 2, "?>");
			size_t e = c ? (size_t)(c - s) + 2 : n;

			buf_add(out, s + i, e - i);
			i = e;
		} else if (n - i >= 9 && !strncasecmp(s + i, "<!DOCTYPE", 9)) {
			size_t e = doctype(pl, s, n, i);
			const char *lc = memmem(s + i, e - i, "etscape", 7);

			if (lc || memmem(s + i, e - i, "ETSCAPE", 7))
				pl->in->version = "rss091n";
			if (++doctypes > 1)
				pl->nent = 0;
			i = e;
		} else {
			break;
		}
	}
	return i;
}

static const struct entity *find_entity(const struct prolog *pl,
					const char *name, size_t n)
{
	for (int i = 0; i < pl->nent; i++)
		if (pl->ent[i].nlen == n && !memcmp(pl->ent[i].name, name, n))
			return &pl->ent[i];
	return NULL;
}

/* At s[i] == '&': write the reference or its replacement; returns the
 * index after what was consumed. */
static size_t reference(struct prolog *pl, const char *s, size_t n,
			size_t i, struct buf *out)
{
	size_t j = i + 1;
	const struct entity *x;
	long cp;

	if (j < n && s[j] == '#') {
		j++;
		if (j < n && s[j] == 'x') {
			j++;
			while (j < n && isxdigit((unsigned char)s[j]))
				j++;
			if (j > i + 3 && j < n && s[j] == ';') {
				buf_add(out, s + i, j + 1 - i);
				return j + 1;
			}
		} else {
			while (j < n && isdigit((unsigned char)s[j]))
				j++;
			if (j > i + 2 && j < n && s[j] == ';') {
				buf_add(out, s + i, j + 1 - i);
				return j + 1;
			}
		}
	} else {
		while (j < n && name_char((unsigned char)s[j]))
			j++;
		if (j > i + 1 && j < n && s[j] == ';') {
			const char *name = s + i + 1;
			size_t len = j - i - 1;

			if ((len == 2 && (!memcmp(name, "lt", 2) ||
					  !memcmp(name, "gt", 2))) ||
			    (len == 3 && !memcmp(name, "amp", 3)) ||
			    (len == 4 && (!memcmp(name, "quot", 4) ||
					  !memcmp(name, "apos", 4)))) {
				buf_add(out, s + i, j + 1 - i);
				return j + 1;
			}
			x = find_entity(pl, name, len);
			if (x) {
				if (x->vlen > pl->budget) {
					set_bozo(pl->in, "entity expansion "
						 "limit reached");
					return j + 1;
				}
				pl->budget -= x->vlen;
				for (size_t k = 0; k < x->vlen; k++)
					if (x->value[k] == '<')
						buf_adds(out, "&lt;");
					else
						buf_addch(out, x->value[k]);
				return j + 1;
			}
			set_bozo(pl->in, "undefined entity");
			cp = fp_html_entity(name, len);
			if (cp >= 0)
				buf_addf(out, "&#%ld;", cp);
			else
				buf_addf(out, "&amp;%.*s;", (int)len, name);
			return j + 1;
		}
	}
	set_bozo(pl->in, "unescaped ampersand");
	buf_adds(out, "&amp;");
	return i + 1;
}

/* Copy s[i] up to and including the terminator term (or to the end). */
static size_t copy_until(const char *s, size_t n, size_t i, const char *term,
			 struct buf *out)
{
	const char *e = memmem(s + i, n - i, term, strlen(term));
	size_t end = e ? (size_t)(e - s) + strlen(term) : n;

	buf_add(out, s + i, end - i);
	return end;
}

int fp_prolog(const char *doc, size_t len, struct buf *out,
	      struct fp_input *in, struct err *e)
{
	struct prolog pl = { .nent = 0, .in = in };
	size_t i;

	pl.budget = len > ((size_t)-1 - EXPANSION_SLACK) / 10 ?
		    (size_t)-1 : len * 10 + EXPANSION_SLACK;
	i = prolog(&pl, doc, len, out);
	while (i < len) {
		char c = doc[i];

		if (c == '&') {
			i = reference(&pl, doc, len, i, out);
		} else if (c == '<' && !strncmp(doc + i, "<!--", 4)) {
			i = copy_until(doc, len, i, "-->", out);
		} else if (c == '<' && !strncmp(doc + i, "<![CDATA[", 9)) {
			i = copy_until(doc, len, i, "]]>", out);
		} else if (c == '<' && doc[i + 1] == '?') {
			i = copy_until(doc, len, i, "?>", out);
		} else if (c == '<' && doc[i + 1] == '!') {
			/* A DOCTYPE or other declaration past the prolog is
			 * text, never a DTD. */
			set_bozo(in, "declaration after the root element");
			buf_adds(out, "&lt;");
			i++;
		} else {
			/* Copy up to the next '&' or '<' in one pass: two
			 * memchr() calls to the end of the document at every
			 * tag made a feed of a million tags quadratic. */
			size_t end = i + 1;

			while (end < len && doc[end] != '&' && doc[end] != '<')
				end++;
			buf_add(out, doc + i, end - i);
			i = end;
		}
	}
	if (out->cap && out->len >= out->cap)
		return err_set(e, "document too large");
	return 0;
}
