/*
 * html.h - the one way text reaches HTML (the digest, reports, the web
 * pages): every string from the media or a user is escaped for the
 * context it lands in, as sfeed's xmlencode does.
 */
#ifndef MM_HTML_H
#define MM_HTML_H

#include "buf.h"

/* s as HTML text or a quoted attribute value: & < > " ' escaped, control
 * characters but tab and newline dropped. */
void html_text(struct buf *out, const char *s);
/* A link target: http and https URLs only (anything else, javascript:
 * included, becomes "#"), escaped for a quoted attribute. */
void html_url(struct buf *out, const char *url);

#endif
