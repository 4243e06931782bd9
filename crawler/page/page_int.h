/*
 * page_int.h - what the page_*.c files share and the rest of the crawler
 * does not need: pruning, scoring and cleaning passes, the furniture
 * vocabulary, text clean-up and metadata.  The public API is page.h
 * (extraction) and page_dom.h (the tree helpers and the text writer).
 */
#ifndef MM_PAGE_INT_H
#define MM_PAGE_INT_H

#include "page.h"
#include "page_dom.h"
#include "common/buf.h"

/* Pass flags; a failed pass is retried with fewer of them (as
 * Readability.js does), so a page whose whole body is class="comments-..."
 * still yields text. */
enum page_flags {
	PF_STRIP_UNLIKELY = 1 << 0,	/* drop class/id-hinted furniture */
	PF_WEIGHT_CLASSES = 1 << 1,	/* class/id hints move scores */
	PF_CLEAN_COND = 1 << 2,		/* drop link lists, galleries... */
	PF_ALL = (1 << 3) - 1,
};

/* xmlNode._private of nodes page_clean_article() must keep. */
extern char page_protected[];

/* ---- page_len.c: memoised text lengths ---- */

/* Between page_lens_begin() and page_lens_end() (which frees the table
 * and must come before xmlFreeDoc(); nothing when doc has no lens), the
 * text lengths of doc's elements are remembered in c, reached through
 * doc->_private.  What changes the tree in between says so before the
 * next length is asked: page_tree_changed() with the element whose
 * content changed (its ancestors follow), page_tree_freeing() with a
 * node about to be freed (page_remove() does).  Without c, every
 * length is walked again, as for the crawler's other HTML readers. */
struct page_lens {
	struct len_entry *e;
	size_t cap, used;
};

void page_lens_begin(xmlDoc *doc, struct page_lens *c);
void page_lens_end(xmlDoc *doc);
void page_tree_changed(const xmlNode *n);
void page_tree_freeing(const xmlNode *n);

/* ---- page_words.c: furniture vocabulary ---- */

/* Is the text s (n bytes) a furniture phrase ("Читайте также", "Related",
 * "Advertisement"...)?  With prefix, does it start with one? */
int page_furniture_text(const char *s, size_t n, int prefix);
/* Do a and b say the same (case and white space folded, one containing
 * the other and at least half as long)?  For headlines vs the title. */
int page_same_text(const char *a, const char *b);

/* ---- page_clean.c: removing page furniture ---- */

/* Drop what is never article text anywhere in the document (scripts,
 * forms, hidden nodes, navigation, and with PF_STRIP_UNLIKELY the
 * class/id-hinted furniture); turn text-only divs into paragraphs. */
void page_prune(xmlDoc *doc, xmlNode *body, unsigned flags);
/* Class/id weight: +25 for article-like hints, -25 for furniture. */
int page_class_weight(const xmlNode *n, unsigned flags);
/* Clean the chosen article container: share bars, related-links
 * blocks, galleries, captions, forms, the headline (title may be NULL),
 * headings styled as furniture. */
void page_clean_article(xmlNode *article, unsigned flags, const char *title);

/* ---- page_score.c: choosing the container ---- */

/* Score candidates under body and move the best container, its
 * qualifying siblings and its continuation parts into a new detached
 * <div>, returned (caller frees with xmlFreeNode).  The article's core
 * is marked with page_protected.  NULL when nothing scored. */
xmlNode *page_grab(xmlDoc *doc, xmlNode *body, unsigned flags);

/* ---- page_text.c: text output (page_text() is in page_dom.h) ---- */

/* Drop paragraphs that are only a furniture word ("Advertisement",
 * "Реклама", "Share this"), in place. */
void page_text_trim_furniture(struct buf *text);

/* ---- page_meta.c: metadata ---- */

struct page_ld {
	const char *article_body;	/* JSON-LD articleBody or NULL */
	const char *headline;
	const char *date_published;
	const char *author;
};

/* Merge the schema.org Article found in one JSON-LD script text into ld
 * (earlier finds win, except a longer articleBody).  Strings in a. */
void page_jsonld(const char *s, size_t n, struct arena *a, struct page_ld *ld);
/* Fill out's title, published, author, lang and canonical_url from the
 * untouched document, and ld from its JSON-LD scripts.  Strings in a. */
void page_meta(xmlDoc *doc, const char *page_url, struct arena *a,
	       struct page *out, struct page_ld *ld);
/* Set out->lang when the markup did not, or correct "ru" to "ky" (and
 * back), from the letters of the extracted text. */
void page_lang_from_text(const char *text, struct page *out);

#endif
