/*
 * crawl_telegram.c - a public channel's web preview into stored articles:
 * each post is a whole article (its permanent t.me URL, time and text),
 * so no page is fetched for it.
 */
#include "crawl.h"
#include "common/charset.h"
#include "common/url.h"
#include "common/xalloc.h"
#include "telegram.h"

#include <stdlib.h>
#include <string.h>

/* A headline for a post: its first line, cut at a word near 140 bytes. */
static const char *post_title(struct arena *a, const char *text)
{
	size_t n = strcspn(text, "\n");
	size_t cut = n;

	if (n > 140) {
		cut = 140;
		while (cut > 60 && text[cut] != ' ')
			cut--;
		/* never split a UTF-8 sequence */
		while (cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80)
			cut--;
	}
	return cut ? arena_strndup(a, text, cut) : NULL;
}

int crawl_telegram(struct crawl *c, size_t si, struct fetch_result *res)
{
	const struct source *src = &c->cfg->sources[si];
	struct buf html = BUF_INIT;
	struct store_article *arts = NULL;
	struct tg_post *posts;
	size_t n = 0, k = 0;
	struct err e;
	int ret = -1;

	if (charset_to_utf8(res->body.data, res->body.len, res->content_type,
			    &html, NULL, 0, &e) < 0 ||
	    telegram_parse(html.data, html.len, res->effective_url, &c->arena,
			   &posts, &n, &e) < 0) {
		crawl_source_failed(c, si, res->status, e.msg);
		goto out;
	}
	arts = xcalloc(n + 1, sizeof(*arts));
	for (size_t i = 0; i < n; i++) {
		struct store_article *a = &arts[k];
		char *key = url_canonical(posts[i].url, &e);

		if (!key || !posts[i].text[0]) {
			free(key);
			continue;	/* a bare photo says nothing to analyse */
		}
		a->canonical_url = arena_strdup(&c->arena, key);
		free(key);
		a->source_id = c->st[si].id;
		a->url = posts[i].url;
		a->title = post_title(&c->arena, posts[i].text);
		a->text = posts[i].text;
		a->author = posts[i].author;
		a->links = posts[i].links;
		a->n_links = posts[i].n_links;
		a->lang = src->lang;
		a->published = posts[i].time;
		a->has_published = posts[i].has_time;
		a->warc_file = res->warc_file;
		a->warc_offset = res->warc_offset;
		a->body_sha256 = res->sha256[0] ? res->sha256 : NULL;
		a->page_status = "feed_only";
		k++;
	}
	ret = crawl_store_articles(c, si, arts, k);
out:
	free(arts);
	buf_release(&html);
	return ret;
}
