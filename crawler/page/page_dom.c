/*
 * page_dom.c - libxml2's HTML tree for the extractor and the crawler's
 * other HTML readers: parsing with one set of options, tag and attribute
 * tests, document-order walking, inner text (text length and link
 * density are in page_len.c).
 */
#include "page_int.h"
#include "common/deadline.h"
#include "common/markup.h"

#include <libxml/SAX2.h>

#include <limits.h>
#include <string.h>
#include <strings.h>

/* Every element start asks the document's CPU budget: once it is spent,
 * libxml2 stops where it is (the caller sees deadline_passed()). */
static void start_element(void *ctx, const xmlChar *name,
			  const xmlChar **atts)
{
	if (deadline_passed())
		xmlStopParser(ctx);
	else
		xmlSAX2StartElement(ctx, name, atts);
}

static void quiet_error(void *ctx, xmlError *err)
{
	(void)ctx;
	(void)err;
}

xmlDoc *page_parse_html(const char *html_utf8, size_t n, const char *url)
{
	struct buf capped = BUF_INIT;
	htmlParserCtxtPtr ctxt;
	xmlDoc *doc = NULL;
	struct err e;
	long dropped;

	if (n > INT_MAX)
		return NULL;
	/* libxml2 is quadratic in the attributes of one element and in
	 * distinct names; a refused page has no document. */
	dropped = markup_check(html_utf8, n, MARKUP_HTML, &capped, &e);
	if (dropped < 0)
		goto out;
	if (dropped > 0) {
		html_utf8 = capped.data;
		n = capped.len;
	}
	ctxt = htmlNewParserCtxt();
	if (!ctxt)
		goto out;
	ctxt->sax->startElement = start_element;
	/* Not even the messages HTML_PARSE_NOERROR lets through reach
	 * stderr: diagnostics go through log_msg() only. */
	ctxt->sax->serror = quiet_error;
	doc = htmlCtxtReadMemory(ctxt, html_utf8, (int)n, url, "UTF-8",
				 HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				 HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
				 HTML_PARSE_IGNORE_ENC);
	htmlFreeParserCtxt(ctxt);
out:
	buf_release(&capped);
	return doc;
}

int page_tag_is(const xmlNode *n, const char *name)
{
	/* The first byte first: every pass asks this of every node. */
	return n && n->type == XML_ELEMENT_NODE && n->name[0] == name[0] &&
	       !strcmp((const char *)n->name, name);
}

const char *page_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *p;

	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (p = n->properties; p; p = p->next) {
		if (strcasecmp((const char *)p->name, name))
			continue;
		/* The HTML parser stores a value as one text child. */
		if (p->children && p->children->type == XML_TEXT_NODE &&
		    p->children->content)
			return (const char *)p->children->content;
		return "";
	}
	return NULL;
}

void page_class_id(const xmlNode *n, char *out, size_t len)
{
	const char *parts[2] = { page_attr(n, "class"), page_attr(n, "id") };
	size_t o = 0;

	for (int k = 0; k < 2; k++) {
		const char *s = parts[k];

		if (!s)
			continue;
		if (o && o + 1 < len)
			out[o++] = ' ';
		for (; *s && o + 1 < len; s++)
			out[o++] = (char)((*s >= 'A' && *s <= 'Z') ?
					  *s + 32 : *s);
	}
	out[o] = '\0';
}

int page_hint(const char *hay, const char *const *words)
{
	if (!*hay)
		return 0;
	for (; *words; words++)
		if (strstr(hay, *words))
			return 1;
	return 0;
}

/* Elements that start a new block of text when rendered. */
static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "center", "dd", "details",
	"dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
	"footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
	"hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre",
	"section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
	"tr", "ul", "body", "html", "caption", NULL,
};

int page_is_block_tag(const xmlNode *n)
{
	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	for (const char *const *t = block_tags; *t; t++)
		if ((*t)[0] == n->name[0] &&
		    !strcmp((const char *)n->name, *t))
			return 1;
	return 0;
}

xmlNode *page_next(xmlNode *n, const xmlNode *root, int skip_children)
{
	/* Every walk over the tree goes through here: a spent budget ends
	 * them all (page_extract() then fails). */
	if (deadline_passed())
		return NULL;
	if (!skip_children && n->type == XML_ELEMENT_NODE && n->children)
		return n->children;
	while (n && n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

void page_remove(xmlNode *n)
{
	page_tree_freeing(n);
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

int page_has_ancestor(const xmlNode *n, const char *tag, int max_depth)
{
	int depth = 0;

	for (n = n->parent; n; n = n->parent) {
		if (max_depth > 0 && depth++ >= max_depth)
			return 0;
		if (page_tag_is(n, tag))
			return 1;
	}
	return 0;
}

static int is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static size_t count_in(const char *s, const char *ch)
{
	size_t k = 0, l = strlen(ch);

	while ((s = strstr(s, ch))) {
		k++;
		s += l;
	}
	return k;
}

size_t page_count_char(const xmlNode *n, const char *ch)
{
	size_t k = 0;

	if (n->type == XML_TEXT_NODE)
		return n->content ? count_in((const char *)n->content, ch) : 0;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_TEXT_NODE || c->type == XML_ELEMENT_NODE)
			k += page_count_char(c, ch);
	return k;
}

static void inner(const xmlNode *n, struct buf *out, int *pending)
{
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			inner(c, out, pending);
			continue;
		}
		if (c->type != XML_TEXT_NODE || !c->content)
			continue;
		for (const char *s = (const char *)c->content; *s; ) {
			const char *e;

			if (is_ws((unsigned char)*s)) {
				*pending = out->len > 0;
				s++;
				continue;
			}
			if (*pending)
				buf_addch(out, ' ');
			*pending = 0;
			/* A word at a time, not a byte. */
			for (e = s + 1; *e && !is_ws((unsigned char)*e); e++)
				;
			buf_add(out, s, (size_t)(e - s));
			s = e;
		}
	}
}

void page_inner_text(const xmlNode *n, struct buf *out)
{
	int pending = 0;

	inner(n, out, &pending);
}

/* Does the inline style set property to value ("display", "none")? */
static int style_has(const char *style, const char *prop, const char *value)
{
	const char *p = style;
	size_t pl = strlen(prop), vl = strlen(value);

	while ((p = strcasestr(p, prop))) {
		const char *q = p + pl;

		/* "display" must not be the tail of another property. */
		if (p > style && (p[-1] == '-' ||
				  (p[-1] >= 'a' && p[-1] <= 'z'))) {
			p = q;
			continue;
		}
		while (is_ws((unsigned char)*q))
			q++;
		if (*q == ':') {
			q++;
			while (is_ws((unsigned char)*q))
				q++;
			if (!strncasecmp(q, value, vl))
				return 1;
		}
		p = q;
	}
	return 0;
}

int page_is_visible(const xmlNode *n)
{
	const char *style = page_attr(n, "style");
	const char *aria = page_attr(n, "aria-hidden");

	if (style && (style_has(style, "display", "none") ||
		      style_has(style, "visibility", "hidden")))
		return 0;
	if (page_attr(n, "hidden"))
		return 0;
	if (aria && !strcmp(aria, "true")) {
		const char *cls = page_attr(n, "class");

		/* Wikimedia hides the <img> fallback, not content. */
		return cls && strstr(cls, "fallback-image");
	}
	return 1;
}
