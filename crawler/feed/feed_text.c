/*
 * feed_text.c - the string chores of feed parsing, each reproducing one
 * of feedparser's rules: Python's strip(), the "looks like HTML" guess,
 * the repair of UTF-8 read as Latin-1 and of windows-1252 code points,
 * base64 content, e-mail addresses in author names, HTML entity names.
 */
#include "feed_int.h"
#include "common/utf8.h"

#include <ctype.h>
#include <libxml/HTMLparser.h>
#include <string.h>

int fp_startswith(const char *s, const char *prefix)
{
	return s && !strncmp(s, prefix, strlen(prefix));
}

int fp_endswith(const char *s, const char *suffix)
{
	size_t n, m;

	if (!s)
		return 0;
	n = strlen(s);
	m = strlen(suffix);
	return n >= m && !memcmp(s + n - m, suffix, m);
}

const char *fp_lower(struct arena *a, const char *s)
{
	char *r = arena_strdup(a, s ? s : "");

	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

const char *fp_replace(struct arena *a, const char *s, const char *from,
		       const char *to)
{
	struct buf b = BUF_INIT;
	size_t fl = strlen(from);
	const char *p, *q;
	char *r;

	if (!fl || !strstr(s, from))
		return s;
	for (p = s; (q = strstr(p, from)); p = q + fl) {
		buf_add(&b, p, (size_t)(q - p));
		buf_adds(&b, to);
	}
	buf_adds(&b, p);
	r = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return r;
}

/* Length of the Unicode white space character at s (str.isspace()), or
 * 0 when there is none. */
static int space_len(const char *s, size_t n)
{
	uint32_t c;
	int l = utf8_decode(s, n, &c);

	if (l < 0)
		return 0;
	if ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	    c == 0x85 || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000)
		return l;
	return 0;
}

const char *fp_strip(struct arena *a, const char *s)
{
	size_t n = strlen(s), b = 0, e = n;
	int l;

	for (;;) {
		l = b < n ? space_len(s + b, n - b) : 0;
		if (l <= 0)
			break;
		b += (size_t)l;
	}
	while (e > b) {
		/* Find the start of the last character. */
		size_t k = e - 1;

		while (k > b && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
		if (space_len(s + k, e - k) != (int)(e - k))
			break;
		e = k;
	}
	if (b == 0 && e == n)
		return s;
	return arena_strndup(a, s + b, e - b);
}

static int is_word(unsigned char c)
{
	return isalnum(c) || c == '_' || c >= 0x80;
}

long fp_html_entity(const char *name, size_t n)
{
	char tmp[32];
	const htmlEntityDesc *d;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, name, n);
	tmp[n] = '\0';
	/* Python's html.entities knows HTML 4, which has no &apos;. */
	if (!strcmp(tmp, "apos"))
		return -1;
	d = htmlEntityLookup((const xmlChar *)tmp);
	return d ? (long)d->value : -1;
}

int fp_looks_like_html(const char *s)
{
	int seen = 0;
	const char *p;

	/* Must have a close tag or an entity reference to qualify. */
	for (p = s; (p = strstr(p, "</")) && !seen; p += 2) {
		const char *q = p + 2;

		while (is_word((unsigned char)*q))
			q++;
		if (q > p + 2 && *q == '>')
			seen = 1;
	}
	for (p = s; (p = strchr(p, '&')) && !seen; p++) {
		const char *q = p + 1;

		if (*q == '#')
			q++;
		while (is_word((unsigned char)*q))
			q++;
		if (q > p + 1 + (p[1] == '#') && *q == ';')
			seen = 1;
	}
	if (!seen)
		return 0;
	/* All tags must be among the HTML elements the sanitiser allows. */
	for (p = s; (p = strchr(p, '<')); p++) {
		const char *q = p + 1;

		if (*q == '/')
			q++;
		if (!is_word((unsigned char)*q))
			continue;
		p = q;
		while (is_word((unsigned char)*q))
			q++;
		if (!fp_html_acceptable_element(p, (size_t)(q - p)))
			return 0;
	}
	/* All entities must be HTML ones. */
	for (p = s; (p = strchr(p, '&')); p++) {
		const char *q = p + 1;

		while (is_word((unsigned char)*q))
			q++;
		if (q > p + 1 && *q == ';' &&
		    fp_html_entity(p + 1, (size_t)(q - p - 1)) < 0)
			return 0;
	}
	return 1;
}

/* windows-1252's characters for the C1 code points 0x80..0x9f (0 where
 * windows-1252 has none). */
static const uint16_t cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/*
 * Whether fp_fix_text() can change s, from its bytes alone: only text
 * with a non-ASCII byte and either no character past U+00FF (no byte
 * from 0xc4 up, which in UTF-8 only starts such a character) or a C1
 * control (0xc2 0x80..0x9f).  Cyrillic text has neither, and decoding
 * every string of a feed to find that out was a tenth of its parse.
 * Invalid UTF-8 is returned unchanged by the slow path too, so a false
 * "yes" here is harmless.
 */
static int may_fix(const char *s)
{
	const unsigned char *u = (const unsigned char *)s, *p;
	size_t n = strlen(s);
	int high = 0;

	/* A C1 control, found with memchr (every 0xc2 is a candidate). */
	for (p = u; (p = memchr(p, 0xc2, n - (size_t)(p - u))); p++)
		if (p[1] >= 0x80 && p[1] <= 0x9f)
			return 1;
	/* Then: non-ASCII, and none of it past U+00FF?  Cyrillic says
	 * no at its first letter. */
	for (; *u; u++) {
		if (*u >= 0xc4)
			return 0;
		high |= *u >= 0x80;
	}
	return high;
}

const char *fp_fix_text(struct arena *a, const char *s)
{
	size_t n, i;
	struct buf b = BUF_INIT;
	int high = 0, latin1 = 1, c1 = 0;
	const char *r = s;
	char *out;

	if (!may_fix(s))
		return s;
	n = strlen(s);
	for (i = 0; i < n;) {
		uint32_t c;
		int l = utf8_decode(s + i, n - i, &c);

		if (l < 0)
			return s;	/* cannot happen: the tree is UTF-8 */
		if (c >= 0x80)
			high = 1;
		if (c > 0xff)
			latin1 = 0;
		if (c >= 0x80 && c <= 0x9f)
			c1 = 1;
		i += (size_t)l;
	}
	if (!high)
		return s;
	if (latin1) {
		/* Text that is UTF-8 bytes read as Latin-1 gets its real
		 * characters back (feedparser's guess, made on every
		 * string of a UTF-8 document). */
		for (i = 0; i < n;) {
			uint32_t c;

			i += (size_t)utf8_decode(s + i, n - i, &c);
			buf_addch(&b, (int)c);
		}
		if (utf8_valid(b.data, b.len) && memchr(b.data, 0, b.len) ==
							 NULL) {
			r = arena_strndup(a, b.data, b.len);
			c1 = 0;
			for (i = 0; i < b.len;) {
				uint32_t c;

				i += (size_t)utf8_decode(b.data + i, b.len - i,
							 &c);
				c1 |= c >= 0x80 && c <= 0x9f;
			}
		}
		buf_reset(&b);
	}
	if (!c1) {
		buf_release(&b);
		return r;
	}
	n = strlen(r);
	for (i = 0; i < n;) {
		uint32_t c;
		int l = utf8_decode(r + i, n - i, &c);
		char enc[4];

		if (c >= 0x80 && c <= 0x9f && cp1252[c - 0x80])
			c = cp1252[c - 0x80];
		buf_add(&b, enc, (size_t)utf8_encode(c, enc));
		i += (size_t)l;
	}
	out = arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return out;
}

static int b64val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

const char *fp_base64(struct arena *a, const char *s)
{
	struct buf b = BUF_INIT;
	unsigned acc = 0;
	int quad = 0, pads = 0;
	const char *r = NULL;

	for (; *s; s++) {
		int v;

		if (*s == '=') {
			/* Padding after two or three characters ends the
			 * data (binascii's lenient mode). */
			if (quad >= 2 && quad + ++pads >= 4) {
				if (quad == 2) {
					buf_addch(&b, (int)((acc >> 4) & 0xff));
				} else {
					buf_addch(&b,
						  (int)((acc >> 10) & 0xff));
					buf_addch(&b, (int)((acc >> 2) & 0xff));
				}
				quad = 0;
				break;
			}
			continue;
		}
		v = b64val((unsigned char)*s);
		if (v < 0)
			continue;
		pads = 0;
		acc = (acc << 6) | (unsigned)v;
		if (++quad == 4) {
			buf_addch(&b, (int)((acc >> 16) & 0xff));
			buf_addch(&b, (int)((acc >> 8) & 0xff));
			buf_addch(&b, (int)(acc & 0xff));
			quad = 0;
			acc = 0;
		}
	}
	if (quad != 0)
		goto out;
	if (utf8_valid(b.data, b.len) && !memchr(b.data, 0, b.len))
		r = arena_strndup(a, b.data, b.len);
out:
	buf_release(&b);
	return r;
}

static int email_local(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '+' || c == '-';
}

/* Domain part at s: (label '.')+ then 2-4 letters or 1-3 digits, then an
 * optional ']' and "?subject=..." (feedparser's pattern).  Returns the
 * length matched, 0 for none. */
static size_t email_domain(const char *s)
{
	size_t ends[64], k = 0, i = 0;

	if (s[0] == '[') {
		/* An IP literal: "[1.2.3." then the last group. */
		size_t j = 1;

		for (int g = 0; g < 3; g++) {
			size_t d = 0;

			while (isdigit((unsigned char)s[j]) && d < 3)
				j++, d++;
			if (!d || s[j] != '.')
				return 0;
			j++;
		}
		ends[k++] = j;
	} else {
		for (;;) {
			size_t j = i;

			while (isalnum((unsigned char)s[j]) || s[j] == '-')
				j++;
			if (j == i || s[j] != '.' || k == 64)
				break;
			i = j + 1;
			ends[k++] = i;
		}
	}
	/* Greedy labels, giving back one at a time for the last part. */
	while (k > 0) {
		size_t j = ends[k - 1], m = 0;

		while (isalpha((unsigned char)s[j + m]) && m < 4)
			m++;
		if (m < 2) {
			m = 0;
			while (isdigit((unsigned char)s[j + m]) && m < 3)
				m++;
		}
		if (m > 0) {
			j += m;
			if (s[j] == ']')
				j++;
			if (!strncmp(s + j, "?subject=", 9) && s[j + 9] &&
			    !isspace((unsigned char)s[j + 9])) {
				j += 9;
				while (s[j] && !isspace((unsigned char)s[j]))
					j++;
			}
			return j;
		}
		k--;
		if (s[0] == '[')
			break;
	}
	return 0;
}

int fp_find_email(const char *s, size_t *start, size_t *len)
{
	for (const char *at = strchr(s, '@'); at; at = strchr(at + 1, '@')) {
		const char *b = at;
		size_t d;

		while (b > s && email_local((unsigned char)b[-1]))
			b--;
		if (b == at)
			continue;
		d = email_domain(at + 1);
		if (!d)
			continue;
		*start = (size_t)(b - s);
		*len = (size_t)(at + 1 + d - b);
		return 1;
	}
	return 0;
}
