/*
 * page_extract.c - page_extract(): parse the page with libxml2's HTML
 * parser, read the metadata, then find the article text: the source's
 * XPath when given, else prune, score and clean (retrying with fewer
 * heuristics when the result is short, as Readability.js does), with
 * JSON-LD articleBody as the fallback when the markup gives much less.
 */
#include "page_int.h"
#include "common/deadline.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <limits.h>
#include <string.h>

/* Shorter results make the generic pass retry with fewer heuristics. */
#define MIN_ARTICLE_CHARS 500

static xmlNode *find_body(xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc);

	if (!root)
		return NULL;
	for (xmlNode *c = root->children; c; c = c->next)
		if (page_tag_is(c, "body"))
			return c;
	return root;
}

static size_t chars(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			k++;
	return k;
}

/* One generic pass with flags over a (fresh) document.  Appends the
 * cleaned text to text and the container's whole text to raw. */
static void generic_pass(xmlDoc *doc, unsigned flags, const char *title,
			 struct buf *text, struct buf *raw)
{
	xmlNode *body = find_body(doc), *article;

	if (!body)
		return;
	page_prune(doc, body, flags);
	article = page_grab(doc, body, flags);
	page_text(article ? article : body, raw);
	page_clean_article(article ? article : body, flags, title);
	page_text(article ? article : body, text);
	page_text_trim_furniture(text);
	if (article) {
		page_tree_freeing(article);
		xmlFreeNode(article);
	}
}

/* The generic algorithm.  doc is the already parsed page (consumed by
 * the first pass, with the lengths page_meta() left in its lens); retries
 * parse the bytes again. */
static void generic(xmlDoc *doc, const char *html, size_t n, const char *url,
		    const char *title, struct buf *text, struct buf *raw)
{
	static const unsigned passes[] = {
		PF_ALL,
		PF_ALL & ~PF_STRIP_UNLIKELY,
		PF_ALL & ~PF_STRIP_UNLIKELY & ~PF_WEIGHT_CLASSES,
		0,
	};
	struct buf t = BUF_INIT, r = BUF_INIT;
	struct page_lens lens;

	for (size_t i = 0; i < sizeof(passes) / sizeof(*passes); i++) {
		if (i > 0 || !doc) {
			doc = page_parse_html(html, n, url);
			if (doc)
				page_lens_begin(doc, &lens);
		}
		if (!doc)
			break;
		buf_reset(&t);
		buf_reset(&r);
		generic_pass(doc, passes[i], title, &t, &r);
		page_lens_end(doc);
		xmlFreeDoc(doc);
		doc = NULL;
		/* A pass with fewer heuristics also lets more furniture in
		 * (a footer "about us" can outweigh a short news item): it
		 * must find more than twice the text to be preferred. */
		if (!text->len || chars(t.data, t.len) >
				  2 * chars(text->data, text->len) + 20) {
			buf_reset(text);
			buf_reset(raw);
			buf_add(text, t.data, t.len);
			buf_add(raw, r.data, r.len);
		}
		if (chars(text->data, text->len) >= MIN_ARTICLE_CHARS)
			break;
	}
	if (doc) {
		page_lens_end(doc);
		xmlFreeDoc(doc);
	}
	buf_release(&t);
	buf_release(&r);
}

static void xpath_silence(void *ctx, xmlError *err)
{
	(void)ctx;
	(void)err;
}

/* The text of the elements article_xpath selects, in document order
 * (an element inside another selected one is not repeated).  -1 with
 * the cause in e when the expression is not valid XPath. */
static int by_xpath(xmlDoc *doc, const char *xpath, const char *title,
		    struct buf *text, struct buf *raw, struct err *e)
{
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathObject *res = NULL;
	xmlNodeSet *set;
	xmlNode **outer;
	size_t nouter = 0;
	int ret = -1;

	if (!ctx)
		return err_set(e, "cannot evaluate article_xpath '%s'", xpath);
	ctx->error = xpath_silence;
	res = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	if (!res) {
		err_set(e, "article_xpath '%s' is not a valid XPath expression",
			xpath);
		goto out;
	}
	ret = 0;
	set = res->type == XPATH_NODESET ? res->nodesetval : NULL;
	if (!set || !set->nodeNr)
		goto out;
	/* Pruning a selected element frees what it drops, and that may
	 * include elements selected after it (and the node set's own
	 * release reads every node): take the outermost elements out of
	 * the set and let it go before anything changes.  In document
	 * order, an element is inside a selected one exactly when it is
	 * inside the last outermost one kept, so one pass does. */
	xmlXPathNodeSetSort(set);
	outer = xcalloc(set->nodeNr, sizeof(*outer));
	for (int i = 0; i < set->nodeNr; i++) {
		xmlNode *n = set->nodeTab[i], *p = NULL;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (nouter)
			for (p = n->parent; p; p = p->parent)
				if (p == outer[nouter - 1])
					break;
		if (!p)
			outer[nouter++] = n;
	}
	xmlXPathFreeObject(res);
	res = NULL;
	for (size_t i = 0; i < nouter; i++) {
		/* Scripts and hidden parts go; the operator chose the
		 * container, so no class/id guessing inside it. */
		page_prune(doc, outer[i], 0);
		page_text(outer[i], raw);
		page_clean_article(outer[i], PF_WEIGHT_CLASSES, title);
		page_text(outer[i], text);
	}
	free(outer);
	page_text_trim_furniture(text);
out:
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(ctx);
	return ret;
}

/* JSON-LD articleBody as text: markup and entities in it are rendered
 * (line breaks of an entity-only text become paragraph breaks, as they
 * do in plain text). */
static void ld_text(const char *body, struct buf *out)
{
	int tags = strchr(body, '<') != NULL;

	if (tags || strchr(body, '&')) {
		struct buf h = BUF_INIT;
		xmlDoc *d;
		xmlNode *b;

		for (const char *s = body; *s; s++)
			if (*s == '\n' && !tags)
				buf_adds(&h, "<br><br>");
			else
				buf_addch(&h, *s);
		d = page_parse_html(h.data, h.len, NULL);
		b = d ? find_body(d) : NULL;
		if (b) {
			page_prune(d, b, 0);
			page_text(b, out);
		}
		if (d)
			xmlFreeDoc(d);
		buf_release(&h);
		return;
	}
	for (const char *s = body; *s; s++) {
		if (*s == '\n') {
			while (s[1] == '\n' || s[1] == '\r' || s[1] == ' ')
				s++;
			if (out->len)
				buf_adds(out, "\n\n");
			continue;
		}
		if (*s != '\r')
			buf_addch(out, *s);
	}
	buf_trim(out);
}

/* Valid UTF-8 in the arena (libxml2 only ever hands out UTF-8, but the
 * caller's promise about its input is not checked anywhere else). */
static const char *keep(struct arena *a, const struct buf *b)
{
	struct buf s = BUF_INIT;
	const char *r;

	if (utf8_valid(b->data, b->len))
		return arena_strndup(a, b->data, b->len);
	utf8_sanitize(&s, b->data, b->len);
	r = arena_strndup(a, s.data, s.len);
	buf_release(&s);
	return r;
}

int page_extract(const char *html, size_t n, const char *page_url,
		 const char *article_xpath, struct arena *a, struct page *out,
		 struct err *e)
{
	struct buf text = BUF_INIT, raw = BUF_INIT;
	struct page_ld ld;
	struct page_lens lens;
	xmlDoc *doc;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	memset(&ld, 0, sizeof(ld));
	out->text = out->raw_text = "";
	if (n > INT_MAX)
		return err_set(e, "page of %zu bytes is too large to parse", n);
	doc = page_parse_html(html, n, page_url);
	if (deadline_passed()) {
		xmlFreeDoc(doc);
		return err_set(e, "parse took longer than %g s",
			       deadline_seconds());
	}
	if (!doc)
		return err_set(e, "cannot parse the page as HTML");
	/* Lengths measured for the metadata serve the first pass too;
	 * the lens goes before the document does. */
	page_lens_begin(doc, &lens);
	page_meta(doc, page_url, a, out, &ld);
	if (article_xpath && *article_xpath) {
		if (by_xpath(doc, article_xpath, out->title, &text, &raw,
			     e) < 0) {
			page_lens_end(doc);
			xmlFreeDoc(doc);
			goto out;
		}
		page_lens_end(doc);
		xmlFreeDoc(doc);
		doc = NULL;
		if (text.len) {
			out->method = PAGE_XPATH;
		} else {
			/* The XPath pass changed the tree; start again. */
			out->xpath_missed = 1;
			buf_reset(&raw);
			doc = page_parse_html(html, n, page_url);
			if (doc)
				page_lens_begin(doc, &lens);
		}
	}
	if (out->method == PAGE_NONE) {
		generic(doc, html, n, page_url, out->title, &text, &raw);
		if (text.len)
			out->method = PAGE_GENERIC;
	}
	if (out->method != PAGE_XPATH && ld.article_body) {
		struct buf l = BUF_INIT;

		ld_text(ld.article_body, &l);
		/* The markup gave much less than the page says it holds:
		 * a script-rendered body or a wrong container. */
		if (chars(l.data, l.len) >= 80 &&
		    chars(l.data, l.len) > 2 * chars(text.data, text.len)) {
			buf_reset(&text);
			buf_add(&text, l.data, l.len);
			out->method = PAGE_JSONLD;
		}
		buf_release(&l);
	}
	if (deadline_passed()) {
		err_set(e, "parse took longer than %g s", deadline_seconds());
		goto out;
	}
	out->text = keep(a, &text);
	out->raw_text = keep(a, &raw);
	page_lang_from_text(out->text, out);
	ret = 0;
out:
	buf_release(&text);
	buf_release(&raw);
	return ret;
}
