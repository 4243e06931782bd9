/*
 * markup.c - counting attributes per start tag without a parser.  Each
 * byte is looked at a bounded number of times: a comment, CDATA section,
 * raw-text element or quoted value that never ends runs to the end of
 * the document once, never again for each tag.
 */
#include "markup.h"
#include "hash.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int tag_start(unsigned char c, enum markup_lang lang)
{
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return 1;
	return lang == MARKUP_XML && (c == '_' || c == ':' || c >= 0x80);
}

/* Does s[i..n) start with lit?  (s need not be NUL-terminated.) */
static int at(const char *s, size_t n, size_t i, const char *lit)
{
	size_t l = strlen(lit);

	return n - i >= l && !memcmp(s + i, lit, l);
}

/* Index past the first occurrence of term at or after i, or n. */
static size_t past(const char *s, size_t n, size_t i, const char *term)
{
	size_t tl = strlen(term);
	const char *p = i < n ? memmem(s + i, n - i, term, tl) : NULL;

	return p ? (size_t)(p - s) + tl : n;
}

/* HTML script and style hold text up to their end tag, as libxml2's
 * HTML parser reads them (recovery mode: "</name", any case). */
static size_t raw_text_end(const char *s, size_t n, size_t i,
			   const char *name, size_t len)
{
	while (i < n) {
		const char *lt = memchr(s + i, '<', n - i);

		if (!lt)
			return n;
		i = (size_t)(lt - s);
		if (n - i >= len + 2 && s[i + 1] == '/' &&
		    !strncasecmp(s + i + 2, name, len))
			return i;
		i++;
	}
	return n;
}

/* Length of the element name at s[name..end). */
static size_t name_len(const char *s, size_t end, size_t name)
{
	size_t j = name;

	while (j < end && !space(s[j]) && s[j] != '>' && s[j] != '/' &&
	       s[j] != '<')
		j++;
	return j - name;
}

/* The start tag at s[i] == '<': its end (index of '>', or where it
 * breaks off), its attribute count, and where the attribute past the
 * cap starts (*cut, when the count is over it). */
static size_t start_tag(const char *s, size_t n, size_t i,
			enum markup_lang lang, size_t *count, size_t *cut)
{
	size_t j = i + 1;

	*count = 0;
	while (j < n && !space(s[j]) && s[j] != '>' && s[j] != '/')
		j++;
	for (;;) {
		size_t a;

		while (j < n && (space(s[j]) || s[j] == '/'))
			j++;
		if (j >= n || s[j] == '>' ||
		    (lang == MARKUP_XML && s[j] == '<'))
			return j;
		a = j;
		while (j < n && !space(s[j]) && s[j] != '=' && s[j] != '>' &&
		       s[j] != '/' && !(lang == MARKUP_XML && s[j] == '<'))
			j++;
		if (j == a)
			j++;	/* a lone '=': skip it */
		while (j < n && space(s[j]))
			j++;
		if (j < n && s[j] == '=') {
			j++;
			while (j < n && space(s[j]))
				j++;
			if (j < n && (s[j] == '"' || s[j] == '\'')) {
				char q = s[j++];

				/* XML values end at '<', as libxml2 stops. */
				while (j < n && s[j] != q &&
				       !(lang == MARKUP_XML && s[j] == '<'))
					j++;
				if (j < n && s[j] == q)
					j++;
			} else {
				while (j < n && !space(s[j]) && s[j] != '>')
					j++;
			}
		}
		if (++*count == MARKUP_MAX_ATTRS + 1)
			*cut = a;
	}
}

/* The distinct element names seen: open addressing over the names in
 * s (offset and length), twice MARKUP_MAX_NAMES slots. */
struct names {
	const char *s;
	struct { size_t off, len; } slot[2 * MARKUP_MAX_NAMES];
	size_t count;
};

/* Remember the name s[off..off+len); -1 once there are too many. */
static int names_add(struct names *t, size_t off, size_t len)
{
	size_t m = sizeof(t->slot) / sizeof(*t->slot);
	size_t h = hash_bytes(t->s + off, len, HASH_INIT) % m;

	for (; t->slot[h].len; h = (h + 1) % m)
		if (t->slot[h].len == len &&
		    !memcmp(t->s + t->slot[h].off, t->s + off, len))
			return 0;
	if (t->count == MARKUP_MAX_NAMES)
		return -1;
	t->slot[h].off = off;
	t->slot[h].len = len;
	t->count++;
	return 0;
}

long markup_check(const char *s, size_t n, enum markup_lang lang,
		  struct buf *out, struct err *e)
{
	size_t i = 0, copied = 0, count, cut = 0, name, end;
	long dropped = 0;
	struct names *names = xcalloc(1, sizeof(*names));

	names->s = s;

	/* Pass 1 counts only (out NULL); pass 2 writes, when needed. */
	for (int pass = 0; pass < 2; pass++) {
		i = copied = 0;
		while (i < n) {
			const char *lt = memchr(s + i, '<', n - i);

			if (!lt || (size_t)(lt - s) + 1 >= n)
				break;
			i = (size_t)(lt - s);
			if (at(s, n, i, "<!--")) {
				i = past(s, n, i + 4, "-->");
			} else if (lang == MARKUP_XML &&
				   at(s, n, i, "<![CDATA[")) {
				i = past(s, n, i + 9, "]]>");
			} else if (s[i + 1] == '?' && lang == MARKUP_XML) {
				i = past(s, n, i + 2, "?>");
			} else if (!tag_start((unsigned char)s[i + 1], lang)) {
				i++;
			} else {
				name = i + 1;
				end = start_tag(s, n, i, lang, &count, &cut);
				if (pass == 0 && names_add(names, name,
						name_len(s, end, name)) < 0) {
					free(names);
					return err_set(e, "more than %d "
						       "distinct element "
						       "names",
						       MARKUP_MAX_NAMES);
				}
				if (count > MARKUP_MAX_ATTRS) {
					if (pass == 0)
						dropped += (long)(count -
							MARKUP_MAX_ATTRS);
					else if (buf_add(out, s + copied,
							 cut - copied) < 0)
						goto too_large;
					/* Keep "/>" of an empty element. */
					copied = end < n && end > cut &&
						 s[end - 1] == '/' ? end - 1 :
								      end;
				}
				i = end;
				if (lang == MARKUP_HTML && end < n) {
					size_t len = 0;

					while (name + len < end &&
					       tag_start((unsigned char)
							 s[name + len], lang))
						len++;
					if ((len == 6 && !strncasecmp(
						     s + name, "script", 6)) ||
					    (len == 5 && !strncasecmp(
						     s + name, "style", 5)))
						i = raw_text_end(s, n, end,
								 s + name, len);
				}
			}
		}
		if (!dropped) {
			free(names);
			return 0;
		}
		if (pass == 1)
			break;
	}
	free(names);
	if (buf_add(out, s + copied, n - copied) < 0)
		return err_set(e, "document too large");
	return dropped;
too_large:
	free(names);
	return err_set(e, "document too large");
}
