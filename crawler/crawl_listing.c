/*
 * crawl_listing.c - article links from a news listing page (type: html
 * sources) by the source's XPath, and plain text from HTML fragments.
 */
#include "crawl.h"
#include "common/deadline.h"
#include "common/url.h"
#include "crawler/page/page_dom.h"

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <stdlib.h>
#include <string.h>

/* The string value of a result node: an attribute's value, or a node's
 * href (so both //a and //a/@href work as the links XPath). */
static xmlChar *node_link(xmlNodePtr node)
{
	if (node->type == XML_ATTRIBUTE_NODE || node->type == XML_TEXT_NODE)
		return xmlNodeGetContent(node);
	if (node->type == XML_ELEMENT_NODE)
		return xmlGetProp(node, (const xmlChar *)"href");
	return NULL;
}

int listing_links(const char *html, size_t n, const char *base,
		  const char *xpath, struct arena *a, char ***urls,
		  char ***canon, size_t *count, struct err *e)
{
	htmlDocPtr doc = page_parse_html(html, n, NULL);
	xmlXPathContextPtr xc = NULL;
	xmlXPathObjectPtr res = NULL;
	int ret = -1;

	*count = 0;
	*urls = *canon = NULL;
	if (deadline_passed()) {
		xmlFreeDoc(doc);
		return err_set(e, "parse took longer than %g s",
			       deadline_seconds());
	}
	if (!doc)
		return err_set(e, "cannot parse the listing page as HTML");
	xc = xmlXPathNewContext(doc);
	res = xc ? xmlXPathEvalExpression((const xmlChar *)xpath, xc) : NULL;
	if (!res) {
		err_set(e, "links XPath '%s' is not valid", xpath);
		goto out;
	}
	if (res->type == XPATH_NODESET && res->nodesetval) {
		xmlNodeSetPtr ns = res->nodesetval;

		*urls = arena_alloc(a, sizeof(char *) * (size_t)(ns->nodeNr + 1));
		*canon = arena_alloc(a, sizeof(char *) *
					     (size_t)(ns->nodeNr + 1));
		for (int i = 0; i < ns->nodeNr; i++) {
			xmlChar *href = node_link(ns->nodeTab[i]);
			struct err ue;
			char *abs, *key;
			size_t k;

			if (!href)
				continue;
			abs = url_resolve(base, (const char *)href, &ue);
			xmlFree(href);
			key = abs ? url_canonical(abs, &ue) : NULL;
			if (!key) {
				free(abs);
				continue;
			}
			/* A listing names the same story several times
			 * (picture, headline, "read more"): keep one. */
			for (k = 0; k < *count; k++)
				if (!strcmp((*canon)[k], key))
					break;
			if (k == *count) {
				(*urls)[*count] = arena_strdup(a, abs);
				(*canon)[(*count)++] = arena_strdup(a, key);
			}
			free(abs);
			free(key);
		}
	}
	ret = 0;
out:
	xmlXPathFreeObject(res);
	xmlXPathFreeContext(xc);
	xmlFreeDoc(doc);
	return ret;
}

char *html_to_text(const char *html, size_t n, struct arena *a)
{
	struct buf out = BUF_INIT;
	htmlDocPtr doc;
	char *s;

	if (!memchr(html, '<', n) && !memchr(html, '&', n))
		return arena_strndup(a, html, n);
	/* The article extractor's text rules, so a summary reads like a
	 * page: paragraphs, collapsed white space, no scripts. */
	doc = page_parse_html(html, n, NULL);
	if (doc)
		page_text(xmlDocGetRootElement(doc), &out);
	xmlFreeDoc(doc);
	buf_trim(&out);
	s = arena_strndup(a, out.data, out.len);
	buf_release(&out);
	return s;
}
