/*
 * html.c - escaping for HTML text, attributes and link targets.
 */
#include "html.h"

#include <string.h>
#include <strings.h>

void html_text(struct buf *out, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n')
				buf_addch(out, c);
		}
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
