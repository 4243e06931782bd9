/*
 * crawl_listing_doc.c - a news listing page (type: html): every link the
 * source's XPath selects is an article whose page is then fetched.
 */
#include "crawl.h"
#include "common/charset.h"
#include "common/xalloc.h"

#include <stdlib.h>

int crawl_listing(struct crawl *c, size_t si, struct fetch_result *res)
{
	const struct source *src = &c->cfg->sources[si];
	struct buf html = BUF_INIT;
	struct store_article *arts = NULL;
	char **urls, **canon;
	size_t n;
	struct err e;
	int ret = -1;

	if (charset_to_utf8(res->body.data, res->body.len, res->content_type,
			    &html, NULL, 0, &e) < 0 ||
	    listing_links(html.data, html.len, res->effective_url,
			  src->links_xpath, &c->arena, &urls, &canon, &n,
			  &e) < 0) {
		crawl_source_failed(c, si, res->status, e.msg);
		goto out;
	}
	if (n == 0) {
		crawl_source_failed(c, si, res->status,
				    "the links XPath found no article links");
		goto out;
	}
	arts = xcalloc(n, sizeof(*arts));
	for (size_t i = 0; i < n; i++) {
		arts[i].source_id = c->st[si].id;
		arts[i].url = urls[i];
		arts[i].canonical_url = canon[i];
		arts[i].lang = src->lang;
		arts[i].warc_offset = -1;
		arts[i].page_status = STORE_PAGE_PENDING;
	}
	ret = crawl_store_articles(c, si, arts, n);
out:
	free(arts);
	buf_release(&html);
	return ret;
}
