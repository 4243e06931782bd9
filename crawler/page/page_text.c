/*
 * page_text.c - the article container as plain text: paragraphs (block
 * elements) separated by a blank line, <br> as a line break, white space
 * collapsed as a browser renders it.  Captions and controls are not part
 * of the text.
 */
#include "page_int.h"
#include "common/deadline.h"

#include <string.h>

/* Elements whose text a reader does not read as the article. */
static const char *const skip_tags[] = {
	"script", "style", "noscript", "template", "svg", "math", "button",
	"select", "option", "textarea", "input", "iframe", "object", "embed",
	"canvas", "audio", "video", "figcaption", "nav", "head",
	"title", NULL,
};

struct writer {
	struct buf *out;
	int space;	/* white space seen since the last character */
	int line;	/* a <br> since the last character */
	int par;	/* a block boundary since the last character */
};

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* U+00A0 and other Unicode spaces collapse like ASCII ones. */
static int uni_space(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xa0)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    ((u[2] >= 0x80 && u[2] <= 0x8a) || u[2] == 0xaf || u[2] == 0xa8 ||
	     u[2] == 0xa9))
		return 3;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x81 && u[2] == 0x9f)
		return 3;
	if (n >= 3 && u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* Zero-width characters vanish (soft hyphen, ZWSP, BOM). */
static int invisible(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n >= 2 && u[0] == 0xc2 && u[1] == 0xad)
		return 2;
	if (n >= 3 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0x8b || u[2] == 0x8c || u[2] == 0x8d))
		return 3;
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return 3;
	return 0;
}

/* Lead bytes of the spaces and invisible characters above. */
static int special_lead(unsigned char c)
{
	return c == 0xc2 || c == 0xe2 || c == 0xe3 || c == 0xef;
}

static void put_text(struct writer *w, const char *s)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		size_t j;
		int k;

		if (is_ws((unsigned char)s[i])) {
			w->space = 1;
			i++;
			continue;
		}
		k = uni_space(s + i, n - i);
		if (k) {
			w->space = 1;
			i += (size_t)k;
			continue;
		}
		k = invisible(s + i, n - i);
		if (k) {
			i += (size_t)k;
			continue;
		}
		if (w->out->len) {
			if (w->par)
				buf_add(w->out, "\n\n", 2);
			else if (w->line)
				buf_addch(w->out, '\n');
			else if (w->space)
				buf_addch(w->out, ' ');
		}
		w->par = w->line = w->space = 0;
		/* The run up to the next byte that may be white space or
		 * invisible goes in one copy (byte by byte, the copies were
		 * a tenth of the extraction). */
		for (j = i + 1; j < n && !is_ws((unsigned char)s[j]) &&
				!special_lead((unsigned char)s[j]); j++)
			;
		buf_add(w->out, s + i, j - i);
		i = j;
	}
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if ((*list)[0] == s[0] && !strcmp(s, *list))
			return 1;
	return 0;
}

static void walk(struct writer *w, const xmlNode *n)
{
	for (const xmlNode *c = n->children; c && !deadline_passed();
	     c = c->next) {
		int block;

		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				put_text(w, (const char *)c->content);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (in_list((const char *)c->name, skip_tags))
			continue;
		if (page_tag_is(c, "br")) {
			/* "<br><br>" is how many sites and Telegram type a
			 * paragraph break. */
			if (w->line)
				w->par = 1;
			w->line = 1;
			continue;
		}
		/* Table cells of one row read as one line. */
		if (page_tag_is(c, "td") || page_tag_is(c, "th")) {
			w->space = 1;
			walk(w, c);
			w->space = 1;
			continue;
		}
		if (page_tag_is(c, "tr")) {
			w->line = 1;
			walk(w, c);
			w->line = 1;
			continue;
		}
		block = page_is_block_tag(c);
		if (block)
			w->par = 1;
		walk(w, c);
		if (block)
			w->par = 1;
	}
}

void page_text(const xmlNode *n, struct buf *out)
{
	struct writer w = { out, 0, 0, out->len > 0 };

	walk(&w, n);
}

/* The last paragraph separator in s, or NULL. */
static char *memmem_last(char *s, size_t n)
{
	for (size_t i = n; i >= 2; i--)
		if (s[i - 1] == '\n' && s[i - 2] == '\n')
			return s + i - 2;
	return NULL;
}

/* A closing "© 2019 Site. All rights reserved." line. */
static int is_copyright(const char *s, size_t n)
{
	static const char *const marks[] = {
		"\xc2\xa9", "copyright", "Copyright", "All rights reserved",
		"all rights reserved", "Все права защищены",
		"все права защищены", NULL,
	};

	if (n > 200)
		return 0;
	for (const char *const *m = marks; *m; m++)
		if (memmem(s, n, *m, strlen(*m)))
			return 1;
	return 0;
}

/* The next "\n\n" in s[0..n), or NULL.  memchr stops at what it finds;
 * strstr on the rest of a long text would be measured whole at every
 * paragraph under AddressSanitizer (its strstr takes the haystack's
 * length first), which made pages of thousands of paragraphs quadratic
 * there. */
static char *para_break(char *s, size_t n)
{
	char *end = s + n;

	while ((s = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		if (s + 1 < end && s[1] == '\n')
			return s;
		s++;
	}
	return NULL;
}

void page_text_trim_furniture(struct buf *t)
{
	struct buf out = BUF_INIT;
	size_t i = 0;

	/* Paragraph by paragraph; a dropped one takes its separator. */
	while (i < t->len) {
		char *end = para_break(t->data + i, t->len - i);
		size_t len = end ? (size_t)(end - t->data) - i : t->len - i;

		if (!page_furniture_text(t->data + i, len, 0)) {
			if (out.len)
				buf_add(&out, "\n\n", 2);
			buf_add(&out, t->data + i, len);
		}
		i += len + (end ? 2 : 0);
	}
	buf_reset(t);
	buf_add(t, out.data, out.len);
	buf_release(&out);
	/* Trailing copyright lines. */
	for (;;) {
		char *last = t->len ? memmem_last(t->data, t->len) : NULL;
		size_t start = last ? (size_t)(last - t->data) + 2 : 0;

		if (!t->len || !is_copyright(t->data + start, t->len - start))
			break;
		buf_truncate(t, last ? (size_t)(last - t->data) : 0);
	}
}
