/*
 * page.h - an article page's main text and metadata.  page_extract()
 * takes a page already converted to UTF-8 (common/charset.h) and finds
 * the article in it: a per-source XPath when one is configured, otherwise
 * a generic readability-like scoring of containers, with the page's
 * JSON-LD articleBody as a cross-check and a last resort.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include "common/arena.h"
#include "common/err.h"

#include <stddef.h>
#include <time.h>

/* How page_extract() found the text (so the crawler can log a per-source
 * XPath that no longer matches). */
enum page_method {
	PAGE_NONE,		/* no article text found */
	PAGE_XPATH,		/* the source's article_xpath */
	PAGE_GENERIC,		/* container scoring */
	PAGE_JSONLD,		/* JSON-LD articleBody (markup gave less) */
};

/* Every string is valid UTF-8, lives as long as the caller's arena (a few
 * are static constants; nothing is freed separately), or is NULL when the
 * page does not say.  text and raw_text are never NULL ("" at worst). */
struct page {
	const char *title;	/* headline without the " | Site" suffix */
	const char *text;	/* paragraphs separated by one blank line */
	const char *raw_text;	/* the chosen container's whole text, before
				 * boilerplate removal, for re-extraction and
				 * debugging */
	time_t published;	/* UTC; valid when has_published */
	int has_published;
	const char *author;
	const char *lang;	/* primary subtag: "ru", "ky", "en"... */
	const char *canonical_url;	/* absolute */
	enum page_method method;
	int xpath_missed;	/* article_xpath given but selected no
				 * element with text */
};

/* Extract the article from n bytes of UTF-8 HTML.  page_url is the URL
 * the page was fetched from (the base for relative links; may be NULL).
 * article_xpath, when not NULL, selects the article container(s)
 * directly; when it selects no text the generic algorithm runs and
 * out->xpath_missed is set.  Dates without a zone are taken as Bishkek
 * time (+06:00).  All strings in out live in arena a.  Returns 0 (also
 * when no text was found: then out->method is PAGE_NONE), or -1 with the
 * cause in e when the HTML cannot be parsed at all or the XPath is not
 * valid. */
int page_extract(const char *html_utf8, size_t n, const char *page_url,
		 const char *article_xpath, struct arena *a, struct page *out,
		 struct err *e);

#endif
