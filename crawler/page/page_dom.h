/*
 * page_dom.h - the page library's helpers over libxml2's HTML tree (tag
 * and attribute tests, document-order walking, text measures) and its
 * text writer, shared with the crawler's other HTML readers: the
 * Telegram channel parser and the listing-page link finder.
 */
#ifndef MM_PAGE_DOM_H
#define MM_PAGE_DOM_H

#include "common/buf.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* ---- page_dom.c ---- */

/* Parse n bytes of HTML already converted to UTF-8 (common/charset.h)
 * with the crawler's one set of libxml2 options: no network, no error
 * output, recovery from any markup, and the caller's UTF-8 trusted over
 * a <meta charset> left in the markup.  url (may be NULL) is the
 * document's own.  Caller frees with xmlFreeDoc(); NULL when libxml2
 * builds no document or n is past INT_MAX. */
xmlDoc *page_parse_html(const char *html_utf8, size_t n, const char *url);

int page_tag_is(const xmlNode *n, const char *name);
/* The value of attribute name as stored in the tree (borrowed; valid
 * while the node lives), or NULL. */
const char *page_attr(const xmlNode *n, const char *name);
/* Lower-cased "class id" of n into out (truncated to len). */
void page_class_id(const xmlNode *n, char *out, size_t len);
/* Does hay contain any of the NULL-terminated words? */
int page_hint(const char *hay, const char *const *words);
int page_is_block_tag(const xmlNode *n);
/* Next node in document order under root; children are skipped when
 * skip_children (so the caller may free n after taking its successor).
 * NULL at the end, and once the document's CPU budget is spent
 * (common/deadline.h). */
xmlNode *page_next(xmlNode *n, const xmlNode *root, int skip_children);
void page_remove(xmlNode *n);
int page_has_ancestor(const xmlNode *n, const char *tag, int max_depth);
size_t page_count_char(const xmlNode *n, const char *ch);
/* Append n's text with white space collapsed (no structure). */
void page_inner_text(const xmlNode *n, struct buf *out);
/* Visible to a reader?  Not hidden by attribute, inline style or ARIA. */
int page_is_visible(const xmlNode *n);

/* ---- page_len.c ---- */

/* Characters (code points) of n's text with runs of white space counted
 * as one, leading and trailing white space not counted. */
size_t page_text_len(const xmlNode *n);
/* Share of n's text inside links (weighted down for in-page "#" links). */
double page_link_density(const xmlNode *n);

/* ---- page_text.c ---- */

/* Append n's text as paragraphs separated by blank lines: block
 * elements start paragraphs, <br> starts a line, white space collapses;
 * headlines (<h1>), captions, scripts and controls are left out. */
void page_text(const xmlNode *n, struct buf *out);

#endif
