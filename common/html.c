/*
 * html.c - escaping for HTML text, attributes and link targets.
 */
#include "html.h"

#include <string.h>
#include <strings.h>

/* Bytes html_text() writes as they are: all but the five it escapes
 * and the control characters it drops (tab and newline stay).  A table,
 * as this is asked of every byte of every page. */
static const unsigned char plain[256] = {
	['\t'] = 1, ['\n'] = 1,
	[' '] = 1, ['!'] = 1, ['#' ... '%'] = 1, ['(' ... ';'] = 1,
	['='] = 1, ['?' ... 0x7f] = 1, [0x80 ... 0xff] = 1,
};

void html_text(struct buf *out, const char *s)
{
	if (!s)
		return;
	while (*s) {
		const char *run = s;

		/* a page is mostly text to copy: copy it in runs */
		while (plain[(unsigned char)*s])
			s++;
		buf_add(out, run, (size_t)(s - run));
		switch (*s) {
		case '\0': return;
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default: break;	/* a control character: dropped */
		}
		s++;
	}
}

void html_url(struct buf *out, const char *url)
{
	if (!url || (strncasecmp(url, "http://", 7) &&
		     strncasecmp(url, "https://", 8))) {
		buf_addch(out, '#');
		return;
	}
	html_text(out, url);
}
